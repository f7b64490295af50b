"""A failed or cancelled export leaves no file and no record; CSV for Excel users."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.domain.models import ExportRun, Product
from desktop_app.core.errors import Cancelled, InputError
from desktop_app.core.exporting import ExportFilters, export_catalogue, export_matches, xlsx_writer
from desktop_app.core.exporting import cells as cells_module
from desktop_app.core.progress import CancelToken, NullProgress
from tests.core.exporting.conftest import INJECTIONS, read_xlsx

OLD_CONTENT = b"the previous export, which must survive"


class CancelAfterFirstChunk(NullProgress):
    """Presses Cancel as soon as the first chunk of rows is reported."""

    def __init__(self) -> None:
        super().__init__(CancelToken())
        self.reported: list[int] = []

    def advance(self, done: int, message: str = "") -> None:
        self.reported.append(done)
        assert self.token is not None
        self.token.cancel()


def _export_runs(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(ExportRun)) or 0)


@pytest.mark.parametrize("name", ["catalogue.xlsx", "catalogue.csv"])
def test_cancelled_export_leaves_the_old_file_and_no_record(
    demo_sqlite: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(xlsx_writer, "PROGRESS_EVERY", 5)
    monkeypatch.setattr("desktop_app.core.exporting.csv_writer.PROGRESS_EVERY", 5)
    target = tmp_path / name
    target.write_bytes(OLD_CONTENT)
    progress = CancelAfterFirstChunk()
    with pytest.raises(Cancelled), demo_sqlite.session() as session:
        export_catalogue(session, target, progress=progress)
    assert progress.reported == [5]
    assert target.read_bytes() == OLD_CONTENT
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert _export_runs(demo_sqlite) == 0


def test_failure_mid_write_leaves_no_file_under_the_final_name(
    demo_sqlite: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = cells_module.CellFactory.money

    def failing_money(self: Any, index: int, currency: int | None, per: int | None) -> Any:
        convert = original(self, index, currency, per)
        calls = [0]

        def explode_on_tenth(row: Any) -> Any:
            calls[0] += 1
            if calls[0] == 10:
                raise OSError(28, "No space left on device")
            return convert(row)

        return explode_on_tenth

    monkeypatch.setattr(cells_module.CellFactory, "money", failing_money)
    target = tmp_path / "catalogue.xlsx"
    # A full disk is an expected error: the message names the file and the reason.
    with (
        pytest.raises(InputError, match=r"catalogue\.xlsx: cannot write the export: No space"),
        demo_sqlite.session() as session,
    ):
        export_catalogue(session, target)
    assert list(tmp_path.glob("*.xlsx")) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert _export_runs(demo_sqlite) == 0


def test_cancelled_per_buyer_export_leaves_no_folder(
    matched_sqlite: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.core.exporting import PerBuyer

    monkeypatch.setattr(xlsx_writer, "PROGRESS_EVERY", 2)
    with pytest.raises(Cancelled), matched_sqlite.session() as session:
        export_matches(
            session,
            tmp_path / "buyers",
            per_buyer=PerBuyer.WORKBOOKS,
            progress=CancelAfterFirstChunk(),
        )
    assert not (tmp_path / "buyers").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".buyers")]


def test_every_price_cell_holds_its_own_rows_value(demo_sqlite: Database, tmp_path: Path) -> None:
    # Price cells are one reused cell object per column: each row must still get its value.
    target = tmp_path / "prices.xlsx"
    with demo_sqlite.session() as session:
        export_catalogue(session, target, "full_data")
        expected = dict(
            session.execute(
                select(Product.ref, Product.price_max).where(Product.status == ProductStatus.ACTIVE)
            ).all()
        )
    sheet = read_xlsx(target)["products"]
    header = [c.value for c in sheet[1]]
    got = {
        row[0]: row[header.index("price_max")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert {ref: Decimal(str(v)) if v is not None else None for ref, v in got.items()} == {
        ref: Decimal(str(v)) if v is not None else None for ref, v in expected.items()
    }


def test_csv_has_a_bom_plain_values_and_inert_text(
    matched_sqlite: Database, tmp_path: Path
) -> None:
    target = tmp_path / "matches.csv"
    with matched_sqlite.session() as session:
        summary = export_matches(
            session, target, "full_data", ExportFilters(statuses=("accepted", "rejected"))
        )
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.row_count
    products = {row["demand_product"] for row in rows}
    for text in INJECTIONS:
        assert "'" + text in products
    first = next(row for row in rows if row["demand_ref"] == "D002")
    assert first["quantity"] == "2000"
    assert first["price_min"].count(".") == 1 and len(first["price_min"].split(".")[1]) == 2
    assert first["decided_at"] == "2026-11-02"
    assert first["buyer_name"] == "大连海湾水产有限公司"


def test_csv_headers_are_bilingual_on_one_line(demo_sqlite: Database, tmp_path: Path) -> None:
    target = tmp_path / "catalogue.csv"
    with demo_sqlite.session() as session:
        export_catalogue(session, target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[0] == "Product / 产品名称"


def test_csv_carries_currency_price_unit_and_unit_like_the_workbook(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    # 5.50 CNY per kg and 1,150 USD per t must not look alike in a CSV: the workbook keeps
    # currency and units in number formats, the CSV in columns of their own.
    with demo_sqlite.session() as session:
        pollock = session.scalars(select(Product).where(Product.ref == "P001")).one()
        assert (pollock.unit, pollock.currency) == ("t", "USD")
        crab = session.scalars(select(Product).where(Product.ref == "P002")).one()
        crab.price_unit = "pcs"  # quoted per crab, sold by the kg
        session.commit()
    target = tmp_path / "catalogue.csv"
    with demo_sqlite.session() as session:
        export_catalogue(session, target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    moq, unit = header.index("MOQ / 最小起订量"), header.index("Unit / 单位")
    low, currency = header.index("Price from / 最低价"), header.index("Currency / 币种")
    per, high = header.index("Price per / 计价单位"), header.index("Price to / 最高价")
    assert moq < unit < low < currency < per < high  # each beside the first value needing it
    assert len(header) == len(set(header))
    by_name = {row[0]: row for row in rows}
    pollock_row = by_name["Frozen Alaska pollock H&G 25+ cm"]
    assert (pollock_row[low], pollock_row[currency], pollock_row[per]) == ("1150.00", "USD", "t")
    assert (pollock_row[moq], pollock_row[unit]) == ("20", "t")
    crab_row = by_name["Live red king crab 1.5kg+"]
    assert (crab_row[currency], crab_row[per], crab_row[unit]) == ("USD", "pcs", "kg")
