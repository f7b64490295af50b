"""The ``import`` and ``template`` commands."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from tests.conftest import SHARED_DATA
from tests.core.importing import crafted

CORPUS = SHARED_DATA / "xlsx-corpus"


@pytest.mark.slow
def test_template_imports_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    template = tmp_path / "products.xlsx"
    assert main(["--database", db, "template", "products", "-o", str(template)]) == 0
    book = load_workbook(template)
    sheet = book["products"]
    sheet.append(
        ["P1", "ООО «Ёлка»", "7707083893"]
        + [None] * 7
        + ["Мёд липовый"]
        + [None] * 3
        + ["040900", "кг", 100]
    )
    book.save(template)
    assert book.sheetnames[1] == "Columns"
    assert main(["--database", db, "import", "products", str(template)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 imported, 0 updated, 0 unchanged, 0 rejected"
    )


def test_import_command_reports_and_exits_non_zero_when_nothing_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "db.sqlite3")
    path = crafted.write_csv(tmp_path / "d.csv", "产品名称,数量\n鱼,很多\n", "gb18030")
    report = tmp_path / "report.csv"
    status = main(["--database", db, "import", "demand", str(path), "--report", str(report)])
    assert status == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith("1 rejected")
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["row"] == "2" and rows[0]["value"] == "很多" and rows[0]["field"] == "quantity"


def test_dry_run_and_saved_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    path = crafted.write_csv(tmp_path / "d.csv", "Item,Qty,Colour\nHoney,5 kg,blue\n", "utf-8")
    base = ["--database", db, "import", "demand", str(path)]
    assert main([*base, "--dry-run", "--save-mapping", "partner-a"]) == 0
    assert "dry run: 1 imported" in capsys.readouterr().out
    assert main([*base, "--mapping", "partner-a"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 imported")


def test_refused_file_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert main(["--database", str(tmp_path / "db.sqlite3"), "import", "demand", str(path)]) == 1
    assert "empty.xlsx: the file is empty" in capsys.readouterr().err


def test_a_template_written_to_a_full_disk_is_a_message_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc
    import sys

    from tests.full_disk import fill_disk_for_zip_files

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    fill_disk_for_zip_files(monkeypatch)
    target = tmp_path / "需求模板.xlsx"
    status = main(["template", "demand", "-o", str(target)])
    gc.collect()
    err = capsys.readouterr().err
    assert status == 1, err  # not 70, "unexpected error; this is a bug"
    assert "需求模板.xlsx" in err and "No space left on device" in err
    assert list(tmp_path.iterdir()) == []  # no empty or half-written workbook
    assert unraisable == []  # nor "Exception ignored ... No space left" on stderr later
