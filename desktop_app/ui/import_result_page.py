"""The import wizard's last page: the import itself (progress, Cancel), then its report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.errors import UserError
from desktop_app.core.importing import ImportRejected, ImportSummary, import_file
from desktop_app.ui.error_reporting import show_user_error
from desktop_app.ui.import_models import ProblemsModel
from desktop_app.ui.import_state import ImportHost


class ResultPage(QWizardPage):
    """The import itself on the worker thread (progress, Cancel), then its report."""

    def __init__(self, host: ImportHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = host
        self.summary: ImportSummary | None = None
        self.finished = False
        self.setTitle(self.tr("Import"))
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.problems = ProblemsModel(self)
        self.problems_view = QTableView(self)
        self.problems_view.setModel(self.problems)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton(self.tr("&Save report…"), self)
        self.save_button.setToolTip(self.tr("Write the problems to an .xlsx or .csv file"))
        self.save_button.clicked.connect(self.ask_and_save_report)
        self.save_button.setEnabled(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(self.problems_view, 1)
        layout.addLayout(row)
        self.setCommitPage(True)

    def initializePage(self) -> None:
        draft = self.owner.draft
        path, kind = draft.path, draft.kind
        assert path is not None
        options = draft.options(actor=self.owner.operations.actor())
        self.finished, self.summary = False, None
        self.outcome.setText(self.tr("Importing {file}…").format(file=path.name))
        self.owner.operations.write(
            lambda session, progress: import_file(session, path, kind, options, progress),
            self._imported,
            failed=self._refused,
            parent=self,
            label=self.tr("Importing {file}…").format(file=path.name),
            cancelled=self._cancelled,
            on_failure=self._failed,
        )

    def _show(self, summary: ImportSummary, text: str) -> None:
        self.summary = summary
        self.outcome.setText(text)
        self.problems.set_problems(list(summary.problems))
        self.problems_view.resizeColumnsToContents()
        self.save_button.setEnabled(bool(summary.problems))

    def _imported(self, summary: ImportSummary) -> None:
        self._show(summary, self.tr("Done: {outcome}.").format(outcome=summary.describe()))
        self._finish(self.tr("Import finished: {outcome}.").format(outcome=summary.describe()))
        self.owner.finished_import(summary)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            self._show(exc.summary, exc.message)
        else:
            self.outcome.setText(
                self.tr("The import failed; nothing was written. {reason}").format(reason=exc)
            )
        self._finish(self.tr("Import failed; nothing was written."))

    def _refused(self, exc: UserError) -> None:
        # A rejected file is shown on the page with its problems; other problems in a box.
        if not isinstance(exc, ImportRejected):
            show_user_error(self, exc)

    def _cancelled(self) -> None:
        self.outcome.setText(self.tr("Import cancelled; nothing was written."))
        self._finish(self.tr("Import cancelled; nothing was written."))

    def _finish(self, message: str) -> None:
        self.finished = True
        self.owner.status(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.finished

    def ask_and_save_report(self) -> None:
        """Ask where, then write the problems as xlsx or csv."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save report"),
            "import-report.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if name:
            self.save_report(Path(name))

    def save_report(self, path: Path) -> Path | None:
        """Write the problems of the import to ``path`` (.xlsx or .csv)."""
        if self.summary is None:
            return None
        try:
            # The report writers bring openpyxl: imported when a report is saved.
            from desktop_app.core.services.import_report import write_report

            written = write_report(self.summary.problems, path)
        except (UserError, OSError) as exc:
            show_user_error(self, exc if isinstance(exc, UserError) else UserError(str(exc)))
            return None
        self.owner.status(self.tr("Report saved to {path}.").format(path=written))
        return written
