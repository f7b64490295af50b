"""The first import wizard pages: the file and its kind, sheet and header row, the mapping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.errors import UserError
from desktop_app.core.importing.profiles import MappingProfile, list_profiles, save_profile
from desktop_app.ui.error_reporting import report_failure, show_user_error
from desktop_app.ui.import_models import FieldComboDelegate, MappingModel, PreviewModel
from desktop_app.ui.import_state import IMPORTABLE_SUFFIXES, FileInspection, inspect_file
from desktop_app.ui.tasks import Task

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard import ImportWizard


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The importable local file carried by a drag, if any."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    for url in urls:
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in IMPORTABLE_SUFFIXES:
            return path
    return None


class FilePage(QWizardPage):
    """Choose (or drop) the file and say whether it holds products or demand."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "An Excel workbook (.xlsx, .xls, .ods) or a text file (.csv). "
                "You can also drop the file here."
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Path of the file to import"))
        self.path_edit.textChanged.connect(self.completeChanged)
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.setToolTip(self.tr("Choose the file in a file dialog"))
        self.browse.clicked.connect(self.choose_file)
        self.demand_button = QRadioButton(self.tr("Buyers' &demand (Chinese requests)"), self)
        self.products_button = QRadioButton(self.tr("Exporters' &products"), self)
        self.demand_button.setChecked(wizard.draft.kind is ImportKind.DEMAND)
        self.products_button.setChecked(wizard.draft.kind is ImportKind.PRODUCTS)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("The file holds:"), self))
        layout.addWidget(self.demand_button)
        layout.addWidget(self.products_button)
        layout.addStretch(1)
        self.setAcceptDrops(True)
        self.setTabOrder(self.path_edit, self.browse)
        self.setTabOrder(self.browse, self.demand_button)
        self.setTabOrder(self.demand_button, self.products_button)

    def set_path(self, path: Path) -> None:
        """Put ``path`` in the file field."""
        self.path_edit.setText(str(path))

    def choose_file(self) -> None:
        """Pick the file in a dialog."""
        patterns = " ".join(f"*{suffix}" for suffix in IMPORTABLE_SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import file"),
            "",
            self.tr("Spreadsheets ({patterns})").format(patterns=patterns),
        )
        if name:
            self.set_path(Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            self.set_path(path)
            event.acceptProposedAction()

    def isComplete(self) -> bool:
        return Path(self.path_edit.text().strip()).is_file()

    def validatePage(self) -> bool:
        draft = self.owner.draft
        draft.path = Path(self.path_edit.text().strip())
        draft.kind = ImportKind.PRODUCTS if self.products_button.isChecked() else ImportKind.DEMAND
        draft.inspection = None
        return True


class LayoutPage(QWizardPage):
    """Sheet and header row, detected on the worker thread and shown in a preview."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
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

        def failed(exc: BaseException, formatted: str) -> None:
            self.status.setText(str(exc))
            report_failure(self, exc, formatted)

        self.owner.run_task(
            Task(
                lambda progress: inspect_file(path, kind),
                on_done=done,
                on_error=failed,
                label=self.tr("Reading {file}…").format(file=path.name),
            )
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


class MappingPage(QWizardPage):
    """Which column fills which field; mappings can be saved and reused as profiles."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Column mapping"))
        self.setSubTitle(self.tr("Each column of the file and the field it fills."))
        self.model = MappingModel(wizard.draft, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            MappingModel.FIELD_COLUMN, FieldComboDelegate(self.model, self.table)
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.profile_combo = QComboBox(self)
        self.profile_combo.setToolTip(self.tr("Apply a mapping saved earlier"))
        self.load_button = QPushButton(self.tr("&Apply profile"), self)
        self.load_button.clicked.connect(self.apply_selected_profile)
        self.save_button = QPushButton(self.tr("Save as &profile…"), self)
        self.save_button.setToolTip(self.tr("Keep this mapping for files in the same layout"))
        self.save_button.clicked.connect(self.ask_and_save_profile)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Profile:"), self))
        row.addWidget(self.profile_combo, 1)
        row.addWidget(self.load_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addLayout(row)
        self.model.dataChanged.connect(self._mapping_changed)

    def initializePage(self) -> None:
        self.model.reload()
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, MappingModel.FIELD_COLUMN))
        self.table.resizeColumnsToContents()
        self._load_profiles()
        self._mapping_changed()

    def _load_profiles(self) -> None:
        kind = self.owner.draft.kind
        with self.owner.database.session() as session:
            names = [p.name for p in list_profiles(session) if p.kind is kind]
        self.profile_combo.clear()
        self.profile_combo.addItems(names)
        self.load_button.setEnabled(bool(names))

    def _mapping_changed(self) -> None:
        draft = self.owner.draft
        duplicates = draft.duplicate_fields()
        if duplicates:
            self.warning.setText(
                self.tr("Several columns fill {fields}; only one is imported.").format(
                    fields=", ".join(duplicates)
                )
            )
        elif len(draft.mapped_fields()) < 2:
            self.warning.setText(self.tr("Map at least two columns to fields."))
        else:
            self.warning.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return len(self.owner.draft.mapped_fields()) >= 2

    def apply_selected_profile(self) -> None:
        """Map the columns as the chosen profile says."""
        name = self.profile_combo.currentText()
        if not name:
            return
        draft = self.owner.draft
        with self.owner.database.session() as session:
            profile = next(p for p in list_profiles(session) if p.name == name)
        draft.apply_profile(profile.columns)
        self.initializePage()
        self.owner.status(self.tr("Profile {name} applied.").format(name=name))

    def ask_and_save_profile(self) -> None:
        """Ask for a name and save the current mapping under it."""
        name, accepted = QInputDialog.getText(self, self.tr("Save profile"), self.tr("Name:"))
        if accepted and name.strip():
            self.save_profile(name.strip())

    def save_profile(self, name: str) -> None:
        """Save the current mapping (header texts, sheet, header row) as ``name``."""
        draft = self.owner.draft
        profile = MappingProfile(
            name, draft.kind, draft.profile_columns(), draft.sheet, draft.header_row
        )
        try:
            with self.owner.database.session(actor=self.owner.actor) as session:
                save_profile(session, profile)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._load_profiles()
        self.profile_combo.setCurrentText(name)
        self.owner.status(self.tr("Mapping saved as profile {name}.").format(name=name))
