"""Bulk accept: choose a score threshold, see how many candidates it takes, confirm."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.review import (
    BulkSelection,
    ReviewFilters,
    select_for_bulk_accept,
)
from desktop_app.ui.operations import Operations

DEFAULT_THRESHOLD = 85.0


class BulkAcceptDialog(QDialog):
    """Shows the count for the threshold as it changes; Accept is the confirmation."""

    def __init__(
        self, operations: Operations, filters: ReviewFilters, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accept matches in bulk"))
        self.setObjectName("bulk_accept")
        self.operations = operations
        self.filters = filters
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(0)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setToolTip(self.tr("Accept candidates scoring this much or more"))
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.count = 0
        # What the confirmation shows, with versions: the accept only takes these.
        self.selection = BulkSelection(DEFAULT_THRESHOLD, ())
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
        layout.addWidget(buttons)
        self.threshold.valueChanged.connect(self.update_preview)
        self.update_preview()

    def update_preview(self) -> None:
        """Read, on the worker, what the threshold would accept under the current filters.

        The selection (with the version of each match) is what Accept confirms.
        """
        threshold, filters = self.threshold.value(), self.filters
        self.accept_button.setEnabled(False)
        self.operations.read(
            lambda session: select_for_bulk_accept(session, threshold, filters),
            lambda selection: self._show_selection(threshold, selection),
            parent=self,
        )

    def _show_selection(self, threshold: float, selection: BulkSelection) -> None:
        if threshold != self.threshold.value():
            return  # a newer selection is on its way
        self.selection = selection
        self.count = len(selection)
        self.preview.setText(
            self.tr(
                "%n undecided candidate(s) with the verdict “suggested” will be accepted "
                "and stamped with your name.",
                "",
                self.count,
            )
        )
        self.accept_button.setEnabled(self.count > 0)
