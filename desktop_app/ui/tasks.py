"""One way to run long work off the GUI thread (after Anki's ``taskman`` and ``QueryOp``).

All database work runs on a single worker thread, so two operations never race for the
SQLite file, and their results come back to the GUI thread by signal. A progress dialog
appears only when the work lasts longer than half a second; its Cancel button sets the
:class:`~desktop_app.core.progress.CancelToken` the core checks between chunks. When
the work fails because the database connection was lost or refused, the user may retry it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken
from desktop_app.ui.error_reporting import AlreadyReported, connection_failed, offer_retry

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class _Signals(QObject):
    progress = Signal(int, int, str)  # done, total (0 = unknown), message
    finished = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback
    cancelled = Signal()


class SignalProgress:
    """A core ``ProgressReporter`` that forwards to the GUI thread through a signal."""

    def __init__(self, signals: _Signals, token: CancelToken) -> None:
        self._signals = signals
        self.token = token
        self._total = 0
        self._message = ""

    def start(self, total: int | None, message: str = "") -> None:
        """A new phase: reset the bar."""
        self._total = total or 0
        self._message = message
        self._signals.progress.emit(0, self._total, message)

    def advance(self, done: int, message: str = "") -> None:
        """Move the bar."""
        if message:
            self._message = message
        self._signals.progress.emit(done, self._total, self._message)

    def check_cancelled(self) -> None:
        """Stop the work when Cancel was pressed."""
        if self.token.cancelled:
            raise Cancelled()


@dataclass
class Task:
    """A piece of work for the worker thread and what to do with its outcome."""

    work: Callable[[SignalProgress], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException, str], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    label: str = ""
    cancellable: bool = True
    token: CancelToken = field(default_factory=CancelToken)
    # Offer Retry when the connection fails; the work must then be safe to run again
    # (as one unit of work that rolled back is).
    retry_on_connection_failure: bool = True
    # Queued work of a higher priority starts first; equal priorities in their order.
    priority: int = 0


class _Runnable(QRunnable):
    def __init__(self, task: Task, signals: _Signals) -> None:
        super().__init__()
        self.task = task
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        progress = SignalProgress(self.signals, self.task.token)
        try:
            result = self.task.work(progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class TaskManager(QObject):
    """Runs :class:`Task` objects one at a time on a worker thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._running = 0
        self._keep: set[_Signals] = set()

    @property
    def busy(self) -> bool:
        """True while a task is queued or running."""
        return self._running > 0

    def run(self, task: Task, parent: QWidget | None = None) -> CancelToken:
        """Queue ``task``; show progress for it under ``parent`` when it takes a while."""
        signals = _Signals()
        self._keep.add(signals)
        dialog: QProgressDialog | None = None
        if parent is not None and task.label:
            dialog = QProgressDialog(task.label, self.tr("Cancel"), 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if task.cancellable:
                dialog.canceled.connect(task.token.cancel)
            else:
                dialog.setCancelButton(None)
            # The dialog's own timer shows it once minimumDuration has passed.
            dialog.setValue(0)

        def on_progress(done: int, total: int, message: str) -> None:
            if dialog is None:
                return
            dialog.setMaximum(total)
            dialog.setValue(min(done, total) if total else 0)
            if message:
                dialog.setLabelText(message)

        def finish() -> None:
            self._running -= 1
            self._keep.discard(signals)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            if not self._running:
                self.busy_changed.emit(False)

        def on_finished(result: object) -> None:
            finish()
            if task.on_done:
                task.on_done(result)

        def on_failed(exc: BaseException, formatted: str) -> None:
            finish()
            if task.retry_on_connection_failure and parent is not None and connection_failed(exc):
                log.warning("database connection failed in %r: %s", task.label, exc)
                if offer_retry(parent, exc):
                    self.run(task, parent)  # the same token: Cancel still reaches it
                    return
                exc = AlreadyReported(exc)
            if task.on_error:
                task.on_error(exc, formatted)
            else:
                log.error("background task failed:\n%s", formatted)

        def on_cancelled() -> None:
            finish()
            if task.on_cancelled:
                task.on_cancelled()

        signals.progress.connect(on_progress)
        signals.finished.connect(on_finished)
        signals.failed.connect(on_failed)
        signals.cancelled.connect(on_cancelled)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Runnable(task, signals), task.priority)
        return task.token

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queue is empty (for tests and shutdown)."""
        return self.pool.waitForDone(msecs)
