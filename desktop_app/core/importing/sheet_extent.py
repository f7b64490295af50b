"""How many rows and columns a sheet will take in the reader, measured from the bytes.

python-calamine builds every sheet as one dense grid from its outermost cells: one cell
at XFD1048576 makes it allocate 17 billion cells, and when the allocation fails Rust
aborts the process (SIGABRT), which no ``except`` catches. So the extent of every sheet
is measured here, streamed and without building anything, the way the reader will place
the cells, and :mod:`desktop_app.core.importing.guards` refuses a sheet beyond the limits
before the reader sees it.

* **xlsx**: the position of a cell is its ``r="B7"`` reference or, without one, the
  position after the previous cell (of the row given by ``<row r=...>``, or the row after
  the previous one). References are read with patterns that start with a literal; only
  the ones long enough to matter are converted (see :class:`XlsxCaps`).
* **ods**: ``table:number-rows-repeated`` and ``table:number-columns-repeated`` repeat a
  row or cell; the reader drops empty cells at the end of a row and empty rows at the end
  of a table, and materialises the rest.
* **xls**: the BIFF records of each sheet: the DIMENSIONS record (the reader reserves
  rows x columns for it), the row and column of every cell record, and how many cells
  the reader will store (walked at C speed by :mod:`.biff_records`).

Each function returns an upper bound: the reader never places a cell beyond it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

import numpy as np

from desktop_app.core.importing.biff_records import (
    PADDING,
    SubstreamSummary,
    find_records,
    summarise_substream,
)

CHUNK_BYTES = 1 << 20
_ENTITY_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Extent:
    """Rows and columns from A1 to the farthest cell a reader may place."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        """Cells of the dense grid the reader builds for it."""
        return self.rows * self.columns


class DeclaresEntities(Exception):
    """An XML part holds a DOCTYPE or ENTITY declaration."""


# An XML tag or a run of text without a tag longer than this is not a spreadsheet's.
MAX_MARKUP_BYTES = 16 * 1024 * 1024
# One start tag, its attribute values quoted (``>`` may stand inside them); possessive,
# so a tag left open fails in one pass instead of backtracking.
_WHOLE_TAG = re.compile(rb"""<(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
# The attributes of a tag, read the same way.
_ATTRIBUTES = rb"""((?:[^>"']++|"[^"]*+"|'[^']*+')*+)"""


class MarkupTooLong(Exception):
    """An XML part holds one tag longer than :data:`MAX_MARKUP_BYTES`."""


def _blocks(handle: IO[bytes]) -> Iterator[bytes]:
    """The stream in blocks that end just before a ``<``, so no tag is ever cut.

    A block is never much longer than a chunk plus one tag: a long run of text is given
    out as it comes (it holds no tag), and a tag longer than :data:`MAX_MARKUP_BYTES`
    raises :class:`MarkupTooLong` instead of growing without end.
    """
    carry = b""
    while chunk := handle.read(CHUNK_BYTES):
        block = carry + chunk
        cut = block.rfind(b"<")
        if cut > 0:
            carry = block[cut:]
            yield block[:cut]
            continue
        if cut < 0:
            carry = b""
            yield block  # text only
            continue
        # One tag opens the block and no other starts after it.
        whole = _WHOLE_TAG.match(block)
        if whole is not None:
            carry = b""
            yield block  # the tag, then text
            continue
        if len(block) > MAX_MARKUP_BYTES:
            raise MarkupTooLong(block[:40].decode("utf-8", "replace"))
        carry = block
    if carry:
        yield carry


def check_prolog(handle: IO[bytes]) -> None:
    """Raise :class:`DeclaresEntities` if the prolog of an XML part declares a DTD.

    The prolog is everything before the root element: the XML declaration, comments,
    processing instructions and whitespace; a long comment cannot push a DOCTYPE beyond
    what is read, because all of it is read (streamed, only a few bytes are kept).
    """
    buffer = handle.read(CHUNK_BYTES)
    if buffer.startswith((b"\xff\xfe", b"\xfe\xff")) or buffer[:2] in (b"<\0", b"\0<"):
        # Entities spelled in UTF-16 would pass a byte search; spreadsheets write UTF-8.
        raise DeclaresEntities("UTF-16")
    position = 3 if buffer.startswith(b"\xef\xbb\xbf") else 0
    closers = {b"<?": b"?>", b"<!--": b"-->"}
    while True:
        position = len(buffer) - len(buffer[position:].lstrip(b" \t\r\n"))
        if len(buffer) - position < 16:
            more = handle.read(CHUNK_BYTES)
            if more:
                buffer = buffer[position:] + more
                position = 0
                continue
        rest = buffer[position : position + 16]
        opener = next((start for start in closers if rest.startswith(start)), None)
        if opener is None:
            if rest.startswith(b"<!"):
                raise DeclaresEntities(rest[:10].decode("latin-1"))
            return  # the root element (or text the reader will refuse itself)
        closer = closers[opener]
        end = buffer.find(closer, position + len(opener))
        while end < 0:
            # Keep only what may hold the start of the closer.
            buffer = buffer[-(len(closer) - 1) :]
            position = 0
            more = handle.read(CHUNK_BYTES)
            if not more:
                return
            buffer += more
            end = buffer.find(closer)
        position = end + len(closer)


@dataclass(frozen=True)
class XlsxCaps:
    """Which references the fast xlsx scan converts: the ones with at least
    ``letters`` letters or ``digits`` digits. Shorter ones are within the caps
    (``Z`` is column 26 for two letters, 99,999 for six digits)."""

    letters: int
    digits: int

    @property
    def columns(self) -> int:
        """The widest column a reference shorter than ``letters`` letters can name."""
        return sum(26**power for power in range(1, self.letters))

    @property
    def rows(self) -> int:
        """The tallest row a reference shorter than ``digits`` digits can name."""
        return 10 ** (self.digits - 1) - 1


# A cell element whose position the fast scan cannot take from a plain ``<c r="``: one
# without a reference or with other white space after its name, or a prefixed one. Two
# patterns, each starting with a literal, run at C speed; one alternation would not.
_ODD_CELL_START = re.compile(rb'<c(?:[>\t\n\r]| (?!r="))')
_PREFIXED_CELL = re.compile(rb":c[\s>]")


def _long_references(caps: XlsxCaps) -> re.Pattern[bytes]:
    """References that are not short and plain (fewer letters and digits than the caps):
    long ones, and anything oddly spelled, which the fast scan then gives up on."""
    short = rb"[A-Z]{1,%d}[1-9]\d{0,%d}" % (max(caps.letters - 1, 0), max(caps.digits - 2, 0))
    if caps.letters <= 1 or caps.digits <= 1:
        return re.compile(rb'<c r="([^"]*)"')
    return re.compile(rb'<c r="(?!%s")([^"]*)"' % short)


_PLAIN_REFERENCE = re.compile(rb"([A-Z]{1,3})(\d{1,7})")


def column_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


class _NeedsExactScan(Exception):
    """The fast scan met a cell whose position it cannot read from its reference."""


Beyond = Callable[[Extent], bool]


def xlsx_sheet_extent(
    open_part: Callable[[], IO[bytes]], caps: XlsxCaps | None, beyond: Beyond | None = None
) -> tuple[Extent, bool]:
    """The extent of a worksheet part and whether it is exact (not raised to the caps).

    ``open_part`` opens the part (it may be read twice). With ``caps`` the scan is fast:
    every cell must carry a plain ``r="A1"`` reference and only long references are
    converted; short ones count as the caps. Without ``caps`` (or when the fast scan
    meets a cell it cannot place) every tag is read as the reader reads it, and the scan
    stops as soon as ``beyond`` says the extent so far is too big. The caller re-scans
    without caps when a capped extent is too big.
    """
    if caps is not None:
        try:
            with open_part() as handle:
                return _fast_extent(handle, caps)
        except _NeedsExactScan:
            pass
    with open_part() as handle:
        return _exact_extent(handle, beyond), True


def _fast_extent(handle: IO[bytes], caps: XlsxCaps) -> tuple[Extent, bool]:
    pattern = _long_references(caps)
    rows = columns = 0
    capped = False
    for block in _blocks(handle):
        if b"<!" in block and _ENTITY_DECLARATION.search(block):
            raise DeclaresEntities("DOCTYPE")
        if _ODD_CELL_START.search(block) or _PREFIXED_CELL.search(block):
            raise _NeedsExactScan
        references = pattern.findall(block)
        for reference in references:
            plain = _PLAIN_REFERENCE.fullmatch(reference)
            if plain is None:
                raise _NeedsExactScan
            columns = max(columns, column_number(plain.group(1).decode()))
            rows = max(rows, int(plain.group(2)))
        if not capped and block.count(b'<c r="') > len(references):
            capped = True
    if capped:
        rows, columns = max(rows, caps.rows), max(columns, caps.columns)
    return Extent(rows, columns), not capped


_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])" + _ATTRIBUTES + rb">")
_REFERENCE = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)(\d*)["']""")


