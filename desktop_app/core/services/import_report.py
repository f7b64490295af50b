"""Write the validation report: one line per rejected or doubtful cell, as xlsx or csv.

The report repeats what hostile files hold (a cell reading ``=HYPERLINK(...)``, a sheet
named ``=cmd|...``, control characters), so it is written exactly as the exports are:
by the exporting writers, which make every text inert (a quote-prefixed string cell in
xlsx, OWASP's leading apostrophe in CSV) and drop what XML cannot hold, into a temporary
file renamed into place only when complete. A full disk leaves no report at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop_app.core.errors import InputError, Location
from desktop_app.core.exporting.csv_writer import write_csv
from desktop_app.core.exporting.fields import ExportField, FieldKind
from desktop_app.core.exporting.files import atomic_file, write_failed
from desktop_app.core.exporting.templates import TemplateColumn
from desktop_app.core.exporting.xlsx_writer import WorkbookBuilder, write_table
from desktop_app.core.i18n import tr
from desktop_app.core.importing.rows import CellProblem

REPORT_COLUMNS = ("file", "sheet", "row", "column", "field", "value", "severity", "reason")


def _column(key: str) -> TemplateColumn:
    kind = FieldKind.INTEGER if key == "row" else FieldKind.TEXT
    return TemplateColumn(ExportField(key, kind, key, key, key), key)


_COLUMNS = tuple(_column(key) for key in REPORT_COLUMNS)


def _lines(problems: Iterable[CellProblem]) -> Iterator[tuple[object, ...]]:
    for problem in problems:
        yield (
            problem.file,
            problem.sheet,
            problem.row,
            problem.column,
            problem.field,
            problem.value,
            problem.severity.value,
            problem.reason,
        )


def check_report_path(path: Path | str) -> Path:
    """``path`` if a report can be written there (.xlsx or .csv, in a folder that exists,
    a name the system takes), else an :class:`~desktop_app.core.errors.InputError`; so
    that an import is not run for a report that cannot be written."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(tr("the report must be an .xlsx or .csv file"), Location(file=path.name))
    if "\x00" in str(path):
        raise InputError(
            tr("the file name contains a NUL character"),
            Location(file=str(path).replace("\x00", "\\x00")),
        )
    if not path.parent.is_dir():
        raise InputError(
            tr("the folder {folder} does not exist").format(folder=path.parent),
            Location(file=str(path)),
        )
    if path.is_dir():
        raise InputError(tr("this is a folder, not a file"), Location(file=str(path)))
    return path


def write_report(problems: Iterable[CellProblem], path: Path | str) -> Path:
    """Write ``problems`` to ``path``; the suffix (.xlsx or .csv) chooses the format.

    Raises :class:`~desktop_app.core.errors.InputError` for another suffix, a missing
    folder or a failed write; ``path`` then holds what it held before.
    """
    path = check_report_path(path)
    suffix = path.suffix.lower()
    with atomic_file(path) as temporary:
        try:
            if suffix == ".csv":
                write_csv(temporary, _COLUMNS, _lines(problems))
            else:
                builder = WorkbookBuilder(tr("Import report"), "ExportMatch")
                try:
                    write_table(builder, tr("Problems"), _COLUMNS, _lines(problems))
                    builder.save(temporary)
                except BaseException:
                    builder.discard()
                    raise
        except OSError as exc:
            raise write_failed(path, exc) from exc
    return path
