"""Refuse hostile or broken files before a reader spends memory or time on them.

The checks look at bytes only: the file's size, its magic number, the zip directory of
an OOXML or ODF package (declared sizes and compression ratios), the first bytes of each
XML part (a DTD can declare entities that expand to gigabytes) and the ``<dimension>``
a sheet claims. What passes goes to the reader; the reader's own errors are translated
into :class:`FileRefused` as well, so a user never sees a library's exception.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.settings import (
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
    # Spreadsheets compress 5-20 times; a ratio far beyond that is a zip bomb.
    max_compression_ratio: int = 200
    max_uncompressed_bytes: int = 2 * 1024 * 1024 * 1024

    @classmethod
    def from_settings(cls, session: Session) -> ImportLimits:
        """The limits an office configured in its database."""
        return cls(
            max_file_bytes=int(get_setting(session, IMPORT_MAX_FILE_MB)) * 1024 * 1024,
            max_rows=int(get_setting(session, IMPORT_MAX_ROWS)),
            max_columns=int(get_setting(session, IMPORT_MAX_COLUMNS)),
        )


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_BINARY_HINTS = (b"\x00\x00", b"%PDF", b"\x89PNG", b"\x7fELF", b"MZ", b"\x1f\x8b", b"Rar!")


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


def column_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_letter(index: int) -> str:
    """0 -> ``A``, 26 -> ``AA``: the spreadsheet name of a zero-based column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inspect_file(path: Path, limits: ImportLimits) -> FileFormat:
    """Check ``path`` and return its container format, or raise :class:`FileRefused`."""
    if not path.is_file():
        raise refuse(path, tr("the file does not exist"))
    size = path.stat().st_size
    if size == 0:
        raise refuse(path, tr("the file is empty"))
    if size > limits.max_file_bytes:
        raise refuse(
            path,
            tr("the file is {size} MB, more than the limit of {limit} MB").format(
                size=size // (1024 * 1024), limit=limits.max_file_bytes // (1024 * 1024)
            ),
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return _inspect_package(path, limits)
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if _ENCRYPTED_STREAM in data:
            raise refuse(
                path,
                tr("the workbook is encrypted or protected by a password; save it without one"),
            )
        return FileFormat.XLS
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise refuse(
            path,
            tr("the file is named {suffix} but is not a spreadsheet of that kind").format(
                suffix=suffix
            ),
        )
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if any(sample.startswith(hint) for hint in _BINARY_HINTS[2:]) or (
        b"\x00\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise refuse(path, tr("the file is binary, not text; it is not a CSV file"))
    return FileFormat.TEXT


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
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _check_xml_head(path, archive, member, limits)
    if "mimetype" in names and "content.xml" in names:
        return FileFormat.ODS
    if "[Content_Types].xml" in names:
        return FileFormat.OOXML
    raise refuse(path, tr("the zip archive is not an Excel or OpenDocument spreadsheet"))


def _check_xml_head(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ImportLimits
) -> None:
    try:
        with archive.open(member) as handle:
            head = handle.read(4096)
    except DAMAGED_FILE_ERRORS as exc:
        raise damaged_file(path, exc, member.filename) from exc
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise refuse(
            path,
            tr(
                "part {part} declares XML entities, which spreadsheets never need; refused "
                "as unsafe"
            ).format(part=member.filename),
        )
    match = _DIMENSION.search(head)
    if match is None and member.filename.startswith("xl/worksheets/"):
        _scan_cell_references(path, archive, member, limits)
    elif match and match.group(3):
        rows = int(match.group(4)) - int(match.group(2)) + 1
        columns = column_number(match.group(3).decode()) - column_number(match.group(1).decode())
        _check_extent(path, member.filename, rows, columns + 1, limits)


@lru_cache(maxsize=8)
def _outer_references(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """Cell references that may lie beyond the limits: long column letters or row numbers.

    A reference with fewer letters than the widest allowed column and fewer digits than
    the tallest allowed row is within the limits; the rest are checked one by one. The
    pattern starts with a literal, so the regex engine skips ahead to each ``r="``; any
    attribute ending in ``r`` that holds a reference counts, which can only overstate.
    """
    letters = len(column_letter(max_columns - 1)) if max_columns > 0 else 1
    digits = len(str(max_rows + 1000))
    return re.compile(rb'r="(?:([A-Z]{%d,3})(\d+)|([A-Z]{1,3})(\d{%d,}))"' % (letters, digits))


def _scan_cell_references(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ImportLimits
) -> None:
    # Without a <dimension> the reader sizes the sheet from its outermost cells; one cell
    # at XFD1048576 would make it allocate billions of empty cells. Every r="A1" counts,
    # whatever the element's prefix or the attribute's place; only references long
    # enough to lie beyond the limits are converted (a 100,000-row sheet has none).
    pattern = _outer_references(limits.max_rows, limits.max_columns)
    widest = tallest = 0
    with archive.open(member) as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            for wide_letters, wide_digits, letters, digits in pattern.findall(block):
                widest = max(widest, column_number((wide_letters or letters).decode()))
                tallest = max(tallest, int(wide_digits or digits))
            tail = block[-32:]
    _check_extent(path, member.filename, tallest, widest, limits)


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


def check_sheet_extent(
    path: Path, sheet: str, rows: int, columns: int, limits: ImportLimits
) -> None:
    """Refuse a sheet whose loaded size is beyond the limits."""
    _check_extent(path, tr("sheet {sheet}").format(sheet=sheet), rows, columns, limits)
