"""The Export screen: the supplier catalogue or accepted matches to an aggregator workbook.

The choices (kind, template, filters, split by buyer, format, target) become one call to
the core's :func:`~desktop_app.core.exporting.run_export` on the worker thread, with
progress and Cancel; a cancelled or failed export is recorded as such, as the CLI does.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import BatchStatus
from desktop_app.core.exporting import (
    ExportFilters,
    ExportKind,
    ExportSummary,
    PerBuyer,
    builtin_templates,
    record_failed_export,
    run_export,
)
from desktop_app.core.progress import ProgressReporter
from desktop_app.ui.operations import Operations


def split_words(text: str) -> tuple[str, ...]:
    """``"03, 15;16"`` -> ``("03", "15", "16")``: the filter fields take lists."""
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


class ExportPage(QWidget):
    """Choose what to export and where, then export on the worker thread."""

    status_message = Signal(str)
    exported = Signal(object)  # ExportSummary

    def __init__(self, operations: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_export")
        self.operations = operations
        self.last_summary: ExportSummary | None = None
        self.kind = QComboBox(self)
        self.kind.addItem(
            self.tr("Supplier catalogue (active products)"), ExportKind.CATALOGUE.value
        )
        self.kind.addItem(
            self.tr("Accepted matches (buyer, wanted, supplier)"), ExportKind.MATCHES.value
        )
        self.kind.setToolTip(self.tr("What the workbook lists"))
        self.template = QComboBox(self)
        for template in builtin_templates():
            self.template.addItem(template.name, template.id)
            self.template.setItemData(self.template.count() - 1, template.description, 3)
        self.template.setToolTip(self.tr("Which columns and header languages the file has"))
        self.chapters = QLineEdit(self)
        self.chapters.setPlaceholderText(self.tr("all; or e.g. 03, 15"))
        self.chapters.setToolTip(self.tr("Only these HS chapters (two digits), comma-separated"))
        self.regions = QLineEdit(self)
        self.regions.setPlaceholderText(self.tr("all; or part of a region name"))
        self.regions.setToolTip(self.tr("Only suppliers of regions whose name contains this"))
        self.buyers = QLineEdit(self)
        self.buyers.setPlaceholderText(self.tr("all; or buyer id or part of the name"))
        self.buyers.setToolTip(self.tr("Only matches for these buyers (matches only)"))
        self.per_buyer = QComboBox(self)
        self.per_buyer.addItem(self.tr("One table"), PerBuyer.NONE.value)
        self.per_buyer.addItem(self.tr("One sheet per buyer"), PerBuyer.SHEETS.value)
        self.per_buyer.addItem(self.tr("One workbook per buyer (.zip)"), PerBuyer.WORKBOOKS.value)
        self.per_buyer.setToolTip(self.tr("Split accepted matches by buyer (matches only)"))
        self.file_format = QComboBox(self)
        self.file_format.addItem(self.tr("Excel workbook (.xlsx)"), ".xlsx")
        self.file_format.addItem(self.tr("CSV, UTF-8 (.csv)"), ".csv")
        self.target = QLineEdit(self)
        self.target.setPlaceholderText(self.tr("File to write"))
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.setToolTip(self.tr("Choose where to write the export"))
        self.browse.clicked.connect(self.choose_target)
        self.export_button = QPushButton(self.tr("&Export"), self)
        self.export_button.setToolTip(self.tr("Write the export (Ctrl+E)"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.open_folder = QPushButton(self.tr("&Open folder"), self)
        self.open_folder.setToolTip(self.tr("Show the written file in the file manager"))
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(self.open_output_folder)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self._build_layout()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.per_buyer.currentIndexChanged.connect(self._format_changed)
        self.file_format.currentIndexChanged.connect(self._format_changed)
        self._kind_changed()

    def _build_layout(self) -> None:
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("&What:"), self.kind)
        form.addRow(self.tr("&Template:"), self.template)
        form.addRow(self.tr("HS &chapters:"), self.chapters)
        form.addRow(self.tr("&Regions:"), self.regions)
        form.addRow(self.tr("B&uyers:"), self.buyers)
        form.addRow(self.tr("&Split:"), self.per_buyer)
        form.addRow(self.tr("&Format:"), self.file_format)
        # A label beside a layout has no buddy, so Qt would show its "&" literally.
        target_label = QLabel(self.tr("T&arget:"), self)
        target_label.setBuddy(self.target)
        form.addRow(target_label, target_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        order = [
            self.kind,
            self.template,
            self.chapters,
            self.regions,
            self.buyers,
            self.per_buyer,
            self.file_format,
            self.target,
            self.browse,
            self.export_button,
            self.open_folder,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _kind_changed(self) -> None:
        matches = self.chosen_kind() is ExportKind.MATCHES
        self.buyers.setEnabled(matches)
        self.per_buyer.setEnabled(matches)
        if not matches:
            self.per_buyer.setCurrentIndex(0)
        self._format_changed()

    def _format_changed(self) -> None:
        """Keep the target's suffix in step with the format and the split."""
        text = self.target.text().strip()
        if not text:
            return
        path = Path(text)
        suffix = ".zip" if self.chosen_split() is PerBuyer.WORKBOOKS else None
        self.target.setText(str(path.with_suffix(suffix or self.file_format.currentData())))

    def choose_target(self) -> None:
        """Pick the file to write."""
        suffix = self.file_format.currentData()
        if self.chosen_split() is PerBuyer.WORKBOOKS:
            suffix = ".zip"
        default = self.target.text() or f"{self.chosen_kind().value}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), default, f"*{suffix}")
        if name:
            self.target.setText(name)

    def chosen_kind(self) -> ExportKind:
        """Catalogue or matches, as chosen."""
        return ExportKind(self.kind.currentData())

    def chosen_split(self) -> PerBuyer:
        """How matches are split by buyer, as chosen."""
        return PerBuyer(self.per_buyer.currentData())

    def filters(self) -> ExportFilters:
        """The filters as typed."""
        matches = self.chosen_kind() is ExportKind.MATCHES
        return ExportFilters(
            hs_chapters=split_words(self.chapters.text()),
            regions=split_words(self.regions.text()),
            buyers=split_words(self.buyers.text()) if matches else (),
        )

    def start_export(self) -> None:
        """Export on the worker thread with the choices made."""
        text = self.target.text().strip()
        if not text:
            self.choose_target()
            text = self.target.text().strip()
            if not text:
                return
        path = Path(text)
        kind = self.chosen_kind()
        template: str = self.template.currentData()
        per_buyer = self.chosen_split()
        filters = self.filters()

        def work(session: Session, progress: ProgressReporter) -> ExportSummary:
            # Stamped, like every write of the GUI, with the person exporting.
            return run_export(session, kind, path, template, filters, per_buyer, progress)

        def finished_badly(status: BatchStatus) -> None:
            # Recorded in a unit of work of its own, after the export's was rolled back; a
            # failure to record it must not hide the failure itself.
            self.operations.write(
                lambda session: record_failed_export(session, kind, path, template, status),
                failed=lambda _error: None,
            )

        def failed(exc: BaseException) -> None:
            finished_badly(BatchStatus.FAILED)
            self._say(self.tr("Export failed: {reason}").format(reason=exc))

        def cancelled() -> None:
            finished_badly(BatchStatus.CANCELLED)
            self._say(self.tr("Export cancelled; no file was written."))

        self.open_folder.setEnabled(False)
        self.export_button.setEnabled(False)  # one export at a time
        self.operations.write(
            work,
            self._exported,
            parent=self,
            label=(
                self.tr("Exporting the supplier catalogue…")
                if kind == ExportKind.CATALOGUE
                else self.tr("Exporting matches…")
            ),
            cancelled=cancelled,
            on_failure=failed,
            after=lambda: self.export_button.setEnabled(True),
            lock_first=False,
        )

    def _say(self, text: str) -> None:
        self.outcome.setText(text)
        self.status_message.emit(text)

    def _exported(self, summary: ExportSummary) -> None:
        self.last_summary = summary
        self._say(
            self.tr("Exported {rows} rows to {path}").format(
                rows=summary.row_count, path=summary.output
            )
        )
        self.open_folder.setEnabled(True)
        self.exported.emit(summary)

    def output_folder(self) -> Path | None:
        """The folder holding the last export."""
        if self.last_summary is None:
            return None
        output = self.last_summary.output
        return output if output.is_dir() else output.parent

    def open_output_folder(self) -> None:
        """Show the last export's folder in the system file manager."""
        folder = self.output_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
