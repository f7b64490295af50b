"""Every private part of openpyxl the export's fast paths use, in one place.

openpyxl's public API is too slow for a 100,000-row sheet; the export reaches into it in
the few places listed here, and nowhere else. ``tests/core/exporting/test_openpyxl_compat.py``
checks that each part still exists and behaves, and pyproject caps openpyxl at the next
minor version so an upgrade is a deliberate, tested step. What is private, and why:

* ``Cell._value`` (the slot behind ``cell.value``): :attr:`PreStyledCell.raw_value` sets
  text already cleaned without openpyxl's type inference, which would take ``=1+1`` for
  a formula and costs a call per cell.
* ``StyleableObject._style`` and ``Workbook._cell_styles``: a style is looked up in the
  workbook's table once (:func:`register_style`), not hashed again for every cell.
* ``WriteOnlyWorksheet._values_to_row`` and ``Workbook._add_sheet``: openpyxl's write-only
  sheet accepts a styled cell in a row, but finds out that it is a cell by trying to
  store it as a value and catching the ``ValueError`` (whose message formats the cell's
  repr), and then allocates a fresh scratch cell. With six or seven styled cells per row
  (prices, quantities, links) that bookkeeping cost more than a third of the export's
  time. :class:`StreamingSheet` checks the type first and keeps its scratch cell unless
  binding a value styled it (dates get a number format); everything else, in particular
  how rows are written, is openpyxl's own.
* ``WriteOnlyWorksheet._hyperlinks``: the list the sheet writes out, with their
  relationships, when it is closed (:func:`sheet_hyperlinks`).
* ``sheet.row_dimensions`` read by openpyxl's row writer (``_writer.write_row`` takes a
  row's XML attributes from it with ``dims.get(row, {})`` while the row is appended):
  :class:`RowHeights` puts a plain attribute dict there for the moment one row is
  written, instead of a ``RowDimension`` per row that stays until the file is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.hyperlink import Hyperlink

# The slot holding a cell's value, under a name of ours (same speed as the private one).
_VALUE_SLOT: Any = Cell.__dict__["_value"]


class Style(NamedTuple):
    """A cell style of one workbook and its index in the workbook's style table."""

    array: StyleArray
    id: int


class PreStyledCell(Cell):
    """A cell whose style index was looked up once, when the style was made.

    openpyxl looks a cell's style up in the workbook's table (hashing it) for every cell
    it writes; a price column of 100,000 rows uses two or three styles in all.
    """

    __slots__ = ("fixed_style_id",)

    # Set it to text already cleaned (or a number): stored as is, no type inference.
    raw_value = _VALUE_SLOT

    def __init__(self, sheet: Any, style: Style, value: Any = None) -> None:
        super().__init__(sheet, row=1, column=1, value=value)
        self.restyle(style)

    def restyle(self, style: Style) -> None:
        """Give the cell ``style``."""
        # _style is a slot of openpyxl's StyleableObject, which mypy does not see.
        self._style = style.array  # type: ignore[misc]
        self.fixed_style_id = style.id

    @property
    def has_style(self) -> bool:
        """Always: this cell is only ever made with a style."""
        return True

    @property
    def style_id(self) -> int:
        """The index looked up when the style was made."""
        return self.fixed_style_id


class StreamingSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows may hold :class:`Cell` objects as well as values."""

    def _values_to_row(self, values: Iterable[Any], row_idx: int) -> Iterator[Cell]:
        scratch = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                scratch.value = value
                cell = scratch
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell
            if cell is scratch and scratch._style is not None:
                scratch = WriteOnlyCell(self)


def add_streaming_sheet(workbook: Workbook, title: str) -> StreamingSheet:
    """Add a :class:`StreamingSheet` to a write-only ``workbook`` (as ``create_sheet`` would)."""
    sheet = StreamingSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def register_style(sheet: WriteOnlyWorksheet, **attributes: Any) -> Style:
    """A style of ``sheet``'s workbook with ``attributes`` (font, number_format, ...)."""
    cell = WriteOnlyCell(sheet)
    for name, value in attributes.items():
        setattr(cell, name, value)
    array = cell._style
    return Style(array, sheet.parent._cell_styles.add(array))


def sheet_hyperlinks(sheet: WriteOnlyWorksheet) -> list[Hyperlink]:
    """The hyperlinks ``sheet`` writes out when closed; append to add one over a range."""
    links: list[Hyperlink] = sheet._hyperlinks
    return links


class RowHeights:
    """Rows appended to a write-only sheet, each with its own height where it needs one.

    A wrapped text needs its row made taller (not every viewer grows it by itself). The
    public way, ``sheet.row_dimensions[row].height = h``, builds a ``RowDimension`` (some
    thirty validated attributes) that stays in memory until the workbook is saved: with a
    wrapped cell on every row (certificates in two languages), that was a sixth of the
    export's time and 35 MB for 100,000 rows. Here the row writer finds the same XML
    attributes, made once per distinct height, only while the row is being written.
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self._sheet = sheet
        self._holder: dict[int, Any] = sheet.row_dimensions
        self._attributes: dict[float, dict[str, str]] = {}

    def append(self, values: list[Any], row: int, height: float | None = None) -> None:
        """Append ``values`` as sheet row ``row`` (the next one), ``height`` points tall."""
        if height is None:
            self._sheet.append(values)
            return
        attributes = self._attributes.get(height)
        if attributes is None:
            # What openpyxl itself writes for such a row: {"ht": "32", "customHeight": "1"}.
            attributes = dict(RowDimension(self._sheet, index=row, ht=height))
            self._attributes[height] = attributes
        holder = self._holder
        # dict's own methods: the holder's item access would create a RowDimension.
        dict.__setitem__(holder, row, attributes)
        try:
            self._sheet.append(values)
        finally:
            dict.pop(holder, row, None)
