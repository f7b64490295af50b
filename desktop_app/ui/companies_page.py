"""The Companies screen: exporters, with their form."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy.orm import Session

from desktop_app.core.services.browse import table_spec
from desktop_app.core.services.companies import CompanyRecord, get_company, set_company_archived
from desktop_app.ui.company_form_dialog import CompanyFormDialog
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_actions_page import RecordActionsPage


class CompaniesPage(RecordActionsPage):
    """Companies table with New, Edit, Archive and Restore."""

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(operations, table_spec("companies"), settings, parent)

    def create_record(self) -> None:
        """Open an empty company form."""
        self._open(CompanyFormDialog(self.operations, None, self))

    def edit(self, record_id: int) -> None:
        """Open the form of company ``record_id`` once it is read."""
        self.operations.read(
            lambda session: get_company(session, record_id),
            lambda record: self._open(CompanyFormDialog(self.operations, record, self)),
            failed=self.show_problem,
            parent=self,
        )

    def _open(self, dialog: CompanyFormDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.after_save(
                dialog.saved.id, self.tr("Company “{name}” saved.").format(name=dialog.saved.name)
            )

    def set_archived(self, record_id: int, archived: bool, seen_version: int) -> None:
        """Archive or restore company ``record_id`` at the version shown in the table."""

        def archive(session: Session) -> CompanyRecord:
            return set_company_archived(session, record_id, archived, seen_version)

        def done(_record: CompanyRecord) -> None:
            self.refresh()
            self.status_message.emit(
                self.tr("Company archived.") if archived else self.tr("Company restored.")
            )

        self.operations.write(archive, done, failed=self.show_problem, parent=self)
