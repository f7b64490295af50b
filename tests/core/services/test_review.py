"""The review service: decisions with history, conflicts, undo, bulk accept, counts."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import Language, MatchStatus, Verdict
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    GlossaryTerm,
    MatchCandidate,
    Product,
    ReviewEvent,
)
from desktop_app.core.errors import Cancelled, ConflictError, InputError
from desktop_app.core.progress import CancelToken, NullProgress
from desktop_app.core.services.glossary_terms import add_term_pair, suggest_term_pair
from desktop_app.core.services.review import (
    ReviewFilters,
    bulk_accept,
    bulk_accept_preview,
    bulk_preview_rows,
    decide,
    load_candidates,
    queue_ids,
    review_counts,
    select_for_bulk_accept,
    shown_score,
    undo,
    undo_all,
)


def seed_candidates(database: Database) -> list[int]:
    """Two demand lines with three candidates in all; returns candidate ids by score."""
    with database.session(actor="test") as session:
        altai = Company(name_ru="Алтай Масло", region="Алтайский край")
        kamchatka = Company(name_ru="Камчатка Рыба", region="Камчатский край")
        session.add_all([altai, kamchatka])
        session.flush()
        oil = Product(company_id=altai.id, name_ru="Масло подсолнечное", hs_code="1512")
        crab = Product(
            company_id=kamchatka.id, name_ru="Краб камчатский", name_en="King crab", hs_code="0306"
        )
        buyer = Buyer(name_zh="青岛食品", province="山东")
        session.add_all([oil, crab, buyer])
        session.flush()
        oil_line = DemandLine(
            buyer_id=buyer.id, product_text="葵花籽油", language=Language.ZH, hs_code="1512"
        )
        crab_line = DemandLine(buyer_id=buyer.id, product_text="帝王蟹", language=Language.ZH)
        session.add_all([oil_line, crab_line])
        session.flush()
        rows = [
            MatchCandidate(
                demand_line_id=oil_line.id,
                product_id=oil.id,
                score=92.0,
                verdict=Verdict.SUGGESTED,
                parts={"name": 40.0, "hs": 100.0},
                evidence={
                    "demand": {"terms": ["葵花籽油"]},
                    "product": {"terms": ["масло подсолнечное"]},
                    "concepts_met": ["sunflower_oil"],
                },
            ),
            MatchCandidate(
                demand_line_id=oil_line.id,
                product_id=crab.id,
                rank=2,
                score=30.0,
                verdict=Verdict.BELOW_FLOOR,
                evidence={
                    "hs_level": "none",
                    "penalties": [{"reason": "different_goods", "points": 30.0}],
                },
            ),
            MatchCandidate(
                demand_line_id=crab_line.id,
                product_id=crab.id,
                score=81.0,
                verdict=Verdict.SUGGESTED,
                evidence={"concepts_met": []},
            ),
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_queue_is_sorted_by_line_then_score_and_filters_work(database: Database) -> None:
    oil, low, crab = seed_candidates(database)
    with database.session() as session:
        assert queue_ids(session, ReviewFilters()) == [oil, low, crab]
        assert queue_ids(session, ReviewFilters(min_score=50)) == [oil, crab]
        assert queue_ids(session, ReviewFilters(verdicts=(Verdict.BELOW_FLOOR,))) == [low]
        assert queue_ids(session, ReviewFilters(hs_chapter="03")) == [low, crab]
        assert queue_ids(session, ReviewFilters(region="Камчатский край")) == [low, crab]
        assert queue_ids(session, ReviewFilters(region="山东")) == [oil, low, crab]
        views = load_candidates(session, [oil])
    assert views[oil].highlighted_terms() == (["葵花籽油"], ["масло подсолнечное"])
    assert views[oil].company_name == "Алтай Масло" and views[oil].buyer_name == "青岛食品"


def test_decide_writes_history_and_stale_decisions_name_the_other_reviewer(
    database: Database,
) -> None:
    oil, _low, _crab = seed_candidates(database)
    with database.session() as session:
        version = load_candidates(session, [oil])[oil].version
    with database.session(actor="anna") as session:
        decision = decide(session, oil, MatchStatus.ACCEPTED, "anna", version)
    assert decision.from_status is MatchStatus.SUGGESTED
    with database.session(actor="boris") as session, pytest.raises(ConflictError) as caught:
        decide(session, oil, MatchStatus.REJECTED, "boris", version)
    assert "anna" in caught.value.message and "Accepted" in caught.value.message
    with database.session() as session:
        view = load_candidates(session, [oil])[oil]
        events = session.scalars(select(ReviewEvent).where(ReviewEvent.candidate_id == oil)).all()
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "match_candidate")
        ).all()
    assert view.status is MatchStatus.ACCEPTED and view.reviewer == "anna"
    assert [(e.actor, e.from_status, e.to_status) for e in events] == [
        ("anna", MatchStatus.SUGGESTED, MatchStatus.ACCEPTED)
    ]
    assert audit[0].changes["status"] == ["suggested", "accepted"]


def test_undo_restores_the_previous_status_with_a_new_event(database: Database) -> None:
    oil, _low, _crab = seed_candidates(database)
    with database.session(actor="anna") as session:
        first = decide(session, oil, MatchStatus.REJECTED, "anna", 1)
        second = decide(session, oil, MatchStatus.ACCEPTED, "anna", first.version)
    with database.session(actor="anna") as session:
        undone = undo(session, second, "anna")
    assert undone.to_status is MatchStatus.REJECTED
    with database.session() as session:
        view = load_candidates(session, [oil])[oil]
        count = len(session.scalars(select(ReviewEvent.id)).all())
    assert view.status is MatchStatus.REJECTED and view.reviewer == "anna" and count == 3
    with database.session(actor="anna") as session, pytest.raises(ConflictError):
        undo(session, second, "anna")  # already undone: the version moved on


def test_a_reviewer_name_is_required(database: Database) -> None:
    oil, _low, _crab = seed_candidates(database)
    with database.session() as session, pytest.raises(InputError, match="reviewer"):
        decide(session, oil, MatchStatus.ACCEPTED, " ", 1)


def test_bulk_accept_previews_then_accepts_and_counts_progress(database: Database) -> None:
    oil, _low, crab = seed_candidates(database)
    with database.session() as session:
        assert bulk_accept_preview(session, 80, ReviewFilters()) == 2
        assert bulk_accept_preview(session, 90, ReviewFilters()) == 1
        assert review_counts(session, ReviewFilters()).reviewed == 0
    with database.session(actor="anna") as session:
        selection = select_for_bulk_accept(session, 80, ReviewFilters())
        decisions = bulk_accept(session, selection, "anna").decisions
    assert sorted(d.candidate_id for d in decisions) == sorted([oil, crab])
    with database.session() as session:
        counts = review_counts(session, ReviewFilters(statuses=(MatchStatus.SUGGESTED,)))
        assert (counts.reviewed, counts.total) == (2, 3)
        assert bulk_accept_preview(session, 0, ReviewFilters()) == 0


def test_bulk_accept_compares_the_score_as_shown_and_lists_what_it_takes(
    database: Database,
) -> None:
    oil, _low, crab = seed_candidates(database)
    with database.session() as session:
        session.get_one(MatchCandidate, crab).score = 77.7  # listed as 78
        session.get_one(MatchCandidate, oil).score = 77.4  # listed as 77
    assert (shown_score(77.7), shown_score(77.5), shown_score(77.4)) == (78, 78, 77)
    with database.session() as session:
        assert bulk_accept_preview(session, 78, ReviewFilters()) == 1
        assert len(select_for_bulk_accept(session, 78, ReviewFilters())) == 1
        rows = bulk_preview_rows(session, 78, ReviewFilters())
        assert [(r.candidate_id, r.demand_text, r.product_name, r.score) for r in rows] == [
            (crab, "帝王蟹", "Краб камчатский", 78)
        ]
        # The score filters of the queue use the same shown number.
        assert queue_ids(session, ReviewFilters(min_score=78)) == [crab]
        assert crab not in queue_ids(session, ReviewFilters(max_score=77))
        assert oil in queue_ids(session, ReviewFilters(max_score=77))
    with database.session(actor="anna") as session:
        selection = select_for_bulk_accept(session, 78, ReviewFilters())
        decisions = bulk_accept(session, selection, "anna").decisions
    assert [d.candidate_id for d in decisions] == [crab]


def test_a_bulk_accept_is_undone_as_one_action(database: Database) -> None:
    oil, low, crab = seed_candidates(database)
    with database.session(actor="anna") as session:
        decide(session, low, MatchStatus.REJECTED, "anna", 1)
        selection = select_for_bulk_accept(session, 80, ReviewFilters())
        decisions = bulk_accept(session, selection, "anna").decisions
    with database.session(actor="anna") as session:
        undone = undo_all(session, decisions, "anna")
    assert sorted(d.candidate_id for d in undone) == sorted([oil, crab])
    with database.session() as session:
        views = load_candidates(session, [oil, low, crab])
    assert views[oil].status is MatchStatus.SUGGESTED and views[oil].reviewer is None
    assert views[crab].status is MatchStatus.SUGGESTED
    assert views[low].status is MatchStatus.REJECTED  # the earlier decision stays


def test_cancelled_bulk_accept_leaves_the_database_unchanged(database: Database) -> None:
    seed_candidates(database)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled), database.session(actor="anna") as session:
        selection = select_for_bulk_accept(session, 0, ReviewFilters())
        bulk_accept(session, selection, "anna", NullProgress(token))
    with database.session() as session:
        assert review_counts(session, ReviewFilters()).reviewed == 0


@pytest.mark.slow
def test_cross_language_accept_without_a_concept_offers_a_term_pair(database: Database) -> None:
    oil, _low, crab = seed_candidates(database)
    with database.session() as session:
        views = load_candidates(session, [oil, crab])
    assert suggest_term_pair(views[oil]) is None  # a glossary concept explained it
    pair = suggest_term_pair(views[crab])
    assert pair is not None
    assert pair.terms == {
        Language.ZH: "帝王蟹",
        Language.RU: "краб камчатский",
        Language.EN: "king crab",
    }
    assert pair.hs_headings == "0306"
    with database.session(actor="anna") as session:
        assert len(add_term_pair(session, pair, "anna")) == 3
    with database.session(actor="anna") as session:
        assert add_term_pair(session, pair, "anna") == []
        stored = session.scalars(select(GlossaryTerm.term).order_by(GlossaryTerm.term)).all()
    assert stored == ["king crab", "краб камчатский", "帝王蟹"]


def test_a_decision_is_conditional_on_the_status_seen_and_undo_on_its_own_decision(
    database: Database,
) -> None:
    oil, _low, _crab = seed_candidates(database)
    with database.session(actor="anna") as session:
        # Right version, but the reviewer saw another status: refused, nothing written.
        with pytest.raises(ConflictError):
            decide(
                session, oil, MatchStatus.ACCEPTED, "anna", 1, expected_status=MatchStatus.REJECTED
            )
        mine = decide(session, oil, MatchStatus.ACCEPTED, "anna", 1)
    with database.session(actor="boris") as session:
        decide(session, oil, MatchStatus.REJECTED, "boris", mine.version)
    with database.session(actor="anna") as session, pytest.raises(ConflictError) as refused:
        undo(session, mine, "anna")  # boris decided since: anna's undo must not undo his
    assert "boris" in refused.value.message and "Rejected" in refused.value.message
    with database.session() as session:
        view = load_candidates(session, [oil])[oil]
        trail = session.scalars(select(ReviewEvent.actor).order_by(ReviewEvent.id)).all()
    assert (view.status, view.reviewer) == (MatchStatus.REJECTED, "boris")
    assert trail == ["anna", "boris"]


def test_bulk_accept_reports_a_match_a_new_run_replaced(database: Database) -> None:
    oil, _low, crab = seed_candidates(database)
    with database.session() as session:
        selection = select_for_bulk_accept(session, 80, ReviewFilters())
    with database.session() as session:
        session.execute(delete(MatchCandidate).where(MatchCandidate.id == crab))
    with database.session(actor="anna") as session:
        result = bulk_accept(session, selection, "anna")
    assert [d.candidate_id for d in result.decisions] == [oil]
    assert [c.candidate_id for c in result.conflicts] == [crab]
    assert "replaced" in result.describe()


def test_a_match_whose_product_was_archived_or_request_closed_meanwhile_is_not_accepted(
    database: Database,
) -> None:
    # The card was on screen while a colleague archived the product or closed the request:
    # accepting it promised the buyer a product nobody offers any more, or a closed request.
    from desktop_app.core.domain.enums import DemandStatus, LineOutcome, ProductStatus
    from desktop_app.core.services.products import get_product, set_product_status
    from desktop_app.core.services.workbench import close_line

    oil, _low, crab = seed_candidates(database)
    with database.session() as session:
        seen = load_candidates(session, [oil, crab])
        product_id = session.get(MatchCandidate, oil).product_id
        line_id = session.get(MatchCandidate, crab).demand_line_id
        product_version = get_product(session, product_id).version
        line_version = session.get(DemandLine, line_id).version
    with database.session(actor="boris") as session:
        set_product_status(session, product_id, ProductStatus.ARCHIVED, product_version)
        close_line(session, line_id, LineOutcome.WITHDRAWN, "отозвана", "boris", line_version)
    with database.session(actor="anna") as session, pytest.raises(ConflictError) as archived:
        decide(session, oil, MatchStatus.ACCEPTED, "anna", seen[oil].version)
    assert "boris" in archived.value.message and "Archived" in archived.value.message
    with database.session(actor="anna") as session, pytest.raises(ConflictError) as closed:
        decide(session, crab, MatchStatus.ACCEPTED, "anna", seen[crab].version)
    assert "boris closed the request" in closed.value.message
    with database.session() as session:
        views = load_candidates(session, [oil, crab])
        assert {views[oil].status, views[crab].status} == {MatchStatus.SUGGESTED}
        # A bulk accept leaves them out too; rejecting them is still possible.
        assert bulk_accept_preview(session, 0, ReviewFilters()) == 0
    # One previewed before the product was archived is left as it is, and named.
    with database.session() as session:
        product_version = get_product(session, product_id).version
    with database.session(actor="boris") as session:
        set_product_status(session, product_id, ProductStatus.ACTIVE, product_version)
    with database.session() as session:
        selection = select_for_bulk_accept(session, 0, ReviewFilters())
        assert [seen_id for seen_id, _ in selection.seen] == [oil]
        product_version = get_product(session, product_id).version
    with database.session(actor="boris") as session:
        set_product_status(session, product_id, ProductStatus.ARCHIVED, product_version)
    with database.session(actor="anna") as session:
        result = bulk_accept(session, selection, "anna")
    assert result.decisions == [] and "boris set product" in result.describe()
    with database.session(actor="anna") as session:
        decide(session, oil, MatchStatus.REJECTED, "anna", seen[oil].version)
    # Nor does undoing a reject of an accepted match bring the acceptance back.
    with database.session() as session:
        view = load_candidates(session, [crab])[crab]
        crab_line = session.get(DemandLine, line_id)
        assert crab_line is not None
        crab_line.status = DemandStatus.OPEN
    with database.session(actor="anna") as session:
        accepted = decide(session, crab, MatchStatus.ACCEPTED, "anna", view.version)
    with database.session(actor="anna") as session:
        rejected = decide(session, crab, MatchStatus.REJECTED, "anna", accepted.version)
    with database.session() as session:
        crab_line = session.get(DemandLine, line_id)
        assert crab_line is not None
        crab_line.status = DemandStatus.CLOSED
    with database.session(actor="anna") as session, pytest.raises(ConflictError):
        undo(session, rejected, "anna")
