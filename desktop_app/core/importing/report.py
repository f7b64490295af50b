"""Write the validation report: one line per rejected or doubtful cell, as xlsx or csv."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.importing.rows import CellProblem

REPORT_COLUMNS = ("file", "sheet", "row", "column", "field", "value", "severity", "reason")


def _line(problem: CellProblem) -> list[object]:
    return [
        problem.file,
        problem.sheet,
        problem.row,
        problem.column,
        problem.field,
        problem.value,
        problem.severity.value,
        problem.reason,
    ]


def write_report(problems: Iterable[CellProblem], path: Path | str) -> Path:
    """Write ``problems`` to ``path``; the suffix (.xlsx or .csv) chooses the format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # UTF-8 with BOM so that Excel opens Chinese and Russian text correctly.
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            writer.writerows(_line(problem) for problem in problems)
        return path
    if suffix != ".xlsx":
        raise InputError(tr("the report must be an .xlsx or .csv file"), Location(file=path.name))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(tr("Problems"))
    sheet.append(list(REPORT_COLUMNS))
    for problem in problems:
        sheet.append(_line(problem))
    book.save(path)
    return path
