"""Consistent copies of the embedded database, safe while the app is running."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.errors import DatabaseError
from desktop_app.core.i18n import tr


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
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        partial.replace(target)
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
    from desktop_app.core.database.sqlite_copy import open_untrusted

    try:
        with closing(open_untrusted(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise DatabaseError(
            tr("{path} is not an ExportMatch database: {reason}").format(path=path, reason=exc)
        ) from exc
    return None if row is None else str(row[0])
