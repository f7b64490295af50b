"""The private parts of openpyxl the export uses still exist and behave as it relies on.

An openpyxl upgrade that renames or changes one of them fails here, by name, rather
than as a wrong cell in somebody's workbook.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink

from desktop_app.core.exporting.openpyxl_compat import (
    PreStyledCell,
    RowHeights,
    StreamingSheet,
    add_streaming_sheet,
    register_style,
    sheet_hyperlinks,
)


def test_the_private_names_are_there() -> None:
    from openpyxl.styles.styleable import StyleableObject
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    assert "_value" in Cell.__slots__
    assert "_style" in StyleableObject.__slots__
    assert callable(WriteOnlyWorksheet._values_to_row)
    assert callable(Workbook._add_sheet)
    assert hasattr(Workbook(write_only=True), "_cell_styles")


def test_a_streaming_sheet_writes_values_styled_cells_raw_text_and_links(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = add_streaming_sheet(workbook, "Data")
    assert isinstance(sheet, StreamingSheet) and workbook.worksheets == [sheet]
    bold = register_style(sheet, font=Font(bold=True))
    assert register_style(sheet, font=Font(bold=True)).id == bold.id  # looked up, not added
    assert register_style(sheet, number_format="0.00").id != bold.id
    text = PreStyledCell(sheet, bold)
    text.data_type = "s"
    text.raw_value = "=1+1"  # stored as the text it is, never as a formula
    assert text.value == "=1+1" and text.data_type == "s"
    link = PreStyledCell(sheet, bold)
    link.data_type = "s"
    link.raw_value = "shop.example"
    sheet.append(["plain", text, 3.5])
    sheet.append([None, link])
    sheet_hyperlinks(sheet).append(Hyperlink(ref="B2", target="https://shop.example/"))
    path = tmp_path / "compat.xlsx"
    workbook.save(path)

    read = load_workbook(path)["Data"]
    assert [[c.value for c in row] for row in read.iter_rows()] == [
        ["plain", "=1+1", 3.5],
        [None, "shop.example", None],
    ]
    assert read["B1"].data_type == "s" and read["B1"].font.bold
    assert read["B2"].hyperlink is not None
    assert read["B2"].hyperlink.target == "https://shop.example/"


def test_row_heights_reach_the_file_without_a_row_dimension_left_per_row(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = add_streaming_sheet(workbook, "Data")
    sheet.row_dimensions[1].height = 33.0  # the header's, set the public way
    heights = RowHeights(sheet)
    heights.append(["header"], 1)
    heights.append(["two lines"], 2, 32.0)
    heights.append(["plain"], 3)
    heights.append(["three lines"], 4, 47.0)
    heights.append(["two again"], 5, 32.0)
    # The writer found each height while the row was written; none is kept for later.
    assert set(sheet.row_dimensions) == {1}
    path = tmp_path / "heights.xlsx"
    workbook.save(path)

    read = load_workbook(path)["Data"]
    assert [read.cell(row, 1).value for row in range(1, 6)] == [
        "header",
        "two lines",
        "plain",
        "three lines",
        "two again",
    ]
    found = {row: read.row_dimensions[row].height for row in range(1, 6)}
    assert found == {1: 33.0, 2: 32.0, 3: None, 4: 47.0, 5: 32.0}
    assert read.row_dimensions[2].customHeight and not read.row_dimensions[3].customHeight


def test_the_version_is_within_the_tested_range() -> None:
    major, minor = (int(part) for part in openpyxl.__version__.split(".")[:2])
    assert (major, minor) == (3, 1), "check openpyxl_compat against this version, then widen"
