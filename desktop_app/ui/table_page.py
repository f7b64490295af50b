"""A screen listing records: a search field above a sortable, lazily loaded table."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.database.session import Database
from desktop_app.core.services.browse import TableSpec
from desktop_app.ui.record_table_model import RecordTableModel

SEARCH_DELAY_MS = 250


class TablePage(QWidget):
    """Search plus table for one kind of record."""

    def __init__(self, database: Database, spec: TableSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"page_{spec.name}")
        self.model = RecordTableModel(database, spec, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for index, column in enumerate(spec.columns):
            self.view.setColumnWidth(index, column.width)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())
        self._update_count()

    def refresh(self) -> None:
        """Reload from the database."""
        self.model.refresh()
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%n record(s)", "", len(self.model.ids)))
