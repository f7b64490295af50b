"""What the import wizard knows about the file being imported, without any Qt in it.

The wizard's pages share one :class:`ImportDraft` and talk to the wizard only through
:class:`ImportHost`, so no page knows the wizard and no module of the wizard imports
another that imports it back. Reading the file (which may take
seconds for a large workbook) happens once, on the worker thread, in :func:`inspect_file`;
after that, changing the sheet or the header row only re-maps rows already in memory, so
the GUI thread never waits for the disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing import (
    FileRefused,
    ImportLimits,
    ImportOptions,
    detect_layout,
    open_workbook,
)
from desktop_app.core.importing.fields import field_specs
from desktop_app.core.importing.guards import column_letter
from desktop_app.core.importing.layout import map_header_row
from desktop_app.core.importing.readers import preview
from desktop_app.core.importing.rows import CellProblem
from desktop_app.core.validation.result import Severity

if TYPE_CHECKING:
    from desktop_app.core.importing import ImportSummary
    from desktop_app.ui.operations import Operations

PREVIEW_ROWS = 100
MAX_PREVIEW_SHEETS = 30


def shown_cell(value: Any) -> str:
    """A cell as the preview shows it: whole numbers without ".0", midnight dates as dates.

    Spreadsheet readers give every number cell as a float, so a quantity of 500 arrives as
    500.0; the person wrote 500.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value == datetime(value.year, value.month, value.day):
        return value.date().isoformat()
    return str(value)


@dataclass(frozen=True)
class FileInspection:
    """The sheets of a file, the first rows of each, and the layout guessed for them."""

    path: Path
    sheets: tuple[str, ...]
    rows: dict[str, list[tuple[int, list[Any]]]]
    sheet: str
    header_row: int
    mapping: dict[int, str]
    guessed: bool


def inspect_file(path: Path, kind: ImportKind, limits: ImportLimits) -> FileInspection:
    """Open ``path``, keep a preview of every sheet and guess the header and mapping.

    ``limits`` are the office's (:meth:`ImportLimits.from_settings`), the same the import
    will check: a file the preview reads is one the import reads, and one the office's
    settings refuse is refused here already.
    """
    source = open_workbook(path, limits)
    try:
        sheets = tuple(source.sheet_names)
        rows = {name: preview(source, name, PREVIEW_ROWS) for name in sheets[:MAX_PREVIEW_SHEETS]}
        try:
            layout = detect_layout(source, kind)
        except FileRefused:
            # No header recognised: the user chooses it and maps the columns by hand.
            first = sheets[0] if sheets else ""
            first_row = rows.get(first, [(1, [])])[0][0] if rows.get(first) else 1
            return FileInspection(path, sheets, rows, first, first_row, {}, False)
        return FileInspection(
            path, sheets, rows, layout.sheet, layout.header_row, dict(layout.mapping), True
        )
    finally:
        source.close()


