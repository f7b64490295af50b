"""A run writes its candidates in a thread of its own while it scores the next chunk
(matching/store.py): the same rows as written in place, and a failed write still leaves
nothing half-written."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.errors import DatabaseBusyError
from desktop_app.core.matching import engine, pipeline, store
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.evaluate import load_gold_set

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "matching"


def _loaded(database: Database) -> Database:
    with database.session(actor="test") as session:
        load_gold_set(session, FIXTURE / "products.csv", FIXTURE / "demand.csv")
    return database


def _stored(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    DemandLine.ref, Product.ref, MatchCandidate.rank, MatchCandidate.score,
                    MatchCandidate.verdict, MatchCandidate.parts, MatchCandidate.evidence,
                )
                .join(Product, Product.id == MatchCandidate.product_id)
                .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
                .order_by(DemandLine.ref, MatchCandidate.rank)
            )
        ]  # fmt: skip


def _writers_alive() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("candidate-writer")]


@pytest.mark.slow
def test_the_writer_thread_stores_what_writing_in_place_stores(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded(sqlite_database)
    # A chunk per line and a write per row: many writes, each while the next is scored.
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    monkeypatch.setattr(store, "BUFFERED_ROWS", 1)
    stores: list[store.CandidateStore] = []

    class InPlace(store.CandidateStore):
        def __init__(self, session: Any, background: bool = False) -> None:
            super().__init__(session, background=False)
            stores.append(self)

    monkeypatch.setattr(engine, "CandidateStore", InPlace)
    with sqlite_database.session() as session:
        in_place = run_matching(session)
    written_in_place = _stored(sqlite_database)
    assert stores[-1].background_writes == 0

    class Counted(store.CandidateStore):
        def __init__(self, session: Any, background: bool = False) -> None:
            super().__init__(session, background)
            stores.append(self)

    monkeypatch.setattr(engine, "CandidateStore", Counted)
    with sqlite_database.session() as session:
        report = run_matching(session)
    assert stores[-1].background_writes > 3
    assert report.candidates_stored == in_place.candidates_stored > 0
    assert _stored(sqlite_database) == written_in_place
    assert not _writers_alive()


def test_a_failed_write_in_the_thread_leaves_nothing_written(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded(database)
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    real = store.CandidateStore._write
    calls = 0

    def failing(self: store.CandidateStore, lines: list[int], rows: list[Any]) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        real(self, lines, rows)

    monkeypatch.setattr(store.CandidateStore, "_write", failing)
    # The busy database reaches the person as such, as from a write in place.
    with pytest.raises(DatabaseBusyError), database.session() as session:
        run_matching(session)
    assert calls == 3
    assert not _writers_alive()
    with database.session() as session:
        assert session.scalar(select(func.count(MatchCandidate.id))) == 0
        assert session.scalar(select(func.count()).where(DemandLine.matched_at.is_not(None))) == 0
