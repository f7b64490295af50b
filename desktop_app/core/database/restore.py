"""Restore a backup of either kind: a SQLite file copy or a portable dump.

Both paths take an automatic backup of the current database first (kept under the
``backup/keep`` retention like the pre-upgrade ones), then restore in one step, then
bring the schema to this version's newest revision.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from desktop_app.core.database.backup import restore_sqlite, sqlite_schema_revision
from desktop_app.core.database.engine import describe_url, sqlite_path
from desktop_app.core.database.migrate import (
    head_revision,
    known_revision,
    upgrade_database,
)
from desktop_app.core.database.portable import is_portable_dump
from desktop_app.core.database.portable_restore import existing_row_counts, restore_dump
from desktop_app.core.database.retention import PRE_RESTORE, automatic_backup
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupKind(StrEnum):
    """The two kinds of backup ExportMatch writes."""

    SQLITE_FILE = "sqlite-file"
    PORTABLE_DUMP = "portable-dump"


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did: from what, the safety copy taken first, rows loaded."""

    kind: BackupKind
    safety_backup: Path | None
    schema_revision: str | None
    rows: int | None


def backup_kind(path: Path) -> BackupKind:
    """Tell a SQLite copy from a portable dump; a clear error for anything else."""
    if not path.is_file():
        raise DatabaseError(tr("No backup file at {path}").format(path=path))
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        return BackupKind.SQLITE_FILE
    if is_portable_dump(path):
        return BackupKind.PORTABLE_DUMP
    raise DatabaseError(
        tr("{path} is neither a SQLite backup nor an ExportMatch portable dump.").format(path=path)
    )


def restore_from_file(
    engine: Engine,
    source: Path,
    replace: bool = False,
    progress: ProgressReporter = NULL_PROGRESS,
) -> RestoreOutcome:
    """Restore ``source`` into ``engine``'s database.

    A SQLite copy replaces the whole SQLite database (after a safety backup). A portable
    dump goes into an empty database of either backend; with ``replace`` an existing
    database's data is backed up and then replaced.
    """
    kind = backup_kind(source)
    if kind is BackupKind.SQLITE_FILE:
        return _restore_sqlite_copy(engine, source)
    with engine.connect() as connection:
        has_data = bool(existing_row_counts(connection))
    safety = None
    if has_data and replace:
        safety = automatic_backup(engine, PRE_RESTORE)
    report = restore_dump(engine, source, replace=replace, progress=progress)
    return RestoreOutcome(kind, safety, report.schema_revision, report.total_rows)


def _restore_sqlite_copy(engine: Engine, source: Path) -> RestoreOutcome:
    target = sqlite_path(engine.url)
    if target is None:
        raise DatabaseError(
            tr(
                "{path} is a copy of a SQLite database and can only replace a SQLite database; "
                "to move data into {where}, restore a portable dump "
                "(exportmatch db backup --portable)."
            ).format(path=source, where=describe_url(engine.url))
        )
    revision = sqlite_schema_revision(source)
    if revision is not None and not known_revision(revision):
        raise SchemaTooNewError(
            tr(
                "The backup {path} was written by a newer version of ExportMatch (schema "
                "{revision}); this version knows schemas up to {head}. Nothing was restored."
            ).format(path=source, revision=revision, head=head_revision())
        )
    safety = automatic_backup(engine, PRE_RESTORE)
    engine.dispose()
    restore_sqlite(source, target)
    upgrade_database(engine, backup=False)
    log.info("restored %s over %s (safety copy %s)", source, target, safety)
    return RestoreOutcome(BackupKind.SQLITE_FILE, safety, revision, None)
