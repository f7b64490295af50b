"""The private part of SQLAlchemy the bulk paths use still exists and converts as Core does."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.database.sqlalchemy_compat import bind_processor
from desktop_app.core.domain.enums import Language, MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate

WHEN = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
SAMPLES: dict[Any, Any] = {
    MatchCandidate.status: MatchStatus.ACCEPTED,
    MatchCandidate.verdict: Verdict.AMBIGUOUS,
    MatchCandidate.created_at: WHEN,
    MatchCandidate.score: 71.5,
    DemandLine.language: Language.ZH,
    DemandLine.quantity: Decimal("20.500"),
    DemandLine.product_text: "葵花籽油",
}


def _apply(processor: Any, value: Any) -> Any:
    return processor(value) if processor is not None else value


def test_the_cached_processor_converts_as_the_public_one(database: Database) -> None:
    dialect = database.engine.dialect
    for column, value in SAMPLES.items():
        type_ = column.type
        public = type_.dialect_impl(dialect).bind_processor(dialect)
        assert _apply(bind_processor(type_, dialect), value) == _apply(public, value), column


def test_a_value_bound_by_hand_reads_back_as_written(database: Database) -> None:
    # What the bulk importer does: driver SQL with values converted by the processors.
    table = DemandLine.__table__
    values = {
        "product_text": "葵花籽油",
        "language": Language.ZH,
        "quantity": Decimal("20.500"),
        "status": "open",
        "version": 1,
        "created_at": WHEN,
        "updated_at": WHEN,
    }
    with database.engine.begin() as connection:
        dialect = connection.dialect
        bound = [
            _apply(bind_processor(table.columns[name].type, dialect), value)
            for name, value in values.items()
        ]
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        connection.exec_driver_sql(
            f"INSERT INTO demand_lines ({', '.join(values)}) "
            f"VALUES ({', '.join([mark] * len(values))})",
            tuple(bound),
        )
    with database.session() as session:
        line = session.scalars(select(DemandLine)).one()
    assert (line.language, line.quantity, line.created_at) == (Language.ZH, Decimal("20.5"), WHEN)


def test_the_version_is_within_the_tested_range() -> None:
    major, minor = (int(part) for part in sqlalchemy.__version__.split(".")[:2])
    assert (major, minor) in ((2, 0), (2, 1)), "check sqlalchemy_compat, then widen the cap"
