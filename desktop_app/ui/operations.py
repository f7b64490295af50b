"""The one door from the GUI to the database (after Anki's ``QueryOp`` and ``CollectionOp``).

Every read and every write the GUI makes runs here, as one unit of work on the single
worker thread of :class:`~desktop_app.ui.tasks.TaskManager`; the result comes back to
the GUI thread by signal. Pages, dialogs and models receive an :class:`Operations`,
never a :class:`~desktop_app.core.database.session.Database`, and no module of
``desktop_app.ui`` but this one opens a session (``tests/ui/test_operations.py`` checks).

* :meth:`Operations.read` runs a use case in a plain session; ``background=True`` lets
  any other work queued meanwhile start before it (a table's count of a million ids
  waits behind the first page of another table, not the other way round).
* :meth:`Operations.write` runs it in a write session stamped with the one current actor
  (the reviewer name from Settings, :func:`~desktop_app.ui.local_settings.current_actor`);
  on SQLite the write lock is taken at the start, so the unit of work cannot be refused
  half-way.
* :meth:`Operations.on_database` hands the whole database to work on the file itself
  (backup, restore); :meth:`Operations.elsewhere` runs work that does not touch it (read
  a spreadsheet, try another URL), still in its turn on the same worker.
* ``label=`` shows a progress dialog once the work lasts longer than half a second; the
  use case then takes a :class:`~desktop_app.core.progress.ProgressReporter` as its second
  argument, and ``cancelled=`` adds a Cancel button the core checks between chunks.
* Errors are handled in one place: an expected problem (:class:`UserError`) goes to the
  caller's ``failed`` or, without one, to a message box; anything else is a bug, logged
  with its traceback and reported; a lost connection offers Retry. ``on_failure`` hears
  of every failure first (to record an attempt), ``after`` runs whatever the outcome.
* :meth:`Operations.open` opens (and migrates) the database on the worker, the first
  work of a window shown before its database: work queued behind it finds the
  database open, and database work asked for before it waits until the database is
  open. Properties that need the database raise :class:`DatabaseNotOpen` before that.
* :attr:`Operations.busy` and :attr:`Operations.busy_changed` say whether work is queued or
  running; :meth:`Operations.wait` runs the queue dry (tests, shutdown).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import CancelToken, ProgressReporter
from desktop_app.ui.error_reporting import AlreadyReported, report_failure
from desktop_app.ui.local_settings import current_actor
from desktop_app.ui.tasks import SignalProgress, Task, TaskManager

if TYPE_CHECKING:  # the window shows before SQLAlchemy is imported (issue #19)
    from sqlalchemy.orm import Session

    from desktop_app.core.database.session import Database

T = TypeVar("T")
log = logging.getLogger(__name__)
# The priority of background reads: below everything else queued.
BACKGROUND = -1
# Opening the database goes before anything queued while it waits.
OPENING = 1


class DatabaseNotOpen(UserError):
    """Work asked of the door before the database was opened, or after opening failed."""

    def __init__(self) -> None:
        super().__init__(tr("The database is not open yet."))


@dataclass(frozen=True)
class _Outcome:
    """What to do on the GUI thread when a piece of work ends, whichever way."""

    done: Callable[[Any], None] | None = None
    failed: Callable[[UserError], None] | None = None
    cancelled: Callable[[], None] | None = None
    after: Callable[[], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    parent: QWidget | None = None
    label: str = ""


class Operations(QObject):
    """Runs the GUI's database work on the single worker, one unit of work at a time."""

    busy_changed = Signal(bool)

    def __init__(
        self,
        database: Database | None,
        tasks: TaskManager,
        actor: Callable[[], str] = lambda: current_actor(None),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        # Database work asked for before the database is open, released once it is.
        self._held: list[tuple[Task, QWidget | None]] = []
        self.tasks = tasks
        self._actor = actor
        tasks.busy_changed.connect(self.busy_changed)

    # What the GUI may know of the database -------------------------------------
    @property
    def is_open(self) -> bool:
        """True once the database is open (at once when it was given open)."""
        return self._database is not None

    def _open_database(self) -> Database:
        database = self._database
        if database is None:
            raise DatabaseNotOpen()
        return database

    @property
    def description(self) -> str:
        """Password-free name of the database, for status bars and dialogs."""
        return self._open_database().description

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._open_database().backend

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file of the database, ``None`` on PostgreSQL."""
        from desktop_app.core.database.engine import sqlite_path

        return sqlite_path(self._open_database().url)

    @property
    def database_name(self) -> str:
        """The database's name (a file's path, or the PostgreSQL database)."""
        return self._open_database().url.database or "exportmatch"

    @property
    def busy(self) -> bool:
        """True while work is queued or running."""
        return self.tasks.busy

    def actor(self) -> str:
        """Who the writes are stamped with now."""
        return self._actor()

    # The door ------------------------------------------------------------------
    def read(
        self,
        op: Callable[..., T],
        done: Callable[[T], None] | None = None,
        *,
        failed: Callable[[UserError], None] | None = None,
        parent: QWidget | None = None,
        label: str = "",
        cancelled: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        background: bool = False,
    ) -> CancelToken:
        """Run ``op(session)`` (``op(session, progress)`` with a ``label``); ``done(result)``.

        ``background``: work that nobody waits for; whatever is queued while it waits to
        start goes first.
        """
        with_progress = bool(label)

        def work(progress: SignalProgress) -> T:
            with self._open_database().session() as session:
                return _call(op, session, progress, with_progress)

        outcome = _Outcome(done, failed, cancelled, after, on_failure, parent, label)
        return self._run(work, outcome, BACKGROUND if background else 0)

    def write(
        self,
        op: Callable[..., T],
        done: Callable[[T], None] | None = None,
        *,
        failed: Callable[[UserError], None] | None = None,
        parent: QWidget | None = None,
        label: str = "",
        cancelled: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        lock_first: bool = True,
    ) -> CancelToken:
        """Run ``op`` in a write session stamped with the current actor; ``done(result)``.

        ``lock_first=False`` leaves the write lock to the first statement that writes, for
        long work that mostly reads (an export records its run at the very end).
        """
        actor = self.actor()
        with_progress = bool(label)

        def work(progress: SignalProgress) -> T:
            with self._open_database().session(actor=actor, write=lock_first) as session:
                return _call(op, session, progress, with_progress)

        return self._run(work, _Outcome(done, failed, cancelled, after, on_failure, parent, label))

    def on_database(
        self,
        op: Callable[[Database, ProgressReporter], T],
        done: Callable[[T], None] | None = None,
        *,
        failed: Callable[[UserError], None] | None = None,
        parent: QWidget | None = None,
        label: str = "",
        cancelled: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> CancelToken:
        """Run ``op(database, progress)``: work on the whole database (backup, restore)."""

        def work(progress: SignalProgress) -> T:
            return op(self._open_database(), progress)

        return self._run(work, _Outcome(done, failed, cancelled, after, None, parent, label))

    def open(
        self,
        opener: Callable[[], Database],
        done: Callable[[Database], None],
        failed: Callable[[BaseException, str], None],
    ) -> None:
        """Open the database with ``opener`` on the worker, before anything queued meanwhile.

        Work queued behind it finds the database open; database work asked for before
        this (a screen built while the window waits) is held until the database is open,
        then queued in its order, before whatever ``done`` queues. ``done(database)`` or
        ``failed(exception, traceback)`` on the GUI thread; the caller says what a failure
        means (no Retry offered here: opening has its own dialog).
        """

        def work(progress: SignalProgress) -> Database:
            database = opener()
            self._database = database  # on the worker: the next unit of work sees it
            return database

        def opened(database: Database) -> None:
            self._release_held()  # queued before anything the caller queues in done()
            done(database)

        task = Task(
            work,
            on_done=opened,
            on_error=failed,
            cancellable=False,
            retry_on_connection_failure=False,
            priority=OPENING,
        )
        self.tasks.run(task)

    def elsewhere(
        self,
        op: Callable[[ProgressReporter], T],
        done: Callable[[T], None] | None = None,
        *,
        failed: Callable[[UserError], None] | None = None,
        parent: QWidget | None = None,
        label: str = "",
        cancelled: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> CancelToken:
        """Run ``op(progress)``, work that does not touch the database (a file, another URL)."""
        outcome = _Outcome(done, failed, cancelled, after, on_failure, parent, label)
        return self._run(op, outcome, needs_database=False)

    def wait(self, msecs: int = 30_000) -> bool:
        """Run until no work is left, delivering results (for tests and shutdown).

        Results are delivered on the GUI thread, where they may start more work; this
        waits for that too. False when ``msecs`` passed first.
        """
        deadline = time.monotonic() + msecs / 1000
        while True:
            left = max(0, int((deadline - time.monotonic()) * 1000))
            self.tasks.wait(left)
            QCoreApplication.sendPostedEvents()
            QCoreApplication.processEvents()
            if not self.tasks.busy:
                return True
            if time.monotonic() >= deadline:
                return False

    # One place for outcomes ----------------------------------------------------
    def _run(
        self,
        work: Callable[[SignalProgress], Any],
        outcome: _Outcome,
        priority: int = 0,
        *,
        needs_database: bool = True,
    ) -> CancelToken:
        def gone() -> bool:
            # The widget that asked was closed and deleted meanwhile: nobody to tell.
            return outcome.parent is not None and not shiboken6.isValid(outcome.parent)

        def on_done(result: Any) -> None:
            if gone():
                return
            if outcome.after is not None:
                outcome.after()
            if outcome.done is not None:
                outcome.done(result)

        def on_error(exc: BaseException, formatted: str) -> None:
            if gone():
                log.warning("work for a closed window failed:\n%s", formatted)
                return
            if outcome.after is not None:
                outcome.after()
            if isinstance(exc, AlreadyReported):  # a lost connection the user gave up on
                if outcome.on_failure is not None:
                    outcome.on_failure(exc.original)
                return
            if outcome.on_failure is not None:
                outcome.on_failure(exc)
            if outcome.failed is not None and isinstance(exc, UserError):
                outcome.failed(exc)
                return
            report_failure(outcome.parent, exc, formatted)

        def on_cancelled() -> None:
            if gone():
                return
            if outcome.after is not None:
                outcome.after()
            if outcome.cancelled is not None:
                outcome.cancelled()

        task = Task(
            work,
            on_done=on_done,
            on_error=on_error,
            on_cancelled=on_cancelled,
            label=outcome.label,
            cancellable=outcome.cancelled is not None,
            priority=priority,
        )
        if needs_database and self._database is None:
            # A screen built while the database opens reads once it is open (in order).
            self._held.append((task, outcome.parent))
            return task.token
        return self.tasks.run(task, outcome.parent)

    def _release_held(self) -> None:
        held, self._held = self._held, []
        for task, parent in held:
            if parent is not None and not shiboken6.isValid(parent):
                continue  # asked for by a widget closed meanwhile
            self.tasks.run(task, parent)


def _call(
    op: Callable[..., T], session: Session, progress: SignalProgress, with_progress: bool
) -> T:
    return op(session, progress) if with_progress else op(session)
