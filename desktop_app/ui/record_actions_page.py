"""A table page with New / Edit / Archive / Restore buttons, their shortcuts, and a
"Show archived" switch: what the Companies and Products screens share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton, QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.services.browse import TableSpec, hide_archived
from desktop_app.ui.local_settings import LocalSettings, current_actor
from desktop_app.ui.operations import Operations
from desktop_app.ui.table_page import TablePage


class RecordActionsPage(TablePage):
    """Subclasses implement :meth:`create_record`, :meth:`edit` and :meth:`set_archived`."""

    def __init__(
        self,
        operations: Operations,
        spec: TableSpec,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(operations, spec, parent, settings)
        self.new_button = self._button(self.tr("&New"), self.create_record, "Ctrl+N")
        self.edit_button = self._button(self.tr("&Edit"), self.edit_current, "Return")
        self.archive_button = self._button(
            self.tr("&Archive"), lambda: self._archive(True), QKeySequence.StandardKey.Delete
        )
        self.restore_button = self._button(
            self.tr("Res&tore"), lambda: self._archive(False), "Ctrl+R"
        )
        self.show_archived = QCheckBox(self.tr("Show archived"), self)
        self.show_archived.toggled.connect(self._apply_archived_filter)
        self.tools.addWidget(self.show_archived)
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        self.current_changed.connect(self._update_buttons)
        self._apply_archived_filter(False)

    def _button(
        self, text: str, slot: object, shortcut: str | QKeySequence.StandardKey
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        sequence = QKeySequence(shortcut)
        button.setToolTip(f"{text.replace('&', '')} ({sequence.toString()})")
        # Return and Delete act on the table only, not inside the search field; the other
        # shortcuts work anywhere on this page (pages are stacked, so they never clash).
        on_table = sequence in (
            QKeySequence("Return"),
            QKeySequence(QKeySequence.StandardKey.Delete),
        )
        key = QShortcut(sequence, self.view if on_table else self)
        key.setContext(
            Qt.ShortcutContext.WidgetShortcut
            if on_table
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        key.activated.connect(slot)
        self.tools.addWidget(button)
        return button

    @property
    def actor(self) -> str:
        """Who the changes are recorded as (:func:`current_actor`)."""
        return current_actor(self.settings)

    def _apply_archived_filter(self, show: bool) -> None:
        self.model.conditions = [] if show else hide_archived(self.model.spec)
        self.refresh()

    def _update_buttons(self, record_id: object) -> None:
        self.edit_button.setEnabled(record_id is not None)
        self.archive_button.setEnabled(record_id is not None)
        self.restore_button.setEnabled(record_id is not None)

    def edit_current(self) -> None:
        """Open the selected record's form."""
        record_id = self.current_id()
        if record_id is not None:
            self.edit(record_id)

    def _archive(self, archived: bool, again: bool = True) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        seen = self.model.version_at(self.view.currentIndex().row())
        if seen is None:
            if again:
                # The row (and its version) is still being read: the worker answers in
                # order, so once this empty read comes back the row is there.
                self.operations.read(
                    lambda _session: None, lambda _: self._archive(archived, False)
                )
            return
        self.set_archived(record_id, archived, seen)

    def show_problem(self, error: UserError) -> None:
        """Show an expected problem of a write (a conflict, a bad field) and reload."""
        QMessageBox.warning(self, self.windowTitle() or "ExportMatch", error.message)
        self.refresh()

    def after_save(self, record_id: int, message: str) -> None:
        """Reload, select the saved record and say what happened."""
        self.refresh(select=record_id)
        self.status_message.emit(message)

    # What subclasses provide -------------------------------------------------
    def create_record(self) -> None:
        """Open an empty form."""
        raise NotImplementedError

    def edit(self, record_id: int) -> None:
        """Open the form of ``record_id``."""
        raise NotImplementedError

    def set_archived(self, record_id: int, archived: bool, seen_version: int) -> None:
        """Archive or restore ``record_id``, changed by nobody since ``seen_version``."""
        raise NotImplementedError
