"""The collector scopes: each puts the collector back as it found it; a matching run keeps
its long-lived heap (what was alive at its start, then the records read) frozen."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.collector import collector_paused, long_lived_frozen
from desktop_app.core.database.session import Database
from desktop_app.core.matching import engine
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.evaluate import load_gold_set

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "matching"


def test_frozen_scope_freezes_what_is_alive_then_what_is_made_since() -> None:
    before = gc.get_freeze_count()
    with long_lived_frozen() as freeze_made_since:
        frozen_at_start = gc.get_freeze_count()
        made = [[n] for n in range(1000)]
        freeze_made_since()
        assert gc.get_freeze_count() >= frozen_at_start + len(made)
    assert frozen_at_start > before
    assert gc.get_freeze_count() == 0


def test_frozen_scope_unfreezes_when_the_work_fails() -> None:
    with pytest.raises(RuntimeError), long_lived_frozen():
        raise RuntimeError("failed")
    assert gc.get_freeze_count() == 0


def test_paused_collector_resumes_only_if_it_was_running() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_matching_run_reads_and_scores_with_its_heap_frozen(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reading of the records allocates most of a run's long-lived objects and
    # triggers most full passes: it runs inside the frozen scope, as scoring does.
    with database.session(actor="test") as session:
        load_gold_set(session, FIXTURE / "products.csv", FIXTURE / "demand.csv")
    seen: dict[str, int] = {}
    real_read, real_run = engine.read_records, engine._run

    def reading(*args: Any, **kwargs: Any) -> Any:
        seen["reading"] = gc.get_freeze_count()
        return real_read(*args, **kwargs)

    def scoring(*args: Any, **kwargs: Any) -> Any:
        seen["scoring"] = gc.get_freeze_count()
        # The records read (the demand lines' features) are out of the collector's sight.
        in_sight = {id(found) for found in gc.get_objects()}
        seen["records in sight"] = sum(id(features) in in_sight for features in args[8])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(engine, "read_records", reading)
    monkeypatch.setattr(engine, "_run", scoring)
    with database.session(actor="test") as session:
        run_matching(session)
    assert seen["reading"] > 0
    assert seen["scoring"] > 0
    assert seen["records in sight"] == 0
    assert gc.get_freeze_count() == 0
