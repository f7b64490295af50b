"""Request-wide actions: every candidate, a product linked by hand, closing with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import (
    DemandStatus,
    LineOutcome,
    MatchSource,
    MatchStatus,
    ProductStatus,
)
from desktop_app.core.domain.models import AuditEvent, DemandLine, MatchCandidate, Product
from desktop_app.core.errors import ConflictError, InputError
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.services.review import undo
from desktop_app.core.services.workbench import (
    close_line,
    line_candidates,
    link_product,
    search_products,
    undo_line_change,
)
from tests.core.pooling.seed import seed_honey
from tests.races import second_save_while_first_uncommitted


def test_line_candidates_lists_all_of_a_request(database: Database) -> None:
    ids = seed_honey(database)
    with database.session() as session:
        views = line_candidates(session, ids["line"])
    assert [v.product_id for v in views] == [ids[k] for k in "ABCDE"]


def test_link_a_product_by_hand_and_undo(database: Database) -> None:
    ids = seed_honey(database)
    with database.session(actor="test") as session:
        session.execute(
            MatchCandidate.__table__.delete().where(MatchCandidate.product_id == ids["E"])
        )
        hits = search_products(session, "Мёд")
        assert ids["E"] in {hit.id for hit in hits}
    with database.session(actor="Анна") as session:
        decision = link_product(session, ids["line"], ids["E"], "Анна", "phoned the buyer")
    with database.session() as session:
        linked = session.get(MatchCandidate, decision.candidate_id)
        assert linked is not None
        assert (linked.source, linked.status, linked.reviewer) == (
            MatchSource.MANUAL,
            MatchStatus.ACCEPTED,
            "Анна",
        )
        actions = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_type == "match_candidate", AuditEvent.entity_id == linked.id
            )
        ).all()
        assert len(actions) == 2  # created by hand, then accepted
    with database.session(actor="Анна") as session, pytest.raises(InputError, match="already"):
        link_product(session, ids["line"], ids["E"], "Анна")
    with database.session(actor="Анна") as session:
        undo(session, decision, "Анна")
        assert session.get(MatchCandidate, decision.candidate_id).status is MatchStatus.SUGGESTED


def test_matching_again_keeps_a_manual_link(database: Database) -> None:
    ids = seed_honey(database)
    with database.session(actor="test") as session:
        session.execute(MatchCandidate.__table__.delete())
        for product in session.scalars(select(Product)):
            product.status = ProductStatus.ACTIVE
    with database.session(actor="Анна") as session:
        decision = link_product(session, ids["line"], ids["E"], "Анна")
    with database.session(actor="test") as session:
        run_matching(session)
    with database.session() as session:
        kept = session.get(MatchCandidate, decision.candidate_id)
        assert kept is not None and kept.source is MatchSource.MANUAL
        assert kept.status is MatchStatus.ACCEPTED


def test_close_with_a_reason_and_undo(database: Database) -> None:
    ids = seed_honey(database)
    with database.session() as session:
        version = session.get(DemandLine, ids["line"]).version
    with database.session(actor="Анна") as session, pytest.raises(InputError, match="why"):
        close_line(session, ids["line"], LineOutcome.NO_SUPPLIER, " ", "Анна", version)
    with database.session(actor="Анна") as session:
        change = close_line(
            session,
            ids["line"],
            LineOutcome.WITHDRAWN,
            "buyer found a local source",
            "Анна",
            version,
        )
    with database.session() as session:
        line = session.get(DemandLine, ids["line"])
        assert (line.status, line.outcome, line.outcome_reason) == (
            DemandStatus.CLOSED,
            LineOutcome.WITHDRAWN,
            "buyer found a local source",
        )
    with database.session(actor="Борис") as session, pytest.raises(ConflictError) as refused:
        close_line(session, ids["line"], LineOutcome.EXPIRED, "late", "Борис", version)
    # Boris is told who closed the request before him, and what she changed.
    assert "Анна changed the request D-HONEY" in refused.value.message
    assert "Outcome" in refused.value.message
    with database.session(actor="Анна") as session:
        undo_line_change(session, change, "Анна")
    with database.session() as session:
        line = session.get(DemandLine, ids["line"])
        assert (line.status, line.outcome) == (DemandStatus.OPEN, None)
        changes = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "demand_line", AuditEvent.actor == "Анна"
            )
        ).all()
        assert [c.changes["outcome"] for c in changes] == [
            [None, "withdrawn"],
            ["withdrawn", None],
        ]


def test_a_request_closed_meanwhile_gets_no_product_linked(database: Database) -> None:
    ids = seed_honey(database)
    with database.session(actor="test") as session:
        session.execute(
            MatchCandidate.__table__.delete().where(MatchCandidate.product_id == ids["E"])
        )
        seen = session.get(DemandLine, ids["line"]).version
    # Boris closes the request in his window while Anna searches the product to link.
    with database.session(actor="Борис", write=True) as session:
        close_line(session, ids["line"], LineOutcome.FULFILLED, "shipped", "Борис", seen)
    with (
        database.session(actor="Анна", write=True) as session,
        pytest.raises(ConflictError) as refused,
    ):
        link_product(session, ids["line"], ids["E"], "Анна", expected_version=seen)
    assert "Борис changed the request D-HONEY" in refused.value.message
    with database.session() as session:
        now = session.get(DemandLine, ids["line"]).version
    # Even with the request's current version, a closed request takes no link.
    with (
        database.session(actor="Анна", write=True) as session,
        pytest.raises(InputError, match="closed"),
    ):
        link_product(session, ids["line"], ids["E"], "Анна", expected_version=now)
    with database.session() as session:
        linked = session.scalars(
            select(MatchCandidate).where(MatchCandidate.product_id == ids["E"])
        ).all()
        assert linked == []


def test_two_officers_linking_one_product_at_once_get_a_message(database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two links: the second is told 'already'")

    ids = seed_honey(database)
    with database.session(actor="test") as session:
        session.execute(
            MatchCandidate.__table__.delete().where(MatchCandidate.product_id == ids["E"])
        )
    # Boris's link is written but not yet committed when Anna links the same product:
    # her check cannot see it, and her insert waits for his transaction.
    error = second_save_while_first_uncommitted(
        database,
        ("Борис", lambda s: link_product(s, ids["line"], ids["E"], "Борис")),
        ("Анна", lambda s: link_product(s, ids["line"], ids["E"], "Анна")),
    )
    assert isinstance(error, ConflictError), error
    assert "at the same moment" in error.message
    with database.session() as session:
        (linked,) = session.scalars(
            select(MatchCandidate).where(MatchCandidate.product_id == ids["E"])
        ).all()
        assert linked.reviewer == "Борис"
