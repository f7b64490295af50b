"""Read the rows of a spreadsheet or text file, whatever its format.

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with python-calamine, a Rust reader that
is several times faster than openpyxl, returns the cached values of formulas and never
runs macros. Text files (.csv, .tsv, .txt) are read with the standard ``csv`` module after
:mod:`desktop_app.core.importing.text_files` detects their encoding and delimiter.
Every row comes out as ``(row_number, cells)`` with row numbers as a spreadsheet shows
them (1-based) and ``cells[0]`` in column A.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import python_calamine

from desktop_app.core.i18n import tr
from desktop_app.core.importing.guards import (
    FileFormat,
    FileRefused,
    ImportLimits,
    check_sheet_extent,
    damaged_file,
    inspect_file,
    is_reader_panic,
    refuse,
)
from desktop_app.core.importing.text_files import (
    TextLayout,
    detect_text_layout,
    first_undecodable_line,
)

Row = tuple[int, list[Any]]
# The longest CSV field read: far beyond a spreadsheet cell (32,767 characters in Excel),
# so a long description reaches the field checks as one cell, yet bounded; the csv
# module's default (131,072) made one long cell refuse the whole file.
TEXT_FIELD_LIMIT = 1 << 20


class WorkbookSource(Protocol):
    """An opened file: its sheets and their rows."""

    path: Path

    @property
    def sheet_names(self) -> list[str]:
        """Names of the sheets, in workbook order (a text file has one)."""

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row of ``sheet`` as ``(row_number, cells)``."""

    def close(self) -> None:
        """Release the file."""


def preview(source: WorkbookSource, sheet: str, count: int = 30) -> list[Row]:
    """The first ``count`` rows of ``sheet``, for header detection and the GUI."""
    return list(itertools.islice(source.rows(sheet), count))