@dataclass
class ImportDraft:
    """The choices made so far in the wizard."""

    kind: ImportKind = ImportKind.DEMAND
    path: Path | None = None
    inspection: FileInspection | None = None
    sheet: str = ""
    header_row: int = 1
    # Zero-based column index -> field name ("" or absent: not imported).
    mapping: dict[int, str] = field(default_factory=dict)
    all_or_nothing: bool = False

    def adopt(self, inspection: FileInspection) -> None:
        """Take the guessed sheet, header row and mapping of a fresh inspection."""
        self.inspection = inspection
        self.sheet, self.header_row = inspection.sheet, inspection.header_row
        self.mapping = dict(inspection.mapping)

    def sheet_rows(self) -> list[tuple[int, list[Any]]]:
        """The preview rows of the chosen sheet."""
        if self.inspection is None:
            return []
        return self.inspection.rows.get(self.sheet, [])

    def headers(self) -> dict[int, str]:
        """Column index -> header text of the chosen header row."""
        for number, cells in self.sheet_rows():
            if number == self.header_row:
                return {
                    index: str(cell).strip()
                    for index, cell in enumerate(cells)
                    if cell is not None and str(cell).strip()
                }
        return {}

    def remap(self) -> None:
        """Guess the mapping again for the chosen sheet and header row."""
        for number, cells in self.sheet_rows():
            if number == self.header_row:
                self.mapping, _, _ = map_header_row(cells, self.kind)
                return
        self.mapping = {}

    def sample(self, index: int) -> str:
        """The first value under the header in column ``index``."""
        for number, cells in self.sheet_rows():
            if number > self.header_row and index < len(cells) and cells[index] not in (None, ""):
                return shown_cell(cells[index])
        return ""

    def column_count(self) -> int:
        """How many columns the preview of the chosen sheet spans."""
        return max((len(cells) for _, cells in self.sheet_rows()), default=0)

    def mapped_fields(self) -> list[str]:
        """Fields chosen for some column, in column order."""
        return [name for _, name in sorted(self.mapping.items()) if name]

    def duplicate_fields(self) -> list[str]:
        """Fields chosen for more than one column (the import would keep only one)."""
        chosen = self.mapped_fields()
        return sorted({name for name in chosen if chosen.count(name) > 1})

    def options(self, dry_run: bool = False, actor: str | None = None) -> ImportOptions:
        """The importer's options for the choices made, the mapping by column letter."""
        by_letter = {column_letter(index): name for index, name in self.mapping.items() if name}
        return ImportOptions(
            sheet=self.sheet,
            header_row=self.header_row,
            mapping=by_letter,
            dry_run=dry_run,
            all_or_nothing=self.all_or_nothing,
            actor=actor,
        )

    def profile_columns(self) -> dict[str, str]:
        """Header text -> field: the form a saved profile keeps, reusable across files."""
        headers = self.headers()
        return {
            headers.get(index, column_letter(index)): name
            for index, name in self.mapping.items()
            if name
        }

    def apply_profile(self, columns: dict[str, str]) -> None:
        """Map the columns named by a profile (header text or column letter)."""
        known = field_specs(self.kind)
        by_header = {text.casefold(): index for index, text in self.headers().items()}
        letters = {column_letter(index): index for index in range(max(self.column_count(), 1))}
        mapping: dict[int, str] = {}
        for key, name in columns.items():
            index = by_header.get(key.strip().casefold(), letters.get(key.strip().upper()))
            if index is not None and name in known:
                mapping[index] = name
        self.mapping = mapping


@dataclass(frozen=True)
class ProblemCounts:
    """Rows a dry run found fine, rejected, or usable with a warning."""

    ok: int
    rejected: int
    doubtful: int


def count_rows(total_rows: int, rejected: int, problems: Iterable[CellProblem]) -> ProblemCounts:
    """Split the rows of a dry run into OK, rejected and doubtful (warnings only)."""
    warned: set[int] = set()
    failed: set[int] = set()
    for problem in problems:
        (failed if problem.severity is Severity.ERROR else warned).add(problem.row)
    doubtful = len(warned - failed)
    return ProblemCounts(max(total_rows - rejected - doubtful, 0), rejected, doubtful)


def problem_letter(problem: CellProblem) -> str:
    """``C`` from a problem's column ``C (海关编码)``."""
    return problem.column.split(" ", 1)[0].strip()


class ImportHost(Protocol):
    """What the wizard's pages need of the wizard, and all they may use of it."""

    @property
    def draft(self) -> ImportDraft:
        """The choices made so far, shared by every page."""
        ...

    @property
    def operations(self) -> Operations:
        """The door to the database (and to the worker, for reading the file)."""
        ...

    def status(self, message: str) -> None:
        """Say ``message`` in the main window's status bar."""
        ...

    def finished_import(self, summary: ImportSummary) -> None:
        """The import is done: tell whoever waits for it."""
        ...
