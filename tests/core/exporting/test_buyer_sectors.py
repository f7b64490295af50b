"""The goal of buyer-ready exports measured across sectors: a catalogue of Russian-only
names in the twelve sectors of the matching issue (the hold-out sets 4 and 5 without
their English and Chinese names, plus 120 names written per sector) exported with the
"Aggregator (EN + 中文)" template carries a Chinese name on >= 95% of rows, suggested ones
marked by cell style and legend (in a CSV by an origin column), and no cell outside the
columns whose header names Russian holds Cyrillic: in the catalogue, in the matches
workbook and in each buyer's own workbook."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlalchemy import select, update

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.exporting import PerBuyer, export_catalogue, export_matches
from desktop_app.core.exporting.cells import SUGGESTED_FILL
from desktop_app.core.importing.service import ImportKind, import_file
from desktop_app.core.services.name_suggestions import propose_missing_names, store_suggestions
from desktop_app.core.validation.buyer_language import has_cyrillic

DATA = Path(__file__).parents[3] / "benchmarks" / "data"
SOURCES = (
    DATA / "holdout4" / "products.csv",
    DATA / "holdout5" / "products.csv",
    DATA / "buyer_names" / "written_products.csv",
)
# A header naming Russian: "(RU)", "рус.", "俄文".
_NAMES_RUSSIAN = re.compile(r"\(RU\)|рус\.|俄文|Russian", re.IGNORECASE)
ZH_HEADERS = ("Name (ZH)\n中文名称", "Product (ZH)\n产品中文名称")

pytestmark = pytest.mark.slow


@pytest.fixture
def russian_only(demo_sqlite: Database) -> Database:
    """The demo data plus the cross-sector products, named in Russian only, with the
    suggestions stored as ``exportmatch names suggest --store`` stores them, and one
    accepted match of a cross-sector product per demo demand line."""
    with demo_sqlite.session(actor="test") as session:
        before = set(session.scalars(select(Product.id)))
        for source in SOURCES:
            import_file(session, source, ImportKind.PRODUCTS)
        added = sorted(set(session.scalars(select(Product.id))) - before)
        session.execute(
            update(Product).where(Product.id.in_(added)).values(name_en=None, name_zh=None)
        )
        session.execute(update(Product).where(Product.id.notin_(added)).values(status="archived"))
    with demo_sqlite.session(actor="test") as session:
        store_suggestions(session, propose_missing_names(session))
        for number, line in enumerate(session.scalars(select(DemandLine).order_by(DemandLine.id))):
            session.add(
                MatchCandidate(
                    demand_line=line,
                    product_id=added[number * 7 % len(added)],
                    score=70.0,
                    verdict=Verdict.SUGGESTED,
                    status=MatchStatus.ACCEPTED,
                    reviewer="Анна Петрова",
                    parts={},
                    evidence={},
                )
            )
    return demo_sqlite


def _no_cyrillic_outside_russian_columns(workbook: Workbook) -> int:
    """Checks every sheet; returns how many data cells were looked at."""
    seen = 0
    for sheet in workbook.worksheets:
        table = list(sheet.iter_rows(values_only=True))
        header = [str(value or "") for value in table[0]]
        for title in header:
            assert not has_cyrillic(title), (sheet.title, title)
        for row in table[1:]:
            for title, value in zip(header, row, strict=False):
                if isinstance(value, str) and not _NAMES_RUSSIAN.search(title):
                    assert not has_cyrillic(value), (sheet.title, title, value)
                    seen += 1
    return seen


def _chinese_names(workbook: Workbook) -> tuple[int, list[object]]:
    """Rows of the first sheet and its Chinese-name cells."""
    rows = list(workbook.worksheets[0].iter_rows())
    headers = [str(cell.value) for cell in rows[0]]
    column = next(headers.index(title) for title in ZH_HEADERS if title in headers)
    return len(rows) - 1, [row[column] for row in rows[1:]]


def _is_suggested(cell: object) -> bool:
    return bool(cell.fill.fgColor.rgb.endswith(SUGGESTED_FILL) and cell.font.italic)  # type: ignore[attr-defined]


def test_a_cross_sector_catalogue_of_russian_only_names_reaches_a_chinese_buyer(
    russian_only: Database, tmp_path: Path
) -> None:
    target = tmp_path / "aggregator.xlsx"
    with russian_only.session(actor="test") as session:
        export_catalogue(session, target, "aggregator")
    workbook = load_workbook(target)
    rows, names = _chinese_names(workbook)
    assert rows >= 300
    named = [cell for cell in names if cell.value]  # type: ignore[attr-defined]
    assert len(named) / rows >= 0.95
    # None of these products has a name of its own: every Chinese name is a suggestion,
    # and each is marked so, with the legend on the summary sheet saying what that means.
    assert all(_is_suggested(cell) for cell in named)
    legend = [
        cell
        for row in workbook["Summary 汇总"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "建议名称" in cell.value
    ]
    assert legend and legend[0].fill.fgColor.rgb.endswith(SUGGESTED_FILL)
    assert _no_cyrillic_outside_russian_columns(workbook) > rows * 5

    # The CSV of the same catalogue says the same in a column of its own.
    table = tmp_path / "aggregator.csv"
    with russian_only.session(actor="test") as session:
        export_catalogue(session, table, "aggregator")
    with table.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    origin = [line["Name (ZH): origin / 中文名称来源"] for line in lines]
    names_csv = [line["Name (ZH) / 中文名称"] for line in lines]
    assert origin.count("suggested") == len(named)
    assert all(
        (name != "") == (kind == "suggested") for name, kind in zip(names_csv, origin, strict=True)
    )


def test_the_matches_and_each_buyers_workbook_speak_only_the_buyers_languages(
    russian_only: Database, tmp_path: Path
) -> None:
    matches = tmp_path / "matches.xlsx"
    folder = tmp_path / "by-buyer"
    with russian_only.session(actor="test") as session:
        export_matches(session, matches, "aggregator")
        export_matches(session, folder, "aggregator", per_buyer=PerBuyer.WORKBOOKS)
    books = [matches, *sorted(folder.glob("*.xlsx"))]
    assert len(books) >= 3
    for book in books:
        workbook = load_workbook(book)
        rows, names = _chinese_names(workbook)
        named = [cell for cell in names if cell.value]  # type: ignore[attr-defined]
        assert rows and len(named) / rows >= 0.9, book.name
        assert all(_is_suggested(cell) for cell in named), book.name
        assert _no_cyrillic_outside_russian_columns(workbook), book.name
