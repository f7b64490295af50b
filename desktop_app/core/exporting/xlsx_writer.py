"""Streaming a table into a formatted worksheet with openpyxl's write-only mode.

Write-only mode keeps memory flat however many rows there are, but everything above the
rows (column widths, frozen panes, page setup) must be set before the first row goes
out. So the first :data:`SAMPLE_ROWS` rows are held back, the widths are measured on
them and the header, then the rows stream through. The autofilter range is written
after the rows, when their number is known.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, islice
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins

from desktop_app.core.exporting.cells import CellFactory, Row, StyleBook, sample_width
from desktop_app.core.exporting.fields import companions
from desktop_app.core.exporting.openpyxl_compat import (
    PreStyledCell,
    RowHeights,
    add_streaming_sheet,
)
from desktop_app.core.exporting.safety import (
    MAX_HYPERLINKS_PER_SHEET,
    display_width,
    sanitize_sheet_name,
)
from desktop_app.core.exporting.templates import TemplateColumn

SAMPLE_ROWS = 1_000
# Printing: A4 landscape with narrow side margins. Shrunk below MIN_PRINT_SCALE percent,
# 11-point text would print smaller than 8 points: too small to read.
PAPER_A4 = 9
PAGE_WIDTH_IN = 11.69
SIDE_MARGIN_IN = 0.4
MIN_PRINT_SCALE = 72.0
MIN_WIDTH = 6
MAX_WIDTH = 50
# Column width units are roughly characters of the default font; a little air helps.
WIDTH_PADDING = 2
HEADER_LINE_HEIGHT = 15.0
ROW_LINE_HEIGHT = 15.0
# Excel's tallest row is 409 points; a 32,767-character cell would need far more.
MAX_ROW_LINES = 20
PROGRESS_EVERY = 1_000


@dataclass(frozen=True)
class TableLayout:
    """The columns of a sheet and where each one's value sits in a row tuple."""

    columns: tuple[TemplateColumn, ...]
    positions: dict[str, int]

    def index_of(self, key: str | None) -> int | None:
        """Position of ``key`` in a row, or ``None`` when it is not selected."""
        return None if key is None else self.positions.get(key)


class WorkbookBuilder:
    """One write-only workbook: its sheets, shared styles and document properties."""

    def __init__(self, title: str, author: str, subject: str = "") -> None:
        self.workbook = Workbook(write_only=True)
        properties = self.workbook.properties
        properties.title = title
        properties.creator = author
        properties.lastModifiedBy = author
        properties.subject = subject
        # openpyxl writes naive datetimes as UTC ("Z").
        properties.created = datetime.now(UTC).replace(tzinfo=None)
        properties.modified = properties.created
        self._sheet_names: set[str] = set()
        self._styles: StyleBook | None = None

    def add_sheet(self, name: str) -> WriteOnlyWorksheet:
        """A new worksheet with a valid, unique name made from ``name``."""
        return add_streaming_sheet(self.workbook, sanitize_sheet_name(name, self._sheet_names))

    def styles(self, sheet: WriteOnlyWorksheet) -> StyleBook:
        """The workbook's styles (built with the first sheet that asks)."""
        if self._styles is None:
            self._styles = StyleBook(sheet)
        return self._styles

    @property
    def sheet_count(self) -> int:
        """How many worksheets were added."""
        return len(self.workbook.worksheets)

    def save(self, path: os.PathLike[str] | str) -> None:
        """Write the workbook to ``path`` (normally a temporary file)."""
        self.workbook.save(os.fspath(path))

    def discard(self) -> None:
        """Drop a workbook that will not be saved, with the temporary files openpyxl made.

        Each write-only sheet streams into a temporary file of its own that openpyxl
        would only delete at interpreter exit; a long-running GUI should not collect them.
        """
        for sheet in self.workbook.worksheets:
            writer = getattr(sheet, "_writer", None)
            if writer is None:
                continue
            # The row generator first: closing it ends sheetData while the file is open.
            rows = getattr(sheet, "_rows", None)
            if rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()
            with contextlib.suppress(Exception):
                writer.xf.close()
            with contextlib.suppress(OSError):
                os.remove(writer.out)


