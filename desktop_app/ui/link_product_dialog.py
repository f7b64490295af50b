"""Search the catalogue for a product the matcher missed and link it to a request by hand."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.workbench import ProductHit, search_products
from desktop_app.ui.operations import Operations


class LinkProductDialog(QDialog):
    """A search box, the products found, a note; OK links the selected product."""

    def __init__(
        self, operations: Operations, request_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("link_product_dialog")
        self.setWindowTitle(self.tr("Link a product by hand"))
        self.operations = operations
        self.hits: list[ProductHit] = []
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("name, reference, HS code or supplier"))
        self.query.returnPressed.connect(self.search)
        find = QPushButton(self.tr("&Search"), self)
        find.clicked.connect(self.search)
        self.results = QTableWidget(0, 5, self)
        self.results.setObjectName("link_results")
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Ref"),
                self.tr("Product"),
                self.tr("Supplier"),
                self.tr("HS"),
                self.tr("Price"),
            ]
        )
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("note (why this product fits)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Link"))
        self.ok.setEnabled(False)
        self.results.itemSelectionChanged.connect(
            lambda: self.ok.setEnabled(self.selected() is not None)
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(find)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("For: {text}").format(text=request_text), self))
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def search(self) -> None:
        """Find products for the query (on the worker; listed when found)."""
        query = self.query.text()
        self.operations.read(
            lambda session: search_products(session, query), self._show_hits, parent=self
        )

    def _show_hits(self, hits: list[ProductHit]) -> None:
        self.hits = hits
        self.results.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            prices = "–".join(dict.fromkeys(str(p) for p in (hit.price_min, hit.price_max) if p))
            price = f"{prices} {hit.currency or ''}/{hit.unit or ''}" if prices else ""
            for column, text in enumerate(
                (hit.ref or str(hit.id), hit.name, hit.company_name, hit.hs_code or "", price)
            ):
                self.results.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> ProductHit | None:
        """The product chosen."""
        row = self.results.currentRow()
        return self.hits[row] if 0 <= row < len(self.hits) else None
