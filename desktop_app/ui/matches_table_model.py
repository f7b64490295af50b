"""The Matches table with a Deal fit column and filter.

Deal fit is judged in Python, not SQL: it is computed for each page of rows as they are
shown, and, when the filter is set, for every listed id in the same worker operation as
the SQL listing (the table says it is loading meanwhile; after half a second a progress
dialog offers Cancel, which drops the filter).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit, Fit
from desktop_app.core.pooling.fit_service import FitListing, deal_fits, ids_with_fit
from desktop_app.core.progress import ProgressReporter
from desktop_app.core.services.browse import TableSpec, list_ids
from desktop_app.ui.deal_fit_table import fit_colour
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_table_model import PAGE_SIZE, Index, RecordTableModel


class MatchesTableModel(RecordTableModel):
    """Candidates as browsed, plus their deal fit in a last column."""

    # The deal-fit filter's judging was cancelled: the filter is dropped.
    fit_filter_cancelled = Signal()

    def __init__(self, operations: Operations, spec: TableSpec, parent: Any = None) -> None:
        super().__init__(operations, spec, parent)
        self.fits: dict[int, DealFit] = {}
        self._fits_pending: set[int] = set()
        self.fit_filter: Fit | None = None

    @property
    def fit_column(self) -> int:
        """The position of the Deal fit column."""
        return len(self.spec.columns)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and section == self.fit_column
        ):
            return self.tr("Deal fit")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != self.fit_column:
            return super().data(index, role)
        record_id = self.id_at(index.row())
        if record_id is None:
            return None
        if record_id not in self.fits:
            self._request_fits(index.row())
        fit = self.fits.get(record_id)
        if fit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return FIT_TITLES[fit.overall]()
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{row.title}: {row.reason}" for row in fit.rows)
        if role == Qt.ItemDataRole.BackgroundRole:
            return fit_colour(fit.overall)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#000000")
        return None

    def _request_page(self, row: int) -> None:
        super()._request_page(row)
        self._request_fits(row)

    def _request_fits(self, row: int) -> None:
        """Read the deal fits of the page around ``row`` on the worker."""
        start = max(0, row - PAGE_SIZE // 4)
        page = [
            i
            for i in self.ids[start : start + PAGE_SIZE]
            if i not in self.fits and i not in self._fits_pending
        ]
        if not page:
            return
        self._fits_pending.update(page)
        generation = self._generation

        def arrived(fits: dict[int, DealFit]) -> None:
            self._fits_pending.difference_update(page)
            if generation != self._generation:
                return
            self.fits.update(fits)
            rows = [r for r in (self.row_of(i) for i in fits) if r is not None]
            if rows:
                self.dataChanged.emit(
                    self.index(min(rows), self.fit_column), self.index(max(rows), self.fit_column)
                )

        self.operations.read(lambda session: deal_fits(session, page), arrived)

    def refresh(self) -> None:
        """Reload the ids; with a deal-fit filter, judge them in the same worker operation
        (the rows shown are known only once every id is judged, so no first page comes
        early); without one, the first page first as on every table."""
        fit_filter = self.fit_filter
        if fit_filter is None:
            super().refresh()
            return
        self._generation += 1
        generation, spec = self._generation, self.spec
        search, key, descending, conditions = (
            self.search_text,
            self.sort_key,
            self.descending,
            list(self.conditions),
        )

        def read(session: Session, progress: ProgressReporter) -> FitListing:
            ids = list_ids(session, spec, search, key, descending, conditions)
            return ids_with_fit(session, ids, fit_filter, progress)

        def listed(listing: FitListing) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self.counting = False
                self._set_ids(listing.ids, fits=listing.fits)
                self.listing_complete.emit()

        def cancelled() -> None:
            if generation == self._generation:
                self._set_loading(False)
                self.fit_filter = None
                self.fit_filter_cancelled.emit()

        parent = self.parent()
        self._set_loading(True)
        self.operations.read(
            read,
            listed,
            failed=lambda error: self._listing_failed(generation, error),
            parent=parent if isinstance(parent, QWidget) else None,
            label=self.tr("Judging the deal fit of the listed matches…"),
            cancelled=cancelled,
        )

    def _set_ids(
        self,
        ids: Sequence[int],
        rows: dict[int, tuple[Any, ...]] | None = None,
        fits: dict[int, DealFit] | None = None,
    ) -> None:
        self.fits = dict(fits or {})
        self._fits_pending.clear()
        super()._set_ids(ids, rows)
