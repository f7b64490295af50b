"""What the officer did in this session, newest first: what, who, when, and undo for any
entry (not only the last), as long as nobody changed the record since."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.types import utcnow
from desktop_app.core.errors import UserError
from desktop_app.ui.operations import Operations


@dataclass
class HistoryEntry:
    """One action: its description, who did it and when, and how to undo it (a unit of
    work run through the door's write)."""

    what: str
    who: str
    undo: Callable[[Session], object] | None
    # The object the action returned (a review decision, a request change), to find it.
    token: object = None
    at: datetime = field(default_factory=utcnow)
    undone: bool = False


class ReviewHistoryPanel(QWidget):
    """The session's actions as a table, with Undo for the selected one."""

    undone = Signal(object)
    failed = Signal(object)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_history")
        self.operations = operations
        self.entries: list[HistoryEntry] = []
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.undo_button = QPushButton(self.tr("Undo selected"), self)
        self.undo_button.setObjectName("history_undo")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def record(self, entry: HistoryEntry) -> None:
        """Add an action at the top of the list."""
        self.entries.insert(0, entry)
        self._fill()

    def mark_undone(self, token: object) -> None:
        """Mark the entry of ``token`` undone (it was undone some other way, e.g. Ctrl+Z)."""
        matched = [e for e in self.entries if e.token is token and not e.undone]
        if not matched:
            # The same decision at a newer version (Ctrl+Z refreshes the versions it
            # keeps): the newest entry still standing for that candidate.
            candidate = getattr(token, "candidate_id", None)
            matched = [
                e
                for e in self.entries
                if candidate is not None
                and not e.undone
                and getattr(e.token, "candidate_id", None) == candidate
            ][:1]
        for entry in matched:
            entry.undone = True
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            what = entry.what + (self.tr(" (undone)") if entry.undone else "")
            local = entry.at.astimezone().strftime("%H:%M:%S")
            for column, text in enumerate((local, entry.who, what)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def undo_selected(self) -> None:
        """Undo the selected action."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        if entry.undone or entry.undo is None:
            return

        def undone(_result: object) -> None:
            entry.undone = True
            self._fill()
            self.undone.emit(entry.token)

        def refused(error: UserError) -> None:
            self.failed.emit(error)

        self.operations.write(entry.undo, undone, failed=refused, parent=self)