def column_widths(layout: TableLayout, sample: Sequence[Row]) -> list[float]:
    """Widths from the header and the sampled rows; a CJK character counts double."""
    widths: list[float] = []
    for position, column in enumerate(layout.columns):
        companion = layout.index_of(column.field.companion)
        per = layout.index_of(column.field.per)
        # Headers are bold, about a tenth wider than the same text in the body.
        header = max(display_width(line) for line in column.header.splitlines() or [""])
        widest = int(header * 1.1 + 0.5)
        kind = column.field.kind
        for row in sample:
            value = row[position]
            if value is not None:
                extra = row[companion] if companion is not None else None
                if per is not None and row[per]:
                    extra = f"{extra or ''}/{row[per]}"
                widest = max(widest, sample_width(kind, value, extra))
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, widest + WIDTH_PADDING))))
    return widths


def _prepare_sheet(sheet: WriteOnlyWorksheet, widths: list[float], header_lines: int) -> None:
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = HEADER_LINE_HEIGHT * header_lines + 3
    set_up_pages(sheet, widths)


def print_scale(widths: Sequence[float]) -> float:
    """The scale (percent) at which columns of ``widths`` fill the printed page's width."""
    # A column ``w`` characters wide is 7w + 5 pixels of 96 to the inch (Excel's rule for
    # its default font); the page is A4 landscape within the margins below.
    inches = sum((7 * width + 5) / 96 for width in widths)
    printable = PAGE_WIDTH_IN - 2 * SIDE_MARGIN_IN
    return 100.0 * printable / inches if inches else 100.0


def set_up_pages(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Printed or turned into PDF: A4 landscape, the header row on every page.

    A table that fits the width at a readable scale is shrunk to one page wide; a wider
    one keeps its text size and its pages break by columns, the first column (what the
    row is) repeated on each, left to right before going down.
    """
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = PAPER_A4
    sheet.page_margins = PageMargins(
        left=SIDE_MARGIN_IN, right=SIDE_MARGIN_IN, top=0.5, bottom=0.5, header=0.3, footer=0.3
    )
    if print_scale(widths) >= MIN_PRINT_SCALE:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        return
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    setup.scale = 100
    setup.pageOrder = "overThenDown"
    sheet.print_title_cols = "A:A"


def write_table(
    builder: WorkbookBuilder,
    sheet_name: str,
    columns: Sequence[TemplateColumn],
    rows: Iterable[Row],
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` (tuples holding the columns' values, in order) as a formatted sheet.

    Companion values (a price's currency, a quantity's unit) are read from further
    positions of each row tuple, given by the column keys that follow the shown
    columns; see :func:`row_keys`. Returns the number of data rows written.
    """
    sheet = builder.add_sheet(sheet_name)
    styles = builder.styles(sheet)
    layout = table_layout(columns)
    iterator: Iterator[Row] = iter(rows)
    sample = list(islice(iterator, SAMPLE_ROWS))
    widths = column_widths(layout, sample)
    header_lines = max(column.header.count("\n") + 1 for column in layout.columns)
    _prepare_sheet(sheet, widths, header_lines)

    header: list[Any] = []
    for column in layout.columns:
        cell = PreStyledCell(sheet, styles.header, column.header)
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)

    factory = CellFactory(sheet, styles, MAX_HYPERLINKS_PER_SHEET)
    converters = [
        factory.converter(
            column.field.kind,
            position,
            layout.index_of(column.field.companion),
            int(widths[position]),
            get_column_letter(position + 1),
            layout.index_of(column.field.per),
        )
        for position, column in enumerate(layout.columns)
    ]
    append = RowHeights(sheet).append
    count = 0
    for row in chain(sample, iterator):
        count += 1
        factory.row_number = count + 1
        values = [convert(row) for convert in converters]
        if factory.row_lines > 1:
            lines = min(factory.row_lines, MAX_ROW_LINES)
            factory.row_lines = 1
            append(values, count + 1, ROW_LINE_HEIGHT * lines + 2)
        else:
            append(values, count + 1)
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
    factory.finish()
    last_column = get_column_letter(len(layout.columns))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    return count


def row_keys(columns: Sequence[TemplateColumn], extra: Sequence[str] = ()) -> list[str]:
    """The keys to select, in row order: the shown columns, their companions, ``extra``."""
    keys = [column.field.key for column in columns]
    for column in columns:
        keys.extend(key for key in companions(column.field) if key not in keys)
    keys.extend(key for key in extra if key not in keys)
    return keys


def table_layout(columns: Sequence[TemplateColumn]) -> TableLayout:
    """The layout of rows selected with :func:`row_keys` for ``columns``."""
    keys = row_keys(columns)
    return TableLayout(tuple(columns), {key: position for position, key in enumerate(keys)})
