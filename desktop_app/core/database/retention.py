"""Automatic backups (before a migration or a restore) and how many of them to keep.

A SQLite database is copied beside its file with the online backup API; a PostgreSQL
database gets a portable dump in the user data folder's ``backups/``. After each one,
the oldest automatic backups of that database beyond the ``backup/keep`` setting are
deleted. Backups people make themselves (``exportmatch db backup``) are never pruned.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import URL

from desktop_app.core.database.backup import backup_sqlite, timestamped_backup_path
from desktop_app.core.database.engine import sqlite_path
from desktop_app.core.database.portable import DUMP_SUFFIX, dump_database
from desktop_app.core.domain.models import Setting
from desktop_app.core.paths import user_data_dir
from desktop_app.core.settings import BACKUP_KEEP

log = logging.getLogger(__name__)

PRE_UPGRADE = "pre-upgrade"
PRE_RESTORE = "pre-restore"
AUTOMATIC_LABELS = (PRE_UPGRADE, PRE_RESTORE)
_STAMPED = r"\.(?P<label>{labels})-(?P<stamp>\d{{8}}-\d{{6}}(?:-\d{{6}})?)\.[^.]+"


def automatic_backups_dir() -> Path:
    """Where automatic dumps of PostgreSQL databases go."""
    folder = user_data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _dump_path(url: URL, label: str) -> Path:
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{url.host or 'local'}_{url.database or 'db'}")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return automatic_backups_dir() / f"{name}.{label}-{stamp}{DUMP_SUFFIX}"


def backups_to_keep(engine: Engine) -> int:
    """The ``backup/keep`` setting stored in the database, or its default."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(Setting.__tablename__):
                return int(BACKUP_KEEP.default)
            stored = connection.scalar(select(Setting.value).where(Setting.key == BACKUP_KEEP.key))
    except Exception:  # an unreadable setting must not stop a backup
        log.warning("could not read %s; keeping the default", BACKUP_KEEP.key, exc_info=True)
        return int(BACKUP_KEEP.default)
    return int(BACKUP_KEEP.default if stored is None else BACKUP_KEEP.coerce(stored))


def automatic_backup(engine: Engine, label: str) -> Path | None:
    """Back the database up before a risky change; ``None`` when there is nothing to copy."""
    path = sqlite_path(engine.url)
    if engine.url.get_backend_name() == "sqlite":
        if path is None or not path.exists():
            return None
        target = backup_sqlite(path, timestamped_backup_path(path, label))
        prefix = path.with_name(path.stem)
    else:
        target = _dump_path(engine.url, label)
        dump_database(engine, target)
        prefix = target.with_name(target.name.split(".")[0])
    log.info("automatic %s backup of %s: %s", label, engine.url, target)
    prune_automatic_backups(prefix, backups_to_keep(engine))
    return target


def prune_automatic_backups(prefix: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest automatic backups named ``<prefix>.<label>-<time>``.

    Returns the deleted files.
    """
    found: list[tuple[str, Path]] = []
    if not prefix.parent.is_dir():
        return []
    pattern = re.compile(
        re.escape(prefix.name) + _STAMPED.format(labels="|".join(map(re.escape, AUTOMATIC_LABELS)))
    )
    for candidate in prefix.parent.iterdir():
        match = pattern.fullmatch(candidate.name)
        if match and candidate.is_file():
            found.append((match["stamp"], candidate))
    found.sort(reverse=True)
    removed = []
    for _, old in found[max(keep, 1) :]:
        old.unlink(missing_ok=True)
        removed.append(old)
    if removed:
        log.info("removed %d old automatic backups of %s", len(removed), prefix)
    return removed
