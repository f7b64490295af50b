"""Files crafted for the importer tests: real-world layouts and hostile files."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

DEMAND_ZH_HEADER = [
    "产品名称",
    "数量",
    "单位",
    "海关编码",
    "目标价格",
    "币种",
    "贸易术语",
    "交货期",
]


def write_xlsx(path: Path, rows: list[list[Any]], title: str | None = None) -> Path:
    """An xlsx whose first sheet holds ``rows``, under a merged ``title`` row when given."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "需求"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def chinese_demand_xlsx(path: Path) -> Path:
    """A Chinese buyer's request: merged title, Chinese headers, numeric HS codes."""
    return write_xlsx(
        path,
        [
            ["采购商", *DEMAND_ZH_HEADER],
            [
                "黑河华俄商贸有限公司 (Heihe Huae Trade Co., Ltd.)",
                "冷冻帝王蟹",
                "5吨",
                "",
                30633,
                "4.5万",
                "人民币",
                "DAP 满洲里",
                "2026年12月1日",
            ],
            [
                "黑河华俄商贸有限公司 (Heihe Huae Trade Co., Ltd.)",
                "葵花籽油",
                "2万",
                "升",
                151219,
                "1,200",
                "美元",
                "FOB Qingdao",
                46357,
            ],
            [
                "大连港湾粮油有限公司",
                "黄豌豆",
                "３０００",
                "吨",
                "071310",
                "2700",
                "CNY",
                "CIF",
                "2026-11-30",
            ],
        ],
        title="2026年俄罗斯产品采购需求表",
    )


def write_csv(path: Path, text: str, encoding: str) -> Path:
    """``text`` written in ``encoding``."""
    path.write_bytes(text.encode(encoding))
    return path


GBK_DEMAND = (
    "序号,采购商,产品名称,数量,单位,海关编码,币种\n"
    "1,潍坊华冠农业科技有限公司,豆粕 43%,2000,吨,2304,人民币\n"
    "2,潍坊华冠农业科技有限公司,冷冻鳕鱼片,１８,吨,30471,美元\n"
)
CP1251_PRODUCTS = (
    "Артикул;Компания;ИНН;Наименование;Код ТН ВЭД;Ед. изм.;Мин. партия;Цена;Валюта\n"
    'A-1;ООО «Ёлка»;7707083893;Масло подсолнечное;151219;т;"1,5 т";"1 200,50";руб\n'
    "A-2;ООО «Ёлка»;7707083893;Мёд липовый;040900;кг;500;450;RUB\n"
)


def ods_content(table_body: str, name: str = "Sheet1") -> str:
    """The content.xml of an OpenDocument spreadsheet with one table of ``table_body``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">'
        f"{table_body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )


def minimal_ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet with one sheet of text cells."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>"
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = ods_content(cells)
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def replace_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    """A copy of the ``source`` package with ``part`` replaced by ``data``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            body = data if item.filename == part else original.read(item.filename)
            kind = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            copy.writestr(item.filename, body, kind)
    return target


def zip_bomb(source: Path, target: Path) -> Path:
    """A workbook carrying a part of 300 MB of zeros that compresses to a few hundred KB."""
    replace_part(source, target, "docProps/app.xml", b"")
    with (
        zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as handle,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(300):
            handle.write(block)
    return target


def billion_laughs(source: Path, target: Path) -> Path:
    """A workbook whose sheet declares exponentially expanding entities."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return replace_part(source, target, "xl/worksheets/sheet1.xml", xml.encode())


def million_columns(source: Path, target: Path) -> Path:
    """A workbook whose sheet has a cell in the last column of the last row."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>产品名称</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return replace_part(source, target, "xl/worksheets/sheet1.xml", xml.encode())


def encrypted_ole(path: Path) -> Path:
    """The shape of an Office-encrypted workbook: an OLE file with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptedPackage".encode("utf-16-le") + b"\0" * 94
    path.write_bytes(header + directory + b"\0" * 4096)
    return path


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff8_workbook(
    cells: list[tuple[int, int, float]], dimensions: tuple[int, int, int, int] | None = None
) -> bytes:
    """A BIFF8 workbook stream: one sheet named Sheet1 holding number cells.

    ``dimensions`` is the sheet's DIMENSIONS record (first row, last row + 1, first
    column, last column + 1); by default it is the true extent of ``cells``.
    """
    if dimensions is None:
        dimensions = (
            0,
            max(row for row, _, _ in cells) + 1,
            0,
            max(column for _, column, _ in cells) + 1,
        )
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 6))
    name = b"Sheet1"
    codepage = _record(0x0042, struct.pack("<H", 1200))
    boundsheet_size = 4 + 8 + len(name)
    sheet_offset = len(bof_globals) + len(codepage) + boundsheet_size + 4
    boundsheet = _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name)
    globals_ = bof_globals + codepage + boundsheet + _record(0x000A, b"")
    assert len(globals_) == sheet_offset
    sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 6))
    sheet += _record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    for row, column, value in cells:
        sheet += _record(0x0203, struct.pack("<HHHd", row, column, 0, value))
    sheet += _record(0x000A, b"")
    return globals_ + sheet


def ole_file(path: Path, stream_name: str, stream: bytes) -> Path:
    """A compound file (OLE2, version 3) holding one stream, as .xls files are."""
    sector = 512
    stream = stream.ljust(max(4096, -(-len(stream) // sector) * sector), b"\0")
    stream_sectors = len(stream) // sector
    directory_sector = 1 + stream_sectors
    end, free, fat_mark, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark] + [1 + i + 1 for i in range(stream_sectors - 1)] + [end, end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", nostream, nostream, child)
            + b"\0" * 16
            + struct.pack("<IQQII", 0, 0, 0, start, size)
            + b"\0" * 4
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream_name, 2, nostream, 1, len(stream))
    directory += b"\0" * (sector - len(directory))
    fat_bytes = struct.pack("<128I", *fat)
    path.write_bytes(header + fat_bytes + stream + directory)
    return path