def _exact_extent(handle: IO[bytes], beyond: Beyond | None) -> Extent:
    """Place every cell as the reader does (0-based counters, 1-based result)."""
    row_index = column_index = 0
    rows = columns = 0
    for block in _blocks(handle):
        if b"<!" in block and _ENTITY_DECLARATION.search(block):
            raise DeclaresEntities("DOCTYPE")
        for closing, name, attributes in _TAG.findall(block):
            if attributes.endswith(b"/"):
                continue  # an empty element: the reader skips it
            if name == b"row":
                if closing:
                    row_index += 1
                    column_index = 0
                    continue
                found = _REFERENCE.search(attributes)
                if found and found.group(2):
                    row_index = int(found.group(2)) - 1
                continue
            if closing:
                continue
            found = _REFERENCE.search(attributes)
            row = row_index
            if found and (found.group(1) or found.group(2)):
                if found.group(2):
                    row = int(found.group(2)) - 1
                if found.group(1):
                    column_index = column_number(found.group(1).decode()) - 1
            rows = max(rows, row + 1)
            columns = max(columns, column_index + 1)
            column_index += 1
        if beyond is not None and beyond(Extent(rows, columns)):
            break
    return Extent(rows, columns)


@dataclass(frozen=True)
class OdsTable:
    """What the reader holds for one table of an OpenDocument spreadsheet."""

    name: str
    extent: Extent
    # Cells stored before repeated rows are expanded (a repeated value is copied).
    stored_cells: int


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRIBUTES + rb">"
)
_ODS_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_ROWS_REPEATED = re.compile(rb"""table:number-rows-repeated\s*=\s*["']\s*(\d+)""")
_COLUMNS_REPEATED = re.compile(rb"""table:number-columns-repeated\s*=\s*["']\s*(\d+)""")
# A cell the reader keeps: it has a value, is a string or has a formula.
_ODS_VALUE = re.compile(
    rb"office:(?:value|string-value|date-value|time-value|boolean-value)\s*="
    rb"""|office:value-type\s*=\s*["']string|table:formula\s*="""
)


