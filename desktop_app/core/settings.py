"""Application settings, each declared once with its type, default and title.

Settings that the whole office shares (matching weights and thresholds, import limits)
live in the database's ``settings`` table and are read and written here. Settings of one
person's machine (interface language, reviewer name, window layout, which database to
open) are declared here too, with ``scope=LOCAL``; the GUI keeps them in ``QSettings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr

if TYPE_CHECKING:  # the GUI reads the local options before SQLAlchemy is imported
    from sqlalchemy.orm import Session


class Scope(StrEnum):
    """Where a setting is stored."""

    DATABASE = "database"
    LOCAL = "local"


@dataclass(frozen=True)
class Option:
    """One declared setting."""

    key: str
    default: Any
    title: str
    scope: Scope = Scope.DATABASE
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def coerce(self, value: Any) -> Any:
        """Convert ``value`` to the option's type and check its bounds."""
        kind = type(self.default)
        try:
            if kind is bool:
                result: Any = (
                    value
                    if isinstance(value, bool)
                    else str(value).lower()
                    in (
                        "1",
                        "true",
                        "yes",
                        "on",
                    )
                )
            elif kind in (int, float):
                result = kind(value)
            else:
                result = str(value)
        except (TypeError, ValueError) as exc:
            raise InputError(
                tr("{value!r} is not a valid value").format(value=value), Location(field=self.key)
            ) from exc
        if self.minimum is not None and result < self.minimum:
            raise InputError(
                tr("must be at least {minimum}").format(minimum=self.minimum),
                Location(field=self.key),
            )
        if self.maximum is not None and result > self.maximum:
            raise InputError(
                tr("must be at most {maximum}").format(maximum=self.maximum),
                Location(field=self.key),
            )
        if self.choices and result not in self.choices:
            raise InputError(
                tr("must be one of {choices}").format(choices=", ".join(self.choices)),
                Location(field=self.key),
            )
        return result


OPTIONS: dict[str, Option] = {}


def declare(option: Option) -> Option:
    """Register ``option`` so it can be listed, read and written by key."""
    if option.key in OPTIONS:
        raise ValueError(f"setting {option.key} declared twice")
    OPTIONS[option.key] = option
    return option


# Settings of this machine, kept by the GUI.
LANGUAGE = declare(
    Option("ui/language", "en", "Interface language", Scope.LOCAL, choices=("en", "ru", "zh_CN"))
)
REVIEWER = declare(Option("ui/reviewer", "", "Reviewer name", Scope.LOCAL))
DATABASE_URL = declare(
    Option("db/url", "", "Database (SQLite file or PostgreSQL URL)", Scope.LOCAL)
)

# Settings shared by everybody on the database.
IMPORT_MAX_FILE_MB = declare(
    Option("import/max_file_mb", 200, "Largest file to import (MB)", minimum=1, maximum=4096)
)
IMPORT_MAX_ROWS = declare(
    Option("import/max_rows", 1_000_000, "Most rows in one import", minimum=1, maximum=10_000_000)
)
IMPORT_MAX_COLUMNS = declare(
    Option("import/max_columns", 500, "Most columns in one sheet", minimum=1, maximum=16_384)
)
# The reader builds each sheet as a dense grid of rows x columns (about 64 bytes a cell
# at its peak): 10 million cells is about 640 MB, e.g. 100,000 rows of 100 columns.
IMPORT_MAX_CELLS = declare(
    Option(
        "import/max_cells",
        10_000_000,
        "Most cells (rows × columns) in one sheet",
        minimum=1,
        maximum=200_000_000,
    )
)
BACKUP_KEEP = declare(
    Option("backup/keep", 10, "Automatic backups to keep", minimum=1, maximum=1000)
)

# Deal fit and pooled offers.
RATES_MAX_AGE_DAYS = declare(
    Option(
        "rates/max_age_days",
        7,
        "Flag exchange rates older than (days)",
        minimum=0,
        maximum=3650,
    )
)
BUYER_CURRENCY = declare(
    Option("deal/buyer_currency", "CNY", "Buyer's currency when a request names none")
)
MONTHS_WITHOUT_DEADLINE = declare(
    Option(
        "deal/months_without_deadline",
        1.0,
        "Months of capacity counted for a request without a deadline",
        minimum=0.0,
        maximum=120.0,
    )
)


def get_setting(session: Session, option: Option) -> Any:
    """The stored value of a database-scoped option, or its default."""
    from desktop_app.core.domain.models import Setting

    stored = session.get(Setting, option.key)
    return option.default if stored is None else option.coerce(stored.value)


def set_setting(session: Session, option: Option, value: Any) -> Any:
    """Validate and store ``value``; returns the value as stored."""
    if option.scope is not Scope.DATABASE:
        raise ValueError(f"{option.key} is kept on this machine, not in the database")
    from sqlalchemy.exc import IntegrityError

    from desktop_app.core.domain.models import Setting

    coerced = option.coerce(value)
    stored = session.get(Setting, option.key)
    if stored is None:
        # In a savepoint: a colleague saving Settings at the same moment (PostgreSQL) may
        # store the option first; then, as for any stored option, the last save counts.
        try:
            with session.begin_nested():
                session.add(Setting(key=option.key, value=coerced))
            return coerced
        except IntegrityError:
            stored = session.get(Setting, option.key, populate_existing=True)
            if stored is None:
                raise
    stored.value = coerced
    return coerced


def all_settings(session: Session) -> dict[str, Any]:
    """Every database-scoped option with its current value."""
    from sqlalchemy import select

    from desktop_app.core.domain.models import Setting

    stored = {row.key: row.value for row in session.scalars(select(Setting))}
    return {
        key: (option.coerce(stored[key]) if key in stored else option.default)
        for key, option in OPTIONS.items()
        if option.scope is Scope.DATABASE
    }
