"""The review queue as a Qt table: candidate ids in review order, rows loaded when shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.core.database.session import Database
from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit, Fit
from desktop_app.core.pooling.fit_service import deal_fits
from desktop_app.core.services.review import (
    CandidateView,
    ReviewFilters,
    load_candidates,
    queue_ids,
)
from desktop_app.ui.confidence import SCORE_ROLE, VERDICT_ROLE
from desktop_app.ui.deal_fit_table import fit_colour

PAGE_SIZE = 100
FIT_COLUMN = 8
Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(QAbstractTableModel):
    """Candidates for the filters, grouped by demand line, best score first."""

    def __init__(self, database: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.filters = ReviewFilters()
        self.ids: list[int] = []
        self._views: dict[int, CandidateView] = {}
        self._fits: dict[int, DealFit] = {}
        # Deal fit is judged in Python, so its filter narrows the ids SQL gave.
        self.fit_filter: Fit | None = None
        self.headers = [
            self.tr("Score"),
            self.tr("Wanted product"),
            self.tr("Buyer"),
            self.tr("Offered product"),
            self.tr("Supplier"),
            self.tr("Verdict"),
            self.tr("Status"),
            self.tr("Reviewer"),
            self.tr("Deal fit"),
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
        fit = self._fits.get(view.id)
        if index.column() == FIT_COLUMN and fit is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return fit_colour(fit.overall)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#000000")
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{row.title}: {row.reason}" for row in fit.rows)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (
            f"{view.score:.0f}",
            view.demand_text,
            view.buyer_name,
            view.product_name,
            view.company_name,
            view.verdict.value,
            view.status.value,
            view.reviewer or "",
            FIT_TITLES[fit.overall]() if fit is not None else "",
        )
        return values[index.column()] if index.column() < len(values) else None

    def view_at(self, row: int) -> CandidateView | None:
        """The candidate at ``row``, loading its page when needed."""
        if not 0 <= row < len(self.ids):
            return None
        candidate_id = self.ids[row]
        if candidate_id not in self._views:
            start = max(0, row - PAGE_SIZE // 4)
            page = self.ids[start : start + PAGE_SIZE]
            with self.database.session() as session:
                self._views.update(load_candidates(session, page))
                self._fits.update(deal_fits(session, page))
        return self._views.get(candidate_id)

    def refresh(self, filters: ReviewFilters | None = None) -> None:
        """Reload the queue, for new ``filters`` when given."""
        if filters is not None:
            self.filters = filters
        self.beginResetModel()
        self._views.clear()
        self._fits.clear()
        with self.database.session() as session:
            self.ids = queue_ids(session, self.filters)
            if self.fit_filter is not None:
                self._fits = deal_fits(session, self.ids)
                self.ids = [i for i in self.ids if self._fits[i].overall is self.fit_filter]
        self.endResetModel()

    def reload_row(self, row: int) -> None:
        """Read the candidate at ``row`` again after a decision."""
        if not 0 <= row < len(self.ids):
            return
        with self.database.session() as session:
            self._views.update(load_candidates(session, [self.ids[row]]))
            self._fits.update(deal_fits(session, [self.ids[row]]))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def fit_at(self, row: int) -> DealFit | None:
        """The deal fit of the candidate at ``row``, once its page is loaded."""
        view = self.view_at(row)
        return None if view is None else self._fits.get(view.id)

    def row_of(self, candidate_id: int) -> int | None:
        """The row of ``candidate_id``, if listed."""
        try:
            return self.ids.index(candidate_id)
        except ValueError:
            return None