def ods_tables(handle: IO[bytes]) -> Iterator[OdsTable]:
    """Every table of ``content.xml`` with the extent the reader will give it."""
    name = ""
    in_table = False
    rows_seen = rows = columns = stored = 0
    position = kept = 0
    row_repeats = 1
    for block in _blocks(handle):
        if b"<!" in block and _ENTITY_DECLARATION.search(block):
            raise DeclaresEntities("DOCTYPE")
        for closing, tag, attributes in _ODS_TAG.findall(block):
            empty = attributes.endswith(b"/")
            if tag == b"table":
                if closing:
                    if in_table:
                        yield OdsTable(name, Extent(rows, columns), stored)
                    in_table = False
                elif not empty:
                    found = _ODS_NAME.search(attributes)
                    name = found.group(1).decode("utf-8", "replace") if found else ""
                    in_table = True
                    rows_seen = rows = columns = stored = 0
                continue
            if tag == b"table-row":
                if not closing:
                    found = _ROWS_REPEATED.search(attributes)
                    row_repeats = int(found.group(1)) if found else 1
                    position = kept = 0
                if closing or empty:
                    rows_seen += row_repeats
                    if kept:
                        rows = rows_seen
                        columns = max(columns, kept)
                        stored += kept
                continue
            if closing:
                continue
            found = _COLUMNS_REPEATED.search(attributes)
            position += int(found.group(1)) if found else 1
            if _ODS_VALUE.search(attributes):
                kept = position
    if in_table:
        yield OdsTable(name, Extent(rows, columns), stored)


