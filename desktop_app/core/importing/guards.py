"""Refuse hostile or broken files before a reader spends memory or time on them.

The checks look at bytes only: the file's size, its magic number, the zip directory of
an OOXML or ODF package (declared sizes and compression ratios), the first bytes of each
XML part (a DTD can declare entities that expand to gigabytes) and the ``<dimension>``
a sheet claims. What passes goes to the reader; the reader's own errors are translated
into :class:`FileRefused` as well, so a user never sees a library's exception.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import olefile
from sqlalchemy.orm import Session

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.importing.biff_records import PADDING, SubstreamSummary
from desktop_app.core.importing.sheet_extent import (
    MAX_MARKUP_BYTES,
    MAX_XLS_SHEETS,
    DeclaresEntities,
    Extent,
    MarkupTooLong,
    SheetsOverlap,
    TooManySheets,
    XlsxCaps,
    check_prolog,
    column_number,
    ods_tables,
    xls_sheets,
    xlsx_sheet_extent,
)
from desktop_app.core.importing.zip_members import MemberSizeLies, open_member
from desktop_app.core.settings import (
    IMPORT_MAX_CELLS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_FILE_MB,
    IMPORT_MAX_ROWS,
    get_setting,
)


class FileRefused(InputError):
    """The file cannot be imported at all: empty, too big, encrypted, not a spreadsheet."""


class FileFormat(StrEnum):
    """The container of a spreadsheet, decided by its bytes rather than its name."""

    OOXML = "ooxml"
    XLS = "xls"
    ODS = "ods"
    TEXT = "text"


@dataclass(frozen=True)
class ImportLimits:
    """How big a file may be; the defaults are the declared settings' defaults."""

    max_file_bytes: int = int(IMPORT_MAX_FILE_MB.default) * 1024 * 1024
    max_rows: int = int(IMPORT_MAX_ROWS.default)
    max_columns: int = int(IMPORT_MAX_COLUMNS.default)
    # Rows x columns of one sheet: the reader builds a dense grid of that many cells.
    max_cells: int = int(IMPORT_MAX_CELLS.default)
    # Spreadsheets compress 5-20 times; a ratio far beyond that is a zip bomb.
    max_compression_ratio: int = 200
    max_uncompressed_bytes: int = 2 * 1024 * 1024 * 1024

    @property
    def max_xls_records(self) -> int:
        """BIFF records one .xls sheet may hold: a record a cell, plus its rows' records
        and index (65,536 ROW and 2,048 DBCELL at most) and formatting."""
        return self.max_cells + 200_000

    @classmethod
    def from_settings(cls, session: Session) -> ImportLimits:
        """The limits an office configured in its database."""
        return cls(
            max_file_bytes=int(get_setting(session, IMPORT_MAX_FILE_MB)) * 1024 * 1024,
            max_rows=int(get_setting(session, IMPORT_MAX_ROWS)),
            max_columns=int(get_setting(session, IMPORT_MAX_COLUMNS)),
            max_cells=int(get_setting(session, IMPORT_MAX_CELLS)),
        )


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The old Excel format is read whole and held twice (the OLE stream, then calamine's copy
# of it), so its size bounds the memory an import takes: 96 MB keeps the process under
# 300 MB. A BIFF8 sheet holds at most 65,536 rows, far less than that.
XLS_MAX_BYTES = 96 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# Magic numbers of files that are never text: PDF, PNG, JPEG, GIF, ELF, Windows
# executables, gzip, RAR, 7-Zip, bzip2, xz.
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"BZh",
    b"\xfd7zXZ",
)
# Byte-order marks of text whose characters hold zero bytes (UTF-16 and UTF-32).
_WIDE_TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def refuse(path: Path, reason: str) -> FileRefused:
    """A :class:`FileRefused` for ``path`` with ``reason``."""
    return FileRefused(reason, Location(file=path.name))


