"""Data for the dump and restore tests: the demo set plus a review history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.database.portable import dumped_tables
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import (
    BatchStatus,
    ImportKind,
    Language,
    MatchStatus,
    Verdict,
)
from desktop_app.core.domain.models import (
    Company,
    DemandLine,
    ExportRun,
    GlossaryTerm,
    ImportBatch,
    ImportProfile,
    MatchCandidate,
    Product,
    ReviewEvent,
    Setting,
)
from desktop_app.core.services.demo import load_demo_data


def add_review_history(session: Session) -> None:
    """Rows in every table the demo leaves empty, with awkward values on purpose."""
    line = session.scalars(select(DemandLine).order_by(DemandLine.id)).first()
    products = session.scalars(select(Product).order_by(Product.id).limit(2)).all()
    assert line is not None and len(products) == 2
    line.deadline = date(2027, 2, 28)
    line.target_price = Decimal("1234.56")
    accepted = MatchCandidate(
        demand_line=line,
        product=products[0],
        rank=1,
        score=87.125,
        parts={"name": 81.5, "hs": 100.0, "concepts": ["葵花籽油", "масло подсолнечное"]},
        evidence={"shared": ["oil"], "note": 'quote " and \\ backslash\nnew line'},
        verdict=Verdict.SUGGESTED,
        status=MatchStatus.ACCEPTED,
        reviewer="анна",
        decided_at=datetime(2026, 11, 29, 14, 30, 15, 123456, tzinfo=UTC),
        note="подходит 👍",
    )
    rejected = MatchCandidate(
        demand_line=line,
        product=products[1],
        rank=2,
        score=0.0,
        parts={},
        evidence={},
        verdict=Verdict.BELOW_FLOOR,
        status=MatchStatus.REJECTED,
    )
    session.add_all([accepted, rejected])
    session.flush()
    session.add_all(
        [
            ReviewEvent(
                candidate_id=accepted.id,
                actor="анна",
                from_status=MatchStatus.SUGGESTED,
                to_status=MatchStatus.ACCEPTED,
                note="ok",
            ),
            ReviewEvent(
                candidate_id=rejected.id,
                actor="boris",
                from_status=MatchStatus.SUGGESTED,
                to_status=MatchStatus.REJECTED,
            ),
            ImportBatch(
                kind=ImportKind.PRODUCTS,
                file_name="каталог.xlsx",
                file_sha256="ab" * 32,
                status=BatchStatus.DONE,
                imported=3,
                mapping={"A": "name_ru", "B": None},
            ),
            ImportProfile(name="Профиль 1", kind=ImportKind.DEMAND, mapping={"商品": "product"}),
            ExportRun(
                kind="matches",
                template="default",
                filters={"buyer": [1, 2]},
                file_path="/tmp/x.xlsx",
                row_count=2,
                status=BatchStatus.DONE,
            ),
            GlossaryTerm(concept="sunflower_oil", language=Language.ZH, term="葵花籽油"),
            Setting(key="backup/keep", value=5),
            Setting(key="match/weights", value={"name": 0.6, "hs": 0.4, "list": [1, None]}),
        ]
    )
    company = session.scalars(select(Company).order_by(Company.id)).first()
    assert company is not None
    company.notes = "edited for the audit trail"


def fill(database: Database) -> None:
    """Load the demo data and the review history into ``database``."""
    with database.session(actor="test") as session:
        load_demo_data(session)
    with database.session(actor="анна") as session:
        add_review_history(session)


_VERSIONS: dict[str, int] = {}


def snapshot(database: Database, versions: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ExportMatch table, in primary-key order (without the records'
    ``version`` column when ``versions`` is false)."""
    result = {}
    with database.engine.connect() as connection:
        for table, columns in dumped_tables(connection):
            rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
            result[table.name] = [tuple(row) for row in rows]
            names = [column.name for column in columns]
            if "version" in names:
                _VERSIONS[table.name] = names.index("version")
    return result if versions else snapshot_of(result, versions=False)


def snapshot_of(
    taken: dict[str, list[tuple[Any, ...]]], versions: bool = True
) -> dict[str, list[tuple[Any, ...]]]:
    """``taken`` (a :func:`snapshot`) as it is, or without the records' versions."""
    if versions:
        return taken
    return {
        name: [
            row[: _VERSIONS[name]] + row[_VERSIONS[name] + 1 :] if name in _VERSIONS else row
            for row in rows
        ]
        for name, rows in taken.items()
    }
