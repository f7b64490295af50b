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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
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