# What reading a damaged package raises: a broken zip directory or CRC (BadZipFile), a
# broken deflate stream (zlib.error), a member cut short (EOFError), and what zipfile
# and the readers raise for impossible headers and records.
DAMAGED_FILE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def is_reader_panic(exc: BaseException) -> bool:
    """True when ``exc`` is a Rust panic surfaced by a pyo3 extension (python-calamine).

    pyo3 raises ``pyo3_runtime.PanicException``, a BaseException (so that ``except
    Exception`` does not swallow it) whose module exists only once a panic happened, so
    it is recognised by name instead of imported.
    """
    kind = type(exc)
    return kind.__name__ == "PanicException" and kind.__module__ == "pyo3_runtime"


def damaged_file(path: Path, exc: BaseException, part: str | None = None) -> FileRefused:
    """The :class:`FileRefused` for a file a reader choked on, naming the file and cause."""
    # A panic's text is a multi-line Rust assertion; its first line says enough.
    error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if part is not None:
        error = tr("part {part}: {error}").format(part=part, error=error)
    return refuse(
        path, tr("the file is damaged or not a valid workbook: {error}").format(error=error)
    )


def column_letter(index: int) -> str:
    """0 -> ``A``, 26 -> ``AA``: the spreadsheet name of a zero-based column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _regular_file(path: Path) -> int:
    """The size of ``path``, or a refusal saying why it is not a readable file."""
    if "\x00" in str(path):
        raise FileRefused(
            tr("the file name contains a NUL character"),
            Location(file=path.name.replace("\x00", "\\x00")),
        )
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise refuse(path, tr("the file does not exist")) from exc
    except OSError as exc:
        raise refuse(
            path, tr("the file cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise refuse(path, tr("this is a folder, not a file"))
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device would wait for ever or never end.
        raise refuse(path, tr("this is a device, pipe or socket, not a file"))
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise refuse(
            path, tr("the file cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    return info.st_size


def inspect_file(path: Path, limits: ImportLimits) -> FileFormat:
    """Check ``path`` and return its container format, or raise :class:`FileRefused`."""
    size = _regular_file(path)
    if size == 0:
        raise refuse(path, tr("the file is empty"))
    if size > limits.max_file_bytes:
        raise refuse(
            path,
            tr("the file is {size} MB, more than the limit of {limit} MB").format(
                size=size // (1024 * 1024), limit=limits.max_file_bytes // (1024 * 1024)
            ),
        )
    try:
        with path.open("rb") as handle:
            sample = handle.read(4096)
    except OSError as exc:
        raise refuse(
            path, tr("the file cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    suffix = path.suffix.lower()
    if sample.startswith(_ZIP_MAGIC):
        return _inspect_package(path, limits)
    if sample.startswith(_OLE_MAGIC):
        if size > XLS_MAX_BYTES:
            raise refuse(
                path,
                tr(
                    "the .xls workbook is {size} MB; files in the old Excel format are read "
                    "whole, so they are taken up to {limit} MB: save it as .xlsx"
                ).format(size=size // (1024 * 1024), limit=XLS_MAX_BYTES // (1024 * 1024)),
            )
        _inspect_ole(path, limits)
        return FileFormat.XLS
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise refuse(
            path,
            tr("the file is named {suffix} but is not a spreadsheet of that kind").format(
                suffix=suffix
            ),
        )
    if sample.startswith(_BINARY_MAGIC) or (
        b"\x00\x00" in sample and not sample.startswith(_WIDE_TEXT_BOMS)
    ):
        raise refuse(path, tr("the file is binary, not text; it is not a CSV file"))
    return FileFormat.TEXT


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the bytes of ``path`` hold ``needle``, read a block at a time."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            if needle in tail + block[: len(needle)] or needle in block:
                return True
            tail = block[-(len(needle) - 1) :]
    return False


def _inspect_ole(path: Path, limits: ImportLimits) -> None:
    """Refuse an encrypted workbook, and any sheet whose BIFF records lie beyond the limits."""
    if _contains(path, _ENCRYPTED_STREAM):
        raise refuse(
            path,
            tr("the workbook is encrypted or protected by a password; save it without one"),
        )
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise refuse(path, tr("the file is an OLE document but not an Excel workbook"))
            stream = _read_ole_stream(path, ole, name)
    except FileRefused:
        raise
    except Exception as exc:
        # olefile reports broken headers, sector chains and directories several ways.
        raise damaged_file(path, exc) from exc

    def enough(summary: SubstreamSummary) -> bool:
        return (
            summary.records > limits.max_xls_records
            or summary.cells > limits.max_cells
            or _beyond(Extent(summary.held_rows, summary.held_columns), limits)
            or _beyond(Extent(summary.declared_rows, summary.declared_columns), limits)
        )

    try:
        sheets = xls_sheets(stream, len(stream) - PADDING, enough)
    except TooManySheets as exc:
        raise refuse(
            path,
            tr("the workbook lists more than {limit} sheets; refused as unsafe").format(
                limit=MAX_XLS_SHEETS
            ),
        ) from exc
    except SheetsOverlap as exc:
        raise refuse(
            path,
            tr(
                "the file is damaged or not a valid workbook: sheet {sheet} starts inside {other}"
            ).format(
                sheet=exc.second,
                other=tr("sheet {sheet}").format(sheet=exc.first)
                if exc.first
                else tr("the workbook's global records"),
            ),
        ) from exc
    for sheet in sheets:
        label = tr("sheet {sheet}").format(sheet=sheet.name)
        _check_extent(path, label, sheet.declared.rows, sheet.declared.columns, limits)
        _check_extent(path, label, sheet.held.rows, sheet.held.columns, limits)
        _check_cells(path, label, sheet.cells, limits, at_least=not sheet.complete)
        if sheet.complete and sheet.cells > sheet.held.rows * sheet.held.columns:
            # Excel writes each cell once; the reader keeps every record, so records
            # piled on a few spots cost memory out of all proportion to the sheet.
            raise refuse(
                path,
                tr(
                    "the file is damaged or not a valid workbook: {part} writes {cells} "
                    "cells into {rows} rows by {columns} columns"
                ).format(
                    part=label,
                    cells=f"{sheet.cells:,}",
                    rows=f"{sheet.held.rows:,}",
                    columns=f"{sheet.held.columns:,}",
                ),
            )
        if sheet.records > limits.max_xls_records:
            raise refuse(
                path,
                tr(
                    "{part} holds more than {limit} records, more than {cells} cells need "
                    "(setting import/max_cells); refused as unsafe"
                ).format(
                    part=label,
                    limit=f"{limits.max_xls_records:,}",
                    cells=f"{limits.max_cells:,}",
                ),
            )


def _read_ole_stream(path: Path, ole: olefile.OleFileIO, name: str) -> bytearray:
    """The stream ``name`` read once into one buffer, sector run by sector run.

    ``OleFileIO.openstream`` keeps a list of every sector and joins it, holding the
    stream twice (400 MB for a file at the 200 MB limit); this follows the same FAT chain
    into a buffer of the stream's size. A small stream (in the mini stream) is short.
    The buffer ends with :data:`PADDING` zero bytes, which the BIFF walk reads past a
    record's start.
    """
    entry = ole.direntries[ole._find(name)]
    size = int(entry.size)
    if size < ole.minisectorcutoff:
        return bytearray(ole.openstream(name).read()) + bytes(PADDING)
    if size > path.stat().st_size:
        # A directory entry may claim any size; the buffer below is allocated from it.
        raise ValueError(f"stream {name} claims {size} bytes, more than the file holds")
    sector_size = int(ole.sectorsize)
    fat = ole.fat
    buffer = bytearray(size + PADDING)
    view = memoryview(buffer)
    sector = int(entry.isectStart)
    done = 0
    with path.open("rb") as handle:
        # Each pass reads at least one sector, so a chain that loops still ends.
        while done < size:
            if not 0 <= sector < len(fat):
                raise ValueError(f"stream {name}: sector {sector} is outside the file")
            first, count = sector, 1
            while done + count * sector_size < size:
                sector = int(fat[sector])
                if sector != first + count:
                    break
                count += 1
            want = min(count * sector_size, size - done)
            handle.seek((first + 1) * sector_size)
            if handle.readinto(view[done : done + want]) != want:
                raise ValueError(f"stream {name} is cut short")
            done += want
    return buffer


def _inspect_package(path: Path, limits: ImportLimits) -> FileFormat:
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED_FILE_ERRORS as exc:
        raise damaged_file(path, exc) from exc
    with archive:
        try:
            return _inspect_members(path, archive, limits)
        except DAMAGED_FILE_ERRORS as exc:
            raise damaged_file(path, exc) from exc


def _inspect_members(path: Path, archive: zipfile.ZipFile, limits: ImportLimits) -> FileFormat:
    members = archive.infolist()
    names = {member.filename for member in members}
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if total > limits.max_uncompressed_bytes or (
        total > 50 * 1024 * 1024 and total / packed > limits.max_compression_ratio
    ):
        raise refuse(
            path,
            tr(
                "the file unpacks to {size} MB from {packed} MB; that is out of "
                "proportion for a spreadsheet (a zip bomb?)"
            ).format(size=total // (1024 * 1024), packed=packed // (1024 * 1024)),
        )
    if "xl/workbook.bin" in names:
        # The reader would read its binary sheets, which the guards cannot measure.
        raise refuse(path, tr("binary .xlsb workbooks are not supported; save it as .xlsx"))
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _check_xml_part(path, archive, member, limits)
    # Only now that every XML part passed are the sheet names read, to name a sheet.
    sheet_parts = _sheet_parts(path, archive) if "xl/workbook.xml" in names else {}
    for member in members:
        if member.filename.startswith("xl/") and member.filename.endswith(".xml"):
            label = sheet_parts.get(member.filename)
            part = tr("sheet {sheet}").format(sheet=label) if label else member.filename
            try:
                _check_worksheet(path, archive, member, part, limits)
            except MemberSizeLies as exc:
                raise _lying_member(path, member.filename) from exc
            except MarkupTooLong as exc:
                raise _markup_too_long(path, member.filename) from exc
            except DAMAGED_FILE_ERRORS as exc:
                raise damaged_file(path, exc, member.filename) from exc
    if "mimetype" in names and "content.xml" in names:
        return FileFormat.ODS
    if "[Content_Types].xml" in names:
        return FileFormat.OOXML
    raise refuse(path, tr("the zip archive is not an Excel or OpenDocument spreadsheet"))


def _check_xml_part(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ImportLimits
) -> None:
    name = member.filename
    try:
        with open_member(path, archive, member) as handle:
            check_prolog(handle)
        if name == "content.xml":
            with open_member(path, archive, member) as handle:
                for table in ods_tables(handle):
                    label = tr("sheet {sheet}").format(sheet=table.name)
                    extent = table.extent
                    _check_extent(path, label, extent.rows, extent.columns, limits)
                    _check_cells(path, label, table.stored_cells, limits)
    except MemberSizeLies as exc:
        raise _lying_member(path, name) from exc
    except MarkupTooLong as exc:
        raise _markup_too_long(path, name) from exc
    except DeclaresEntities as exc:
        raise refuse(
            path,
            tr(
                "part {part} declares XML entities, which spreadsheets never need; refused "
                "as unsafe"
            ).format(part=name),
        ) from exc
    except DAMAGED_FILE_ERRORS as exc:
        raise damaged_file(path, exc, name) from exc


def _markup_too_long(path: Path, part: str) -> FileRefused:
    return refuse(
        path,
        tr("part {part} holds an XML tag longer than {size} MB; refused as unsafe").format(
            part=part, size=MAX_MARKUP_BYTES // (1024 * 1024)
        ),
    )


def _lying_member(path: Path, part: str) -> FileRefused:
    return refuse(
        path,
        tr(
            "part {part} unpacks to more bytes than the zip directory declares; refused as unsafe"
        ).format(part=part),
    )


_SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")


def _attribute(element: bytes, name: bytes) -> str | None:
    found = re.search(rb"(?:^|\s)" + name + rb"""\s*=\s*["']([^"']*)["']""", element)
    return found.group(1).decode("utf-8", "replace") if found else None


def _sheet_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from the workbook and its relationships."""
    try:
        with open_member(path, archive, archive.getinfo("xl/workbook.xml")) as handle:
            workbook = handle.read(16 * 1024 * 1024)
        with open_member(path, archive, archive.getinfo("xl/_rels/workbook.xml.rels")) as handle:
            relations = handle.read(16 * 1024 * 1024)
    except KeyError:
        return {}
    except DAMAGED_FILE_ERRORS:
        return {}
    targets: dict[str, str] = {}
    for element in _RELATIONSHIP.findall(relations):
        identifier, target = _attribute(element, b"Id"), _attribute(element, b"Target")
        if identifier and target:
            targets[identifier] = (
                target.lstrip("/") if target.startswith("/") else "xl/" + target.lstrip("./")
            )
    parts: dict[str, str] = {}
    for element in _SHEET_ELEMENT.findall(workbook):
        name, identifier = _attribute(element, b"name"), _attribute(element, rb"r:id")
        if name is not None and identifier in targets:
            parts[targets[identifier]] = name
    return parts


