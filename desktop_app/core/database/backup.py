"""Consistent copies of the embedded database, safe while the app is running."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.database.untrusted_sqlite import open_untrusted
from desktop_app.core.errors import DatabaseError
from desktop_app.core.i18n import tr

log = logging.getLogger(__name__)


def timestamped_backup_path(database: Path, label: str = "backup") -> Path:
    """``exportmatch.sqlite3`` -> ``exportmatch.backup-20261129-143000.sqlite3`` beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return database.with_name(f"{database.stem}.{label}-{stamp}{database.suffix}")


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with SQLite's online backup API.

    The copy is consistent even while other connections write, and is written to a
    temporary name first so a failed backup never leaves a partial file under ``target``.
    """
    if not source.exists():
        raise DatabaseError(tr("No database file at {path}").format(path=source))
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target.parent)
    partial = partial_path(target)
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        durable_replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            tr("Could not back up {source} to {target}: {reason}").format(
                source=source, target=target, reason=exc
            )
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            tr("Could not write the backup {target}: {reason}").format(
                target=target, reason=exc.strerror or exc
            )
        ) from exc
    return target


_PARTIAL = re.compile(r".+\.(?:sqlite3?|db|emdump)(?:\.(?P<pid>\d+))?\.partial")
STALE_PARTIAL_SECONDS = 3600
"""A partial backup whose writer cannot be asked is stale after an hour without a write."""


def partial_path(target: Path) -> Path:
    """The name a backup or dump is written under until it is complete: it names this
    process, so that a later backup can tell a partial file whose writer died."""
    return target.with_name(f"{target.name}.{os.getpid()}.partial")


def _writer_alive(pid: int) -> bool | None:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete the partial backups and dumps in ``folder`` left by a killed or crashed writer.

    A partial file is stale when the process named in it is gone, or, where that cannot
    be asked (another system, an older name without a process), when nothing has written
    to it for :data:`STALE_PARTIAL_SECONDS`. Returns the deleted files.
    """
    removed: list[Path] = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for candidate in candidates:
        match = _PARTIAL.fullmatch(candidate.name)
        if match is None:
            continue
        alive = _writer_alive(int(match["pid"])) if match["pid"] else None
        try:
            if alive is None:
                alive = now - candidate.stat().st_mtime < STALE_PARTIAL_SECONDS
            if not alive and candidate.is_file():
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    if removed:
        log.info("removed %d partial backups left by stopped writers in %s", len(removed), folder)
    return removed


def durable_replace(partial: Path, target: Path) -> None:
    """Rename the finished ``partial`` to ``target`` so that a power cut keeps one of them
    whole: the file's data reaches the disk before the rename, and the rename before return.
    """
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)
    if os.name == "posix":
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def check_sqlite_integrity(path: Path) -> list[str]:
    """Problems ``PRAGMA integrity_check`` finds; an empty list means the file is sound."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        rows += [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
    return [] if rows == ["ok"] else [row for row in rows if row != "ok"]


def sqlite_schema_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the SQLite file ``path`` (``None`` when none).

    The file is opened read-only and untrusted: nothing in it runs or is written.
    """
    try:
        with closing(open_untrusted(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise DatabaseError(
            tr("{path} is not an ExportMatch database: {reason}").format(path=path, reason=exc)
        ) from exc
    return None if row is None else str(row[0])
