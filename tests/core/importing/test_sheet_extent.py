"""The guards measure a sheet as the reader will build it, and refuse what is too big."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
import python_calamine

from desktop_app.core.importing import FileRefused, ImportLimits, open_workbook
from desktop_app.core.importing.readers import preview
from desktop_app.core.importing.sheet_extent import (
    Extent,
    XlsxCaps,
    ods_tables,
    xlsx_sheet_extent,
)
from desktop_app.core.settings import IMPORT_MAX_CELLS, set_setting
from tests.core.importing import crafted
from tests.reliability.figures import record

SHEET = "xl/worksheets/sheet1.xml"
NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NAMESPACE}"><sheetData>'


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _random_sheet(rng: random.Random) -> str:
    """Rows and cells with and without references, as writers and attackers spell them."""
    parts: list[str] = []
    row = 0
    for _ in range(rng.randint(1, 6)):
        explicit_row = rng.random() < 0.7
        row = rng.choice([row + 1, row + rng.randint(1, 3000)]) if explicit_row else row + 1
        prefix = rng.choice(["", "", "x:"])
        parts.append(f'<{prefix}row r="{row}">' if explicit_row else f"<{prefix}row>")
        column = 0
        for _ in range(rng.randint(0, 5)):
            column = rng.choice([column + 1, column + rng.randint(1, 400)])
            spelling = rng.choice(
                [f' r="{_column(column)}{row}"', "", f" r='{_column(column)}{row}'", ' t="n"']
            )
            parts.append(f"<{prefix}c{spelling}><{prefix}v>{rng.randint(1, 9)}</{prefix}v>")
            parts.append(f"</{prefix}c>")
        parts.append(f"</{prefix}row>")
    namespaced = HEAD.replace("<worksheet ", f'<worksheet xmlns:x="{NAMESPACE}" ')
    return namespaced + "".join(parts) + "</sheetData></worksheet>"


def _calamine_extent(path: Path) -> Extent:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    if not sheet.height:
        return Extent(0, 0)
    return Extent(sheet.start[0] + sheet.height, sheet.start[1] + sheet.width)


def test_the_scan_never_places_a_cell_nearer_than_the_reader(tmp_path: Path) -> None:
    # Sheets mixing referenced and unreferenced cells and rows, prefixes and quotes: the
    # extent measured (fast scan with caps, and exact scan) covers what calamine builds.
    rng = random.Random(13)
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    tried = 0
    for number in range(120):
        xml = _random_sheet(rng).encode()
        path = crafted.replace_part(good, tmp_path / f"s{number}.xlsx", SHEET, xml)
        reader = _calamine_extent(path)

        def open_part(path: Path = path) -> zipfile.ZipExtFile:
            return zipfile.ZipFile(path).open(SHEET)

        exact, is_exact = xlsx_sheet_extent(open_part, None)
        fast, _ = xlsx_sheet_extent(open_part, XlsxCaps(2, 3))
        assert is_exact
        for measured in (exact, fast):
            assert measured.rows >= reader.rows and measured.columns >= reader.columns, (
                xml,
                measured,
                reader,
            )
        path.unlink()
        tried += 1
    record("inputs tried", tried, area="hostile files: generated sheets measured against calamine")


def test_a_sheet_within_the_cell_limit_reads_and_one_beyond_is_refused(tmp_path: Path) -> None:
    rows = [[f"c{column}" for column in range(40)] for _ in range(30)]
    path = crafted.write_xlsx(tmp_path / "grid.xlsx", rows)
    source = open_workbook(path, ImportLimits(max_cells=1200))
    assert len(preview(source, source.sheet_names[0], 50)) == 30
    source.close()
    with pytest.raises(FileRefused) as refused:
        open_workbook(path, ImportLimits(max_cells=1199))
    message = str(refused.value)
    assert "grid.xlsx" in message and "sheet 需求" in message
    assert "30 rows by 40 columns, 1,200 cells" in message and "import/max_cells" in message


def test_the_cell_limit_is_a_setting(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.session(actor="test") as session:
        assert ImportLimits.from_settings(session).max_cells == IMPORT_MAX_CELLS.default
        set_setting(session, IMPORT_MAX_CELLS, 5000)
        assert ImportLimits.from_settings(session).max_cells == 5000


def test_a_sheet_whose_cells_carry_no_reference_is_read_and_measured(tmp_path: Path) -> None:
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    cells = "".join(f'<c t="inlineStr"><is><t>h{n}</t></is></c>' for n in range(12))
    rows = f"<row>{cells}</row>" + "<row><c><v>1</v></c><c><v>2</v></c></row>" * 50
    xml = (HEAD + rows + "</sheetData></worksheet>").encode()
    path = crafted.replace_part(good, tmp_path / "bare.xlsx", SHEET, xml)
    source = open_workbook(path, ImportLimits(max_cells=51 * 12))
    assert preview(source, source.sheet_names[0], 2)[1][1][:2] == [1.0, 2.0]
    source.close()
    with pytest.raises(FileRefused, match="51 rows by 12 columns"):
        open_workbook(path, ImportLimits(max_cells=51 * 12 - 1))


def test_libreoffice_trailing_repeats_are_not_counted(tmp_path: Path) -> None:
    # LibreOffice ends every sheet with a million empty rows of 1,024 empty cells; the
    # reader drops them, and so does the measure.
    body = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>产品名称'
        '</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = crafted.minimal_ods(tmp_path / "base.ods", [["x"]])
    path = crafted.replace_part(
        path, tmp_path / "lo.ods", "content.xml", crafted.ods_content(body).encode()
    )
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
        assert [table.extent for table in ods_tables(handle)] == [Extent(1, 1)]
    source = open_workbook(path)
    assert preview(source, source.sheet_names[0]) == [(1, ["产品名称"])]
    source.close()


def test_ods_repeats_between_values_are_counted(tmp_path: Path) -> None:
    body = (
        '<table:table-row><table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="3"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="40"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="5"/>'
        '<table:table-cell office:value-type="string" office:string-value="x"/>'
        "</table:table-row>"
    )
    path = crafted.minimal_ods(tmp_path / "base.ods", [["x"]])
    path = crafted.replace_part(
        path, tmp_path / "gaps.ods", "content.xml", crafted.ods_content(body).encode()
    )
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
        (table,) = ods_tables(handle)
    assert table.extent == Extent(42, 6) == _calamine_extent(path)
    with pytest.raises(FileRefused, match="42 rows by 6 columns"):
        open_workbook(path, ImportLimits(max_cells=250))


def test_an_xls_within_the_limits_reads(tmp_path: Path) -> None:
    stream = crafted.biff8_workbook([(0, 0, 1.0), (2, 3, 2.5)])
    path = crafted.ole_file(tmp_path / "small.xls", "Workbook", stream)
    source = open_workbook(path)
    assert preview(source, "Sheet1") == [
        (1, [1.0, "", "", ""]),
        (2, ["", "", "", ""]),
        (3, ["", "", "", 2.5]),
    ]
    source.close()


def test_a_zip_member_larger_than_declared_is_refused(tmp_path: Path) -> None:
    # The directory says the sheet is 100 bytes; python's zipfile would stop there and
    # show a harmless sheet, the reader inflates it all.
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(SHEET)
    # Patch the uncompressed size in the central directory entry of the sheet.
    name = SHEET.encode()
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    assert int.from_bytes(data[entry + 24 : entry + 28], "little") == info.file_size
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    path = tmp_path / "understated.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused, match="more bytes than the zip directory declares"):
        open_workbook(path)


def test_an_xlsb_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(FileRefused, match="xlsb"):
        open_workbook(path)


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml"])
def test_a_doctype_anywhere_in_the_prolog_is_refused(tmp_path: Path, part: str) -> None:
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        original = archive.read(part)
    cut = original.index(b"?>") + 2 if original.startswith(b"<?xml") else 0
    hostile = (
        original[:cut]
        + b"<!-- "
        + b"x" * 20_000
        + b" -->\n<?pi "
        + b"y" * 5000
        + b"?>"
        + b'<!DOCTYPE r [<!ENTITY e "e">]>'
        + original[cut:]
    )
    path = crafted.replace_part(good, tmp_path / "late.xlsx", part, hostile)
    with pytest.raises(FileRefused, match="declares XML entities"):
        open_workbook(path)


def test_a_tag_longer_than_any_spreadsheet_writes_is_refused(tmp_path: Path) -> None:
    # An attribute of 20 MB never closed: the scan stops at 16 MB instead of growing.
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    xml = HEAD.encode() + b'<row r="1"><c r="A1" x="' + b">" * (20 << 20)
    path = crafted.replace_part(good, tmp_path / "open-tag.xlsx", SHEET, xml)
    with pytest.raises(FileRefused, match="XML tag longer than 16 MB"):
        open_workbook(path)
