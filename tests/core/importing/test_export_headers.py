"""Workbooks written by the export templates import back with every column understood."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.exporting import export_catalogue
from desktop_app.core.exporting.fields import CATALOGUE_FIELDS, MATCH_FIELDS, ExportKind
from desktop_app.core.exporting.templates import load_template
from desktop_app.core.importing import validate_file
from desktop_app.core.importing.fields import field_specs, header_synonyms
from desktop_app.core.importing.layout import match_header

TEMPLATES = ("aggregator", "trade_representation", "full_data")
# Export columns that hold an import field under another key.
CATALOGUE_AS_IMPORT = {
    "company_name_intl": "company_name",
    # The buyer's-language renderings keep their field's header (docs/exporting.md).
    "company_region_intl": "company_region",
    "incoterms_intl": "incoterms",
    "packaging_intl": "packaging",
    "certificates_intl": "certificates",
    "company_contact_intl": "company_contact",
}
DEMAND_AS_IMPORT = {
    "demand_product": "product_name",
    "demand_hs_code": "hs_code",
    "demand_unit": "unit",
    "demand_currency": "currency",
    "demand_incoterms": "incoterms",
}


def _catalogue_field(key: str, language: str) -> str | None:
    """The import field an exported catalogue column holds, or None when there is none."""
    if key == "product_name_intl":  # the name in the header's own language
        return {"en": "product_name_en", "ru": "product_name_ru"}[language]
    name = CATALOGUE_AS_IMPORT.get(key, key)
    return name if name in field_specs(ImportKind.PRODUCTS) else None


@pytest.mark.parametrize("template_name", TEMPLATES)
def test_an_exported_catalogue_reimports_with_its_columns_mapped(
    demo_database: Database, tmp_path: Path, template_name: str
) -> None:
    template = load_template(template_name)
    path = tmp_path / f"{template_name}.xlsx"
    with demo_database.session() as session:
        export_catalogue(session, path, template_name)
    with demo_database.session() as session:
        summary = validate_file(session, path, ImportKind.PRODUCTS)
    language = template.summary_language if template.header_languages != ("key",) else "key"
    expected: dict[str, str] = {}
    for column in template.columns_for(ExportKind.CATALOGUE):
        name = _catalogue_field(column.field.key, language)
        if name is not None:
            expected[column.header] = name
    assert {h: f for h, f in summary.mapping.items() if h in expected} == expected
    # Columns without an import field (Chinese company name, address, ...) stay unmapped.
    assert set(summary.mapping) == set(expected)
    assert summary.rejected == 0, summary.problems


@pytest.mark.parametrize("language", ["key", "en", "ru", "zh"])
def test_every_export_title_names_its_import_field_exactly(language: str) -> None:
    products, demand = header_synonyms(ImportKind.PRODUCTS), header_synonyms(ImportKind.DEMAND)
    for key, spec in CATALOGUE_FIELDS.items():
        name = CATALOGUE_AS_IMPORT.get(key, key)
        if name in field_specs(ImportKind.PRODUCTS) and (language != "key" or name == key):
            assert match_header(spec.label(language), products) == (name, 2), spec
    for key, spec in MATCH_FIELDS.items():
        name = DEMAND_AS_IMPORT.get(key, key)
        # The supplier's unit of a match row is not the requested unit.
        if name in field_specs(ImportKind.DEMAND) and key != "unit":
            assert match_header(spec.label(language), demand) == (name, 2), spec
        if key in field_specs(ImportKind.PRODUCTS) and key != "product_name_intl":
            assert match_header(spec.label(language), products) == (key, 2), spec


def test_a_longer_exact_line_beats_a_contained_shorter_synonym() -> None:
    products = header_synonyms(ImportKind.PRODUCTS)
    assert match_header("Product ref", products) == ("product_ref", 2)
    assert match_header("Product ref\n产品编号", products) == ("product_ref", 2)
    assert match_header("Name (RU)\nНаименование (рус.)", products) == ("product_name_ru", 2)
    # Nothing exact: the longest synonym inside the cell decides.
    assert match_header("Product ref (old)", products) == ("product_ref", 1)
