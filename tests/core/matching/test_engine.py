"""The matching run: verdicts, stored candidates, incremental re-runs, Cancel, evaluate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.errors import Cancelled, InputError
from desktop_app.core.matching import engine, index, store
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.evaluate import evaluate_gold_set, load_gold_set
from desktop_app.core.matching.explain import explain_demand, format_explanation, pair_reasons
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.scoring import assign_verdicts
from desktop_app.core.progress import CancelToken, NullProgress

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "matching"


def _loaded(database: Database) -> Database:
    with database.session(actor="test") as session:
        load_gold_set(session, FIXTURE / "products.csv", FIXTURE / "demand.csv")
    return database


def _candidates(database: Database) -> list[tuple[str, str, float, str, str]]:
    with database.session() as session:
        return [
            (p, d, s, str(v), str(st))
            for p, d, s, v, st in session.execute(
                select(
                    Product.ref, DemandLine.ref, MatchCandidate.score,
                    MatchCandidate.verdict, MatchCandidate.status,
                )
                .join(Product, Product.id == MatchCandidate.product_id)
                .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
                .order_by(DemandLine.ref, MatchCandidate.rank)
            )
        ]  # fmt: skip


@pytest.mark.slow
def test_run_stores_ranked_candidates_with_parts(database: Database) -> None:
    _loaded(database)
    with database.session() as session:
        report = run_matching(session)
    assert report.demand_lines == 5 and report.products == 4
    rows = _candidates(database)
    best = {d: p for p, d, *_ in reversed(rows)}
    assert best["T-D1"] == "T-P1" and best["T-D3"] == "T-P3" and best["T-D4"] == "T-P4"
    with database.session() as session:
        candidate = session.scalars(
            select(MatchCandidate).order_by(MatchCandidate.score.desc())
        ).first()
        # The same good across languages, the names unread: well above the threshold.
        assert candidate is not None and candidate.score >= 80.0
        assert {"concept", "hs"} <= set(candidate.parts)


def test_verdicts_suggested_ambiguous_and_below_floor() -> None:
    glossary = shipped_glossary()
    oil = record_features(("Масло подсолнечное",), None, glossary)
    oil_too = record_features(("Подсолнечное масло рафинированное",), None, glossary)
    honey = record_features(("Мёд липовый",), None, glossary)
    settings = MatchSettings()
    # Two suppliers of the same good close together are both plain suggestions.
    assert assign_verdicts([(90, oil), (88, oil_too)], settings) == [Verdict.SUGGESTED] * 2
    # A different good as close is ambiguous; one under the floor is below_floor.
    assert assign_verdicts([(90, oil), (88, honey), (10, honey)], settings) == [
        Verdict.AMBIGUOUS, Verdict.AMBIGUOUS, Verdict.BELOW_FLOOR,
    ]  # fmt: skip


def test_rerun_keeps_decisions_and_rescores_only_changes(database: Database) -> None:
    _loaded(database)
    with database.session() as session:
        run_matching(session)
    with database.session() as session:
        accepted = session.scalars(select(MatchCandidate).order_by(MatchCandidate.id)).first()
        assert accepted is not None
        accepted.status = MatchStatus.ACCEPTED
        accepted_id, accepted_score = accepted.id, accepted.score
    with database.session() as session:
        report = run_matching(session, changed_only=True)
    assert report.lines_rescored == 0 and report.candidates_stored == 0
    with database.session() as session:
        session.execute(
            update(Product).where(Product.ref == "T-P4").values(name_ru="Масло подсолнечное")
        )
        report = run_matching(session, changed_only=True)
        kept = session.get(MatchCandidate, accepted_id)
        assert kept is not None and kept.status == MatchStatus.ACCEPTED
        assert kept.score == accepted_score
    assert report.lines_rescored == 0 and report.decisions_kept == 1
    pairs = {(p, d) for p, d, *_ in _candidates(database)}
    assert ("T-P4", "T-D1") in pairs  # the changed product reached the unchanged lines


def test_cancel_leaves_no_candidates(database: Database) -> None:
    _loaded(database)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled), database.session() as session:
        run_matching(session, NullProgress(token))
    with database.session() as session:
        assert session.scalar(select(func.count(MatchCandidate.id))) == 0
        assert session.scalar(select(func.count()).where(DemandLine.matched_at.is_not(None))) == 0


def test_explanation_names_terms_concepts_hs_and_penalties(sqlite_database: Database) -> None:
    _loaded(sqlite_database)
    with sqlite_database.session() as session:
        run_matching(session)
        explanation = explain_demand(session, "T-D1")
    top = explanation.candidates[0]
    assert top.product_ref == "T-P1"
    assert top.evidence.pair.concepts_met == ("sunflower_oil",)
    assert top.evidence.pair.hs_level == "subheading"
    assert "葵花籽油" in top.evidence.demand.terms
    text = format_explanation(explanation)
    assert "масло подсолнечное" in text and "subheading" in text
    # A person reads names, never the program's keys.
    assert "shared concepts: sunflower oil" in text and "sunflower_oil" not in text
    assert "parts: same good 100, HS code 100" in text
    assert "below_floor" not in text and "below floor" in text
    crude = next(c for c in explanation.candidates if c.product_ref == "T-P2")
    assert crude.evidence.pair.penalties[0].reason == "attribute_conflict"
    assert "processing states differ" in text
    _, lowering = pair_reasons(crude.evidence)
    assert any("lowered by 30: processing states differ" in line for line in lowering)
    assert pair_reasons(top.evidence)[0][:2] == [
        "   shared concepts: sunflower_oil",
        "   HS agreement: subheading",
    ]


def test_evaluate_fixture_has_known_figures() -> None:
    result = evaluate_gold_set(
        FIXTURE / "products.csv", FIXTURE / "demand.csv", FIXTURE / "gold.csv"
    )
    assert result.gold_pairs == 4
    assert result.recall_at_5 == 1.0
    assert result.recall == 1.0 and result.precision == 1.0 and result.f1 == 1.0
    one_to_one = evaluate_gold_set(
        FIXTURE / "products.csv", FIXTURE / "demand.csv", FIXTURE / "gold.csv", one_to_one=True
    )
    assert one_to_one.predicted_pairs == 4


def test_store_floor_keeps_noise_out_but_decisions_in(database: Database) -> None:
    _loaded(database)
    with database.session() as session:
        run_matching(session, settings=MatchSettings(store_floor=0))
    assert ("T-P2", "T-D1") in {(p, d) for p, d, *_ in _candidates(database)}
    with database.session() as session:
        decided = session.scalars(
            select(MatchCandidate)
            .join(Product, Product.id == MatchCandidate.product_id)
            .where(Product.ref == "T-P2", MatchCandidate.score < 60)
        ).one()
        decided.status = MatchStatus.REJECTED
    floor = MatchSettings(store_floor=60)
    # A partial run (one product edited) drops the stored suggestions now under the floor.
    with database.session() as session:
        session.execute(update(Product).where(Product.ref == "T-P4").values(name_ru="Мёд"))
        run_matching(session, settings=floor, changed_only=True)
    rows = _candidates(database)
    suggested = [row for row in rows if row[4] == "suggested"]
    assert suggested and all(score >= 60 for _, _, score, *_ in suggested)
    assert [row[4] for row in rows if row[2] < 60] == ["rejected"]
    # A full run stores the same: every line's good, no noise, the decision kept.
    with database.session() as session:
        report = run_matching(session, settings=floor)
    assert report.decisions_kept == 1
    pairs = {(p, d, st) for p, d, _, _, st in _candidates(database)}
    assert pairs == {
        ("T-P1", "T-D1", "suggested"), ("T-P2", "T-D2", "suggested"),
        ("T-P3", "T-D3", "suggested"), ("T-P4", "T-D4", "suggested"),
        ("T-P2", "T-D1", "rejected"),
    }  # fmt: skip


def test_store_floor_is_a_declared_setting() -> None:
    settings = MatchSettings.from_values({"match/store_floor": "35"})
    assert settings.store_floor == 35.0 and MatchSettings().store_floor == 20.0
    with pytest.raises(InputError, match="at most 100"):
        MatchSettings.from_values({"match/store_floor": 101})


def _stored_json(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    MatchCandidate.rank, MatchCandidate.parts, MatchCandidate.evidence,
                    MatchCandidate.created_at, MatchCandidate.updated_at,
                ).order_by(MatchCandidate.demand_line_id, MatchCandidate.rank)
            )
        ]  # fmt: skip


@pytest.mark.slow
def test_blocks_and_slices_change_nothing(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded(sqlite_database)
    with sqlite_database.session() as session:
        run_matching(session)
    whole = _candidates(sqlite_database)
    stored = [row[:3] for row in _stored_json(sqlite_database)]
    # Look-ups one line at a time, candidates written one row at a time, and the names
    # read in processes started before the rows are loaded (as in a large run).
    monkeypatch.setattr(index, "LOOKUP_BLOCK", 1)
    monkeypatch.setattr(store, "BUFFERED_ROWS", 1)
    monkeypatch.setattr(engine, "PARALLEL_ABOVE", 0)
    with sqlite_database.session() as session:
        report = run_matching(session)
    assert report.candidates_stored == len(whole)
    assert _candidates(sqlite_database) == whole
    again = _stored_json(sqlite_database)
    assert [row[:3] for row in again] == stored
    assert all(created is not None and updated == created for *_, created, updated in again)


@pytest.mark.slow
def test_lines_differing_only_in_version_are_scored_apart(
    sqlite_database: Database, tmp_path: Path
) -> None:
    (tmp_path / "p.csv").write_text(
        "product_ref,company_name,product_name_en\n"
        "V5,Zend,zend studio 5\nV51,Zend,zend studio 5.1\n",
        encoding="utf-8",
    )
    (tmp_path / "d.csv").write_text(
        "demand_ref,product_name\nD5,zend studio 5 for linux\nD51,zend studio 5.1 for linux\n",
        encoding="utf-8",
    )
    with sqlite_database.session(actor="test") as session:
        load_gold_set(session, tmp_path / "p.csv", tmp_path / "d.csv")
        run_matching(session)
    best = {d: p for p, d, *_ in reversed(_candidates(sqlite_database))}
    assert best == {"D5": "V5", "D51": "V51"}


def test_evidence_stored_by_older_versions_still_reads() -> None:
    from desktop_app.core.matching.explain import read_evidence, read_parts

    # Session 1's evidence: every key present, None or empty, penalties without detail,
    # sides with every list; a later key the reader does not know is ignored.
    old = {
        "concepts_met": ["sunflower_oil"],
        "hs_level": None,
        "codes_shared": [],
        "penalties": [{"reason": "different_goods", "points": 30}],
        "demand": {
            "concepts": ["sunflower_oil"], "terms": ["葵花籽油"], "attributes": [],
            "hs": ["151211"], "hs_source": "glossary", "measures": [], "set_aside": [],
        },
        "product": {"terms": ["масло подсолнечное"]},
        "something_new": {"x": 1},
    }  # fmt: skip
    evidence = read_evidence(old)
    assert evidence.pair.concepts_met == ("sunflower_oil",)
    assert evidence.pair.hs_level is None and evidence.pair.calibration is None
    assert evidence.pair.penalties[0].reason == "different_goods"
    assert evidence.pair.penalties[0].points == 30.0 and evidence.pair.penalties[0].detail == ()
    assert evidence.demand.hs == ("151211",) and evidence.demand.hs_source == "glossary"
    assert evidence.product.terms == ("масло подсолнечное",) and evidence.product.hs == ()
    agreeing, lowering = pair_reasons(evidence)
    assert agreeing == ["   shared concepts: sunflower_oil"]
    assert lowering == ["   lowered by 30: the two sides name different goods"]
    # A manual link stores no evidence; parts stored as a partial dict read as absent.
    assert read_evidence(None) == read_evidence({})
    assert read_parts({"name": 40, "hs": 100}).as_json() == {"name": 40.0, "hs": 100.0}
    assert read_parts(None).concept is None
