"""Close a request (fulfilled, withdrawn, expired) or mark it "no supplier", with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from desktop_app.core.domain.enums import LineOutcome
from desktop_app.ui.labels import outcome_title


class CloseRequestDialog(QDialog):
    """Choose the outcome and give the reason."""

    def __init__(self, request_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("close_request_dialog")
        self.setWindowTitle(self.tr("Close request"))
        self.outcome = QComboBox(self)
        for outcome in LineOutcome:
            self.outcome.addItem(outcome_title(outcome), outcome.value)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("why, for the buyer's file"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Request"), QLineEdit(request_text, self, readOnly=True))
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(buttons)

    def chosen(self) -> tuple[LineOutcome, str]:
        """The outcome and reason given."""
        return LineOutcome(self.outcome.currentData()), self.reason.text().strip()
