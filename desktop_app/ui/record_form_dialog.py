"""A record form with live validation: a field shows its problem once the user has left it.

Subclasses add their fields and say how to read the form, validate it (a pure core
function returning a :class:`~desktop_app.core.services.forms.FormCheck`) and save it.
Required fields are marked. A field's error appears when the user leaves the field (from
then on it follows the typing) or presses Save, which then saves nothing and goes to the
first field in error; hints and notes (an HS code's description, "read as CNY") show at
once. Each message has its line reserved, so the form does not jump as they come and go.
The first empty field has the focus when the form opens, and closing a changed form asks
whether to save, discard or keep editing.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
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
        # Fields whose errors are shown: left by the user, or all after a Save attempt.
        self.touched: set[str] = set()
        self._focused_once = False
        self.layout_form = QFormLayout()
        self.layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button: QPushButton = save
        self.save_button.setToolTip(
            self.tr("Save (Ctrl+S); a field with a problem is shown and nothing is saved")
        )
        self.save_button.setShortcut("Ctrl+S")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.note = QLabel(self.tr("Fields marked * are required."), self)
        self.note.setEnabled(False)
        self.note.setWordWrap(True)
        note = self.note
        # The fields scroll, so a long form fits a small screen (1024×700) with its buttons.
        fields = QWidget(self)
        fields.setLayout(self.layout_form)
        self.field_scroll = QScrollArea(self)
        self.field_scroll.setWidgetResizable(True)
        self.field_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.field_scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field_scroll, 1)
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
        # One line kept for the message even when empty, so the form never jumps.
        message.setMinimumHeight(message.fontMetrics().lineSpacing())
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
        edit.editingFinished.connect(lambda: self.touch(key))
        self._add_row(key, label, edit, required, tip)
        return edit

    def add_text(self, key: str, label: str, tip: str = "") -> QPlainTextEdit:
        """A multi-line text field; Tab moves on instead of typing a tab."""
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(70)
        edit.textChanged.connect(self.revalidate)
        edit.installEventFilter(self)
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
        combo.activated.connect(lambda _index: self.touch(key))
        combo.installEventFilter(self)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for key, widget in self.fields.items():
                if widget is watched:
                    self.touch(key)
        return super().eventFilter(watched, event)

    def touch(self, key: str) -> None:
        """The user left field ``key``: show its findings from now on."""
        if key not in self.touched:
            self.touched.add(key)
            self.revalidate()

    def first_field(self) -> QWidget | None:
        """The field to start typing in: the first empty one of a new record, else the first."""
        new_record = getattr(self, "record", None) is None
        for key, widget in self.fields.items() if new_record else ():
            if widget.isEnabled() and not self.text_of(key).strip():
                return widget
        return next(iter(self.fields.values()), None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            screen = self.screen()
            if screen is not None:
                room = screen.availableGeometry().height() - 60
                if self.height() > room:
                    self.resize(self.width(), max(room, 300))
            first = self.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

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
        # A record opened with something in a field shows that field's problems at once.
        self.touched = {key for key in self.fields if self.text_of(key).strip()}
        # Enter saves (or shows what is missing), never cancels.
        self.save_button.setDefault(True)
        widgets = list(self.fields.values())
        for before, after in itertools.pairwise(widgets):
            QWidget.setTabOrder(before, after)
        self.revalidate()

    @property
    def dirty(self) -> bool:
        """True when the fields differ from the record as opened."""
        return self._initial is not None and self.read_form() != self._initial

    def revalidate(self) -> None:
        """Check the form again; show the findings of the fields left, and every hint."""
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
            elif finding is not None and finding.severity is Severity.ERROR:
                # An error waits until the user has left the field; a warning is a note.
                finding = finding if key in self.touched else None
            if finding is not None:
                colour = ERROR_COLOUR if finding.severity is Severity.ERROR else WARNING_COLOUR
                label.setStyleSheet(f"color: {colour}")
                label.setText(finding.message)
            elif hint:
                label.setStyleSheet("")
                label.setText(hint)
            else:
                label.clear()
            self.fields[key].setAccessibleDescription(label.text())
        # Words being searched are not a value to save yet.
        searching = any(self.is_searching(key) for key in self.fields)
        self.save_button.setEnabled(self.dirty and not searching)

    def shown_error(self, key: str) -> str:
        """The error shown beside field ``key`` now, or ``""``."""
        finding = self.check.findings.get(key) if self.check and key in self.touched else None
        return finding.message if finding and finding.severity is Severity.ERROR else ""

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
        self.fields[key].setFocus()

    def _save(self) -> None:
        if self.saving:
            return
        self.revalidate()
        if self.check is None:
            return
        if not self.check.ok:
            # Saving shows every problem, and goes to the first.
            self.touched = set(self.fields)
            self.revalidate()
            errors = self.check.errors()
            first = next((key for key in self.fields if key in errors), None)
            if first is not None:
                self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(errors.values()))
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
