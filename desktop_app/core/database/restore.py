"""Restore a backup of either kind: a SQLite file copy or a portable dump.

Both kinds are untrusted input: checked first (a copy's schema against its revision's,
a dump's manifest, members and sizes), then an automatic backup of the current database
is taken (kept under the ``backup/keep`` retention like the pre-upgrade ones), then the
rows are restored in one transaction through the column bounds, and the schema is
brought to this version's newest revision.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.core.database.engine import describe_url, sqlite_path
from desktop_app.core.database.portable import check_archive, is_portable_dump, read_manifest
from desktop_app.core.database.portable_restore import (
    DumpSource,
    RowSource,
    check_dump_rows,
    existing_row_counts,
    restore_rows,
)
from desktop_app.core.database.retention import PRE_RESTORE, automatic_backup
from desktop_app.core.database.run_lock import DEFAULT_WAIT_SECONDS, RESTORE, acquire_run_lock
from desktop_app.core.database.sqlite_copy import SQLITE_HEADER, SqliteCopySource, check_copy
from desktop_app.core.errors import DatabaseError, UserError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

log = logging.getLogger(__name__)


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
    if path.exists() and not path.is_file():
        raise DatabaseError(
            tr("{path} is a folder or a device, not a backup file").format(path=path)
        )
    if not path.is_file():
        raise DatabaseError(tr("No backup file at {path}").format(path=path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(
            tr("Cannot read the backup {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
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
    actor: str | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> RestoreOutcome:
    """Restore ``source`` into ``engine``'s database.

    The safety copy and the restore hold the database's run lock (as ``actor``): an
    import or matching run in progress is waited for (its holder named to ``progress``,
    Cancel honoured, :class:`~desktop_app.core.database.run_lock.RunInProgressError`
    after ``wait_seconds``), and none starts until the restore has finished, so no run
    stores what it computed from the old rows among the restored ones.

    A SQLite copy replaces the whole database of either backend (after a safety backup);
    its schema must be exactly the one of the revision it records. A portable dump goes
    into an empty database of either backend; with ``replace`` an existing database's
    data is backed up and then replaced. Both are checked before the safety copy is
    taken, restored row by row through the column bounds in one transaction, and a
    refused restore leaves the database as it was (the message names the safety copy
    when one was taken).
    """
    kind = backup_kind(source)
    target = sqlite_path(engine.url)
    if target is not None and target.exists() and source.resolve() == target.resolve():
        raise DatabaseError(
            tr(
                "{path} is the database itself; choose a backup of it. Nothing was restored."
            ).format(path=source)
        )
    if kind is BackupKind.SQLITE_FILE:
        revision = check_copy(source)
        rows: RowSource = SqliteCopySource(source, revision)
        replace = True
    else:
        manifest = read_manifest(source)
        check_archive(source, manifest)
        rows = DumpSource(source, manifest)
    checked: frozenset[str] = frozenset()
    try:
        if isinstance(rows, DumpSource):
            # Every row read and checked before the safety copy and before any write.
            checked = check_dump_rows(rows, progress)
        # The lock's own session holds it (a PostgreSQL advisory lock of its transaction,
        # a lock file on SQLite) until the restore's transaction has committed.
        with Session(engine) as lock, lock.begin():
            acquire_run_lock(lock, RESTORE, actor, source.name, progress, wait_seconds)
            with engine.connect() as connection:
                has_data = bool(existing_row_counts(connection))
            safety = automatic_backup(engine, PRE_RESTORE) if has_data and replace else None
            try:
                report = restore_rows(
                    engine, rows, replace=replace, progress=progress, checked=checked
                )
            except UserError as exc:
                if safety is None:
                    raise
                raise DatabaseError(
                    tr(
                        "{reason} The database was not changed; the copy taken before the "
                        "restore is {safety}."
                    ).format(reason=exc.message, safety=safety)
                ) from exc
    finally:
        rows.close()
    log.info("restored %s into %s (safety copy %s)", source, describe_url(engine.url), safety)
    return RestoreOutcome(kind, safety, report.schema_revision, report.total_rows)