@dataclass(frozen=True)
class XlsSheet:
    """The extent of one sheet of a BIFF workbook: declared and held, and its cells."""

    name: str
    declared: Extent
    held: Extent
    # Cells the reader stores (it keeps every cell record, also many on one spot).
    cells: int = 0
    # Records walked (all of them when ``complete``).
    records: int = 0
    complete: bool = True


class XlsStructureError(Exception):
    """The workbook's sheets are not laid out as a BIFF workbook's are."""


class TooManySheets(XlsStructureError):
    """More BOUNDSHEET records than :data:`MAX_XLS_SHEETS`."""


class SheetsOverlap(XlsStructureError):
    """Two sheets (or a sheet and the workbook globals) share records."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(first, second)
        self.first, self.second = first, second


# Excel has no limit of its own; a workbook with more sheets than this is not a list.
MAX_XLS_SHEETS = 4096
_BOUNDSHEET = 0x0085


def xls_sheets(
    stream: bytes | bytearray,
    size: int | None = None,
    enough: Callable[[SubstreamSummary], bool] | None = None,
) -> list[XlsSheet]:
    """The sheets of a BIFF5/BIFF8 workbook stream, read from where the reader reads them.

    Every sheet's substream is walked once (:mod:`.biff_records`, at C speed); sheets
    whose substreams overlap, each other's or the globals', are refused
    (:class:`SheetsOverlap`), so no record is walked twice however many sheets point at
    it, and so are more than :data:`MAX_XLS_SHEETS` sheets (:class:`TooManySheets`).

    With ``size``, the stream is ``stream[:size]`` and what follows it is at least
    :data:`.biff_records.PADDING` zero bytes (as :func:`read` of the guard leaves it);
    without, the stream is copied once with that padding. ``enough`` stops a sheet's walk
    as soon as it says the sheet is too big (its summary is then incomplete).
    """
    if size is None:
        size = len(stream)
        stream = bytes(stream) + b"\0" * PADDING
    elif len(stream) < size + PADDING or any(stream[size : size + PADDING]):
        raise ValueError("the stream must be followed by zero padding")
    data = np.frombuffer(stream, dtype=np.uint8)
    found, globals_end = find_records(data, 0, size, _BOUNDSHEET, MAX_XLS_SHEETS)
    if len(found) > MAX_XLS_SHEETS:
        raise TooManySheets(MAX_XLS_SHEETS)
    entries: list[tuple[int, str]] = []
    for at in found:
        length = int(data[at + 2]) + (int(data[at + 3]) << 8)
        body = bytes(stream[at + 4 : min(at + 4 + length, size)])
        if len(body) >= 4:
            (offset,) = struct.unpack_from("<I", body)
            entries.append((offset, _sheet_name(body)))
    summaries: dict[int, SubstreamSummary] = {}
    previous_end, previous_name = globals_end, ""
    for offset, name in sorted(entries, key=lambda entry: entry[0]):
        if offset < previous_end:
            raise SheetsOverlap(previous_name, name)
        summary = summarise_substream(data, offset, size, enough)
        summaries[offset] = summary
        if not summary.complete:
            break  # too big already: the caller refuses it, the rest need no walk
        previous_end, previous_name = max(summary.end, offset + 1), name
    sheets: list[XlsSheet] = []
    for offset, name in entries:
        if offset not in summaries:
            continue  # not walked: an earlier sheet is refused already
        summary = summaries[offset]
        sheets.append(
            XlsSheet(
                name,
                Extent(summary.declared_rows, summary.declared_columns),
                Extent(summary.held_rows, summary.held_columns),
                summary.cells,
                summary.records,
                summary.complete,
            )
        )
    return sheets


def _sheet_name(body: bytes) -> str:
    if len(body) < 8:
        return ""
    length, flags = body[6], body[7]
    raw = body[8:]
    if flags & 1:
        return raw[: length * 2].decode("utf-16-le", "replace")
    return raw[:length].decode("latin-1")
