"""The Products screen: products with their form, duplicate, archive and restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.browse import table_spec
from desktop_app.core.services.name_suggestions import propose_missing_names, store_suggestions
from desktop_app.core.services.products import duplicate_product, get_product, set_product_status
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.name_suggestions_dialog import NameSuggestionsDialog
from desktop_app.ui.product_form_dialog import ProductFormDialog
from desktop_app.ui.record_actions_page import RecordActionsPage


class ProductsPage(RecordActionsPage):
    """Products table with New, Edit, Duplicate, Archive and Restore."""

    def __init__(
        self,
        database: Database,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, table_spec("products"), settings, parent)
        self.duplicate_button = self._button(
            self.tr("&Duplicate"), self.duplicate_current, "Ctrl+D"
        )
        self.suggest_button = self._button(
            self.tr("Suggest &missing names…"), self.suggest_missing_names, "Ctrl+Shift+N"
        )
        self.suggest_button.setObjectName("suggest_missing_names")

    def suggest_missing_names(self) -> None:
        """Propose Chinese and English names for products without them, for review."""

        def suggest() -> None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                with self.database.session() as session:
                    proposals = propose_missing_names(session)
            finally:
                QApplication.restoreOverrideCursor()
            if not proposals:
                self.status_message.emit(
                    self.tr("Every product has Chinese and English names or no suggestion.")
                )
                return
            dialog = NameSuggestionsDialog(proposals, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            with self.database.session(actor=self.actor) as session:
                stored = store_suggestions(session, dialog.chosen())
            self.refresh()
            self.status_message.emit(
                self.tr("{count} suggested names stored.").format(count=stored)
            )

        self._guard(suggest)

    def create_record(self) -> None:
        """Open an empty product form."""
        self._open(ProductFormDialog(self.database, self.actor, parent=self))

    def edit(self, record_id: int) -> None:
        """Open the form of product ``record_id``."""
        with self.database.session() as session:
            record = get_product(session, record_id)
        self._open(ProductFormDialog(self.database, self.actor, record, parent=self))

    def _open(self, dialog: ProductFormDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.after_save(
                dialog.saved.id, self.tr("Product “{name}” saved.").format(name=dialog.saved.name)
            )

    def duplicate_current(self) -> None:
        """Copy the selected product as a draft and select the copy."""
        record_id = self.current_id()
        if record_id is None:
            return

        def duplicate() -> None:
            with self.database.session(actor=self.actor) as session:
                copy = duplicate_product(session, record_id)
            self.after_save(copy.id, self.tr("Product duplicated as a draft."))

        self._guard(duplicate)

    def set_archived(self, record_id: int, archived: bool) -> None:
        """Archive or restore product ``record_id``."""
        status = ProductStatus.ARCHIVED if archived else ProductStatus.ACTIVE
        with self.database.session(actor=self.actor) as session:
            record = get_product(session, record_id)
            set_product_status(session, record_id, status, record.version)
        message = self.tr("Product archived.") if archived else self.tr("Product restored.")
        self.status_message.emit(message)
