"""The Audit screen: who changed which record, who decided which match, and when.

The newest events come first, at most :data:`ROW_LIMIT` of them; the filters (kind of
record, person, date span, text) narrow the query in the core's
:func:`~desktop_app.core.services.audit_export.audit_rows`. "Export…" writes every event
the filters select (not only the rows shown) to a CSV file on the worker thread.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.audit_export import (
    ENTITY_TYPES,
    AuditFilters,
    AuditRow,
    audit_rows,
    write_audit_csv,
)
from desktop_app.ui.operations import Operations

ROW_LIMIT = 5_000
TEXT_DELAY_MS = 300
CHANGES_COLUMN = 5
AnyIndex = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """A read-only list of audit rows, in the order given (newest first on the screen)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.headers = [
            self.tr("When"),
            self.tr("Who"),
            self.tr("Record"),
            self.tr("Id"),
            self.tr("Action"),
            self.tr("Changes"),
            self.tr("Note"),
        ]
        self.entity_titles = {
            "company": self.tr("Company"),
            "product": self.tr("Product"),
            "buyer": self.tr("Buyer"),
            "demand_line": self.tr("Demand line"),
            "match": self.tr("Match"),
            # The review service audits a candidate's row under its table's name.
            "match_candidate": self.tr("Match"),
            "pooled_offer": self.tr("Pooled offer"),
            "exchange_rate": self.tr("Exchange rate"),
            "import_batch": self.tr("Import"),
        }
        self.action_titles = {
            "create": self.tr("created"),
            "update": self.tr("changed"),
            "delete": self.tr("deleted"),
            "decision": self.tr("decided"),
        }

    def set_rows(self, rows: list[AuditRow]) -> None:
        """Show ``rows`` instead of the current ones."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CHANGES_COLUMN:
            # The stored field names, for whoever needs to find them in the database.
            return f"{row.describe_changes()}\n\n{row.describe_keys()}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def cell_text(self, row: AuditRow, column: int) -> str | None:
        """The text of one cell; the time in the computer's time zone."""
        texts = (
            row.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            row.actor,
            self.entity_titles.get(row.entity_type, row.entity_type),
            str(row.entity_id),
            self.action_titles.get(row.action, row.action),
            row.describe_changes(),
            row.note or "",
        )
        return texts[column] if 0 <= column < len(texts) else None


def _local_midnight(day: QDate) -> datetime:
    start = datetime.combine(day.toPython(), time.min).astimezone()  # type: ignore[arg-type]
    return start.astimezone(UTC)


class AuditPage(QWidget):
    """The audit trail with filters and a CSV export."""

    status_message = Signal(str)
    exported = Signal(int)  # rows written

    def __init__(self, operations: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_audit")
        self.operations = operations
        self.model = AuditTableModel(self)
        self.entity = QComboBox(self)
        self.entity.addItem(self.tr("All records"), None)
        for entity in ENTITY_TYPES:
            self.entity.addItem(self.model.entity_titles.get(entity, entity), entity)
        self.actor = QLineEdit(self)
        self.actor.setPlaceholderText(self.tr("anyone"))
        self.actor.setToolTip(self.tr("Only what this person did (the exact user name)"))
        today = QDate.currentDate()
        self.use_from = QCheckBox(self.tr("From"), self)
        self.date_from = QDateEdit(today.addDays(-30), self)
        self.use_to = QCheckBox(self.tr("to"), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search who, record, changes, note…"))
        self.search.setClearButtonEnabled(True)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Write every event the filters select to CSV"))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CHANGES_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(self)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self.refresh)

        filters = QHBoxLayout()
        filters.addWidget(self.entity)
        filters.addWidget(QLabel(self.tr("Who:"), self))
        filters.addWidget(self.actor)
        filters.addWidget(self.use_from)
        filters.addWidget(self.date_from)
        filters.addWidget(self.use_to)
        filters.addWidget(self.date_to)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.entity.currentIndexChanged.connect(self.refresh)
        self.actor.editingFinished.connect(self.refresh)
        for toggle in (self.use_from, self.use_to):
            toggle.toggled.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._date_changed)
        self.search.textChanged.connect(self._text_timer.start)
        self.export_button.clicked.connect(self.choose_export_file)

    def filters(self) -> AuditFilters:
        """The filters as chosen; the "to" day is included whole."""
        actor = self.actor.text().strip()
        return AuditFilters(
            since=_local_midnight(self.date_from.date()) if self.use_from.isChecked() else None,
            until=(
                _local_midnight(self.date_to.date().addDays(1)) if self.use_to.isChecked() else None
            ),
            entity_type=self.entity.currentData(),
            actor=actor or None,
            text=self.search.text().strip() or None,
        )

    def _date_changed(self) -> None:
        if self.use_from.isChecked() or self.use_to.isChecked():
            self.refresh()

    def refresh(self) -> None:
        """Load the newest events the filters select, on the worker."""
        filters = self.filters()
        self.operations.read(
            lambda session: audit_rows(session, filters, limit=ROW_LIMIT, newest_first=True),
            lambda rows: self._show_rows(filters, rows),
            parent=self,
        )

    def _show_rows(self, filters: AuditFilters, rows: list[AuditRow]) -> None:
        if filters != self.filters():
            return  # the filters changed meanwhile: their own rows are on their way
        self.model.set_rows(rows)
        # Fit the short columns (time, person, record, action) to what they now hold; the
        # changes column takes the rest.
        for column in range(min(5, self.model.columnCount())):
            self.table.resizeColumnToContents(column)
        if len(rows) >= ROW_LIMIT:
            text = self.tr("The newest {count} events; narrow the filters to see older ones.")
        else:
            text = self.tr("{count} events")
        self.count_label.setText(text.format(count=len(rows)))

    def choose_export_file(self) -> None:
        """Ask where to write the CSV, then write it."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit trail"), "audit.csv", self.tr("CSV files (*.csv)")
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """Write the events the filters select to ``path`` on the worker thread."""
        filters = self.filters()

        def done(count: int) -> None:
            self.status_message.emit(
                self.tr("{count} audit events written to {path}").format(count=count, path=path)
            )
            self.exported.emit(count)

        self.export_button.setEnabled(False)
        self.operations.read(
            lambda session, progress: write_audit_csv(session, path, filters, progress),
            done,
            parent=self,
            label=self.tr("Exporting the audit trail…"),
            cancelled=lambda: None,
            after=lambda: self.export_button.setEnabled(True),
        )
