"""The import wizard's first page: the file, and whether it holds products or demand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.domain.enums import ImportKind
from desktop_app.ui.dropped_files import IMPORTABLE_SUFFIXES, dropped_file
from desktop_app.ui.import_state import ImportHost


class FilePage(QWizardPage):
    """Choose (or drop) the file and say whether it holds products or demand."""

    def __init__(self, host: ImportHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = host
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
        self.demand_button.setChecked(host.draft.kind is ImportKind.DEMAND)
        self.products_button.setChecked(host.draft.kind is ImportKind.PRODUCTS)
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
