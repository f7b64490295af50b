"""A Qt table model over a browsing table: ids in memory, rows fetched when painted.

Ids and pages of rows are read through :class:`~desktop_app.ui.operations.Operations` on
the database worker: the window never waits for SQL. A listing comes in two answers: the
first page of rows with their ids (a LIMIT the database stops early on, shown at once),
then every id (on a million rows the part that takes time), added below the first page
so the scrollbar grows and the selection stays. A row not loaded yet reads as empty until
its page arrives (``dataChanged``); an answer overtaken by a newer refresh is dropped.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy.orm import Session

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import number_text
from desktop_app.core.progress import CancelToken
from desktop_app.core.services.browse import (
    FirstRows,
    TableSpec,
    first_rows,
    list_ids,
    load_rows,
)
from desktop_app.core.services.review import shown_score
from desktop_app.core.validation import format_hs_code
from desktop_app.ui.error_reporting import show_user_error
from desktop_app.ui.labels import enum_title
from desktop_app.ui.operations import Operations
from desktop_app.ui.translations import date_format

PAGE_SIZE = 200
CACHE_LIMIT = 5_000
# Seconds the worker waits before listing every id after the first page arrived.
COUNT_PAUSE_S = 0.05
Index = QModelIndex | QPersistentModelIndex


def id_array(ids: Sequence[int]) -> array[int]:
    """``ids`` as one buffer of 64-bit integers, not a Python object per id.

    A listing of a million ids held as a list is a million int objects: dropping it for
    the next search freed them one by one on the GUI thread (40-90 ms at load 13 on
    PostgreSQL, most of a search's time on the screen). An array is freed at once, and
    takes 8 bytes an id instead of about 36.
    """
    return ids if isinstance(ids, array) else array("q", ids)


def display_value(value: Any) -> str:
    """How a stored value reads in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Enum):
        return enum_title(value)
    if isinstance(value, Decimal):
        # Grouped as the interface language writes numbers: 4 500,00 in Russian.
        return number_text(value, 0 if value == value.to_integral() else 2)
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        local = value.astimezone()
        shown = QDate(local.year, local.month, local.day).toString(date_format())
        return f"{shown} {local:%H:%M}"
    if isinstance(value, date):
        return QDate(value.year, value.month, value.day).toString(date_format())
    return str(value)


