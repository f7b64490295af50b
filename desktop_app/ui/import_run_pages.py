"""The last import wizard pages: the dry run with its problems, then the import and its report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.core.errors import UserError
from desktop_app.core.importing import ImportRejected, ImportSummary, import_file, validate_file
from desktop_app.ui.error_reporting import report_failure, show_user_error
from desktop_app.ui.import_models import PreviewModel, ProblemsModel
from desktop_app.ui.import_state import count_rows
from desktop_app.ui.tasks import SignalProgress, Task

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard import ImportWizard


class CheckPage(QWizardPage):
    """A dry run on the worker thread: counts, problem cells coloured, the problem list."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.summary: ImportSummary | None = None
        self.setTitle(self.tr("Check"))
        self.setSubTitle(self.tr("Nothing is written yet: this is what the import would do."))
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.preview = PreviewModel(self)
        self.preview_view = QTableView(self)
        self.preview_view.setModel(self.preview)
        self.problems = ProblemsModel(self)
        self.problems_view = QTableView(self)
        self.problems_view.setModel(self.problems)
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        self.problems_view.doubleClicked.connect(self._show_problem_cell)
        self.valid_only = QRadioButton(self.tr("Import the &valid rows, report the rest"), self)
        self.valid_only.setChecked(True)
        self.all_or_nothing = QRadioButton(
            self.tr("&All or nothing: import nothing if any row is rejected"), self
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.preview_view)
        splitter.addWidget(self.problems_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.all_or_nothing)

    def initializePage(self) -> None:
        draft = self.owner.draft
        self.summary = None
        self.preview.set_rows(draft.sheet_rows(), draft.header_row)
        self.preview.set_problems([])
        self.problems.set_problems([])
        self.counts.setText(self.tr("Checking every row…"))
        path, kind, options = draft.path, draft.kind, draft.options(dry_run=True)
        assert path is not None

        def work(progress: SignalProgress) -> ImportSummary:
            with self.owner.database.session() as session:
                return validate_file(session, path, kind, options, progress)

        self.owner.run_task(
            Task(
                work,
                on_done=self._checked,
                on_error=lambda exc, tb: self._failed(exc, tb),
                on_cancelled=lambda: self.counts.setText(self.tr("Check cancelled.")),
                label=self.tr("Checking {file}…").format(file=path.name),
            )
        )

    def _checked(self, summary: ImportSummary) -> None:
        self.summary = summary
        problems = list(summary.problems)
        counts = count_rows(summary.rows, summary.rejected, problems)
        self.counts.setText(
            self.tr(
                "{rows} rows read: {ok} OK, {rejected} rejected, {doubtful} doubtful "
                "(usable, with warnings). {problems} problems listed below."
            ).format(
                rows=summary.rows,
                ok=counts.ok,
                rejected=counts.rejected,
                doubtful=counts.doubtful,
                problems=len(problems),
            )
        )
        self.preview.set_problems(problems)
        self.problems.set_problems(problems)
        self.problems_view.resizeColumnsToContents()
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, formatted: str) -> None:
        self.counts.setText(str(exc))
        report_failure(self, exc, formatted)

    def _show_problem_cell(self, index: object) -> None:
        """Scroll the preview to the row of the double-clicked problem."""
        row_index = getattr(index, "row", lambda: -1)()
        if row_index < 0:
            return
        number = self.problems.problem(row_index).row
        for row in range(self.preview.rowCount()):
            if self.preview.row_number(row) == number:
                self.preview_view.selectRow(row)
                self.preview_view.scrollTo(self.preview.index(row, 0))
                return

    def isComplete(self) -> bool:
        return self.summary is not None and self.summary.rows > self.summary.rejected

    def validatePage(self) -> bool:
        self.owner.draft.all_or_nothing = self.all_or_nothing.isChecked()
        return True


class ResultPage(QWizardPage):
    """The import itself on the worker thread (progress, Cancel), then its report."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
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
        options = draft.options(actor=self.owner.actor)
        self.finished, self.summary = False, None
        self.outcome.setText(self.tr("Importing {file}…").format(file=path.name))

        def work(progress: SignalProgress) -> ImportSummary:
            with self.owner.database.session(actor=self.owner.actor) as session:
                return import_file(session, path, kind, options, progress)

        self.owner.run_task(
            Task(
                work,
                on_done=self._imported,
                on_error=self._failed,
                on_cancelled=self._cancelled,
                label=self.tr("Importing {file}…").format(file=path.name),
            )
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
        self.owner.imported.emit(summary)

    def _failed(self, exc: BaseException, formatted: str) -> None:
        if isinstance(exc, ImportRejected):
            self._show(exc.summary, exc.message)
        else:
            self.outcome.setText(
                self.tr("The import failed; nothing was written. {reason}").format(reason=exc)
            )
            report_failure(self, exc, formatted)
        self._finish(self.tr("Import failed; nothing was written."))

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
