"""A screen listing records: a search field above a sortable, lazily loaded table.

Screens with actions (Companies, Products, Demand) subclass it and add buttons to
``self.tools`` and SQL conditions to ``self.model.conditions``. The column layout (widths,
order, sort) is remembered per table in the local settings.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
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

from desktop_app.core.services.browse import TableSpec
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_table_model import RecordTableModel

SEARCH_DELAY_MS = 250


class TablePage(QWidget):
    """Search plus table for one kind of record."""

    # A screen with columns of its own (Matches: deal fit) gives its model class.
    model_class: type[RecordTableModel] = RecordTableModel

    current_changed = Signal(object)  # the selected record id, or None
    status_message = Signal(str)

    def __init__(
        self,
        operations: Operations,
        spec: TableSpec,
        parent: QWidget | None = None,
        settings: LocalSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{spec.name}")
        self.operations = operations
        self.settings = settings
        self.model = self.model_class(operations, spec, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setToolTip(
            self.tr("Every word must match the start of a word; Chinese matches as a phrase")
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.view = QTableView(self)
        self.view.setObjectName(f"table_{spec.name}")
        self.view.setModel(self.model)
        # No sort until the user clicks a header (or a saved layout has one): rows come in
        # id order, which needs no sorting of a million rows on opening, and the first
        # click sorts ascending.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        for index, column in enumerate(spec.columns):
            self.view.setColumnWidth(index, column.width)
        self._restore_layout()
        header.sectionResized.connect(self._save_layout)
        header.sectionMoved.connect(self._save_layout)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(self.model.id_at(current.row()))
        )
        # The ids arrive from the database worker: count and selection follow them, the
        # first page at once, the rest of a long listing a moment later.
        self._reselect: int | None = None
        self.model.modelReset.connect(self._ids_shown)
        self.model.listing_complete.connect(self._ids_shown)
        self.model.loading_changed.connect(self._show_loading)

        self.tools = QHBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        # The buttons on a row of their own: with Russian labels they would not fit
        # beside the search box in a 1024-pixel window.
        tools_row = QHBoxLayout()
        tools_row.addLayout(self.tools)
        tools_row.addStretch(1)
        # A page-wide action may sit beside the search box instead (see ProductsPage).
        self.search_row = top
        self.body = QVBoxLayout(self)
        self.body.addLayout(top)
        self.body.addLayout(tools_row)
        self.body.addWidget(self.view, 1)

    # Layout memory -----------------------------------------------------------
    def _layout_key(self) -> str:
        return f"table/{self.model.spec.name}/header"

    def _restore_layout(self) -> None:
        if self.settings is None:
            return
        state = self.settings.state(self._layout_key())
        if state is not None:
            self.view.horizontalHeader().restoreState(state)

    def _save_layout(self, *_args: object) -> None:
        if self.settings is not None:
            self.settings.set_state(self._layout_key(), self.view.horizontalHeader().saveState())

    # Behaviour ---------------------------------------------------------------
    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())
        self._update_count()

    def refresh(self, select: int | None = None) -> None:
        """Reload from the database; then select ``select``, else the record selected now."""
        self._reselect = select if select is not None else self.current_id()
        self.model.refresh()
        self._update_count()

    def _ids_shown(self) -> None:
        self._update_count()
        selected = self._reselect
        if selected is None:
            return
        if self.model.row_of(selected) is not None or not self.model.counting:
            # Found, or listed in full without it; else it may be further down.
            self._reselect = None
            self.select_id(selected)

    def _show_loading(self, _loading: bool) -> None:
        self._update_count()

    def current_id(self) -> int | None:
        """The id of the selected record."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: int) -> None:
        """Select and show the row of ``record_id`` if it is listed."""
        row = self.model.row_of(record_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _update_count(self) -> None:
        if self.model.loading:
            self.count_label.setText(self.tr("Loading…"))
            return
        # Qt looks plural forms up in the declaring class only: name it, for subclasses.
        if self.model.counting:
            text = QCoreApplication.translate(
                "TablePage", "at least %n record(s), counting…", None, len(self.model.ids)
            )
        else:
            text = QCoreApplication.translate(
                "TablePage", "%n record(s)", None, len(self.model.ids)
            )
        self.count_label.setText(text)
