"""Schema migrations with Alembic: apply at start, back up first, refuse newer schemas."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.database.retention import PRE_UPGRADE, automatic_backup
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.i18n import tr
from desktop_app.core.paths import migrations_dir

if TYPE_CHECKING:  # Alembic is imported only when a migration has to be looked at or run
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the migrations this app ships."""

    current: str | None
    head: str
    known: bool

    @property
    def up_to_date(self) -> bool:
        """True when no migration is pending."""
        return self.current == self.head


@dataclass(frozen=True)
class UpgradeReport:
    """What :func:`upgrade_database` did."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(script_location: Path | None = None) -> Config:
    """An Alembic configuration for the shipped ``db/`` migrations (or another folder)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    return config


def head_revision(script_location: Path | None = None) -> str:
    """The newest migration this app knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None, "the db/ folder has no migrations"
    return head


def schema_state(engine: Engine, script_location: Path | None = None) -> SchemaState:
    """Read the database's migration revision and compare it with ours."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(script_location))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    if current is None and tables - {"alembic_version"}:
        raise DatabaseError(
            tr(
                "The database holds tables but no ExportMatch schema version; "
                "it was not created by ExportMatch and is left untouched."
            )
        )
    known = current is None or _is_known(script, current)
    return SchemaState(current=current, head=head_revision(script_location), known=known)


def known_revision(revision: str, script_location: Path | None = None) -> bool:
    """True when ``revision`` is one of the migrations this app ships."""
    from alembic.script import ScriptDirectory

    return _is_known(ScriptDirectory.from_config(alembic_config(script_location)), revision)


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown revisions
        return False


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"^down_revision(?:\s*:\s*[^=]+)?\s*=\s*(None|[\"']([^\"']+)[\"'])", re.MULTILINE
)


def quick_head(script_location: Path | None = None) -> str | None:
    """The newest shipped revision read from the migration files' text, without Alembic.

    None when the files do not name exactly one head in the plain form every shipped
    migration uses (one revision string, one down revision or None); the caller then asks
    Alembic. Importing Alembic costs the start-up more than the rest of the database layer.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = (script_location or migrations_dir()) / "versions"
    try:
        files = sorted(folder.glob("*.py"))
        for path in files:
            source = path.read_text(encoding="utf-8")
            revision = _REVISION.findall(source)
            down = _DOWN_REVISION.findall(source)
            if len(revision) != 1 or len(down) != 1:
                return None
            revisions.add(revision[0])
            if down[0][0] != "None":
                parents.add(down[0][1])
    except (OSError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    if len(heads) != 1 or len(revisions) != len(files) or not parents <= revisions:
        return None
    return heads.pop()


def _stored_revision(engine: Engine) -> str | None:
    """The one revision in ``alembic_version``, or None when that is not plainly so."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        return None
    return rows[0][0]


def upgrade_database(
    engine: Engine, backup: bool = True, script_location: Path | None = None
) -> UpgradeReport:
    """Bring the schema to the newest revision.

    A database written by a newer ExportMatch is refused and left untouched. Before an
    existing database is upgraded it is backed up: a SQLite file to a timestamped copy
    next to it, a PostgreSQL database to a portable dump in the user data folder; old
    automatic backups beyond the ``backup/keep`` setting are pruned.

    A database already at the newest revision is recognised with one query and without
    importing Alembic, which keeps it off the start-up path.
    """
    head = quick_head(script_location)
    if head is not None and _stored_revision(engine) == head:
        return UpgradeReport(head, head, None)
    from alembic import command

    state = schema_state(engine, script_location)
    if not state.known:
        raise SchemaTooNewError(
            tr(
                "This database was written by a newer version of ExportMatch (schema {current}); "
                "this version knows schemas up to {head}. Update ExportMatch to open it. "
                "The database was not changed."
            ).format(current=state.current, head=state.head)
        )
    if state.up_to_date:
        return UpgradeReport(state.current, state.head, None)
    backup_path: Path | None = None
    if backup and state.current is not None:
        backup_path = automatic_backup(engine, PRE_UPGRADE)
        log.info("backed up %s to %s before upgrading", engine.url, backup_path)
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("upgraded %s from %s to %s", engine.url, state.current, state.head)
    return UpgradeReport(state.current, state.head, backup_path)
