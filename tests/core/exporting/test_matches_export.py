"""Accepted matches: one row per (demand line, product), split by buyer, injections inert."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import ExportRun
from desktop_app.core.errors import InputError
from desktop_app.core.exporting import ExportFilters, PerBuyer, export_matches
from tests.core.exporting.conftest import INJECTIONS, add_accepted_matches, read_xlsx


def test_matches_list_buyer_wanted_product_supplier_and_decision(
    demo_database: Database, tmp_path: Path
) -> None:
    accepted = add_accepted_matches(demo_database)
    target = tmp_path / "matches.xlsx"
    with demo_database.session(actor="Анна") as session:
        summary = export_matches(session, target, "full_data")
    assert summary.row_count == accepted
    assert sum(summary.by_buyer.values()) == accepted
    sheet = read_xlsx(target)["matches"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(records) == accepted
    first = next(r for r in records if r["demand_ref"] == "D002")
    assert first["buyer_name"] == "大连海湾水产有限公司"
    assert first["city"] == "大连"
    assert first["quantity"] == 2000 and first["demand_unit"] == "kg"
    assert first["reviewer"] == "Анна Петрова"
    assert first["decided_at"].date() == date(2026, 11, 2)
    assert first["score"] == 61.0
    assert first["company_name"] and first["product_ref"]
    quantity_cell = sheet.cell(row=2 + records.index(first), column=header.index("quantity") + 1)
    assert quantity_cell.number_format == '#,##0 "kg"'
    decided = sheet.cell(row=2, column=header.index("decided_at") + 1)
    assert decided.number_format == "yyyy-mm-dd"
    # Grouped by buyer: once a buyer's rows end, they do not come back.
    buyers = [r["buyer_name"] for r in records]
    assert buyers == sorted(buyers, key=buyers.index)


def test_injection_strings_from_demand_data_come_out_inert(
    matched_sqlite: Database, tmp_path: Path
) -> None:
    target = tmp_path / "injection.xlsx"
    with matched_sqlite.session() as session:
        export_matches(
            session, target, "full_data", ExportFilters(statuses=("accepted", "rejected"))
        )
    sheet = read_xlsx(target)["matches"]
    column = [c.value for c in sheet[1]].index("demand_product") + 1
    cells = {
        sheet.cell(row=r, column=column).value: sheet.cell(row=r, column=column)
        for r in range(2, sheet.max_row + 1)
    }
    for text in INJECTIONS:
        # XML reads a raw carriage return back as a line feed; either way it stays text.
        cell = cells[text.replace("\r", "\n")]
        # Kept exactly, as a string (never a formula), with Excel's quote prefix.
        assert cell.data_type == "s"
        assert cell.quotePrefix
    # No formula anywhere in the workbook's XML.
    with zipfile.ZipFile(target) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name)


def test_one_sheet_per_buyer(
    matched_sqlite: Database, buyer_names: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "per-buyer.xlsx"
    with matched_sqlite.session() as session:
        summary = export_matches(session, target, per_buyer=PerBuyer.SHEETS)
    workbook = read_xlsx(target)
    data_sheets = workbook.sheetnames[:-1]
    assert workbook.sheetnames[-1] == "Summary 汇总"
    assert sorted(data_sheets) == sorted(summary.by_buyer)
    for name in data_sheets:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert set(values) == {name}
        assert len(values) == summary.by_buyer[name]


@pytest.mark.slow
def test_one_workbook_per_buyer_in_a_folder_and_a_zip(
    matched_sqlite: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "buyers"
    archive = tmp_path / "buyers.zip"
    with matched_sqlite.session() as session:
        in_folder = export_matches(session, folder, per_buyer=PerBuyer.WORKBOOKS)
        zipped = export_matches(
            session, archive, per_buyer=PerBuyer.WORKBOOKS, filters=ExportFilters(buyers=("大连",))
        )
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"{buyer}.xlsx" for buyer in in_folder.by_buyer)
    for path in in_folder.files:
        workbook = load_workbook(path, read_only=True)
        assert len(workbook.sheetnames) == 2
        workbook.close()
    with zipfile.ZipFile(archive) as bundle:
        assert bundle.namelist() == ["大连海湾水产有限公司.xlsx"]
    assert zipped.by_buyer == {"大连海湾水产有限公司": in_folder.by_buyer["大连海湾水产有限公司"]}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    with matched_sqlite.session() as session:
        runs = session.scalars(select(ExportRun).order_by(ExportRun.id)).all()
    assert [run.filters["per_buyer"] for run in runs] == ["workbooks", "workbooks"]
    assert [run.filters["format"] for run in runs] == ["folder", "zip"]


def test_buyer_filter_by_name_or_id(matched_sqlite: Database, tmp_path: Path) -> None:
    with matched_sqlite.session() as session:
        by_name = export_matches(
            session, tmp_path / "a.csv", filters=ExportFilters(buyers=("harbin",))
        )
        by_id = export_matches(session, tmp_path / "b.csv", filters=ExportFilters(buyers=("2",)))
        with pytest.raises(InputError, match="no buyer matches 'Шанхай'"):
            export_matches(session, tmp_path / "c.csv", filters=ExportFilters(buyers=("Шанхай",)))
        with pytest.raises(InputError, match="no sheets"):
            export_matches(session, tmp_path / "d.csv", per_buyer=PerBuyer.SHEETS)
    assert list(by_name.by_buyer) == ["哈尔滨北方粮油贸易有限公司"]
    assert by_id.by_buyer == by_name.by_buyer
