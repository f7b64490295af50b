"""The review queue as a Qt table: candidate ids in review order, rows loaded when shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.services.review import (
    CandidateView,
    ReviewFilters,
    load_candidates,
    queue_ids,
    shown_score,
)
from desktop_app.ui.confidence import SCORE_ROLE, VERDICT_ROLE
from desktop_app.ui.labels import status_title, verdict_title

PAGE_SIZE = 100
# A decided row looks decided: a mark before its status, accepted rows tinted green,
# rejected rows greyed.
STATUS_MARK = {MatchStatus.SUGGESTED: "", MatchStatus.ACCEPTED: "✓", MatchStatus.REJECTED: "✗"}
DECIDED_BACKGROUND = {MatchStatus.ACCEPTED: "#e3f3e6", MatchStatus.REJECTED: "#eeeeee"}
REJECTED_TEXT = "#6b6b6b"
STATUS_COLUMN = 1
BUYER_COLUMN = 3
Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(QAbstractTableModel):
    """Candidates for the filters, grouped by demand line, best score first."""

    def __init__(self, database: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.filters = ReviewFilters()
        self.ids: list[int] = []
        self._views: dict[int, CandidateView] = {}
        self.headers = [
            self.tr("Score"),
            self.tr("Status"),
            self.tr("Wanted product"),
            self.tr("Buyer"),
            self.tr("Offered product"),
            self.tr("Supplier"),
            self.tr("Verdict"),
            self.tr("Reviewer"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.headers[section] if 0 <= section < len(self.headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self.view_at(index.row())
        if view is None:
            return None
        if role == SCORE_ROLE and index.column() == 0:
            return view.score
        if role == VERDICT_ROLE:
            return view.verdict
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = DECIDED_BACKGROUND.get(view.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and view.status is MatchStatus.REJECTED:
            return QBrush(QColor(REJECTED_TEXT))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (
            str(shown_score(view.score)),
            self._status_text(view.status, role),
            view.demand_text,
            view.buyer_name,
            view.product_name,
            view.company_name,
            verdict_title(view.verdict),
            view.reviewer or "",
        )
        return values[index.column()] if index.column() < len(values) else None

    @staticmethod
    def _status_text(status: MatchStatus, role: int) -> str:
        # Undecided rows stay plain (the tooltip says so); decided ones carry a mark.
        if status is MatchStatus.SUGGESTED and role == Qt.ItemDataRole.DisplayRole:
            return ""
        return f"{STATUS_MARK[status]} {status_title(status)}".strip()

    def view_at(self, row: int) -> CandidateView | None:
        """The candidate at ``row``, loading its page when needed."""
        if not 0 <= row < len(self.ids):
            return None
        candidate_id = self.ids[row]
        if candidate_id not in self._views:
            start = max(0, row - PAGE_SIZE // 4)
            with self.database.session() as session:
                self._views.update(load_candidates(session, self.ids[start : start + PAGE_SIZE]))
        return self._views.get(candidate_id)

    def refresh(self, filters: ReviewFilters | None = None) -> None:
        """Reload the queue, for new ``filters`` when given."""
        if filters is not None:
            self.filters = filters
        self.beginResetModel()
        with self.database.session() as session:
            self.ids = queue_ids(session, self.filters)
        self._views.clear()
        self.endResetModel()

    def reload_row(self, row: int) -> None:
        """Read the candidate at ``row`` again after a decision."""
        if not 0 <= row < len(self.ids):
            return
        with self.database.session() as session:
            self._views.update(load_candidates(session, [self.ids[row]]))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def row_of(self, candidate_id: int) -> int | None:
        """The row of ``candidate_id``, if listed."""
        try:
            return self.ids.index(candidate_id)
        except ValueError:
            return None
