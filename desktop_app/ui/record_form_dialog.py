"""A record form with live validation: every field shows its problem while the user types.

Subclasses add their fields and say how to read the form, validate it (a pure core
function returning a :class:`~desktop_app.core.services.forms.FormCheck`) and save it.
Required fields are marked, Save is enabled only when the form is valid and changed, and
closing a changed form asks whether to save, discard or keep editing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.errors import InputError, UserError
from desktop_app.core.services.forms import FormCheck
from desktop_app.core.validation import Severity
from desktop_app.ui.operations import Operations

ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#b26a00"


class RecordFormDialog(QDialog):
    """The shared behaviour of the company and product forms."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("record_form")
        self.fields: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.layout_form = QFormLayout()
        self.layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button: QPushButton = save
        self.save_button.setToolTip(self.tr("Save (Ctrl+S); enabled when every field is valid"))
        self.save_button.setShortcut("Ctrl+S")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("Fields marked * are required."), self)
        note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.layout_form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._initial: Any = None
        self.saved: Any = None
        self.saving = False
        # Set by the subclass: the door its record is saved through.
        self.operations: Operations
        self.check: FormCheck | None = None

    # Building ------------------------------------------------------------------
    def _add_row(self, key: str, label: str, widget: QWidget, required: bool, tip: str) -> None:
        widget.setObjectName(f"field_{key}")
        if tip:
            widget.setToolTip(tip)
        message = QLabel(self)
        message.setObjectName(f"message_{key}")
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message.hide()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(message)
        text = f"{label} *" if required else label
        caption = QLabel(text, self)
        caption.setBuddy(widget)
        self.layout_form.addRow(caption, box)
        self.fields[key] = widget
        self.messages[key] = message

    def add_line(self, key: str, label: str, required: bool = False, tip: str = "") -> QLineEdit:
        """A one-line text field."""
        edit = QLineEdit(self)
        edit.textChanged.connect(self.revalidate)
        self._add_row(key, label, edit, required, tip)
        return edit

    def add_text(self, key: str, label: str, tip: str = "") -> QPlainTextEdit:
        """A multi-line text field; Tab moves on instead of typing a tab."""
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(70)
        edit.textChanged.connect(self.revalidate)
        self._add_row(key, label, edit, False, tip)
        return edit

    def add_combo(
        self, key: str, label: str, items: list[tuple[Any, str]], required: bool = False
    ) -> QComboBox:
        """A choice from ``items`` given as (data, text)."""
        combo = QComboBox(self)
        for data, text in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.revalidate)
        self._add_row(key, label, combo, required, "")
        return combo

    def text_of(self, key: str) -> str:
        """The text in field ``key``."""
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        raise TypeError(key)

    def set_text(self, key: str, value: str) -> None:
        """Put ``value`` into field ``key``."""
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))

    # What subclasses provide -------------------------------------------------
    def read_form(self) -> Any:
        """The form dataclass of what the fields hold."""
        raise NotImplementedError

    def validate(self, form: Any) -> FormCheck:
        """The core's check of ``form``."""
        raise NotImplementedError

    def save_form(self, session: Session, form: Any) -> Any:
        """Save through the core service in ``session`` (on the worker); the saved record."""
        raise NotImplementedError

    # Behaviour -----------------------------------------------------------------
    def start(self, form: Any) -> None:
        """Fill the fields from ``form`` and remember it as the unchanged state."""
        for key in self.fields:
            if hasattr(form, key) and not isinstance(self.fields[key], QComboBox):
                self.set_text(key, str(getattr(form, key) or ""))
        self._initial = self.read_form()
        self.revalidate()

    @property
    def dirty(self) -> bool:
        """True when the fields differ from the record as opened."""
        return self._initial is not None and self.read_form() != self._initial

    def revalidate(self) -> None:
        """Check the form again and show every field's finding."""
        if self._initial is None:
            return
        check = self.validate(self.read_form())
        self.check = check
        for key, label in self.messages.items():
            finding = check.findings.get(key)
            hint = check.hints.get(key)
            if finding is not None and self.is_searching(key):
                # Words typed into a field that searches are a query, not a wrong value.
                finding, hint = None, self.search_hint(key)
            if finding is not None:
                colour = ERROR_COLOUR if finding.severity is Severity.ERROR else WARNING_COLOUR
                label.setStyleSheet(f"color: {colour}")
                label.setText(finding.message)
                label.show()
            elif hint:
                label.setStyleSheet("")
                label.setText(hint)
                label.show()
            else:
                label.clear()
                label.hide()
            self.fields[key].setAccessibleDescription(label.text())
        self.save_button.setEnabled(check.ok and self.dirty)

    def is_searching(self, key: str) -> bool:
        """True while the user types words to search for a value of ``key`` (no error yet)."""
        return False

    def search_hint(self, key: str) -> str:
        """What the field says while it is being searched."""
        return ""

    def show_field_error(self, key: str, message: str) -> None:
        """Show an error from saving beside its field."""
        label = self.messages.get(key)
        if label is None:
            QMessageBox.warning(self, self.windowTitle(), message)
            return
        label.setStyleSheet(f"color: {ERROR_COLOUR}")
        label.setText(message)
        label.show()
        self.fields[key].setFocus()

    def _save(self) -> None:
        if self.check is None or not self.check.ok or self.saving:
            return
        form = self.read_form()
        self.saving = True
        self.save_button.setEnabled(False)
        self.operations.write(
            lambda session: self.save_form(session, form),
            lambda record: self._saved(record, form),
            failed=self._not_saved,
            parent=self,
        )

    def _saved(self, record: Any, form: Any) -> None:
        self.saving = False
        self.saved = record
        self._initial = form
        self.accept()

    def _not_saved(self, exc: UserError) -> None:
        self.saving = False
        self.revalidate()
        if isinstance(exc, InputError) and exc.location.field:
            self.show_field_error(exc.location.field, exc.reason)
        else:
            QMessageBox.warning(self, self.windowTitle(), exc.message)

    def reject(self) -> None:
        """Cancel, asking first when there are unsaved changes."""
        if self.dirty:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Save your changes before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self._save()
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.result() != QDialog.DialogCode.Accepted:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
