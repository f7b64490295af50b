"""Small hostile workbooks that made python-calamine allocate a grid of billions of cells.

Each builder writes a file of a few KB whose sheet the reader would build as a dense grid
of rows x columns; without the guard the allocation fails and Rust aborts the process.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.core.importing import crafted

_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>产品名称</t></is></c></row>'


def _xlsx_with_sheet(tmp: Path, name: str, dimension: str | None, rows: str) -> Path:
    good = crafted.chinese_demand_xlsx(tmp / f"{name}-base.xlsx")
    xml = (
        _SHEET_HEAD
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{rows}</sheetData></worksheet>"
    )
    path = crafted.replace_part(
        good, tmp / f"{name}.xlsx", "xl/worksheets/sheet1.xml", xml.encode()
    )
    good.unlink()
    return path


def lying_dimension_far_cell(tmp: Path) -> Path:
    """The dimension says A1:H3; one cell sits at XFD1048576."""
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "lying-dimension", "A1:H3", _HEADER_ROW + far)


def single_cell_dimension(tmp: Path) -> Path:
    """A one-cell dimension at the far corner, and a cell there."""
    far = '<row r="900000"><c r="SF900000"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "single-cell-dimension", "SF900000", _HEADER_ROW + far)


def declared_500_by_900k(tmp: Path) -> Path:
    """500 columns by 900,000 rows declared, with cells at two corners."""
    far = '<row r="900000"><c r="SF900000"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "declared-500x900k", "A1:SF900000", _HEADER_ROW + far)


def honest_500_by_1m(tmp: Path) -> Path:
    """An honest dimension within the row and column limits: 500 x 1,000,000 (16 GB)."""
    far = '<row r="1000000"><c r="SF1000000"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "honest-500x1m", "A1:SF1000000", _HEADER_ROW + far)


def cells_without_references(tmp: Path) -> Path:
    """No r= anywhere: 500 cells in row 1, 200,000 empty rows, then one cell."""
    wide = "<row>" + "<c><v>1</v></c>" * 500 + "</row>"
    rows = wide + "<row></row>" * 200_000 + "<row><c><v>2</v></c></row>"
    return _xlsx_with_sheet(tmp, "no-references", None, rows)


def far_cell_in_a_near_row(tmp: Path) -> Path:
    """A cell whose own reference is far from its row's (the cell's wins)."""
    rows = _HEADER_ROW + '<row r="2"><c r="SF1000000"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "far-cell-near-row", None, rows)


def odd_references(tmp: Path) -> Path:
    """A four-letter column and a lower-case far reference, beyond what A1 notation allows."""
    rows = _HEADER_ROW + '<row r="5"><c r="ZZZZ5"><v>1</v></c><c r="sf900000"><v>2</v></c></row>'
    return _xlsx_with_sheet(tmp, "odd-references", None, rows)


def reference_behind_a_quoted_bracket(tmp: Path) -> Path:
    """A ``>`` inside an attribute value before the far reference (a naive tag pattern
    ends the tag there and never sees the reference)."""
    rows = _HEADER_ROW + '<row r="2"><c s="0" x="a>b" r="SF1000000"><v>1</v></c></row>'
    return _xlsx_with_sheet(tmp, "quoted-bracket", None, rows)


def xls_patched_dimensions(tmp: Path) -> Path:
    """An .xls whose DIMENSIONS record declares 1,000,000 rows by 255 columns."""
    stream = crafted.biff8_workbook([(0, 0, 1.0), (1, 1, 2.0)], (0, 1_000_000, 0, 255))
    return crafted.ole_file(tmp / "patched-dimensions.xls", "Workbook", stream)


def xls_far_cell(tmp: Path) -> Path:
    """An .xls with an honest small DIMENSIONS record and one cell at row 65,536, IV."""
    stream = crafted.biff8_workbook([(0, 0, 1.0), (65_535, 255, 2.0)], (0, 2, 0, 2))
    return crafted.ole_file(tmp / "far-cell.xls", "Workbook", stream)


def _ods(tmp: Path, name: str, rows: str) -> Path:
    path = crafted.minimal_ods(tmp / f"{name}-base.ods", [["x"]])
    content = crafted.ods_content(rows)
    target = crafted.replace_part(path, tmp / f"{name}.ods", "content.xml", content.encode())
    path.unlink()
    # The mimetype must stay the first member, stored, for an ODF package.
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist()[0] == "mimetype"
    return target


def ods_repeated_rows(tmp: Path) -> Path:
    """100 columns of a value, repeated over 990,000 rows: 10 KB, 6.3 GB in the reader."""
    row = (
        '<table:table-row table:number-rows-repeated="990000">'
        '<table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="100"/></table:table-row>'
    )
    return _ods(tmp, "repeated-rows", row)


def ods_repeated_columns(tmp: Path) -> Path:
    """One value repeated over a billion columns of one row."""
    row = (
        "<table:table-row>"
        '<table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="1000000000"/></table:table-row>'
    )
    return _ods(tmp, "repeated-columns", row)


# name -> (builder, what the refusal says)
GRID_BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "xlsx lying dimension, cell at XFD1048576": (lying_dimension_far_cell, "16384 columns"),
    "xlsx single-cell dimension at the far corner": (single_cell_dimension, "cells"),
    "xlsx 500 columns x 900k rows declared": (declared_500_by_900k, "cells"),
    "xlsx honest 500 columns x 1M rows": (honest_500_by_1m, "cells"),
    "xlsx cells without references": (cells_without_references, "cells"),
    "xlsx far cell inside a near row": (far_cell_in_a_near_row, "cells"),
    "xlsx four-letter and lower-case references": (odd_references, "columns"),
    "xlsx far reference behind a quoted >": (reference_behind_a_quoted_bracket, "cells"),
    "xls patched DIMENSIONS record": (xls_patched_dimensions, "cells"),
    "xls far cell record": (xls_far_cell, "cells"),
    "ods 100 columns x 990k repeated rows": (ods_repeated_rows, "cells"),
    "ods a billion repeated columns": (ods_repeated_columns, "columns"),
}
