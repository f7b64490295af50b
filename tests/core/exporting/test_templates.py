"""Built-in templates: bilingual headers, the importer's field names, broken files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.errors import InputError
from desktop_app.core.exporting import ExportKind, builtin_templates, load_template
from desktop_app.core.importing.fields import field_specs


def test_four_built_in_templates_with_bilingual_headers() -> None:
    names = {template.id: template for template in builtin_templates()}
    assert set(names) == {"aggregator", "trade_representation", "full_data", "internal"}
    assert names["aggregator"].header_languages == ("en", "zh")
    assert names["trade_representation"].header_languages == ("ru", "zh")
    first = names["trade_representation"].columns_for(ExportKind.CATALOGUE)[0]
    assert first.header == "Компания\n公司名称"
    assert load_template(None).id == "aggregator"
    assert load_template("Aggregator").id == "aggregator"
    assert load_template("Full data").id == "full_data"


def test_full_data_headers_are_the_importers_field_names() -> None:
    importer_fields = set(field_specs(ImportKind.PRODUCTS))
    headers = [c.header for c in load_template("full_data").columns_for(ExportKind.CATALOGUE)]
    assert set(headers) <= importer_fields
    # Everything the importer can read back, except the computed "price", is exported.
    assert importer_fields - set(headers) == {"price"}


def test_a_broken_template_names_its_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[catalogue]\ncolumns = ["no_such_field"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.toml, field catalogue\.columns: unknown"):
        load_template(path)
    path.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid TOML template"):
        load_template(path)
