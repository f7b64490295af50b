"""Accepted pools reach the matches workbook and the buyer's own workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.core.database.session import Database
from desktop_app.core.exporting import PerBuyer, export_matches
from desktop_app.core.pooling.proposal import propose_pool
from desktop_app.core.pooling.store import accept_pool
from desktop_app.core.services.exchange_rates import save_rate
from tests.core.pooling.seed import TODAY, seed_honey


def _accepted_pool(database: Database) -> None:
    seed_honey(database)
    with database.session(actor="test") as session:
        save_rate(session, "USD", "CNY", "7.10", "2026-11-30", "test bank", "test")
        accept_pool(session, propose_pool(session, "D-HONEY", today=TODAY), "Anna")


def test_pooled_sheet_in_the_matches_workbook(sqlite_database: Database, tmp_path: Path) -> None:
    _accepted_pool(sqlite_database)
    target = tmp_path / "matches.xlsx"
    with sqlite_database.session(actor="Anna") as session:
        export_matches(session, target, "aggregator")
    book = load_workbook(target)
    name = next(sheet for sheet in book.sheetnames if sheet.startswith("Pooled offers"))
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Buyer\n采购商" and "Share\n供货量" in header
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(records) == 4  # three shares and the total
    supplier, share = "Supplier\n供应商", "Share\n供货量"
    assert [r[supplier] for r in records] == ["Мёд A", "Мёд B", "Мёд C", "Total 合计"]
    assert [Decimal(str(r[share])) for r in records[:3]] == [
        Decimal("725.872"),
        Decimal("591.376"),
        Decimal("1182.752"),
    ]
    total = records[-1]
    assert total[share] == 2500 and total["Shortfall\n缺口"] == 0
    assert total["Price from\n最低价"] == 5500 and total["Price to\n最高价"] == 7200
    assert records[0]["Incoterms\n贸易术语"] == "FCA Zabaikalsk"
    assert records[0]["Request ref\n需求编号"] == "D-HONEY"


def test_buyer_with_only_a_pool_gets_its_workbook(
    sqlite_database: Database, tmp_path: Path
) -> None:
    _accepted_pool(sqlite_database)
    folder = tmp_path / "buyers"
    with sqlite_database.session(actor="Anna") as session:
        summary = export_matches(
            session, folder, "trade_representation", per_buyer=PerBuyer.WORKBOOKS
        )
    (path,) = summary.files
    assert "哈尔滨蜂蜜" in path.name
    book = load_workbook(path)
    pooled = [
        name for name in book.sheetnames if "Pooled" in name or "拼单" in name or "Сбор" in name
    ]
    assert len(pooled) == 1
    assert book[pooled[0]].max_row == 5
