"""Large .xls files made of tens of millions of BIFF records, built quickly.

An .xls under the 200 MB size limit can hold 50 million four-byte records. The guard that
measures a sheet must walk every one of them before the reader sees the file, so these
files measure how long the guard takes (``benchmarks/bench_hostile_files.py``) and, at a
smaller size, check that what it measures is what the record-by-record reference reads.

The compound file is written as version 4 (4,096-byte sectors): its header holds up to
109 FAT sectors, enough for a 450 MB stream without DIFAT sectors.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np

_SECTOR = 4096
_END, _FREE, _FAT_MARK, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def globals_and_sheet_start(
    sheets: int = 1, dimensions: tuple[int, int, int, int] = (0, 2, 0, 2)
) -> tuple[bytes, bytes]:
    """The workbook globals (BOF, code page, ``sheets`` BOUNDSHEETs all naming one sheet
    substream, EOF) and that sheet's start (BOF, DIMENSIONS, a header cell)."""
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 6))
    codepage = _record(0x0042, struct.pack("<H", 1200))
    names = [f"Sheet{number + 1}".encode() for number in range(sheets)]
    size = len(bof_globals) + len(codepage) + sum(4 + 8 + len(n) for n in names) + 4
    boundsheets = b"".join(
        _record(0x0085, struct.pack("<IBBBB", size, 0, 0, len(name), 0) + name) for name in names
    )
    globals_ = bof_globals + codepage + boundsheets + _record(0x000A, b"")
    assert len(globals_) == size
    sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 6))
    sheet += _record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    sheet += _record(0x0203, struct.pack("<HHHd", 0, 0, 0, 1.0))
    return globals_, sheet


def records(lengths: np.ndarray, kind: int, body_byte: int = 0) -> bytes:
    """Records of ``kind`` with the given body lengths, each body filled with ``body_byte``."""
    lengths = lengths.astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 4)[:-1]))
    total = int((lengths + 4).sum())
    out = np.full(total, body_byte, dtype=np.uint8)
    out[starts] = kind & 0xFF
    out[starts + 1] = kind >> 8
    out[starts + 2] = lengths & 0xFF
    out[starts + 3] = lengths >> 8
    return out.tobytes()


def cell_records(count: int, kind: int = 0x027E, row: int = 0, column: int = 0) -> bytes:
    """``count`` RK cell records (10-byte bodies) all at ``row``, ``column``."""
    body = struct.pack("<HHHI", row, column, 0, 0x3FF00000 | 2)  # RK: 1.0
    return (_record(kind, body)) * count


def big_ole_file(path: Path, stream_name: str, parts: list[bytes]) -> Path:
    """A version 4 compound file holding one stream made of ``parts``, written in order."""
    size = sum(len(part) for part in parts)
    stream_sectors = max(2, -(-size // _SECTOR))
    # FAT sectors needed for the stream, the directory and the FAT itself.
    fat_sectors = 1
    while fat_sectors * (_SECTOR // 4) < stream_sectors + 2 + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("stream too large for a header-only DIFAT")
    # Layout after the header: FAT sectors, stream sectors, one directory sector and an
    # empty sector for the root's mini stream (a version 4 root may not be empty).
    first_stream = fat_sectors
    directory_sector = fat_sectors + stream_sectors
    fat = [_FAT_MARK] * fat_sectors
    fat += [*range(first_stream + 1, first_stream + stream_sectors), _END]
    fat += [_END, _END]  # the directory, the mini stream
    fat += [_FREE] * (fat_sectors * (_SECTOR // 4) - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 4, 0xFFFE, 12, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 1, fat_sectors, directory_sector, 0, 4096, _END, 0, _END, 0)
    difat = list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    header = header.ljust(_SECTOR, b"\0")

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NO_STREAM, _NO_STREAM, child)
            + b"\0" * 16
            + struct.pack("<IQQII", 0, 0, 0, start, length)
            + b"\0" * 4
        )

    directory = entry("Root Entry", 5, 1, directory_sector + 1, 0) + entry(
        stream_name, 2, _NO_STREAM, first_stream, size
    )
    with path.open("wb") as handle:
        handle.write(header)
        handle.write(np.array(fat, dtype="<u4").tobytes())
        for part in parts:
            handle.write(part)
        handle.write(b"\0" * (stream_sectors * _SECTOR - size))
        handle.write(directory.ljust(_SECTOR, b"\0"))
        handle.write(b"\0" * _SECTOR)
    return path


def _sized(target_bytes: int, per_record: int) -> int:
    return max(1, target_bytes // per_record)


def empty_records(path: Path, target_bytes: int) -> Path:
    """One sheet of ``target_bytes`` of four-byte records of an unknown kind, then a cell."""
    globals_, sheet = globals_and_sheet_start()
    filler = records(np.zeros(_sized(target_bytes, 4), dtype=np.int64), 0x0012)
    end = _record(0x0203, struct.pack("<HHHd", 1, 1, 0, 2.0)) + _record(0x000A, b"")
    return big_ole_file(path, "Workbook", [globals_, sheet, filler, end])


def random_length_records(path: Path, target_bytes: int, seed: int = 13) -> Path:
    """Unknown records whose bodies are 0-3 bytes at random (no two runs alike)."""
    generator = np.random.default_rng(seed)
    lengths = generator.integers(0, 4, size=_sized(target_bytes, 6))
    globals_, sheet = globals_and_sheet_start()
    end = _record(0x0203, struct.pack("<HHHd", 1, 1, 0, 2.0)) + _record(0x000A, b"")
    return big_ole_file(path, "Workbook", [globals_, sheet, records(lengths, 0x0012), end])


def cells_on_one_spot(path: Path, target_bytes: int) -> Path:
    """Millions of RK cell records all at A1: a 1 x 1 extent, millions of cells read."""
    globals_, sheet = globals_and_sheet_start()
    cells = cell_records(_sized(target_bytes, 14))
    return big_ole_file(path, "Workbook", [globals_, sheet, cells, _record(0x000A, b"")])


def many_sheets_on_one_substream(path: Path, target_bytes: int) -> Path:
    """4,000 BOUNDSHEETs (under the sheet limit) pointing at one substream of empty records."""
    globals_, sheet = globals_and_sheet_start(sheets=4000)
    filler = records(np.zeros(_sized(target_bytes, 4), dtype=np.int64), 0x0012)
    return big_ole_file(path, "Workbook", [globals_, sheet, filler, _record(0x000A, b"")])


# name -> builder(path, target stream bytes)
BIFF_BOMBS: dict[str, Callable[[Path, int], Path]] = {
    "xls of four-byte records": empty_records,
    "xls of records of random length": random_length_records,
    "xls of cell records all at A1": cells_on_one_spot,
    "xls of 4,000 sheets sharing one substream": many_sheets_on_one_substream,
}


def twenty_byte_records(path: Path, target_bytes: int) -> Path:
    """Unknown records of 16-byte bodies: fewer records than the limit, all the bytes."""
    globals_, sheet = globals_and_sheet_start()
    filler = records(np.full(_sized(target_bytes, 20), 16, dtype=np.int64), 0x0012)
    end = _record(0x0203, struct.pack("<HHHd", 1, 1, 0, 2.0)) + _record(0x000A, b"")
    return big_ole_file(path, "Workbook", [globals_, sheet, filler, end])


BIFF_BOMBS["xls of 20-byte records, fewer than the limit"] = twenty_byte_records
