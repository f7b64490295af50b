"""Two people, two connections, one record: the second save is refused with a message."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import (
    AuditEvent,
    Company,
    DemandLine,
    MatchCandidate,
    Product,
    ReviewEvent,
)
from desktop_app.core.errors import ConflictError
from tests.reliability.figures import record


def _first(database: Database, model: type) -> int:
    with database.session() as session:
        return int(session.scalars(select(model.id).order_by(model.id)).first())


def test_second_editor_of_a_company_gets_a_conflict(demo_database: Database) -> None:
    company_id = _first(demo_database, Company)
    with pytest.raises(ConflictError) as caught, demo_database.session(actor="anna") as anna:
        mine = anna.get(Company, company_id)
        assert mine is not None
        # Boris opens, edits and saves the same company on his own connection.
        with demo_database.session(actor="boris") as boris:
            theirs = boris.get(Company, company_id)
            assert theirs is not None
            theirs.phone = "+7 495 000-00-01"
        mine.phone = "+7 495 999-99-99"
    record("conflicts detected", backend=demo_database.backend)
    record("connections editing one record at once", 2, backend=demo_database.backend)
    message = str(caught.value)
    assert f"Company {company_id}" in message
    assert "boris" in message and "phone" in message
    assert "not saved" in message
    with demo_database.session() as session:
        stored = session.get(Company, company_id)
        assert stored is not None
        assert stored.phone == "+7 495 000-00-01"
        assert stored.version == 2


def test_second_editor_of_a_demand_line_gets_a_conflict(demo_database: Database) -> None:
    line_id = _first(demo_database, DemandLine)
    expected = f"Demand line {line_id} was changed by boris"
    with pytest.raises(ConflictError, match=expected), demo_database.session("anna") as anna:
        mine = anna.get(DemandLine, line_id)
        assert mine is not None
        with demo_database.session(actor="boris") as boris:
            theirs = boris.get(DemandLine, line_id)
            assert theirs is not None
            theirs.notes = "boris was here"
        mine.notes = "anna was here"
    record("conflicts detected", backend=demo_database.backend)
    record("connections editing one record at once", 2, backend=demo_database.backend)
    with demo_database.session() as session:
        stored = session.get(DemandLine, line_id)
        assert stored is not None and stored.notes == "boris was here"


def _suggested_candidate(database: Database) -> tuple[int, int]:
    """A suggested match of the first demand line and the first product: its id and version."""
    with database.session(actor="matcher") as session:
        line = session.scalars(select(DemandLine).order_by(DemandLine.id)).first()
        product = session.scalars(select(Product).order_by(Product.id)).first()
        assert line is not None and product is not None
        candidate = MatchCandidate(
            demand_line=line, product=product, score=80.0, verdict=Verdict.SUGGESTED
        )
        session.add(candidate)
        session.flush()
        return candidate.id, candidate.version


def test_second_decision_on_a_match_names_the_first(demo_database: Database) -> None:
    candidate_id, _ = _suggested_candidate(demo_database)
    with pytest.raises(ConflictError) as caught, demo_database.session(actor="anna") as anna:
        mine = anna.get(MatchCandidate, candidate_id)
        assert mine is not None
        with demo_database.session(actor="boris") as boris:
            theirs = boris.get(MatchCandidate, candidate_id)
            assert theirs is not None
            theirs.status = MatchStatus.ACCEPTED
            boris.add(
                ReviewEvent(
                    candidate_id=candidate_id,
                    actor="boris",
                    from_status=MatchStatus.SUGGESTED,
                    to_status=MatchStatus.ACCEPTED,
                )
            )
        mine.status = MatchStatus.REJECTED
    record("conflicts detected", backend=demo_database.backend)
    record("connections editing one record at once", 2, backend=demo_database.backend)
    assert f"boris already set match {candidate_id} to Accepted" in str(caught.value)
    with demo_database.session() as session:
        stored = session.get(MatchCandidate, candidate_id)
        assert stored is not None and stored.status is MatchStatus.ACCEPTED


def test_editing_a_record_someone_deleted_is_a_conflict(demo_database: Database) -> None:
    with demo_database.session(actor="test") as session:
        company = Company(name_ru="Временная компания")
        session.add(company)
        session.flush()
        company_id = company.id
    with pytest.raises(ConflictError, match="not saved"), demo_database.session("anna") as anna:
        mine = anna.get(Company, company_id)
        assert mine is not None
        with demo_database.session(actor="boris") as boris:
            theirs = boris.get(Company, company_id)
            boris.delete(theirs)
        mine.notes = "too late"
    record("conflicts detected", backend=demo_database.backend)
    record("connections editing one record at once", 2, backend=demo_database.backend)
    with demo_database.session() as session:
        assert session.get(Company, company_id) is None


def test_a_decision_conflict_names_the_status_in_the_interface_language(
    demo_database: Database,
) -> None:
    from desktop_app.core.i18n import install_translator
    from desktop_app.core.services.review import decide

    candidate_id, seen = _suggested_candidate(demo_database)
    with demo_database.session(actor="boris", write=True) as boris:
        decide(boris, candidate_id, MatchStatus.REJECTED, "boris", seen)
    russian = {("labels", "Rejected"): "Отклонено"}
    install_translator(lambda context, text: russian.get((context, text), text))
    try:
        with (
            pytest.raises(ConflictError) as caught,
            demo_database.session(actor="anna", write=True) as anna,
        ):
            decide(anna, candidate_id, MatchStatus.ACCEPTED, "anna", seen)
    finally:
        install_translator(None)
    # The stored value ("rejected") is a key, not a word of the reviewer's language.
    assert "boris already set match" in caught.value.message
    assert "Отклонено" in caught.value.message and "rejected" not in caught.value.message


def test_a_conflict_names_the_time_on_the_readers_clock(
    demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from desktop_app.core.services.companies import get_company, update_company

    company_id = _first(demo_database, Company)
    with demo_database.session(actor="anna") as session:
        seen = get_company(session, company_id)
    with demo_database.session(actor="boris", write=True) as boris:
        update_company(
            boris, company_id, replace(seen.form, phone="+7 495 000-00-01"), seen.version
        )
    monkeypatch.setenv("TZ", "Asia/Vladivostok")  # UTC+10, no summer time
    time.tzset()
    try:
        with (
            pytest.raises(ConflictError) as caught,
            demo_database.session(actor="anna", write=True) as anna,
        ):
            update_company(anna, company_id, replace(seen.form, notes="anna"), seen.version)
        with demo_database.session() as session:
            last = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity_type == "company", AuditEvent.entity_id == company_id)
                .order_by(AuditEvent.id.desc())
            ).first()
        assert last is not None
        local = (last.at + timedelta(hours=10)).strftime("%Y-%m-%d %H:%M")
    finally:
        monkeypatch.undo()
        time.tzset()
    message = caught.value.message
    assert f"boris changed this record at {local}" in message
    assert "(Phone)" in message  # the field as the form names it, not "phone"
