"""Review of the names suggested for products without a Chinese or English name.

Each proposal is one row: keep it or not, and edit the Chinese or English text before
it is stored. Stored suggestions appear in the product form (to accept or edit) and in
buyer-facing exports, marked as suggestions.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.name_suggestions import Proposal

COLUMN_PRODUCT, COLUMN_ZH, COLUMN_EN, COLUMN_SOURCE = 0, 1, 2, 3


class NameSuggestionsDialog(QDialog):
    """The proposals in an editable table; ``chosen()`` gives the rows kept, as edited."""

    def __init__(self, proposals: list[Proposal], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("name_suggestions")
        self.setWindowTitle(self.tr("Suggested names"))
        self.proposals = proposals
        intro = QLabel(
            self.tr(
                "{count} products have no Chinese or no English name. These names were "
                "built from their Russian names and HS codes. Untick a row to leave it out; "
                "double-click a name to edit it. Stored suggestions are marked as such in "
                "exports until the exporter accepts them in the product form."
            ).format(count=len(proposals)),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(proposals), 4, self)
        self.table.setObjectName("suggestions_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Product (Russian)"),
                self.tr("Suggested Chinese"),
                self.tr("Suggested English"),
                self.tr("Chinese name from"),
            ]
        )
        for row, proposal in enumerate(proposals):
            product = QTableWidgetItem(proposal.name_ru)
            product.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            product.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, COLUMN_PRODUCT, product)
            self.table.setItem(row, COLUMN_ZH, QTableWidgetItem(proposal.zh))
            self.table.setItem(row, COLUMN_EN, QTableWidgetItem(proposal.en))
            source = QTableWidgetItem(self.source_text(proposal.source))
            source.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, COLUMN_SOURCE, source)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN_PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_ZH, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_EN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        save.setText(self.tr("&Store suggestions"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def source_text(self, source: str) -> str:
        """Where a suggested Chinese name came from, in the interface language."""
        if source == "glossary":
            return self.tr("glossary")
        if source == "nomenclature":
            return self.tr("HS nomenclature (Chinese tariff)")
        if source == "trade_name":
            return self.tr("trade name of the same good")
        return ""

    def chosen(self) -> list[Proposal]:
        """The ticked proposals with the names as edited in the table."""
        kept: list[Proposal] = []
        for row, proposal in enumerate(self.proposals):
            product = self.table.item(row, COLUMN_PRODUCT)
            if product is None or product.checkState() != Qt.CheckState.Checked:
                continue
            zh_item, en_item = self.table.item(row, COLUMN_ZH), self.table.item(row, COLUMN_EN)
            zh = " ".join((zh_item.text() if zh_item else "").split())
            en = " ".join((en_item.text() if en_item else "").split())
            if zh or en:
                kept.append(replace(proposal, zh=zh, en=en))
        return kept
