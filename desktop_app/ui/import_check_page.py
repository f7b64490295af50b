"""The import wizard's dry run: every row checked, nothing written, the problems shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.importing import ImportSummary, validate_file
from desktop_app.ui.import_models import PreviewModel, ProblemsModel
from desktop_app.ui.import_state import ImportHost, count_rows


class CheckPage(QWizardPage):
    """A dry run on the worker thread: counts, problem cells coloured, the problem list."""

    def __init__(self, host: ImportHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = host
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

        self.owner.operations.read(
            lambda session, progress: validate_file(session, path, kind, options, progress),
            self._checked,
            parent=self,
            label=self.tr("Checking {file}…").format(file=path.name),
            cancelled=lambda: self.counts.setText(self.tr("Check cancelled.")),
            on_failure=lambda exc: self.counts.setText(str(exc)),
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
