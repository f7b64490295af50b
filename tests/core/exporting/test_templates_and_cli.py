"""Built-in templates and the ``exportmatch export`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import BatchStatus, ImportKind
from desktop_app.core.domain.models import ExportRun
from desktop_app.core.errors import InputError
from desktop_app.core.exporting import ExportKind, builtin_templates, load_template
from desktop_app.core.importing.fields import field_specs
from tests.core.exporting.conftest import read_xlsx


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


def test_cli_exports_with_filters_and_records_the_run(
    matched_sqlite: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = matched_sqlite.url.render_as_string(hide_password=False)
    target = tmp_path / "fish.xlsx"
    status = main(
        [
            "--database",
            url,
            "export",
            "catalogue",
            "-o",
            str(target),
            "--hs-chapter",
            "03",
            "--actor",
            "Ирина",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert "catalogue exported with template 'Aggregator (EN + 中文)'" in out
    sheet = read_xlsx(target).worksheets[0]
    assert all(str(row[2]).startswith("03") for row in sheet.iter_rows(min_row=2, values_only=True))

    per_buyer = tmp_path / "buyers.zip"
    assert (
        main(
            [
                "--database",
                url,
                "export",
                "matches",
                "-o",
                str(per_buyer),
                "--per-buyer",
                "--template",
                "trade_representation",
            ]
        )
        == 0
    )
    assert per_buyer.is_file()

    assert (
        main(
            [
                "--database",
                url,
                "export",
                "matches",
                "-o",
                str(tmp_path / "x.xlsx"),
                "--buyer",
                "Шанхай",
            ]
        )
        == 1
    )
    assert "no buyer matches 'Шанхай'" in capsys.readouterr().err
    with matched_sqlite.session() as session:
        runs = session.scalars(select(ExportRun).order_by(ExportRun.id)).all()
    assert [(run.kind, run.status) for run in runs] == [
        ("catalogue", BatchStatus.DONE),
        ("matches", BatchStatus.DONE),
        ("matches", BatchStatus.FAILED),
    ]
    assert runs[0].actor == "Ирина" and runs[0].filters["hs_chapters"] == ["03"]
    assert runs[1].template == "Trade representation (RU + 中文)"


def test_cli_lists_templates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "templates"]) == 0
    out = capsys.readouterr().out
    assert "full_data: Full data" in out and "headers: ru + zh" in out
