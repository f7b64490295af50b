"""Reading files: encodings, delimiters, formats, header rows and hostile files."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import python_calamine

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing import FileRefused, ImportLimits, detect_layout, open_workbook
from desktop_app.core.importing.guards import is_reader_panic
from desktop_app.core.importing.layout import HEADER_SCAN_ROWS
from desktop_app.core.importing.readers import CalamineSource, preview
from tests.conftest import TEST_DATA
from tests.core.importing import crafted

DATA = TEST_DATA / "importing"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _first_rows(path: Path, count: int = 3) -> list[list[object]]:
    source = open_workbook(path)
    try:
        return [cells for _, cells in preview(source, source.sheet_names[0], count)]
    finally:
        source.close()


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    path = crafted.write_csv(tmp_path / "需求.csv", crafted.GBK_DEMAND, "gbk")
    rows = _first_rows(path)
    assert rows[0][:3] == ["序号", "采购商", "产品名称"]
    assert rows[2][2] == "冷冻鳕鱼片"


def test_cp1251_csv_with_russian_headers_and_semicolons(tmp_path: Path) -> None:
    path = crafted.write_csv(tmp_path / "товары.csv", crafted.CP1251_PRODUCTS, "cp1251")
    rows = _first_rows(path)
    assert rows[0][0] == "Артикул" and rows[1][1] == "ООО «Ёлка»"
    assert rows[1][6] == "1,5 т"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_csv_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    path = crafted.write_csv(tmp_path / "d.txt", crafted.GBK_DEMAND.replace(",", "\t"), encoding)
    assert _first_rows(path)[1][1] == "潍坊华冠农业科技有限公司"


def test_ods_is_read(tmp_path: Path) -> None:
    path = crafted.minimal_ods(tmp_path / "d.ods", [["产品名称", "数量"], ["豆粕", "2000"]])
    assert _first_rows(path) == [["产品名称", "数量"], ["豆粕", "2000"]]


def test_header_found_below_a_merged_title(tmp_path: Path) -> None:
    source = open_workbook(crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx"))
    layout = detect_layout(source, ImportKind.DEMAND)
    assert layout.header_row == 2
    assert layout.mapping == {
        0: "buyer_name",
        1: "product_name",
        2: "quantity",
        3: "unit",
        4: "hs_code",
        5: "target_price",
        6: "currency",
        7: "incoterms",
        8: "deadline",
    }
    source.close()


def test_unmapped_columns_are_reported_and_explicit_mapping_wins(tmp_path: Path) -> None:
    path = crafted.write_csv(
        tmp_path / "d.csv", "Товар,Кол-во,Цвет упаковки\nМёд,5,синий\n", "utf-8"
    )
    source = open_workbook(path)
    assert detect_layout(source, ImportKind.DEMAND).unmapped == ("Цвет упаковки",)
    explicit = detect_layout(
        source, ImportKind.DEMAND, explicit={"A": "product_name", "C": "notes"}
    )
    assert explicit.mapping == {0: "product_name", 2: "notes"}


def test_file_without_header_is_refused(tmp_path: Path) -> None:
    path = crafted.write_csv(tmp_path / "d.csv", "a,b\n1,2\n", "utf-8")
    with pytest.raises(FileRefused, match="no header row"):
        detect_layout(open_workbook(path), ImportKind.DEMAND)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d, x: _write(d / "e.xlsx", b""), "empty"),
        (lambda d, x: crafted.write_csv(d / "e.csv", "", "utf-8"), "empty"),
        (lambda d, x: _write(d / "b.xlsx", b"\x7fELF\0\0binary"), "not a spreadsheet"),
        (lambda d, x: _write(d / "b.csv", b"\x89PNG\r\n\x1a\n\0\0\0"), "binary"),
        (lambda d, x: crafted.zip_bomb(x, d / "bomb.xlsx"), "out of proportion"),
        (lambda d, x: crafted.billion_laughs(x, d / "lol.xlsx"), "entities"),
        (lambda d, x: crafted.million_columns(x, d / "wide.xlsx"), "16384 columns"),
        (lambda d, x: crafted.encrypted_ole(d / "enc.xlsx"), "password"),
        (lambda d, x: DATA / "pass_protected.xlsx", "password"),
        (lambda d, x: DATA / "null_file.xlsx", "empty"),
    ],
    ids=[
        "empty-xlsx",
        "empty-csv",
        "renamed-binary",
        "png-as-csv",
        "zip-bomb",
        "xml-entities",
        "million-columns",
        "encrypted-ole",
        "password",
        "broken-zip",
    ],
)
@pytest.mark.slow
def test_hostile_files_are_refused_with_a_message(tmp_path: Path, make, message: str) -> None:
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    path = make(tmp_path, good)
    with pytest.raises(FileRefused, match=message) as refused:
        open_workbook(path)
    assert path.name in str(refused.value)


class _CountingBook:
    """A calamine workbook that counts how often a sheet is loaded."""

    def __init__(self, book: object) -> None:
        self.book, self.loads = book, 0

    def get_sheet_by_name(self, name: str) -> object:
        self.loads += 1
        return self.book.get_sheet_by_name(name)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.book, name)


def test_the_sheet_read_for_the_header_is_loaded_once_and_freed_after_a_full_pass(
    tmp_path: Path,
) -> None:
    # More rows than the header search reads: a shorter sheet is read whole by it.
    rows = [["产品名称", "数量"], *([f"豆粕 {i}", i] for i in range(HEADER_SCAN_ROWS + 10))]
    source = open_workbook(crafted.write_xlsx(tmp_path / "需求.xlsx", rows))
    try:
        book = _CountingBook(source._book)  # type: ignore[attr-defined]
        source._book = book  # type: ignore[attr-defined]
        layout = detect_layout(source, ImportKind.DEMAND)
        first = list(source.rows(layout.sheet))
        assert book.loads == 1 and len(first) > layout.header_row
        again = list(source.rows(layout.sheet))
        assert book.loads == 2 and again == first
    finally:
        source.close()


def _sheet_without_dimension(source: Path, target: Path, cells: str) -> Path:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>产品名称</x:t></x:is>'
        f"</x:c></x:row>{cells}</x:sheetData></x:worksheet>"
    )
    return crafted.replace_part(source, target, "xl/worksheets/sheet1.xml", xml.encode())


@pytest.mark.parametrize(
    ("cell", "refused"),
    [
        ('<x:row r="2"><x:c s="0" r="AD2"><x:v>1</x:v></x:c></x:row>', "30 columns"),
        ('<x:row r="2"><x:c r="AC2"><x:v>1</x:v></x:c></x:row>', None),
        ('<x:row r="1101"><x:c\n r="B1101"><x:v>1</x:v></x:c></x:row>', "1101 rows"),
        ('<x:row r="1100"><x:c r="B1100"><x:v>1</x:v></x:c></x:row>', None),
        ('<x:row r="9"><x:c r="B000009"><x:v>1</x:v></x:c></x:row>', None),
    ],
    ids=["column-beyond", "last-column", "row-beyond", "last-row", "leading-zeros"],
)
def test_a_sheet_without_dimension_is_measured_by_its_cell_references(
    tmp_path: Path, cell: str, refused: str | None
) -> None:
    # Limits of 29 columns (AC) and 100 rows (+1000 of grace): AD and row 1101 lie beyond,
    # whatever the element's prefix, the attribute's place or the white space before it.
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    path = _sheet_without_dimension(good, tmp_path / "bare.xlsx", cell)
    limits = ImportLimits(max_rows=100, max_columns=29)
    if refused is None:
        open_workbook(path, limits).close()
    else:
        with pytest.raises(FileRefused, match=refused):
            open_workbook(path, limits)


def test_file_size_limit_is_a_setting(tmp_path: Path) -> None:
    path = crafted.write_csv(tmp_path / "d.csv", "产品名称,数量\n" + "豆粕,1\n" * 100_000, "utf-8")
    with pytest.raises(FileRefused, match="more than the limit of 0 MB"):
        open_workbook(path, ImportLimits(max_file_bytes=1000))


def test_a_large_xls_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """An .xls is read whole and held twice: over 96 MB it is refused by its size alone,
    before a byte of its records is read (the bound that keeps an import under 300 MB)."""
    path = tmp_path / "big.xls"
    with path.open("wb") as handle:
        handle.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        handle.truncate(97 * 1024 * 1024)  # sparse: no disk or memory spent
    with pytest.raises(FileRefused, match=r"save it as \.xlsx"):
        open_workbook(path, ImportLimits())


def _damage_deflate_stream(source: Path, target: Path, part: str) -> Path:
    """A copy of ``source`` whose ``part`` holds an invalid deflate stream of the same size."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 :][:4])
    start = info.header_offset + 30 + name_length + extra_length
    # 0xFF opens a final block of the reserved type 11: zlib refuses it at once.
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    target.write_bytes(bytes(data))
    return target


