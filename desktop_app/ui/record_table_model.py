"""A Qt table model over a browsing table: ids in memory, rows fetched when painted."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from sqlalchemy import func, select

from desktop_app.core.database.session import Database
from desktop_app.core.services.browse import TableSpec, list_ids, load_rows
from desktop_app.core.services.review import shown_score
from desktop_app.core.validation import format_hs_code
from desktop_app.ui.labels import enum_title
from desktop_app.ui.translations import date_format

PAGE_SIZE = 200
CACHE_LIMIT = 5_000
Index = QModelIndex | QPersistentModelIndex


def display_value(value: Any) -> str:
    """How a stored value reads in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Enum):
        return enum_title(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        local = value.astimezone()
        shown = QDate(local.year, local.month, local.day).toString(date_format())
        return f"{shown} {local:%H:%M}"
    if isinstance(value, date):
        return QDate(value.year, value.month, value.day).toString(date_format())
    return str(value)


# Listing more ids than this (a million ids take ~0.7 s of SQL) happens on a worker
# thread, so the window never freezes; smaller tables answer at once.
BACKGROUND_ABOVE = 50_000


class _IdsListed(QObject):
    done = Signal(int, object)  # generation, list of ids or the exception raised


class _ListIds(QRunnable):
    """Lists the ids of a table on a pool thread, in a session of its own."""

    def __init__(
        self,
        database: Database,
        spec: TableSpec,
        query: tuple[Any, ...],
        generation: int,
        signals: _IdsListed,
    ) -> None:
        super().__init__()
        self.database = database
        self.spec = spec
        self.query = query
        self.generation = generation
        self.signals = signals

    def run(self) -> None:
        result: object
        try:
            with self.database.session() as session:
                result = list_ids(session, self.spec, *self.query)
        except Exception as exc:
            result = exc
        self.signals.done.emit(self.generation, result)


class RecordTableModel(QAbstractTableModel):
    """Rows of a :class:`TableSpec`, loaded a page at a time from the database."""

    # True while the ids of a big table are being listed in the background.
    loading_changed = Signal(bool)

    def __init__(self, database: Database, spec: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.spec = spec
        self.ids: list[int] = []
        self._rows: dict[int, tuple[Any, ...]] = {}
        self.search_text = ""
        self.sort_key: str | None = None
        self.descending = False
        # Extra SQL conditions from the screen's filters (archived hidden, buyer, ...).
        self.conditions: list[Any] = []
        # Tables that may hold more rows than this are listed off the GUI thread;
        # None lists every table at once (benchmarks measuring the query itself).
        self.background_above: int | None = BACKGROUND_ABOVE
        self.loading = False
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._listed = _IdsListed(self)
        self._listed.done.connect(self._ids_listed)

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
        """The values of the row at ``row``, loading its page when needed."""
        if not 0 <= row < len(self.ids):
            return None
        record_id = self.ids[row]
        if record_id not in self._rows:
            self._load_page(row)
        return self._rows.get(record_id)

    def id_at(self, row: int) -> int | None:
        """The database id of the row at ``row``."""
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def _load_page(self, row: int) -> None:
        if len(self._rows) > CACHE_LIMIT:
            self._rows.clear()
        start = max(0, row - PAGE_SIZE // 4)
        page = self.ids[start : start + PAGE_SIZE]
        with self.database.session() as session:
            self._rows.update(load_rows(session, self.spec, page))

    # Changing ----------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the ids for the current search and order.

        A table that may be big is listed on a worker thread: the rows shown stay until
        the new ids arrive (``modelReset``), and an answer overtaken by a newer refresh
        is dropped.
        """
        self._generation += 1
        query = (self.search_text, self.sort_key, self.descending, tuple(self.conditions))
        if self.background_above is not None and self._size_bound() > self.background_above:
            self._set_loading(True)
            self._pool.start(
                _ListIds(self.database, self.spec, query, self._generation, self._listed)
            )
            return
        with self.database.session() as session:
            ids = list_ids(session, self.spec, *query)
        self._set_ids(ids)

    def wait_for_ids(self, msecs: int = 30_000) -> bool:
        """Block until a background listing has finished and been shown (for tests)."""
        from PySide6.QtCore import QCoreApplication

        finished = self._pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        return finished and not self.loading

    def _size_bound(self) -> int:
        # The highest id bounds the rows the table can list, read from the primary key's
        # index in no time, whatever the current search has narrowed the list to.
        with self.database.session() as session:
            return int(session.scalar(select(func.max(self.spec.id_column))) or 0)

    def _ids_listed(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        if isinstance(result, BaseException):
            from desktop_app.ui.error_reporting import report_failure

            report_failure(None, result, repr(result))
            return
        assert isinstance(result, list)
        self._set_ids(result)

    def _set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._rows.clear()
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
