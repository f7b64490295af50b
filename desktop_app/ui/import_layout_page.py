"""The import wizard's sheet and header row page, with a preview of the file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from sqlalchemy.orm import Session

from desktop_app.core.importing import ImportLimits
from desktop_app.core.progress import ProgressReporter
from desktop_app.ui.import_models import PreviewModel
from desktop_app.ui.import_state import FileInspection, ImportHost, inspect_file


class LayoutPage(QWizardPage):
    """Sheet and header row, detected on the worker thread and shown in a preview."""

    def __init__(self, host: ImportHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = host
        self.setTitle(self.tr("Sheet and header row"))
        self.setSubTitle(
            self.tr("Check the detected table; change the sheet or header row if needed.")
        )
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setToolTip(self.tr("The sheet that holds the table"))
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(1, 1_000_000)
        self.header_spin.setToolTip(self.tr("The row whose cells name the columns"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        form = QFormLayout()
        form.addRow(self.tr("&Sheet:"), self.sheet_combo)
        form.addRow(self.tr("&Header row:"), self.header_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.header_spin.valueChanged.connect(self._header_changed)
        self._filling = False

    def initializePage(self) -> None:
        draft = self.owner.draft
        if draft.inspection is not None and draft.inspection.path == draft.path:
            self._fill()
            return
        path, kind = draft.path, draft.kind
        assert path is not None
        self.status.setText(self.tr("Reading {file}…").format(file=path.name))
        self.model.set_rows([], 0)

        def done(inspection: FileInspection) -> None:
            draft.adopt(inspection)
            self._fill()
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc))

        def read(session: Session, _progress: ProgressReporter) -> FileInspection:
            # The office's limits, read in the same unit of work as the file.
            return inspect_file(path, kind, ImportLimits.from_settings(session))

        self.owner.operations.read(
            read,
            done,
            parent=self,
            label=self.tr("Reading {file}…").format(file=path.name),
            cancelled=lambda: self.status.setText(self.tr("Reading cancelled.")),
            on_failure=failed,
        )

    def _fill(self) -> None:
        draft = self.owner.draft
        inspection = draft.inspection
        assert inspection is not None
        self._filling = True
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(inspection.rows))
        self.sheet_combo.setCurrentText(draft.sheet)
        self.header_spin.setValue(draft.header_row)
        self._filling = False
        if inspection.guessed:
            self.status.setText(
                self.tr(
                    "Detected: sheet {sheet}, header in row {row}, {count} columns recognised."
                ).format(sheet=draft.sheet, row=draft.header_row, count=len(draft.mapping))
            )
        else:
            self.status.setText(
                self.tr("No header row recognised: choose it, then map the columns by hand.")
            )
        self._show()

    def _show(self) -> None:
        draft = self.owner.draft
        self.model.set_rows(draft.sheet_rows(), draft.header_row)

    def _sheet_changed(self, sheet: str) -> None:
        if self._filling or not sheet:
            return
        draft = self.owner.draft
        draft.sheet = sheet
        rows = draft.sheet_rows()
        draft.header_row = rows[0][0] if rows else 1
        self._filling = True
        self.header_spin.setValue(draft.header_row)
        self._filling = False
        draft.remap()
        self._show()

    def _header_changed(self, row: int) -> None:
        if self._filling:
            return
        draft = self.owner.draft
        draft.header_row = row
        draft.remap()
        self._show()

    def isComplete(self) -> bool:
        return self.owner.draft.inspection is not None
