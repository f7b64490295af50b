"""The vectorised BIFF walk against a record-by-record reference, and the .xls refusals.

The reference below is the guard's former walk (one ``struct`` unpack a record): the
fast walk must find exactly the same sheets, declared and held extents and cells on
random streams, with windows small enough that records and hops cross them.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.importing import biff_records
from desktop_app.core.importing.guards import FileRefused, ImportLimits, inspect_file
from desktop_app.core.importing.sheet_extent import (
    MAX_XLS_SHEETS,
    Extent,
    SheetsOverlap,
    TooManySheets,
    xls_sheets,
)
from tests.core.importing import crafted
from tests.reliability import biff_bombs

_CELLS = frozenset(biff_records.CELL_RECORDS)


def _reference(stream: bytes) -> list[tuple[str, Extent, Extent, int]]:
    """Name, declared, held and cells of every sheet, one record at a time."""
    padded = stream + b"\0" * 16
    sheets = []
    position = 0
    entries = []
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", padded, position)
        body = stream[position + 4 : position + 4 + length]
        if kind == 0x0085 and len(body) >= 4:
            entries.append((struct.unpack_from("<I", body)[0], _name(body)))
        elif kind == 0x000A:
            break
        position += 4 + length
    for offset, name in entries:
        declared = Extent(0, 0)
        rows = columns = cells = 0
        position = offset
        while position + 4 <= len(stream):
            kind, length, row, column = struct.unpack_from("<HHHH", padded, position)
            body_at, position = position + 4, position + 4 + length
            if kind in _CELLS and length >= 4:
                rows, columns, cells = max(rows, row + 1), max(columns, column + 1), cells + 1
            elif kind == 0x000A:
                break
            elif kind == 0x0200:
                declared = _dimensions(stream[body_at:position], declared)
            elif kind in (0x00BD, 0x00BE) and length >= 6:
                (last,) = struct.unpack_from("<H", padded, min(position, len(stream)) - 2)
                rows = max(rows, row + 1)
                columns = max(columns, column + 1, last + 1)
                cells += (length - 6) // (6 if kind == 0x00BD else 2)
        sheets.append((name, declared, Extent(rows, columns), cells))
    return sheets


def _dimensions(body: bytes, previous: Extent) -> Extent:
    if len(body) >= 14:
        first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", body)
    elif len(body) >= 8:
        first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", body)
    else:
        return previous
    if end_row < first_row or end_column < first_column:
        return Extent(2**32, 2**16)
    return Extent(max(previous.rows, end_row + 1), max(previous.columns, end_column + 1))


def _name(body: bytes) -> str:
    if len(body) < 8:
        return ""
    length, flags = body[6], body[7]
    raw = body[8:]
    return (
        raw[: length * 2].decode("utf-16-le", "replace")
        if flags & 1
        else raw[:length].decode("latin-1")
    )


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _random_sheet(rng: random.Random) -> bytes:
    records = [_record(0x0809, b"\0" * 16)]
    for _ in range(rng.randrange(0, 400)):
        roll = rng.random()
        if roll < 0.3:
            kind = rng.choice(sorted(_CELLS))
            body = struct.pack("<HH", rng.randrange(65536), rng.randrange(300))
            body += bytes(rng.randrange(0, 12))
            if rng.random() < 0.05:
                body = body[: rng.randrange(4)]  # too short to name a cell
        elif roll < 0.4:
            kind = rng.choice((0x00BD, 0x00BE))
            values = rng.randrange(0, 6)
            body = struct.pack("<HH", rng.randrange(65536), rng.randrange(256))
            body += bytes(values * (6 if kind == 0x00BD else 2))
            body += struct.pack("<H", rng.randrange(65536))
        elif roll < 0.45:
            kind = 0x0200
            if rng.random() < 0.5:
                first, end = rng.randrange(10), rng.randrange(100_000)
                body = struct.pack("<IIHHH", first, end, rng.randrange(5), rng.randrange(300), 0)
            else:
                body = struct.pack("<HHHH", *(rng.randrange(65536) for _ in range(4)))
        elif roll < 0.47:
            kind, body = 0x0012, bytes(rng.randrange(20_000, 70_000) % 65536)  # crosses windows
        else:
            kind, body = rng.randrange(65536), bytes(rng.randrange(0, 40))
            if kind == 0x000A:
                kind = 0x0012
        records.append(_record(kind, body))
    if rng.random() < 0.8:
        records.append(_record(0x000A, b""))
    return b"".join(records)


def _random_workbook(rng: random.Random) -> bytes:
    sheets = [_random_sheet(rng) for _ in range(rng.randrange(1, 4))]
    names = [f"S{number}".encode() for number in range(len(sheets))]
    head = _record(0x0809, b"\0" * 16) + _record(0x0042, struct.pack("<H", 1200))
    size = len(head) + sum(4 + 8 + len(name) for name in names) + 4
    boundsheets, offset = b"", size
    for name, sheet in zip(names, sheets, strict=True):
        boundsheets += _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
        offset += len(sheet)
    stream = head + boundsheets + _record(0x000A, b"") + b"".join(sheets)
    if rng.random() < 0.1:
        stream = stream[: rng.randrange(size, len(stream) + 1)]  # cut short
    return stream


@pytest.mark.parametrize("window", [64, 4096, biff_records.WINDOW_BYTES])
def test_the_fast_walk_finds_what_one_record_at_a_time_finds(
    window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(biff_records, "WINDOW_BYTES", window)
    rng = random.Random(20261207 + window)
    for _ in range(60):
        stream = _random_workbook(rng)
        try:
            fast = xls_sheets(stream)
        except SheetsOverlap:
            continue  # a cut stream whose last sheet runs on: refused, see below
        expected = _reference(stream)
        assert [(s.name, s.declared, s.held, s.cells) for s in fast] == expected


def test_the_walk_gives_every_record_once_in_order() -> None:
    rng = np.random.default_rng(7)
    lengths = rng.integers(0, 6, size=300_000)
    stream = biff_bombs.records(lengths, 0x0012)
    data = np.frombuffer(stream + bytes(biff_records.PADDING), dtype=np.uint8)
    positions = np.concatenate(list(biff_records.walk(data, 0, len(stream))))
    expected = np.concatenate(([0], np.cumsum(lengths + 4)[:-1]))
    assert np.array_equal(positions, expected)


def test_cell_records_piled_on_one_spot_are_counted_as_cells(tmp_path: Path) -> None:
    # 5,000 cells at A1: a 1 x 1 extent, but the reader stores every one of them.
    path = biff_bombs.cells_on_one_spot(tmp_path / "pile.xls", 5_000 * 14)
    refusal = r"sheet Sheet1 holds at least [\d,]+ cells; at most 1,000"
    with pytest.raises(FileRefused, match=refusal):
        inspect_file(path, ImportLimits(max_cells=1_000))
    # Within the setting, still refused: Excel writes a cell once, and records piled on
    # one spot cost the reader memory out of all proportion to a 1 x 1 sheet.
    piled = r"damaged or not a valid workbook: sheet Sheet1 writes [\d,]+ cells into 1 rows"
    with pytest.raises(FileRefused, match=piled):
        inspect_file(path, ImportLimits(max_cells=10_000))


def test_a_sheet_of_more_records_than_its_cells_need_is_refused(tmp_path: Path) -> None:
    limits = ImportLimits(max_cells=1_000)
    path = biff_bombs.empty_records(tmp_path / "records.xls", 4 * (limits.max_xls_records + 10))
    with pytest.raises(FileRefused, match="holds more than 201,000 records"):
        inspect_file(path, limits)
    inspect_file(path, ImportLimits())


def test_sheets_sharing_one_substream_are_refused_without_walking_it_twice(
    tmp_path: Path,
) -> None:
    globals_, sheet = biff_bombs.globals_and_sheet_start(sheets=3)
    stream = globals_ + sheet + struct.pack("<HH", 0x000A, 0)
    with pytest.raises(SheetsOverlap):
        xls_sheets(stream)
    # Above the mini stream's 4 KB, where the guard reads the sector chain itself.
    filler = struct.pack("<HH", 0x0012, 8000) + bytes(8000)
    path = biff_bombs.big_ole_file(tmp_path / "shared.xls", "Workbook", [stream, filler])
    with pytest.raises(FileRefused, match="sheet Sheet2 starts inside sheet Sheet1"):
        inspect_file(path, ImportLimits())


def test_more_sheets_than_any_workbook_has_are_refused(tmp_path: Path) -> None:
    globals_, sheet = biff_bombs.globals_and_sheet_start(sheets=MAX_XLS_SHEETS + 1)
    with pytest.raises(TooManySheets):
        xls_sheets(globals_ + sheet)
    path = biff_bombs.big_ole_file(tmp_path / "sheets.xls", "Workbook", [globals_ + sheet])
    with pytest.raises(FileRefused, match="more than 4096 sheets"):
        inspect_file(path, ImportLimits())


def test_a_large_stream_is_read_from_its_sector_chain(tmp_path: Path) -> None:
    # A version 3 file (512-byte sectors, as crafted.ole_file writes) and a version 4 one.
    stream = crafted.biff8_workbook([(row, 1, float(row)) for row in range(600)])
    small = crafted.ole_file(tmp_path / "v3.xls", "Workbook", stream)
    large = biff_bombs.big_ole_file(tmp_path / "v4.xls", "Workbook", [stream])
    for path in (small, large):
        inspect_file(path, ImportLimits(max_cells=2_000))
        with pytest.raises(FileRefused, match="601 rows by 3 columns"):
            inspect_file(path, ImportLimits(max_cells=1_000))


def test_a_stream_claiming_more_bytes_than_the_file_is_refused_before_allocating(
    tmp_path: Path,
) -> None:
    stream = crafted.biff8_workbook([(row, 1, float(row)) for row in range(600)])
    path = biff_bombs.big_ole_file(tmp_path / "claims.xls", "Workbook", [stream])
    data = bytearray(path.read_bytes())
    # The stream's directory entry (the second, after the root) holds its size at 120.
    entry = data.rindex("Workbook".encode("utf-16-le"))
    struct.pack_into("<Q", data, entry + 120, 1 << 40)  # a terabyte
    path.write_bytes(bytes(data))
    # Refused from the claim itself (a claim of a few GB would otherwise be allocated).
    with pytest.raises(FileRefused, match=r"damaged.*more than the file holds"):
        inspect_file(path, ImportLimits())
