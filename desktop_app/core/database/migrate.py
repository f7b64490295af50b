"""Schema migrations with Alembic: apply at start, back up first, refuse newer schemas."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from desktop_app.core.database.retention import PRE_UPGRADE, automatic_backup
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.i18n import tr
from desktop_app.core.paths import migrations_dir

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
    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    return config


def head_revision(script_location: Path | None = None) -> str:
    """The newest migration this app knows."""
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None, "the db/ folder has no migrations"
    return head


def schema_state(engine: Engine, script_location: Path | None = None) -> SchemaState:
    """Read the database's migration revision and compare it with ours."""
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
    return _is_known(ScriptDirectory.from_config(alembic_config(script_location)), revision)


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown revisions
        return False


def upgrade_database(
    engine: Engine, backup: bool = True, script_location: Path | None = None
) -> UpgradeReport:
    """Bring the schema to the newest revision.

    A database written by a newer ExportMatch is refused and left untouched. Before an
    existing database is upgraded it is backed up: a SQLite file to a timestamped copy
    next to it, a PostgreSQL database to a portable dump in the user data folder; old
    automatic backups beyond the ``backup/keep`` setting are pruned.
    """
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