def test_a_damaged_deflate_stream_is_refused_as_a_damaged_file(tmp_path: Path) -> None:
    good = crafted.chinese_demand_xlsx(tmp_path / "good.xlsx")
    path = _damage_deflate_stream(good, tmp_path / "deflate.xlsx", "xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(path) as archive, pytest.raises(zlib.error):
        archive.read("xl/worksheets/sheet1.xml")  # what the guard used to let escape
    with pytest.raises(FileRefused, match="damaged or not a valid workbook") as refused:
        open_workbook(path)
    assert path.name in str(refused.value)
    assert "xl/worksheets/sheet1.xml" in str(refused.value)


@pytest.mark.filterwarnings("ignore")
def test_a_reader_panic_is_refused_as_a_damaged_file(tmp_path: Path) -> None:
    # A cut OLE container trips a slice bound inside calamine's Rust code: a pyo3
    # PanicException, which is no Exception. The encrypted stream is renamed so that the
    # guard's password check lets the file through to the reader.
    data = (DATA / "pass_protected.xlsx").read_bytes()[:3584]
    data = data.replace(
        "EncryptedPackage".encode("utf-16-le"), "EncryptedPackagE".encode("utf-16-le")
    )
    path = _write(tmp_path / "cut.xlsx", data)
    with pytest.raises(BaseException) as raw:
        python_calamine.CalamineWorkbook.from_path(str(path))
    assert is_reader_panic(raw.value) and not isinstance(raw.value, Exception)
    # The guard now reads the OLE container itself and refuses the cut file first...
    with pytest.raises(FileRefused, match="damaged or not a valid workbook") as refused:
        open_workbook(path)
    assert path.name in str(refused.value)
    # ...and the reader still turns its own panic into the same refusal.
    with pytest.raises(FileRefused, match="damaged or not a valid workbook") as refused:
        CalamineSource(path, ImportLimits())
    assert path.name in str(refused.value)
    assert isinstance(refused.value.__cause__, BaseException)
    assert is_reader_panic(refused.value.__cause__)


def test_tab_and_pipe_inside_cells_do_not_fool_the_delimiter(tmp_path: Path) -> None:
    # A comma-separated products file whose cells carry injection strings (a tab, a |)
    # and quoted commas: every row splits alike only on the comma.
    text = (
        "Артикул,Компания,ИНН,Наименование (рус.),Код ТН ВЭД,Цена\n"
        'P-1,"ООО ""Север, Юг""",7707083893,\t=1+1,1512,"1,5"\n'
        "P-2,ООО Ромашка,7707083893,cmd|' /C calc'!A0,0409,2\n"
        'P-3,"АО ""Ёлка, Сосна""",7707083893,\t=2+2 | мёд,0409,"3,5"\n'
        'P-4,"ИП Иванов, И.",7707083893,масло\t|подсолнечное,1512,4\n'
    )
    path = crafted.write_csv(tmp_path / "products.csv", text, "utf-8")
    layout = detect_layout(open_workbook(path), ImportKind.PRODUCTS)
    assert layout.header_row == 1
    assert {"product_ref", "company_inn", "hs_code"} <= set(layout.mapping.values())
    rows = _first_rows(path, 5)
    assert rows[1][3] == "\t=1+1" and rows[2][3] == "cmd|' /C calc'!A0"
    assert rows[1][1] == 'ООО "Север, Юг"' and rows[1][5] == "1,5"