class RecordTableModel(QAbstractTableModel):
    """Rows of a :class:`TableSpec`, loaded a page at a time from the database."""

    # True while the first rows of a listing are being read on the worker.
    loading_changed = Signal(bool)
    # Every id of the listing is here (after the first rows, the rest of the count).
    listing_complete = Signal()

    def __init__(self, operations: Operations, spec: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.spec = spec
        # The listing's ids in order, as 64-bit integers (see id_array).
        self.ids: array[int] = id_array([])
        self._rows: dict[int, tuple[Any, ...]] = {}
        self.search_text = ""
        self.sort_key: str | None = None
        self.descending = False
        # Extra SQL conditions from the screen's filters (archived hidden, buyer, ...).
        self.conditions: list[Any] = []
        self.loading = False
        # True while the first rows are shown and the other ids are still being listed.
        self.counting = False
        self._generation = 0
        # Stops the reading of an older listing's ids once a newer one is asked for.
        self._listing_cancel = CancelToken()
        self._pending_pages: set[int] = set()

    # Reading -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            return self.spec.columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.row_values(index.row())
        if row is None or index.column() >= len(row):
            return None
        value = row[index.column()]
        key = self.spec.columns[index.column()].key
        if key == "hs_code" and value:
            return format_hs_code(str(value))  # 1512.19, as everywhere else
        if key == "score" and isinstance(value, float):
            return str(shown_score(value))  # the whole number Review shows
        return display_value(value)

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The values of the row at ``row``; ``None`` while its page is being read."""
        if not 0 <= row < len(self.ids):
            return None
        record_id = self.ids[row]
        values = self._rows.get(record_id)
        if values is None:
            self._request_page(row)
        return values

    def version_at(self, row: int) -> int | None:
        """The version of the record at ``row`` as it was read for the screen, if loaded."""
        values = self.row_values(row)
        if values is None or self.spec.version_column is None:
            return None
        return int(values[len(self.spec.columns)])

    def id_at(self, row: int) -> int | None:
        """The database id of the row at ``row``."""
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def _request_page(self, row: int) -> None:
        start = max(0, row - PAGE_SIZE // 4)
        ids = self.ids[start : start + PAGE_SIZE]
        if start in self._pending_pages or not ids:
            return
        self._pending_pages.add(start)
        generation = self._generation
        spec = self.spec

        def shown(rows: dict[int, tuple[Any, ...]]) -> None:
            self._pending_pages.discard(start)
            if generation != self._generation:
                return
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            self._rows.update(rows)
            last = min(start + len(ids), len(self.ids)) - 1
            if last >= start:
                self.dataChanged.emit(
                    self.index(start, 0), self.index(last, len(self.spec.columns) - 1)
                )

        self.operations.read(lambda session: load_rows(session, spec, ids), shown)

    # Changing ----------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the listing for the current search and order, on the worker.

        The first page of rows comes first and is shown at once (``modelReset``); the
        rest of the ids follow and are added below it (``rowsInserted``), then
        :attr:`listing_complete`. The rows shown stay until the first answer arrives; an
        answer overtaken by a newer refresh is dropped.
        """
        self._generation += 1
        self._listing_cancel.cancel()  # a search typed while a million ids are read
        self._listing_cancel = cancel = CancelToken()
        generation, spec = self._generation, self.spec
        search, key, descending, conditions = (
            self.search_text,
            self.sort_key,
            self.descending,
            list(self.conditions),
        )

        def listed(ids: array[int]) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self._add_rest(ids)

        def all_listed(ids: array[int]) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self._set_ids(ids)
                self.listing_complete.emit()

        def first(found: FirstRows) -> None:
            if generation != self._generation:
                return
            self._set_loading(False)
            self.counting = not found.complete
            self._set_ids(found.ids, found.rows)
            if found.complete:
                self.listing_complete.emit()
                return

            def count(session: Session) -> array[int]:
                # Let the window paint the first page before the count takes the
                # interpreter's lock: a million ids read in Python slow the GUI thread.
                time.sleep(COUNT_PAUSE_S)
                # Packed here, on the worker: the list's int objects are freed here too.
                return id_array(
                    list_ids(session, spec, search, key, descending, conditions, cancel)
                )

            self.operations.read(
                count,
                listed,
                failed=lambda error: self._listing_failed(generation, error),
                background=True,  # the first page of another screen goes first
            )

        self._set_loading(True)
        failed = lambda error: self._listing_failed(generation, error)  # noqa: E731
        if self.shows_first_rows_early():
            self.operations.read(
                lambda session: first_rows(
                    session, spec, search, key, descending, conditions, PAGE_SIZE
                ),
                first,
                failed=failed,
            )
        else:
            self.operations.read(
                lambda session: id_array(
                    list_ids(session, spec, search, key, descending, conditions, cancel)
                ),
                all_listed,
                failed=failed,
            )

    def shows_first_rows_early(self) -> bool:
        """Whether a listing shows its first page before every id is listed.

        A screen that filters the listed ids in Python (Matches by deal fit) waits for
        them all.
        """
        return True

    def _add_rest(self, ids: array[int]) -> None:
        """Every id of the listing, after its first rows: added below them.

        When the listing changed in between (someone saved meanwhile), the table is
        shown again from these ids.
        """
        self.counting = False
        ids, listed = id_array(ids), id_array(self.ids)
        shown = len(listed)
        if len(ids) > shown and ids[:shown] == listed:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self.ids = ids
            self.endInsertRows()
        elif ids != listed:
            self._set_ids(ids)
        self.listing_complete.emit()

    def _listing_failed(self, generation: int, error: UserError) -> None:
        if generation == self._generation:
            self._set_loading(False)
            self.counting = False
        show_user_error(None, error)

    def _set_ids(self, ids: Sequence[int], rows: dict[int, tuple[Any, ...]] | None = None) -> None:
        self.beginResetModel()
        self.ids = id_array(ids)
        self._rows.clear()
        self._rows.update(rows or {})
        self._pending_pages.clear()
        self.endResetModel()

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def row_of(self, record_id: int) -> int | None:
        """The row showing ``record_id``, if it is listed."""
        try:
            return self.ids.index(record_id)
        except ValueError:
            return None

    def set_search(self, text: str) -> None:
        """Show only rows matching every word of ``text``."""
        self.search_text = text.strip()
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        self.sort_key = self.spec.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
