"""The import wizard: file, sheet and header, mapping, a dry run, the import and its report.

Every step that reads the file or the database runs on the worker thread through the
window's :class:`~desktop_app.ui.operations.Operations`; the pages only show what comes
back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing import ImportSummary
from desktop_app.ui.import_check_page import CheckPage
from desktop_app.ui.import_file_page import FilePage
from desktop_app.ui.import_layout_page import LayoutPage
from desktop_app.ui.import_mapping_page import MappingPage
from desktop_app.ui.import_result_page import ResultPage
from desktop_app.ui.import_state import ImportDraft
from desktop_app.ui.operations import Operations


class ImportWizard(QWizard):
    """Guides one file into the database."""

    imported = Signal(object)  # the ImportSummary of a finished import
    status_message = Signal(str)

    FILE, LAYOUT, MAPPING, CHECK, RESULT = range(5)

    def __init__(
        self,
        operations: Operations,
        parent: QWidget | None = None,
        path: Path | None = None,
        kind: ImportKind = ImportKind.DEMAND,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import"))
        self.operations = operations
        self.draft = ImportDraft(kind=kind)
        # The pages see the wizard only as an ImportHost (import_state.py).
        self.file_page = FilePage(self, self)
        self.layout_page = LayoutPage(self, self)
        self.mapping_page = MappingPage(self, self)
        self.check_page = CheckPage(self, self)
        self.result_page = ResultPage(self, self)
        for number, page in enumerate(
            (self.file_page, self.layout_page, self.mapping_page, self.check_page, self.result_page)
        ):
            self.setPage(number, page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.resize(960, 640)
        if path is not None:
            self.file_page.set_path(path)

    def status(self, message: str) -> None:
        """A message for the main window's status bar."""
        self.status_message.emit(message)

    def finished_import(self, summary: ImportSummary) -> None:
        """Tell the window the import is done (it refreshes the screen)."""
        self.imported.emit(summary)

    def reject(self) -> None:
        # Closing while the import runs would leave its result nowhere to go; the
        # progress dialog's Cancel is the way to stop it.
        if self.operations.busy:
            return
        super().reject()
