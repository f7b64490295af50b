"""The import wizard: file, sheet and header, mapping, a dry run, the import and its report.

Every step that reads the file or the database runs on the worker thread through the
window's :class:`~desktop_app.ui.tasks.TaskManager`; the pages only show what comes back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.ui.import_pages import FilePage, LayoutPage, MappingPage
from desktop_app.ui.import_run_pages import CheckPage, ResultPage
from desktop_app.ui.import_state import ImportDraft
from desktop_app.ui.tasks import Task, TaskManager


class ImportWizard(QWizard):
    """Guides one file into the database."""

    imported = Signal(object)  # the ImportSummary of a finished import
    status_message = Signal(str)

    FILE, LAYOUT, MAPPING, CHECK, RESULT = range(5)

    def __init__(
        self,
        database: Database,
        tasks: TaskManager,
        parent: QWidget | None = None,
        path: Path | None = None,
        kind: ImportKind = ImportKind.DEMAND,
        actor: str | None = "gui",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import"))
        self.database = database
        self.tasks = tasks
        self.actor = actor
        self.draft = ImportDraft(kind=kind)
        self.file_page = FilePage(self)
        self.layout_page = LayoutPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.result_page = ResultPage(self)
        for number, page in enumerate(
            (self.file_page, self.layout_page, self.mapping_page, self.check_page, self.result_page)
        ):
            self.setPage(number, page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.resize(960, 640)
        if path is not None:
            self.file_page.set_path(path)

    def run_task(self, task: Task) -> None:
        """Run ``task`` on the worker thread with this wizard's progress dialog."""
        self.tasks.run(task, self)

    def status(self, message: str) -> None:
        """A message for the main window's status bar."""
        self.status_message.emit(message)

    def reject(self) -> None:
        # Closing while the import runs would leave its result nowhere to go; the
        # progress dialog's Cancel is the way to stop it.
        if self.tasks.busy:
            return
        super().reject()
