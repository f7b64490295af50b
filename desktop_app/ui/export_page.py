"""The Export screen: the supplier catalogue or accepted matches to an aggregator workbook.

The choices (kind, template, filters, split by buyer, format, target) become one call to
the core's :func:`~desktop_app.core.exporting.run_export` on the worker thread, with
progress and Cancel; a cancelled or failed export is recorded as such, as the CLI does.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
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
from desktop_app.core.errors import UserError
from desktop_app.core.exporting.buyer_check import (
    UntranslatedColumn,
    is_buyer_facing,
    untranslated_columns,
)
from desktop_app.core.exporting.fields import ExportKind, PerBuyer
from desktop_app.core.exporting.queries import ExportFilters
from desktop_app.core.exporting.templates import builtin_templates, load_template
from desktop_app.core.progress import ProgressReporter
from desktop_app.core.services.naming import glosser
from desktop_app.ui.operations import Operations

if TYPE_CHECKING:
    from desktop_app.core.exporting.service import ExportSummary


def split_words(text: str) -> tuple[str, ...]:
    """``"03, 15;16"`` -> ``("03", "15", "16")``: the filter fields take lists."""
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


class ExportPage(QWidget):
    """Choose what to export and where, then export on the worker thread."""

    status_message = Signal(str)
    exported = Signal(object)  # ExportSummary
    # The pre-export check's "fix" link: open Products and suggest the missing names.
    fix_names_requested = Signal()

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
        self.check_button = QPushButton(self.tr("&Check translations"), self)
        self.check_button.setObjectName("check_translations")
        self.check_button.setToolTip(
            self.tr("List what would reach the buyer untranslated, per column")
        )
        self.check_button.clicked.connect(self.check_translations)
        self.check_result = QLabel(self)
        self.check_result.setObjectName("translation_check")
        self.check_result.setWordWrap(True)
        self.check_result.setTextFormat(Qt.TextFormat.RichText)
        self.check_result.linkActivated.connect(lambda _link: self.fix_names_requested.emit())
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
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.check_result)
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
        # openpyxl comes with the writers: imported on the first export, not at start-up.
        from desktop_app.core.exporting.service import record_failed_export, run_export

        def work(session: Session, progress: ProgressReporter) -> ExportSummary:
            # Stamped, like every write of the GUI, with the person exporting.
            return run_export(
                session, kind, path, template, filters, per_buyer, progress, glosser=glosser
            )

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

    def check_translations(self) -> None:
        """The pre-export check: per column, what would reach the buyer untranslated."""
        kind = self.chosen_kind()
        filters = self.filters()
        try:
            template = load_template(self.template.currentData())
        except UserError as exc:
            self.check_result.setText(html.escape(exc.message))
            return
        if not is_buyer_facing(template):
            self.check_result.setText(
                html.escape(
                    self.tr("“{name}” is for the team (Russian headers): nothing to check.").format(
                        name=template.name
                    )
                )
            )
            return
        self.operations.read(
            lambda session: untranslated_columns(session, kind, template, filters),
            self._show_untranslated,
            failed=lambda exc: self.check_result.setText(html.escape(exc.message)),
            parent=self,
        )

    def _show_untranslated(self, columns: list[UntranslatedColumn]) -> None:
        if not columns:
            self.check_result.setText(
                html.escape(self.tr("Everything in this export is in the buyer's languages."))
            )
            return
        items = "".join(
            f"<li>{html.escape(column.header)}: {column.count} — {html.escape(column.reason)}</li>"
            for column in columns
        )
        self.check_result.setText(
            '<p>{title}</p><ul>{items}</ul><p><a href="fix">{fix}</a></p>'.format(
                title=html.escape(self.tr("Would reach the buyer untranslated:")),
                items=items,
                fix=html.escape(self.tr("Suggest the missing product names…")),
            )
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
