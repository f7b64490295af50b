"""What is not a readable text file or workbook gets a message saying what it is."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from desktop_app.core.importing import FileRefused, open_workbook
from desktop_app.core.importing.readers import TEXT_FIELD_LIMIT, preview
from tests.reliability.figures import record

HEADER = "产品名称,数量\n"


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    source = open_workbook(path)
    try:
        return list(source.rows(source.sheet_names[0]))
    finally:
        source.close()


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    bom = codecs.BOM_UTF32_LE if encoding.endswith("le") else codecs.BOM_UTF32_BE
    path = tmp_path / "d.csv"
    path.write_bytes(bom + (HEADER + "豆粕,5\n").encode(encoding))
    assert _rows(path) == [(1, ["产品名称", "数量"]), (2, ["豆粕", "5"])]
    record("inputs tried", 1, area="hostile files: text (UTF-32, long cells, bad bytes)")


def test_a_long_cell_is_one_cell_not_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    long_text = "описание " * 25_000  # 225,000 characters
    path.write_text(HEADER + f'"{long_text}",1\nмёд,2\n', encoding="utf-8")
    rows = _rows(path)
    assert rows[1] == (2, [long_text, "1"]) and rows[2] == (3, ["мёд", "2"])
    record("inputs tried", 1, area="hostile files: text (UTF-32, long cells, bad bytes)")


def test_a_cell_beyond_the_field_limit_names_its_line_and_size(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    lines = [HEADER] + ["мёд,1\n"] * 5 + ["x" * (TEXT_FIELD_LIMIT + 10) + ",1\n", "мёд,1\n"]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        _rows(path)
    message = str(refused.value)
    assert message.startswith("d.csv: line 7: a field is longer than 1,048,576 characters")
    assert "utf" not in message.lower()
    record("inputs tried", 1, area="hostile files: text (UTF-32, long cells, bad bytes)")


def test_an_undecodable_byte_is_blamed_on_its_own_line(tmp_path: Path) -> None:
    # Beyond the 256 KB sample that chose UTF-8, and beyond the block Python decodes ahead.
    path = tmp_path / "d.csv"
    good = (HEADER + "мёд,1\n" * 40_000).encode()
    path.write_bytes(good + b"\xff\xfe broken,1\n" + "мёд,1\n".encode() * 10)
    with pytest.raises(FileRefused) as refused:
        _rows(path)
    assert "line 40002 cannot be read as utf-8 text" in str(refused.value)
    assert f"byte {len(good)}" in str(refused.value)
    record("inputs tried", 1, area="hostile files: text (UTF-32, long cells, bad bytes)")


def test_a_pdf_renamed_csv_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "invoice.csv"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    with pytest.raises(FileRefused, match=r"invoice\.csv: the file is binary, not text"):
        open_workbook(path)


def test_a_folder_a_pipe_and_a_device_are_named_for_what_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(FileRefused, match=r"folder\.xlsx: this is a folder, not a file"):
        open_workbook(folder)
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(FileRefused, match=r"pipe\.csv: this is a device, pipe or socket"):
        open_workbook(pipe)
    with pytest.raises(FileRefused, match="this is a device, pipe or socket"):
        open_workbook(Path(os.devnull))
    with pytest.raises(FileRefused, match=r"missing\.csv: the file does not exist"):
        open_workbook(tmp_path / "missing.csv")
    record("inputs tried", 4, area="hostile files: not a spreadsheet, in process")


def test_an_unreadable_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.csv"
    path.write_text(HEADER, encoding="utf-8")
    original = Path.open

    def denied(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(FileRefused, match=r"locked\.csv: the file cannot be read: Permission"):
        open_workbook(path)


def test_a_nul_in_the_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="NUL character"):
        open_workbook(tmp_path / "a\x00b.csv")


def test_preview_of_a_utf16_file_still_works(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + (HEADER + "豆粕,5\n").encode("utf-16-le"))
    source = open_workbook(path)
    assert preview(source, source.sheet_names[0]) == [(1, ["产品名称", "数量"]), (2, ["豆粕", "5"])]
    source.close()
