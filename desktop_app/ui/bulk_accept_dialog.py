"""Bulk accept: choose a score threshold, see what it takes (line, product, score), confirm."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.review import (
    BulkPreviewRow,
    BulkSelection,
    ReviewFilters,
    bulk_preview_rows,
    select_for_bulk_accept,
)
from desktop_app.ui.operations import Operations

DEFAULT_THRESHOLD = 85.0


class BulkAcceptDialog(QDialog):
    """Lists what the threshold takes as it changes; Accept is the confirmation."""

    def __init__(
        self, operations: Operations, filters: ReviewFilters, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accept matches in bulk"))
        self.setObjectName("bulk_accept")
        self.resize(720, 480)
        self.operations = operations
        self.filters = filters
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(0)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setToolTip(
            self.tr("Accept candidates whose score, as the list shows it, is this much or more")
        )
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("bulk_accept_rows")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Wanted product"), self.tr("Offered product"), self.tr("Score")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # What Accept takes: the candidates listed, at the versions read (see review.py).
        self.selection = BulkSelection(DEFAULT_THRESHOLD, ())
        self.rows: list[BulkPreviewRow] = []
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.accept_button: QPushButton = buttons.addButton(
            self.tr("Accept them"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Minimum score"), self.threshold)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.threshold.valueChanged.connect(self.update_preview)
        self.update_preview()

    @property
    def count(self) -> int:
        """How many candidates Accept would take."""
        return len(self.selection)

    def update_preview(self) -> None:
        """Read, on the worker, what the threshold would accept under the current filters.

        The selection (with the version of each match) is what Accept confirms; the rows
        listed are the best of it (line, product, score as shown).
        """
        threshold, filters = self.threshold.value(), self.filters
        self.accept_button.setEnabled(False)
        self.operations.read(
            lambda session: (
                select_for_bulk_accept(session, threshold, filters),
                bulk_preview_rows(session, threshold, filters),
            ),
            lambda read: self._show_selection(threshold, *read),
            parent=self,
        )

    def _show_selection(
        self, threshold: float, selection: BulkSelection, rows: list[BulkPreviewRow]
    ) -> None:
        if threshold != self.threshold.value():
            return  # a newer selection is on its way
        self.selection = selection
        self.rows = rows
        text = self.tr(
            "%n undecided candidate(s) with the verdict “suggested” will be accepted "
            "and stamped with your name.",
            "",
            self.count,
        )
        if len(self.rows) < self.count:
            text += " " + self.tr("The {shown} best are listed.").format(shown=len(self.rows))
        self.preview.setText(text)
        self.table.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            for column, value in enumerate((item.demand_text, item.product_name, item.score)):
                cell = QTableWidgetItem(str(value))
                cell.setToolTip(str(value))
                self.table.setItem(row, column, cell)
        self.accept_button.setEnabled(self.count > 0)
