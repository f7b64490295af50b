"""Settings: this machine's (database, language, reviewer) and the office's shared ones.

The shared options (matching weights and thresholds, import limits, backups) are not
listed here by hand: every ``Scope.DATABASE`` option declared in
:mod:`desktop_app.core.settings` gets an editor chosen by its type, grouped by the part
of its key before the slash.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.database.session import check_connection
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.os_user import ACTOR_CHARS, system_user_name
from desktop_app.core.settings import (
    DATABASE_URL,
    LANGUAGE,
    OPTIONS,
    REVIEWER,
    Option,
    Scope,
    all_settings,
    set_setting,
)
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.operations import Operations
from desktop_app.ui.translations import LANGUAGES

log = logging.getLogger(__name__)


def declare_matching_options() -> None:
    """Import the matcher's configuration, which declares its options, when it loads."""
    try:
        importlib.import_module("desktop_app.core.matching.config")
    except Exception:  # the dialog still edits every other option
        log.exception("matching options unavailable")


class SettingsDialog(QDialog):
    """Edit local and shared settings; shared ones are saved in one transaction."""

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        declare_matching_options()
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settings_dialog")
        self.operations = operations
        self.settings = settings
        self.editors: dict[str, QWidget] = {}
        self.language_changed = False

        local = QGroupBox(self.tr("This computer"), self)
        form = QFormLayout(local)
        self.database_url = QLineEdit(str(settings.get(DATABASE_URL) or ""), self)
        self.database_url.setPlaceholderText(operations.description)
        self.database_url.setToolTip(
            self.tr("A SQLite file, or postgresql://user:password@host/dbname; empty: default")
        )
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        row = QHBoxLayout()
        row.addWidget(self.database_url, 1)
        row.addWidget(browse)
        row.addWidget(self.test_button)
        form.addRow(self.tr("Database"), row)
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        form.addRow("", self.test_result)
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get(LANGUAGE))))
        form.addRow(self.tr("Interface language"), self.language)
        # Until one is saved, the operating system's name for the user is offered.
        self.reviewer = QLineEdit(str(settings.get(REVIEWER) or system_user_name()), self)
        self.reviewer.setToolTip(self.tr("Stamped on every review decision you make"))
        self.reviewer.setMaxLength(ACTOR_CHARS)
        form.addRow(self.tr("Reviewer name"), self.reviewer)

        shared = QWidget(self)
        shared_layout = QVBoxLayout(shared)
        groups: dict[str, QFormLayout] = {}
        for key, option in OPTIONS.items():
            if option.scope is not Scope.DATABASE:
                continue
            group = key.split("/")[0]
            if group not in groups:
                box = QGroupBox(self._group_title(group), shared)
                groups[group] = QFormLayout(box)
                shared_layout.addWidget(box)
            editor = self._editor(option, option.default)
            editor.setObjectName(f"option_{key}")
            groups[group].addRow(tr(option.title), editor)
            self.editors[key] = editor
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(shared)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # The shared values are read on the worker; Save waits for them.
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        operations.read(all_settings, self._show_values, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(local)
        layout.addWidget(QLabel(self.tr("Shared by everybody using this database:"), self))
        self.rates_button = QPushButton(self.tr("Exchange &rates…"), self)
        self.rates_button.setToolTip(self.tr("Rates used to compare prices in other currencies"))
        self.rates_button.clicked.connect(self.open_rates)
        layout.addWidget(self.rates_button)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # Wide enough for the longest option title beside its editor (the Russian ones
        # are): a few pixels short and the options scrolled sideways.
        scroll.setMinimumWidth(
            shared.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        self.resize(640, 720)

    def open_rates(self) -> None:
        """Show the office's exchange rates, to add, import or delete some."""
        from desktop_app.ui.exchange_rates_dialog import ExchangeRatesDialog

        ExchangeRatesDialog(self.operations, self.reviewer.text().strip(), self).exec()

    def _group_title(self, group: str) -> str:
        titles = {
            "match": self.tr("Matching"),
            "import": self.tr("Import limits"),
            "backup": self.tr("Backups"),
            "export": self.tr("Export"),
            "rates": self.tr("Exchange rates"),
            "deal": self.tr("Deal fit and pooled offers"),
        }
        return titles.get(group, group.capitalize())

    def _editor(self, option: Option, value: Any) -> QWidget:
        if isinstance(option.default, bool):
            check = QCheckBox(self)
            check.setChecked(bool(value))
            return check
        if isinstance(option.default, int):
            spin = QSpinBox(self)
            spin.setRange(int(option.minimum or 0), int(option.maximum or 2_000_000_000))
            spin.setValue(int(value))
            return spin
        if isinstance(option.default, float):
            double = QDoubleSpinBox(self)
            double.setDecimals(2)
            double.setRange(option.minimum or 0.0, option.maximum or 1e9)
            double.setValue(float(value))
            return double
        if option.choices:
            combo = QComboBox(self)
            combo.addItems(list(option.choices))
            combo.setCurrentText(str(value))
            return combo
        return QLineEdit(str(value), self)

    def _show_values(self, values: dict[str, Any]) -> None:
        for key, editor in self.editors.items():
            value = values.get(key, OPTIONS[key].default)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(str(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
        self.save_button.setEnabled(True)

    @staticmethod
    def editor_value(editor: QWidget) -> Any:
        """The value an option editor holds."""
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        raise TypeError(editor)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("SQLite database file"),
            self.database_url.text(),
            self.tr("SQLite databases (*.sqlite3 *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.database_url.setText(path)

    def test_connection(self) -> None:
        """Try the database URL on the worker thread and report the outcome."""
        url = self.database_url.text().strip() or None
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Connecting…"))

        def done(description: str) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(self.tr("Connected to {name}.").format(name=description))

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            reason = exc.message if isinstance(exc, UserError) else str(exc)
            self.test_result.setText(self.tr("Cannot connect: {reason}").format(reason=reason))

        # Whatever went wrong is the answer, shown beside the button.
        self.operations.elsewhere(
            lambda _progress: check_connection(url),
            done,
            failed=lambda _error: None,
            on_failure=failed,
        )

    def save(self) -> None:
        """Store everything; a bad shared value keeps the dialog open and says which."""
        values = {key: self.editor_value(editor) for key, editor in self.editors.items()}

        def store(session: Session) -> None:
            for key, value in values.items():
                set_setting(session, OPTIONS[key], value)

        self.save_button.setEnabled(False)
        self.operations.write(store, lambda _none: self._saved(), failed=self._not_saved)

    def _not_saved(self, exc: UserError) -> None:
        self.save_button.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), exc.message)

    def _saved(self) -> None:
        self.language_changed = self.language.currentData() != self.settings.get(LANGUAGE)
        self.settings.set(LANGUAGE, self.language.currentData())
        self.settings.set(REVIEWER, self.reviewer.text().strip())
        self.settings.set(DATABASE_URL, self.database_url.text().strip())
        self.settings.sync()
        self.accept()
