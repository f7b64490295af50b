"""Run the matcher from the GUI: all open demand or only what changed, with progress and Cancel.

The run happens on the worker thread in one unit of work, so Cancel (or a failure) leaves
the stored candidates exactly as they were. When it is done the window shows the counts in
the status bar and refreshes the visible screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.progress import ProgressReporter
from desktop_app.ui.error_reporting import show_user_error
from desktop_app.ui.operations import Operations

if TYPE_CHECKING:  # the engine (RapidFuzz, glossary) is imported on the first run, not at start
    from sqlalchemy.orm import Session

    from desktop_app.core.matching.engine import MatchReport

MatchFunction = Callable[..., "MatchReport"]


def run_matching(*args: Any, **kwargs: Any) -> MatchReport:
    """The matching engine's entry point, imported when matching first runs."""
    from desktop_app.core.matching.engine import run_matching as engine_run_matching

    return engine_run_matching(*args, **kwargs)


class MatchingRunner(QObject):
    """Owns the Matching actions and runs the matcher when one is triggered."""

    finished = Signal(object)  # MatchReport
    cancelled = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        operations: Operations,
        window: QWidget,
        match: MatchFunction = run_matching,
    ) -> None:
        super().__init__(window)
        self.operations = operations
        self.window = window
        # The engine entry point; tests put a slower one in its place to press Cancel.
        self.match = match
        self.run_all_action = QAction(self.tr("&Run matching"), window)
        self.run_all_action.setShortcut(QKeySequence("Ctrl+M"))
        self.run_all_action.setToolTip(
            self.tr("Score every open demand line against the active products (Ctrl+M)")
        )
        self.run_all_action.setStatusTip(self.run_all_action.toolTip())
        self.run_all_action.triggered.connect(lambda: self.run(changed_only=False))
        self.run_changed_action = QAction(self.tr("Match &changed only"), window)
        self.run_changed_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.run_changed_action.setToolTip(
            self.tr("Re-score only demand lines and products added or edited since the last run")
        )
        self.run_changed_action.setStatusTip(self.run_changed_action.toolTip())
        self.run_changed_action.triggered.connect(lambda: self.run(changed_only=True))

    def actions(self) -> list[QAction]:
        """The actions for the Matching menu."""
        return [self.run_all_action, self.run_changed_action]

    def _set_running(self, running: bool) -> None:
        # One run at a time; other work on the worker (a screen reading) does not count.
        for action in self.actions():
            action.setEnabled(not running)

    def run(self, changed_only: bool = False) -> None:
        """Start a matching run on the worker thread, stamped with the person running it."""
        match = self.match

        def work(session: Session, progress: ProgressReporter) -> Any:
            return match(session, progress, changed_only=changed_only)

        label = self.tr("Matching changed records…") if changed_only else self.tr("Matching…")
        self.status_message.emit(label)
        self._set_running(True)
        self.operations.write(
            work,
            self._done,
            failed=self._failed,
            parent=self.window,
            label=label,
            cancelled=self._cancelled,
            after=lambda: self._set_running(False),
        )

    def _done(self, report: MatchReport) -> None:
        self.status_message.emit(
            self.tr(
                "Matching done: {lines} of {total} open demand lines scored against "
                "{products} products, {candidates} candidates stored, {kept} decisions kept "
                "({seconds:.1f} s)."
            ).format(
                lines=report.lines_rescored,
                total=report.demand_lines,
                products=report.products,
                candidates=report.candidates_stored,
                kept=report.decisions_kept,
                seconds=report.seconds,
            )
        )
        self.finished.emit(report)

    def _failed(self, exc: UserError) -> None:
        self.status_message.emit(self.tr("Matching failed; the candidates were not changed."))
        show_user_error(self.window, exc)

    def _cancelled(self) -> None:
        self.status_message.emit(self.tr("Matching cancelled; the candidates were not changed."))
        self.cancelled.emit()