def _xlsx_caps(limits: ImportLimits) -> XlsxCaps | None:
    """References short enough to skip: at most two letters' worth of columns below the
    column limit and five digits below the row limit, when that many cells fit the limit."""
    letters = min(2, len(column_letter(limits.max_columns - 1)))
    digits = min(6, len(str(limits.max_rows)))
    caps = XlsxCaps(letters, digits)
    if caps.columns * caps.rows > limits.max_cells or caps.columns == 0 or caps.rows <= 0:
        return None
    return caps


def _check_worksheet(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, part: str, limits: ImportLimits
) -> None:
    with open_member(path, archive, member) as handle:
        head = handle.read(64 * 1024)
    match = _DIMENSION.search(head)
    if match:
        # The extent the sheet claims, from A1 to its far corner (a single cell included).
        rows = int(match.group(4) or match.group(2))
        columns = column_number((match.group(3) or match.group(1)).decode())
        _check_extent(path, part, rows, columns, limits)
    caps = _xlsx_caps(limits)

    def beyond(extent: Extent) -> bool:
        return _beyond(extent, limits)

    def open_part() -> IO[bytes]:
        return open_member(path, archive, member)

    extent, exact = xlsx_sheet_extent(open_part, caps, beyond)
    if not exact and beyond(extent):
        # Short references were counted as the caps; count them all before refusing.
        extent, exact = xlsx_sheet_extent(open_part, None, beyond)
    _check_extent(path, part, extent.rows, extent.columns, limits)


