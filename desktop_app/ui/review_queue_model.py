"""The review queue as a Qt table: candidate ids in review order, rows loaded when shown.

Ids and pages are read through :class:`~desktop_app.ui.operations.Operations` on the
database worker; a row not loaded yet reads as empty until its page arrives. A decision
shows at once (:meth:`ReviewQueueModel.show_view`) and is confirmed by reading the row
again (:meth:`ReviewQueueModel.reload`) or put back when it failed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit, Fit
from desktop_app.core.pooling.fit_service import FitListing, deal_fits, ids_with_fit
from desktop_app.core.services.review import (
    CandidateView,
    ReviewFilters,
    load_candidates,
    queue_ids,
    shown_score,
)
from desktop_app.ui.confidence import SCORE_ROLE, VERDICT_ROLE
from desktop_app.ui.deal_fit_table import fit_colour
from desktop_app.ui.labels import status_title, verdict_title
from desktop_app.ui.operations import Operations

PAGE_SIZE = 100
# A decided row looks decided: a mark before its status, accepted rows tinted green,
# rejected rows greyed.
STATUS_MARK = {MatchStatus.SUGGESTED: "", MatchStatus.ACCEPTED: "✓", MatchStatus.REJECTED: "✗"}
DECIDED_BACKGROUND = {MatchStatus.ACCEPTED: "#e3f3e6", MatchStatus.REJECTED: "#eeeeee"}
REJECTED_TEXT = "#6b6b6b"
STATUS_COLUMN = 1
BUYER_COLUMN = 3
FIT_COLUMN = 8
Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(QAbstractTableModel):
    """Candidates for the filters, grouped by demand line, best score first."""

    # True while a deal-fit filter is being judged on the worker.
    busy_changed = Signal(bool)
    # The deal-fit filter's judging was cancelled: the filter is dropped.
    fit_filter_cancelled = Signal()

    def __init__(self, operations: Operations, parent: Any = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.filters = ReviewFilters()
        self.ids: list[int] = []
        self._views: dict[int, CandidateView] = {}
        self._fits: dict[int, DealFit] = {}
        # Deal fit is judged in Python, so its filter narrows the ids SQL gave.
        self.fit_filter: Fit | None = None
        self.busy = False
        self._generation = 0
        self._pending_pages: set[int] = set()
        self.headers = [
            self.tr("Score"),
            self.tr("Status"),
            self.tr("Wanted product"),
            self.tr("Buyer"),
            self.tr("Offered product"),
            self.tr("Supplier"),
            self.tr("Verdict"),
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
            FIT_TITLES[fit.overall]() if fit is not None else "",
        )
        return values[index.column()] if index.column() < len(values) else None

    @staticmethod
    def _status_text(status: MatchStatus, role: int) -> str:
        # Undecided rows stay plain (the tooltip says so); decided ones carry a mark.
        if status is MatchStatus.SUGGESTED and role == Qt.ItemDataRole.DisplayRole:
            return ""
        return f"{STATUS_MARK[status]} {status_title(status)}".strip()

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

        def shown(page: tuple[dict[int, CandidateView], dict[int, DealFit]]) -> None:
            self._pending_pages.discard(start)
            if generation == self._generation:
                views, fits = page
                self._views.update(views)
                self._fits.update(fits)
                last = min(start + len(ids), len(self.ids)) - 1
                if last >= start:
                    self._changed(start, last)

        self.operations.read(lambda session: _views_and_fits(session, ids), shown)

    def refresh(self, filters: ReviewFilters | None = None) -> None:
        """Reload the queue on the worker, for new ``filters`` when given (``modelReset``).

        With a deal-fit filter every listed candidate is judged in the same worker
        operation; ``busy_changed`` says so meanwhile, a progress dialog offers Cancel
        after half a second, and a cancel drops the filter (``fit_filter_cancelled``).
        """
        if filters is not None:
            self.filters = filters
        self._generation += 1
        generation, chosen, fit_filter = self._generation, self.filters, self.fit_filter

        def listed(listing: FitListing) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self.beginResetModel()
            self.ids, self._fits = listing.ids, dict(listing.fits)
            self._views.clear()
            self._pending_pages.clear()
            self.endResetModel()

        if fit_filter is None:
            self.operations.read(
                lambda session: FitListing(queue_ids(session, chosen), {}),
                listed,
                failed=lambda _error: self._set_busy(False),
            )
            return

        def cancelled() -> None:
            if generation == self._generation:
                self._set_busy(False)
                self.fit_filter = None
                self.fit_filter_cancelled.emit()

        parent = self.parent()
        self._set_busy(True)
        self.operations.read(
            lambda session, progress: ids_with_fit(
                session, queue_ids(session, chosen), fit_filter, progress
            ),
            listed,
            failed=lambda _error: self._set_busy(False),
            parent=parent if isinstance(parent, QWidget) else None,
            label=self.tr("Judging the deal fit of the listed matches…"),
            cancelled=cancelled,
        )

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def reload(self, candidate_id: int) -> None:
        """Read candidate ``candidate_id`` again (after a decision, to confirm it)."""
        self.operations.read(
            lambda session: _views_and_fits(session, [candidate_id]),
            lambda page: self._store(*page),
        )

    def show_view(self, view: CandidateView) -> None:
        """Show ``view`` for its candidate at once (a decision not yet confirmed)."""
        self._store({view.id: view})

    def _store(
        self, views: dict[int, CandidateView], fits: dict[int, DealFit] | None = None
    ) -> None:
        self._views.update(views)
        if fits:
            self._fits.update(fits)
        for candidate_id in views:
            row = self.row_of(candidate_id)
            if row is not None:
                self._changed(row, row)

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.headers) - 1))

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


def _views_and_fits(
    session: Session, ids: list[int]
) -> tuple[dict[int, CandidateView], dict[int, DealFit]]:
    """The candidates ``ids`` as shown, and their deal fit."""
    return load_candidates(session, ids), deal_fits(session, ids)
