"""The Products screen: products with their form, duplicate, archive and restore."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.browse import table_spec
from desktop_app.core.services.name_suggestions import (
    Proposal,
    propose_missing_names,
    store_suggestions,
)
from desktop_app.core.services.products import (
    ProductRecord,
    duplicate_product,
    get_product,
    set_product_status,
)
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.name_suggestions_dialog import NameSuggestionsDialog
from desktop_app.ui.operations import Operations
from desktop_app.ui.product_form_dialog import ProductFormDialog
from desktop_app.ui.record_actions_page import RecordActionsPage


class ProductsPage(RecordActionsPage):
    """Products table with New, Edit, Duplicate, Archive and Restore."""

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(operations, table_spec("products"), settings, parent)
        self.duplicate_button = self._button(
            self.tr("&Duplicate"), self.duplicate_current, "Ctrl+D"
        )
        self.suggest_button = self._button(
            self.tr("Suggest &missing names…"), self.suggest_missing_names, "Ctrl+Shift+N"
        )
        self.suggest_button.setObjectName("suggest_missing_names")
        # It acts on the whole catalogue, not the selected row: beside the search box,
        # which also keeps the row of buttons within a 1024-pixel window in Russian.
        self.tools.removeWidget(self.suggest_button)
        self.search_row.addWidget(self.suggest_button)

    def suggest_missing_names(self) -> None:
        """Propose Chinese and English names for products without them, for review."""

        self.suggest_button.setEnabled(False)
        self.operations.read(
            lambda session: propose_missing_names(session),
            self._review_proposals,
            failed=self.show_problem,
            parent=self,
            after=lambda: self.suggest_button.setEnabled(True),
        )

    def _review_proposals(self, proposals: list[Proposal]) -> None:
        """Show the proposals for review; store the chosen ones at the versions shown."""
        if not proposals:
            self.status_message.emit(
                self.tr("Every product has Chinese and English names or no suggestion.")
            )
            return
        dialog = NameSuggestionsDialog(proposals, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()  # each carries the version its product was read at

        def stored(count: int) -> None:
            self.refresh()
            self.status_message.emit(self.tr("{count} suggested names stored.").format(count=count))

        self.operations.write(
            lambda session: store_suggestions(session, chosen),
            stored,
            failed=self.show_problem,
            parent=self,
        )

    def create_record(self) -> None:
        """Open an empty product form."""
        self._open(ProductFormDialog(self.operations, parent=self))

    def edit(self, record_id: int) -> None:
        """Open the form of product ``record_id`` once it is read."""
        self.operations.read(
            lambda session: get_product(session, record_id),
            lambda record: self._open(ProductFormDialog(self.operations, record, parent=self)),
            failed=self.show_problem,
            parent=self,
        )

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
        self.operations.write(
            lambda session: duplicate_product(session, record_id),
            lambda copy: self.after_save(copy.id, self.tr("Product duplicated as a draft.")),
            failed=self.show_problem,
            parent=self,
        )

    def set_archived(self, record_id: int, archived: bool, seen_version: int) -> None:
        """Archive or restore product ``record_id`` at the version shown in the table."""
        status = ProductStatus.ARCHIVED if archived else ProductStatus.ACTIVE

        def archive(session: Session) -> ProductRecord:
            return set_product_status(session, record_id, status, seen_version)

        def done(_record: ProductRecord) -> None:
            self.refresh()
            self.status_message.emit(
                self.tr("Product archived.") if archived else self.tr("Product restored.")
            )

        self.operations.write(archive, done, failed=self.show_problem, parent=self)
