"""Exchange rates the office keeps: listed newest first, typed in, imported from CSV.

Deal fit and pooled offers convert prices with these; a rate older than the setting
"Flag exchange rates older than" is shown on a grey background and flagged where used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.errors import UserError
from desktop_app.core.services.exchange_rates import (
    RateView,
    delete_rate,
    import_rates_csv,
    list_rates,
    save_rate,
)
from desktop_app.core.settings import RATES_MAX_AGE_DAYS, get_setting
from desktop_app.ui.operations import Operations

OLD_RATE = QColor("#e6e6e6")


class ExchangeRatesDialog(QDialog):
    """List, add, import and delete the office's exchange rates."""

    def __init__(self, operations: Operations, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exchange rates"))
        self.setObjectName("exchange_rates_dialog")
        self.operations = operations
        self.actor = actor or operations.actor() or "app"
        # How many rates the last CSV import added (0 when refused), once it is done.
        self.last_import: int | None = None
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("rates_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("1 unit of"), self.tr("is"), self.tr("in"), self.tr("Source")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.base = QLineEdit("USD", self)
        self.quote = QLineEdit("CNY", self)
        for field in (self.base, self.quote):
            field.setMaxLength(12)
            field.setMaximumWidth(70)
        self.rate = QLineEdit(self)
        self.rate.setPlaceholderText(self.tr("rate, e.g. 7.12"))
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(self.tr("source, e.g. Bank of China"))
        add = QPushButton(self.tr("&Add"), self)
        add.clicked.connect(self.add_rate)
        form = QHBoxLayout()
        for widget in (self.base, self.quote, self.rate, self.day, self.source, add):
            form.addWidget(widget)
        import_button = QPushButton(self.tr("&Import CSV…"), self)
        import_button.setToolTip(self.tr("Columns: base, quote, rate, date (YYYY-MM-DD), source"))
        import_button.clicked.connect(self.choose_csv)
        delete = QPushButton(self.tr("&Delete"), self)
        delete.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(import_button)
        actions.addWidget(delete)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.resize(640, 420)
        self.ids: list[int] = []
        self.reload()

    def reload(self) -> None:
        """Read the rates again (on the worker; shown when they arrive)."""

        def read(session: Session) -> tuple[list[RateView], int]:
            return list_rates(session), int(get_setting(session, RATES_MAX_AGE_DAYS))

        self.operations.read(read, self._show_rates, parent=self)

    def _show_rates(self, listing: tuple[list[RateView], int]) -> None:
        rates, max_age = listing
        self.ids = [rate.id for rate in rates]
        self.table.setRowCount(len(rates))
        today = date.today()
        for row, rate in enumerate(rates):
            old = (today - rate.rate_date).days > max_age
            values = (
                rate.rate_date.isoformat(),
                rate.base,
                f"{rate.rate.normalize():f}",
                rate.quote,
                rate.source or "",
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if old:
                    item.setBackground(OLD_RATE)
                    item.setToolTip(
                        self.tr("Older than {days} days: flagged where it is used").format(
                            days=max_age
                        )
                    )
                self.table.setItem(row, column, item)

    def _problem(self, error: UserError) -> None:
        QMessageBox.warning(self, self.windowTitle(), error.message)

    def add_rate(self) -> None:
        """Store the typed rate (replacing the same pair's rate of that day)."""
        actor = self.actor
        base, quote, rate = self.base.text(), self.quote.text(), self.rate.text()
        day, source = self.day.date().toString("yyyy-MM-dd"), self.source.text()

        def saved(_result: object) -> None:
            self.rate.clear()
            self.reload()

        self.operations.write(
            lambda session: save_rate(session, base, quote, rate, day, source, actor),
            saved,
            failed=self._problem,
            parent=self,
        )

    def choose_csv(self) -> None:
        """Ask for a CSV file and import it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import exchange rates"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.import_csv(path)

    def import_csv(self, path: str) -> None:
        """Import every rate of ``path`` (all or nothing); ``last_import`` says how many."""
        actor = self.actor
        self.last_import = None

        def imported(count: int) -> None:
            self.last_import = count
            self.reload()

        def refused(error: UserError) -> None:
            self.last_import = 0
            self._problem(error)

        self.operations.write(
            lambda session: import_rates_csv(session, Path(path), actor),
            imported,
            failed=refused,
            parent=self,
        )

    def delete_selected(self) -> None:
        """Delete the selected rate."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.ids):
            return
        rate_id, actor = self.ids[row], self.actor
        self.operations.write(
            lambda session: delete_rate(session, rate_id, actor),
            lambda _result: self.reload(),
            failed=self._problem,
            parent=self,
        )
