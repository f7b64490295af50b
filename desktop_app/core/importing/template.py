"""Empty import templates: trilingual headers and a sheet explaining every column.

Each header cell reads ``field_name`` then the English, Russian and Chinese titles on
separate lines; the importer recognises the first line exactly, so a filled-in template
imports back whatever language the user reads.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.i18n import tr
from desktop_app.core.importing.fields import FIELDS, ValueKind

TEXT_KINDS = {ValueKind.HS_CODE, ValueKind.INN, ValueKind.OGRN, ValueKind.USCC}


def template_header(name: str, en: str, ru: str, zh: str) -> str:
    """The header text of one template column."""
    return f"{name}\n{en}\n{ru}\n{zh}"


def write_template(kind: ImportKind, path: Path | str) -> Path:
    """Write an empty ``kind`` workbook to ``path`` and return the path."""
    path = Path(path)
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "products" if kind is ImportKind.PRODUCTS else "demand"
    help_sheet = book.create_sheet(tr("Columns"))
    help_sheet.append([tr("column"), "field", "English", "Русский", "中文", tr("how to fill")])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, spec in enumerate(FIELDS[kind], start=1):
        cell = data.cell(row=1, column=index)
        cell.value = template_header(spec.name, spec.title_en, spec.title_ru, spec.title_zh)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = 22
        if spec.kind in TEXT_KINDS:
            # Codes stay text so Excel cannot drop their leading zeros.
            for row in range(2, 1002):
                data.cell(row=row, column=index).number_format = "@"
        help_sheet.append(
            [letter, spec.name, spec.title_en, spec.title_ru, spec.title_zh, spec.help_en]
        )
    data.row_dimensions[1].height = 64
    data.freeze_panes = "A2"
    for cell in help_sheet[1]:
        cell.font = bold
    book.save(path)
    return path
