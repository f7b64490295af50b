"""Named column mappings saved for files that keep coming in the same layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import ImportProfile
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.importing.fields import field_specs
from desktop_app.core.validation.columns import table_bounds


@dataclass(frozen=True)
class MappingProfile:
    """A saved mapping: header text (or column letter) -> field, with sheet and header row."""

    name: str
    kind: ImportKind
    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None


def save_profile(session: Session, profile: MappingProfile) -> MappingProfile:
    """Store ``profile`` under its name, replacing a profile of the same name."""
    # Checked here: a longer name (typed in the wizard or given as --save-mapping) was
    # refused by PostgreSQL only, as a bug report.
    for field, reason in table_bounds(ImportProfile.__table__).problems({"name": profile.name}):
        raise InputError(reason, Location(field=field))
    known = field_specs(profile.kind)
    unknown = sorted(set(profile.columns.values()) - set(known))
    if unknown:
        raise InputError(
            tr("unknown fields {fields}").format(fields=", ".join(unknown)),
            Location(field=profile.name),
        )
    mapping: dict[str, Any] = {
        "columns": dict(profile.columns),
        "sheet": profile.sheet,
        "header_row": profile.header_row,
    }
    stored = session.scalar(select(ImportProfile).where(ImportProfile.name == profile.name))
    if stored is None:
        # In a savepoint: a colleague saving a profile of the same name at the same moment
        # (PostgreSQL) may store it first; then it is replaced, as a stored one always is.
        try:
            with session.begin_nested():
                session.add(ImportProfile(name=profile.name, kind=profile.kind, mapping=mapping))
            return profile
        except IntegrityError:
            stored = session.scalar(select(ImportProfile).where(ImportProfile.name == profile.name))
            if stored is None:
                raise
    stored.kind, stored.mapping = profile.kind, mapping
    session.flush()
    return profile


def load_profile(session: Session, name: str, kind: ImportKind) -> MappingProfile:
    """The profile called ``name``, which must be for files of ``kind``."""
    stored = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
    if stored is None:
        names = ", ".join(p.name for p in list_profiles(session)) or tr("none")
        raise InputError(
            tr("there is no mapping profile {name}; saved profiles: {names}").format(
                name=name, names=names
            )
        )
    if stored.kind != kind:
        raise InputError(
            tr("mapping profile {name} is for {kind} files").format(name=name, kind=stored.kind)
        )
    return _as_profile(stored)


def list_profiles(session: Session) -> list[MappingProfile]:
    """Every saved profile, by name."""
    return [
        _as_profile(stored)
        for stored in session.scalars(select(ImportProfile).order_by(ImportProfile.name))
    ]


def _as_profile(stored: ImportProfile) -> MappingProfile:
    mapping = stored.mapping or {}
    return MappingProfile(
        stored.name,
        ImportKind(stored.kind),
        dict(mapping.get("columns", {})),
        mapping.get("sheet"),
        mapping.get("header_row"),
    )
