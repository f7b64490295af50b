"""The review queue as a Qt table: candidate ids in review order, rows loaded when shown.

Ids and pages are read through :class:`~desktop_app.ui.operations.Operations` on the
database worker; a row not loaded yet reads as empty until its page arrives. A decision
shows at once (:meth:`ReviewQueueModel.show_view`) and is confirmed by reading the row
again (:meth:`ReviewQueueModel.reload`) or put back when it failed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.core.services.review import (
    CandidateView,
    ReviewFilters,
    load_candidates,
    queue_ids,
)
from desktop_app.ui.confidence import SCORE_ROLE, VERDICT_ROLE
from desktop_app.ui.operations import Operations

PAGE_SIZE = 100
Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(QAbstractTableModel):
    """Candidates for the filters, grouped by demand line, best score first."""

    def __init__(self, operations: Operations, parent: Any = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.filters = ReviewFilters()
        self.ids: list[int] = []
        self._views: dict[int, CandidateView] = {}
        self._generation = 0
        self._pending_pages: set[int] = set()
        self.headers = [
            self.tr("Score"),
            self.tr("Wanted product"),
            self.tr("Buyer"),
            self.tr("Offered product"),
            self.tr("Supplier"),
            self.tr("Verdict"),
            self.tr("Status"),
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
        )
        return values[index.column()] if index.column() < len(values) else None

    def view_at(self, row: int) -> CandidateView | None:
        """The candidate at ``row``; ``None`` while its page is being read."""
        if not 0 <= row < len(self.ids):
            return None
        view = self._views.get(self.ids[row])
        if view is None:
            self._request_page(row)
        return view

    def _request_page(self, row: int) -> None:
        start = max(0, row - PAGE_SIZE // 4)
        ids = self.ids[start : start + PAGE_SIZE]
        if start in self._pending_pages or not ids:
            return
        self._pending_pages.add(start)
        generation = self._generation

        def shown(views: dict[int, CandidateView]) -> None:
            self._pending_pages.discard(start)
            if generation == self._generation:
                self._views.update(views)
                last = min(start + len(ids), len(self.ids)) - 1
                if last >= start:
                    self._changed(start, last)

        self.operations.read(lambda session: load_candidates(session, ids), shown)

    def refresh(self, filters: ReviewFilters | None = None) -> None:
        """Reload the queue on the worker, for new ``filters`` when given (``modelReset``)."""
        if filters is not None:
            self.filters = filters
        self._generation += 1
        generation, chosen = self._generation, self.filters

        def listed(ids: list[int]) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self.ids = ids
            self._views.clear()
            self._pending_pages.clear()
            self.endResetModel()

        self.operations.read(lambda session: queue_ids(session, chosen), listed)

    def reload(self, candidate_id: int) -> None:
        """Read candidate ``candidate_id`` again (after a decision, to confirm it)."""
        self.operations.read(lambda session: load_candidates(session, [candidate_id]), self._store)

    def show_view(self, view: CandidateView) -> None:
        """Show ``view`` for its candidate at once (a decision not yet confirmed)."""
        self._store({view.id: view})

    def _store(self, views: dict[int, CandidateView]) -> None:
        self._views.update(views)
        for candidate_id in views:
            row = self.row_of(candidate_id)
            if row is not None:
                self._changed(row, row)

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.headers) - 1))

    def row_of(self, candidate_id: int) -> int | None:
        """The row of ``candidate_id``, if listed."""
        try:
            return self.ids.index(candidate_id)
        except ValueError:
            return None
