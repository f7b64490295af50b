"""One import or matching run at a time per database, and who holds it.

Two imports of the same file that run at once would each find its rows missing and both
insert them; two matching runs would both replace the same suggestions. So each run takes
the database's *run lock* for its whole transaction before it reads anything:

* **PostgreSQL**: a transaction-level advisory lock (``pg_try_advisory_xact_lock``),
  released by the server when the transaction ends, also when its process is killed. The
  holder names itself in its connection's ``application_name`` for the transaction
  (``SET LOCAL``), so a waiter reads who runs what, and since when, from
  ``pg_locks`` and ``pg_stat_activity``.
* **SQLite**: an exclusive lock on a small file beside the database
  (``<file>-run.lock``; ``fcntl.flock`` or ``msvcrt.locking``), released when the
  transaction ends or the process dies. The holder writes who and what into the file.
  SQLite's own write lock would serialise the writes but not the reads a run makes before
  its first write, and would shut reviewers out for the whole run.

A second run waits, telling its progress reporter who it is waiting for, and can be
cancelled; after ``wait_seconds`` it gives up with :class:`RunInProgressError`.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, SessionTransaction

from desktop_app.core.database.audit import session_actor
from desktop_app.core.database.engine import sqlite_path
from desktop_app.core.errors import DatabaseBusyError, DatabaseError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

# One key for all runs of one database: imports and matching runs exclude each other.
ADVISORY_KEY = 0x45784D61  # "ExMa"
APP_NAME_PREFIX = "em|"
DEFAULT_WAIT_SECONDS = 600.0
POLL_SECONDS = 0.25
_HELD = "run_lock"

IMPORT = "import"
MATCHING = "matching"
# A restore replaces every row: a run reading or writing meanwhile would store what it
# computed from the old rows into the new ones (matches between unrelated ids).
RESTORE = "restore"


class RunInProgressError(DatabaseBusyError):
    """Another import or matching run holds the database longer than we wait."""


@dataclass(frozen=True)
class RunHolder:
    """Who runs what on the database, and since when (as far as it is known)."""

    kind: str
    actor: str
    since: datetime | None
    detail: str = ""

    def describe(self) -> str:
        """ "anna's import of demand.xlsx (since 14:30)" in words."""
        if self.kind == IMPORT:
            what = tr("import of {file}").format(file=self.detail) if self.detail else tr("import")
        elif self.kind == MATCHING:
            what = tr("matching run")
        elif self.kind == RESTORE:
            what = (
                tr("restore of {file}").format(file=self.detail) if self.detail else tr("restore")
            )
        else:  # a holder that did not name itself
            what = tr("import or matching run")
        when = self.since.astimezone().strftime("%Y-%m-%d %H:%M:%S") if self.since else "?"
        return tr("{what} by {actor}, running since {when}").format(
            what=what, actor=self.actor or "?", when=when
        )


def acquire_run_lock(
    session: Session,
    kind: str,
    actor: str | None = None,
    detail: str = "",
    progress: ProgressReporter = NULL_PROGRESS,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> None:
    """Hold the database's run lock until ``session``'s transaction ends.

    Waits while another run holds it (reporting whom it waits for and honouring Cancel);
    raises :class:`RunInProgressError` naming the holder after ``wait_seconds``. A session
    that already holds it takes it again at no cost.
    """
    if session.info.get(_HELD):
        return
    actor = actor or session_actor(session)
    me = RunHolder(kind, actor, datetime.now(UTC), detail)
    connection = session.connection()
    backend = connection.dialect.name
    if backend == "postgresql":
        lock: _Lock = _PostgresLock(session)
    else:
        path = sqlite_path(connection.engine.url)
        if path is None:  # an in-memory database has one connection: nobody to wait for
            return
        # Resolved: another process may name the same file through a link.
        path = path.resolve()
        lock = _FileLock(path.with_name(path.name + "-run.lock"))
    deadline = time.monotonic() + wait_seconds
    announced: RunHolder | None = None
    while not lock.try_acquire(me):
        holder = lock.holder()
        if time.monotonic() >= deadline:
            raise RunInProgressError(
                tr(
                    "The database is busy with another {holder}; try again when it has finished."
                ).format(holder=holder.describe() if holder else tr("import or matching run"))
            )
        if holder != announced:
            announced = holder
            progress.start(
                None,
                tr("Waiting for the {holder} to finish…").format(
                    holder=holder.describe() if holder else tr("import or matching run")
                ),
            )
        progress.check_cancelled()
        time.sleep(POLL_SECONDS)
    session.info[_HELD] = True
    _release_at_end(session, lock.release)


_RELEASE = "run_lock_release"


def _release_at_end(session: Session, release: Callable[[], None]) -> None:
    session.info[_RELEASE] = release
    if not event.contains(session, "after_transaction_end", _transaction_ended):
        event.listen(session, "after_transaction_end", _transaction_ended)


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_HELD, None)
    release = session.info.pop(_RELEASE, None)
    if release is not None:
        release()


class _Lock:
    def try_acquire(self, me: RunHolder) -> bool:
        raise NotImplementedError

    def holder(self) -> RunHolder | None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError


_KIND_LETTERS = {IMPORT: "i", MATCHING: "m", RESTORE: "r"}


def _b64(text_: str) -> str:
    return base64.urlsafe_b64encode(text_.encode("utf-8")).decode("ascii").rstrip("=")


def _unb64(code: str) -> str:
    code = code[: len(code) - len(code) % 4] if len(code) % 4 == 1 else code
    raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    # A cut-off name may end inside a character: drop the partial bytes.
    return raw.decode("utf-8", errors="ignore")


def _app_name(holder: RunHolder) -> str:
    """``em|i|<time>|<actor>|<file>`` in at most 63 printable ASCII characters.

    ``application_name`` keeps no more, and nothing but ASCII: actor and file name are
    base64url (a third longer for any script, where percent-encoding triples Cyrillic
    and Chinese), the actor first; the file name is what gets cut.
    """
    stamp = int(holder.since.timestamp()) if holder.since else 0
    kind = _KIND_LETTERS.get(holder.kind, "?")
    name = f"{APP_NAME_PREFIX}{kind}|{_base36(stamp)}|{_b64(holder.actor)}|{_b64(holder.detail)}"
    return name[:63]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text_ = ""
    while True:
        number, digit = divmod(number, 36)
        text_ = digits[digit] + text_
        if not number:
            return text_


def _parse_app_name(name: str | None) -> RunHolder | None:
    if not name or not name.startswith(APP_NAME_PREFIX):
        return None
    parts = name[len(APP_NAME_PREFIX) :].split("|", 3)
    if len(parts) != 4:
        return None
    letter, stamp, actor, detail = parts
    kinds = {value: key for key, value in _KIND_LETTERS.items()}
    try:
        since = datetime.fromtimestamp(int(stamp, 36), UTC) if stamp else None
        return RunHolder(kinds.get(letter, ""), _unb64(actor), since, _unb64(detail))
    except (ValueError, OverflowError):
        return None


class _PostgresLock(_Lock):
    def __init__(self, session: Session) -> None:
        self.session = session

    def try_acquire(self, me: RunHolder) -> bool:
        got = self.session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY}
        )
        if got:
            self.session.execute(
                text("SELECT set_config('application_name', :name, true)"),
                {"name": _app_name(me)},
            )
        return bool(got)

    def holder(self) -> RunHolder | None:
        # One 64-bit key is stored as classid (high half) and objid (low half).
        row = self.session.execute(
            text(
                "SELECT a.application_name, a.xact_start FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND l.classid = 0 AND l.objid = :key AND l.objsubid = 1"
            ),
            {"key": ADVISORY_KEY},
        ).first()
        if row is None:
            return None
        found = _parse_app_name(row[0])
        if found is None:
            return RunHolder("", "", row[1])
        return found

    def release(self) -> None:
        # The server releases a transaction-level lock with the transaction.
        return None


class _FileLock(_Lock):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def try_acquire(self, me: RunHolder) -> bool:
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise DatabaseError(
                tr("Cannot open the lock file {path}: {reason}").format(
                    path=self.path, reason=exc.strerror or exc
                )
            ) from exc
        if not _lock_file(handle):
            handle.close()
            return False
        self.handle = handle
        handle.seek(0)
        handle.truncate()
        record = {
            "kind": me.kind,
            "actor": me.actor,
            "since": me.since.isoformat() if me.since else None,
            "detail": me.detail,
            "pid": os.getpid(),
        }
        handle.write(json.dumps(record, ensure_ascii=False))
        handle.flush()
        return True

    def holder(self) -> RunHolder | None:
        try:
            record: Any = json.loads(self.path.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict):
            return None
        try:
            since = datetime.fromisoformat(record["since"]) if record.get("since") else None
        except (TypeError, ValueError):
            since = None
        return RunHolder(
            str(record.get("kind") or ""),
            str(record.get("actor") or ""),
            since,
            str(record.get("detail") or ""),
        )

    def release(self) -> None:
        handle, self.handle = self.handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
        finally:
            _unlock_file(handle)
            handle.close()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    # A byte far past the text: Windows locks are mandatory, the text must stay readable.
    _LOCK_OFFSET = 1 << 20

    def _lock_file(handle: IO[str]) -> bool:
        fd = handle.fileno()
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock_file(handle: IO[str]) -> None:
        fd = handle.fileno()
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock_file(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
