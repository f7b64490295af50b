"""Before a buyer-facing export: what would reach the buyer untranslated, per column.

A template whose headers are in no language the team reads alone (no ``ru`` and no
``key`` header) is buyer-facing. For each of its columns the check counts the rows
whose cell would carry Cyrillic, a product with neither an English nor a Chinese name,
an empty Chinese product name, or a region or delivery place no table knew (it goes out
transliterated). The CLI prints the counts; the Export page shows them with a way to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop_app.core.exporting.fields import ExportKind
from desktop_app.core.exporting.queries import ExportFilters, resolve_filters, stream_rows
from desktop_app.core.exporting.templates import ExportTemplate
from desktop_app.core.i18n import tr
from desktop_app.core.validation.buyer_language import (
    free_text_for_buyer,
    has_cyrillic,
    place_for_buyer,
    region_for_buyer,
)

# Raw values the check reads besides the template's own columns.
_RAW = (
    "product_name_en",
    "product_name_zh",
    "company_region",
    "incoterms_place",
    "packaging",
    "certificates",
)
_FREE_TEXT = {"packaging_intl": "packaging", "certificates_intl": "certificates"}


@dataclass(frozen=True)
class UntranslatedColumn:
    """One column of a buyer-facing export and how many of its cells are untranslated."""

    key: str
    header: str
    count: int
    reason: str


def is_buyer_facing(template: ExportTemplate) -> bool:
    """True for a template whose headers are only in the buyer's languages."""
    return not {"ru", "key"} & set(template.header_languages)


def _reason(key: str) -> str:
    if key == "product_name_intl":
        return tr("no English or Chinese name: the Russian one goes out transliterated")
    if key == "product_name_zh":
        return tr("no Chinese name")
    if key in ("company_region_intl", "incoterms_intl"):
        return tr("a region or place the tables do not know: it goes out transliterated")
    if key in _FREE_TEXT:
        return tr("words the trade terms table does not know: they go out transliterated")
    return tr("Cyrillic text")


def untranslated_columns(
    session: Session,
    kind: ExportKind,
    template: ExportTemplate,
    filters: ExportFilters | None = None,
) -> list[UntranslatedColumn]:
    """Per column of ``template``, the rows that would reach the buyer untranslated.

    Only columns with at least one such row are listed; a template that is not
    buyer-facing gives an empty list.
    """
    if not is_buyer_facing(template):
        return []
    columns = template.columns_for(kind)
    keys = [column.field.key for column in columns]
    selected = [*keys, *(key for key in _RAW if key not in keys)]
    where = {key: position for position, key in enumerate(selected)}
    resolved = resolve_filters(session, kind, filters or ExportFilters())
    counts = [0] * len(keys)
    for row in stream_rows(session, kind, selected, resolved):
        english = row[where["product_name_en"]]
        chinese = row[where["product_name_zh"]]
        for position, key in enumerate(keys):
            value = row[position]
            if key == "product_name_intl":
                bad = not english and not chinese
            elif key == "product_name_zh":
                bad = not chinese
            elif key == "company_region_intl":
                shown = region_for_buyer(row[where["company_region"]])
                bad = shown is not None and not shown.translated
            elif key == "incoterms_intl":
                shown = place_for_buyer(row[where["incoterms_place"]])
                bad = shown is not None and not shown.translated
            elif key in _FREE_TEXT:
                shown = free_text_for_buyer(row[where[_FREE_TEXT[key]]])
                bad = shown is not None and not shown.translated
            else:
                bad = isinstance(value, str) and has_cyrillic(value)
            if bad:
                counts[position] += 1
    return [
        UntranslatedColumn(column.field.key, column.header.replace("\n", " "), count, _reason(key))
        for column, key, count in zip(columns, keys, counts, strict=True)
        if count
    ]