@dataclass
class CalamineSource:
    """An .xlsx, .xlsm, .xls or .ods workbook read by python-calamine."""

    path: Path
    limits: ImportLimits
    _book: Any = field(default=None, repr=False)
    # The last sheet loaded, until a pass reads it to the end: choosing the header reads
    # its first rows, then the import reads it all; calamine loads a whole sheet either
    # way (1.5 s at 100,000 rows).
    _loaded: tuple[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError as exc:
            raise refuse(
                self.path,
                tr("the workbook is protected by a password; save it without one"),
            ) from exc
        except BaseException as exc:
            # calamine reports damaged archives, XML and records as several exception
            # types, and its Rust assertions as a pyo3 PanicException (a BaseException);
            # all mean "broken". KeyboardInterrupt and the like go on.
            if not (isinstance(exc, Exception) or is_reader_panic(exc)):
                raise
            raise damaged_file(self.path, exc) from exc

    @property
    def sheet_names(self) -> list[str]:
        """Names of the worksheets; chart sheets and macro sheets hold no rows."""
        try:
            kinds = {m.name: str(m.typ) for m in self._book.sheets_metadata}
        except Exception:
            kinds = {}
        except BaseException as exc:
            if not is_reader_panic(exc):
                raise
            raise damaged_file(self.path, exc) from exc
        names = list(self._book.sheet_names)
        return [name for name in names if "WorkSheet" in kinds.get(name, "WorkSheet")]

    def rows(self, sheet: str) -> Iterator[Row]:
        """The rows of ``sheet``; the whole sheet is loaded by the Rust reader first."""
        loaded = self._load(sheet)
        offset = [""] * loaded.start[1] if loaded.height else []
        try:
            for number, cells in enumerate(loaded.iter_rows(), start=1):
                yield number, (offset + cells if offset else cells)
            if self._loaded is not None and self._loaded[1] is loaded:
                # A whole pass is read (the import's): free the sheet for what follows.
                self._loaded = None
        except BaseException as exc:
            # GeneratorExit (the consumer stopped early), KeyboardInterrupt: not the file.
            if not (isinstance(exc, Exception) or is_reader_panic(exc)):
                raise
            raise self._sheet_failure(sheet, exc) from exc

    def _load(self, sheet: str) -> Any:
        if self._loaded is not None and self._loaded[0] == sheet:
            return self._loaded[1]
        self._loaded = None
        try:
            loaded = self._book.get_sheet_by_name(sheet)
        except BaseException as exc:
            if not (isinstance(exc, Exception) or is_reader_panic(exc)):
                raise
            raise self._sheet_failure(sheet, exc) from exc
        check_sheet_extent(self.path, sheet, loaded.height, loaded.width, self.limits)
        self._loaded = (sheet, loaded)
        return loaded

    def _sheet_failure(self, sheet: str, exc: BaseException) -> FileRefused:
        """The refusal for ``sheet`` when the reader failed on it with ``exc``."""
        if is_reader_panic(exc):
            return damaged_file(self.path, exc)
        return refuse(
            self.path,
            tr("sheet {sheet} cannot be read: {error}").format(sheet=sheet, error=exc),
        )

    def close(self) -> None:
        """Close the workbook."""
        self._loaded = None
        if self._book is not None:
            self._book.close()


@dataclass
class TextSource:
    """A CSV, TSV or TXT file, read as one sheet named after the file."""

    path: Path
    limits: ImportLimits
    layout: TextLayout = field(init=False)

    def __post_init__(self) -> None:
        self.layout = detect_text_layout(self.path)

    @property
    def sheet_names(self) -> list[str]:
        """One sheet, named after the file."""
        return [self.path.stem]

    def rows(self, sheet: str) -> Iterator[Row]:
        """The rows of the file, decoded with the detected encoding."""
        if csv.field_size_limit() < TEXT_FIELD_LIMIT:
            csv.field_size_limit(TEXT_FIELD_LIMIT)
        encoding = self.layout.encoding
        with self.path.open(encoding=encoding, newline="", errors="strict") as handle:
            reader = csv.reader(handle, delimiter=self.layout.delimiter)
            try:
                for number, cells in enumerate(reader, start=1):
                    if len(cells) > self.limits.max_columns:
                        check_sheet_extent(self.path, sheet, number, len(cells), self.limits)
                    yield number, cells
            except UnicodeDecodeError as exc:
                line, offset = first_undecodable_line(self.path, encoding)
                raise refuse(
                    self.path,
                    tr(
                        "line {line} cannot be read as {encoding} text (byte {offset}): {error}"
                    ).format(line=line, encoding=encoding, offset=offset, error=exc.reason),
                ) from exc
            except csv.Error as exc:
                # The csv module has read the line it complains about.
                if "field larger than field limit" in str(exc):
                    reason = tr(
                        "a field is longer than {limit} characters; no spreadsheet cell is "
                        "that long (Excel holds 32,767)"
                    ).format(limit=f"{TEXT_FIELD_LIMIT:,}")
                else:
                    reason = tr("not valid CSV: {error}").format(error=exc)
                line = reader.line_num
                raise refuse(
                    self.path, tr("line {line}: {reason}").format(line=line, reason=reason)
                ) from exc
            except OSError as exc:
                raise refuse(
                    self.path,
                    tr("the file cannot be read: {reason}").format(reason=exc.strerror or exc),
                ) from exc

    def close(self) -> None:
        """Nothing to release: the file is opened per pass."""


def open_workbook(path: Path | str, limits: ImportLimits | None = None) -> WorkbookSource:
    """Check and open ``path``; raises :class:`FileRefused` for anything unreadable."""
    path = Path(path)
    limits = limits or ImportLimits()
    kind = inspect_file(path, limits)
    source: WorkbookSource = (
        TextSource(path, limits) if kind is FileFormat.TEXT else CalamineSource(path, limits)
    )
    if not source.sheet_names:
        source.close()
        raise FileRefused(tr("the workbook has no worksheet"))
    return source
