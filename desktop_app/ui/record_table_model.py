"""A Qt table model over a browsing table: ids in memory, rows fetched when painted."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.core.database.session import Database
from desktop_app.core.services.browse import TableSpec, list_ids, load_rows

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
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class RecordTableModel(QAbstractTableModel):
    """Rows of a :class:`TableSpec`, loaded a page at a time from the database."""

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
        return display_value(row[index.column()])

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
        """Reload the ids for the current search and order."""
        self.beginResetModel()
        with self.database.session() as session:
            self.ids = list_ids(
                session,
                self.spec,
                self.search_text,
                self.sort_key,
                self.descending,
                self.conditions,
            )
        self._rows.clear()
        self.endResetModel()

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