def _beyond(extent: Extent, limits: ImportLimits) -> bool:
    return (
        extent.columns > limits.max_columns
        or extent.rows > limits.max_rows + 1000
        or extent.cells > limits.max_cells
    )


def _check_cells(
    path: Path, part: Any, cells: int, limits: ImportLimits, at_least: bool = False
) -> None:
    """Refuse ``part`` holding more cells than the limit (``at_least``: counting stopped
    once the limit was passed, so ``cells`` is a lower bound)."""
    if cells > limits.max_cells:
        message = (
            tr(
                "{part} holds at least {cells} cells; at most {limit} are allowed "
                "(setting import/max_cells)"
            )
            if at_least
            else tr(
                "{part} holds {cells} cells; at most {limit} are allowed (setting import/max_cells)"
            )
        )
        raise refuse(
            path,
            message.format(part=part, cells=f"{cells:,}", limit=f"{limits.max_cells:,}"),
        )


def _check_extent(path: Path, part: Any, rows: int, columns: int, limits: ImportLimits) -> None:
    if columns > limits.max_columns:
        raise refuse(
            path,
            tr("{part} claims {columns} columns; at most {limit} are allowed").format(
                part=part, columns=columns, limit=limits.max_columns
            ),
        )
    if rows > limits.max_rows + 1000:
        raise refuse(
            path,
            tr("{part} claims {rows} rows; at most {limit} are allowed").format(
                part=part, rows=rows, limit=limits.max_rows
            ),
        )
    if rows * columns > limits.max_cells:
        raise refuse(
            path,
            tr(
                "{part} spans {rows} rows by {columns} columns, {cells} cells; at most "
                "{limit} are allowed (setting import/max_cells)"
            ).format(
                part=part,
                rows=f"{rows:,}",
                columns=f"{columns:,}",
                cells=f"{rows * columns:,}",
                limit=f"{limits.max_cells:,}",
            ),
        )


def check_sheet_extent(
    path: Path, sheet: str, rows: int, columns: int, limits: ImportLimits
) -> None:
    """Refuse a sheet whose loaded size is beyond the limits."""
    _check_extent(path, tr("sheet {sheet}").format(sheet=sheet), rows, columns, limits)
