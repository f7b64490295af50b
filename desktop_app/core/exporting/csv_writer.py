"""The same tables as CSV: UTF-8 with a byte-order mark, so Excel shows Chinese and Russian.

Without the BOM, Excel on Windows opens a UTF-8 CSV in the ANSI code page and turns
"冷冻狭鳕鱼" and "Минтай" into mojibake. CSV has no cell types, so text that a
spreadsheet could take for a formula gets OWASP's leading apostrophe.

A workbook shows a price's currency and price unit and a quantity's unit in the cell's
number format (``5.50 "CNY/kg"``); a CSV has no formats, so :func:`csv_columns` adds
those companions as columns of their own when the template does not show them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.exporting.fields import FIELDS_BY_KIND, ExportKind, FieldKind, companions
from desktop_app.core.exporting.safety import inert_csv_text
from desktop_app.core.exporting.templates import TemplateColumn, column_header

if TYPE_CHECKING:  # cells imports openpyxl, which a CSV file does not need
    from desktop_app.core.exporting.cells import Row

CSV_ENCODING = "utf-8-sig"
PROGRESS_EVERY = 1_000


def _number_text(value: Any, kind: FieldKind) -> str:
    if kind is FieldKind.MONEY:
        return f"{value:.2f}"
    if kind is FieldKind.SCORE:
        return f"{value:.1f}"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def csv_value(value: Any, kind: FieldKind) -> str:
    """One value as CSV text: plain decimals, ISO dates, inert text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return _number_text(value, kind)
    return inert_csv_text(str(value))


def csv_header(column: TemplateColumn) -> str:
    """The header on one line: the languages separated by " / "."""
    return " / ".join(column.header.splitlines())


def csv_columns(
    columns: Sequence[TemplateColumn], kind: ExportKind, languages: Sequence[str]
) -> tuple[TemplateColumn, ...]:
    """``columns`` with the currency, price unit and unit each value needs, as columns,
    and after a product name the column saying where it comes from ("suggested" where a
    workbook writes the name in the suggestion style), unless the headers are field names.

    A companion the template does not show is added once, right after the first column
    that needs it: "Price from", "Currency", "Price per", "Price to", ...
    """
    registry = FIELDS_BY_KIND[kind]
    shown = {column.field.key for column in columns}
    result: list[TemplateColumn] = []
    for column in columns:
        result.append(column)
        # Field-name headers ("Full data") are for importing back: no column the
        # importer does not read.
        origin = None if "key" in languages else column.field.origin
        needed = (*companions(column.field), *filter(None, (origin,)))
        for key in needed:
            if key not in shown:
                shown.add(key)
                result.append(
                    TemplateColumn(registry[key], column_header(registry[key], tuple(languages)))
                )
    return tuple(result)


def write_csv(
    path: Path,
    columns: Sequence[TemplateColumn],
    rows: Iterable[Row],
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` as CSV to ``path`` and return how many data rows were written."""
    kinds = [column.field.kind for column in columns]
    width = len(kinds)
    count = 0
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([csv_header(column) for column in columns])
        for row in rows:
            writer.writerow([csv_value(row[i], kinds[i]) for i in range(width)])
            count += 1
            if on_progress is not None and count % PROGRESS_EVERY == 0:
                on_progress(count)
    return count
