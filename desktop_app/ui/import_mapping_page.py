"""The import wizard's column mapping page; mappings saved and reused as profiles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.importing.profiles import MappingProfile, list_profiles, save_profile
from desktop_app.ui.error_reporting import show_user_error
from desktop_app.ui.import_models import FieldComboDelegate, MappingModel
from desktop_app.ui.import_state import ImportHost


class MappingPage(QWizardPage):
    """Which column fills which field; mappings can be saved and reused as profiles."""

    def __init__(self, host: ImportHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = host
        self.setTitle(self.tr("Column mapping"))
        self.setSubTitle(self.tr("Each column of the file and the field it fills."))
        self.model = MappingModel(host.draft, self)
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

    def _load_profiles(self, chosen: str = "") -> None:
        kind = self.owner.draft.kind
        self.owner.operations.read(
            lambda session: [p.name for p in list_profiles(session) if p.kind is kind],
            lambda names: self._show_profiles(names, chosen),
            parent=self,
        )

    def _show_profiles(self, names: list[str], chosen: str) -> None:
        self.profile_combo.clear()
        self.profile_combo.addItems(names)
        self.load_button.setEnabled(bool(names))
        if chosen:
            self.profile_combo.setCurrentText(chosen)

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

        def apply(profile: MappingProfile | None) -> None:
            if profile is None:
                self._load_profiles()  # deleted meanwhile: show the ones there are
                return
            draft.apply_profile(profile.columns)
            self.initializePage()
            self.owner.status(self.tr("Profile {name} applied.").format(name=name))

        self.owner.operations.read(
            lambda session: next((p for p in list_profiles(session) if p.name == name), None),
            apply,
            parent=self,
        )

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

        def saved(_result: object) -> None:
            self._load_profiles(chosen=name)
            self.owner.status(self.tr("Mapping saved as profile {name}.").format(name=name))

        self.owner.operations.write(
            lambda session: save_profile(session, profile),
            saved,
            failed=lambda exc: show_user_error(self, exc),
            parent=self,
        )
