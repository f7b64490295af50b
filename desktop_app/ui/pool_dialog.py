"""Pool several suppliers into one offer for a request: the proposed shares, which the
officer adjusts before accepting, and the pool in force, which can be withdrawn."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import PoolRanking
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import money_text, quantity_text
from desktop_app.core.pooling.offer import PoolProposal, with_shares
from desktop_app.core.pooling.proposal import propose_pool_by_id
from desktop_app.core.pooling.store import PoolView, accept_pool, list_pools, undo_pool
from desktop_app.core.services.review import shown_score
from desktop_app.core.validation.trade import unit_kind
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_table_model import display_value
from desktop_app.ui.translations import interface_language

SHARE_COLUMN = 6
COUNTED_KINDS = frozenset({"count", "package"})


def _price(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """A price or an amount, or a range of them, as the interface language writes money."""
    values = dict.fromkeys(money_text(v) for v in (low, high) if v is not None)
    return f"{'–'.join(values)} {currency}" if values else "—"


def share_decimals(unit: str | None) -> int:
    """How finely a share is typed: whole pieces, boxes and the like; a kilogram in tonnes."""
    return 0 if unit and unit_kind(unit) in COUNTED_KINDS else 3


class PoolDialog(QDialog):
    """The pooled offer of one demand line."""

    def __init__(
        self, operations: Operations, demand_line_id: int, actor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pool_dialog")
        self.setWindowTitle(self.tr("Pooled offer"))
        self.operations = operations
        self._generation = 0
        self.demand_line_id = demand_line_id
        self.actor = actor
        self.proposal: PoolProposal | None = None
        self.adjusted: PoolProposal | None = None
        self.current: PoolView | None = None
        self._numbers = QLocale(interface_language())
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.ranking = QComboBox(self)
        self.ranking.addItem(self.tr("Cheapest first"), PoolRanking.PRICE.value)
        self.ranking.addItem(self.tr("Best match first"), PoolRanking.SCORE.value)
        self.ranking.currentIndexChanged.connect(self.propose)
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("pool_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Supplier"),
                self.tr("Product"),
                self.tr("Score"),
                self.tr("MOQ"),
                self.tr("Can make by deadline"),
                self.tr("Price"),
                self.tr("Share"),
                self.tr("Incoterms / why no share"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.totals = QLabel(self)
        self.totals.setObjectName("pool_totals")
        self.totals.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color:#b71c1c")
        self.problem.setWordWrap(True)
        self.in_force = QLabel(self)
        self.in_force.setWordWrap(True)
        self.accept_button = QPushButton(self.tr("&Accept pooled offer"), self)
        self.accept_button.clicked.connect(self.accept_pool)
        self.withdraw_button = QPushButton(self.tr("&Withdraw pooled offer"), self)
        self.withdraw_button.clicked.connect(self.withdraw_pool)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.ranking)
        buttons = QHBoxLayout()
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.problem)
        layout.addWidget(self.in_force)
        layout.addLayout(buttons)
        self.resize(980, 480)
        self.propose()

    def propose(self) -> None:
        """Propose the shares again for the chosen ranking (on the worker)."""
        ranking = PoolRanking(self.ranking.currentData())
        line_id = self.demand_line_id
        self._generation += 1
        generation = self._generation

        def read(session: Session) -> tuple[PoolProposal, list[PoolView]]:
            return propose_pool_by_id(session, line_id, ranking), list_pools(session, line_id)

        def proposed(result: tuple[PoolProposal, list[PoolView]]) -> None:
            if generation != self._generation:
                return
            self.proposal, pools = result
            self.current = pools[0] if pools else None
            self._fill(self.proposal)
            self._show_in_force()

        def refused(error: UserError) -> None:
            if generation != self._generation:
                return
            self.proposal = None
            self.problem.setText(error.message)
            self.accept_button.setEnabled(False)

        self.operations.read(read, proposed, failed=refused, parent=self)

    def _fill(self, proposal: PoolProposal) -> None:
        unit = proposal.unit or ""
        alone = (
            self.tr(" {company} alone could deliver it.").format(company=proposal.single_supplier)
            if proposal.single_supplier
            else ""
        )
        self.heading.setText(
            self.tr(
                "<b>{text}</b><br>{buyer} wants {quantity} {unit} by {deadline}.{alone}"
            ).format(
                text=proposal.demand_text,
                buyer=proposal.buyer_name or "—",
                quantity=quantity_text(proposal.quantity),
                unit=unit,
                deadline=display_value(proposal.deadline) if proposal.deadline else "—",
                alone=alone,
            )
        )
        self.table.setRowCount(len(proposal.suppliers))
        for row, supplier in enumerate(proposal.suppliers):
            capacity = quantity_text(supplier.capacity) if supplier.capacity is not None else "—"
            texts = (
                supplier.company_name,
                f"{supplier.product_name} [{supplier.product_ref or supplier.product_id}]",
                str(shown_score(supplier.score)),
                f"{quantity_text(supplier.moq)} {unit}",
                f"{capacity} {unit}",
                _price(supplier.buyer_price_min, supplier.buyer_price_max, proposal.currency)
                + (f"/{unit}" if unit else ""),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            spin = QDoubleSpinBox(self.table)
            decimals = share_decimals(proposal.unit)
            spin.setDecimals(decimals)
            spin.setGroupSeparatorShown(True)
            spin.setLocale(self._numbers)  # 1 195,893 t in Russian, as the totals
            spin.setRange(0, float(proposal.quantity))
            spin.setSuffix(f" {unit}")
            spin.setValue(float(supplier.share))
            spin.setEnabled(not supplier.excluded)
            spin.setProperty("product_id", supplier.product_id)
            spin.valueChanged.connect(self.shares_changed)
            self.table.setCellWidget(row, SHARE_COLUMN, spin)
            terms = " ".join(p for p in (supplier.incoterms, supplier.incoterms_place) if p)
            last = QTableWidgetItem(supplier.excluded or terms)
            last.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, SHARE_COLUMN + 1, last)
        self.table.resizeColumnsToContents()
        self.shares_changed()

    def share_spin(self, row: int) -> QDoubleSpinBox:
        """The share editor of the supplier in ``row``."""
        widget = self.table.cellWidget(row, SHARE_COLUMN)
        assert isinstance(widget, QDoubleSpinBox)
        return widget

    def shares_changed(self) -> None:
        """Check the officer's shares and show what they cover and cost."""
        if self.proposal is None:
            return
        shares = {
            int(self.share_spin(row).property("product_id")): Decimal(
                str(round(self.share_spin(row).value(), self.share_spin(row).decimals()))
            )
            for row in range(self.table.rowCount())
        }
        try:
            self.adjusted = with_shares(self.proposal, shares)
        except UserError as exc:
            self.adjusted = None
            self.problem.setText(exc.message)
            self.accept_button.setEnabled(False)
            return
        self.problem.setText(self.adjusted.rate_warning)
        self.accept_button.setEnabled(bool(self.adjusted.shares))
        adjusted, unit = self.adjusted, self.adjusted.unit or ""
        self.totals.setText(
            self.tr(
                "Covered {covered} of {quantity} {unit}; shortfall {shortfall} {unit}. "
                "Price range {range} per {unit}; total {total}."
            ).format(
                covered=quantity_text(adjusted.covered),
                quantity=quantity_text(adjusted.quantity),
                unit=unit,
                shortfall=quantity_text(adjusted.shortfall),
                range=_price(adjusted.price_min, adjusted.price_max, adjusted.currency),
                total=_price(
                    adjusted.total(high=False), adjusted.total(high=True), adjusted.currency
                ),
            )
        )

    def _show_in_force(self) -> None:
        pool = self.current
        self.withdraw_button.setEnabled(pool is not None)
        if pool is None:
            self.in_force.setText(self.tr("No pooled offer is in force for this request."))
            return
        self.in_force.setText(
            self.tr(
                "In force: pooled offer {id} of {count} supplier(s), by {who} on {when}."
            ).format(
                id=pool.id,
                count=len(pool.shares),
                who=pool.created_by,
                when=display_value(pool.created_at),
            )
        )

    def _problem(self, error: UserError) -> None:
        QMessageBox.warning(self, self.windowTitle(), error.message)

    def accept_pool(self) -> None:
        """Store the shares as shown as the request's pooled offer."""
        adjusted, actor = self.adjusted, self.actor
        if adjusted is None:
            return

        def stored(pool: PoolView) -> None:
            self.current = pool
            self._show_in_force()

        def refused(error: UserError) -> None:
            self._problem(error)
            self.propose()

        self.operations.write(
            lambda session: accept_pool(session, adjusted, actor),
            stored,
            failed=refused,
            parent=self,
        )

    def withdraw_pool(self) -> None:
        """Undo the pooled offer in force (the one it replaced comes back)."""
        current, actor = self.current, self.actor
        if current is None:
            return

        def refused(error: UserError) -> None:
            self._problem(error)
            self.propose()

        self.operations.write(
            lambda session: undo_pool(session, current.id, current.version, actor),
            lambda _result: self.propose(),
            failed=refused,
            parent=self,
        )
