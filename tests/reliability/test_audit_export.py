"""``audit_rows``: who changed what, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Company
from desktop_app.core.errors import InputError
from desktop_app.core.services.audit_export import AuditFilters, audit_rows
from tests.core.database.portable_data import fill


@pytest.fixture
def history(database: Database) -> Database:
    fill(database)
    with database.session(actor="=HYPERLINK(1)") as session:
        company = session.scalars(select(Company).order_by(Company.id)).first()
        assert company is not None
        company.phone = "+7 000"
    return database


def test_rows_hold_edits_and_decisions_in_time_order(history: Database) -> None:
    with history.session() as session:
        rows = audit_rows(session)
        companies = audit_rows(session, AuditFilters(entity_type="company"))
        decisions = audit_rows(session, AuditFilters(entity_type="match"))
        by_boris = audit_rows(session, AuditFilters(actor="boris"))
        future = audit_rows(session, AuditFilters(since=datetime.now(UTC) + timedelta(days=1)))
    assert [row.at for row in rows] == sorted(row.at for row in rows)
    assert {row.entity_type for row in rows} == {
        "company", "product", "buyer", "demand_line", "match"
    }  # fmt: skip
    assert all(row.entity_type == "company" for row in companies)
    edit = next(row for row in companies if row.action == "update" and "notes" in row.changes)
    assert edit.actor == "анна"
    assert edit.describe_changes() == "Notes: ∅ → edited for the audit trail"
    assert edit.describe_keys() == "notes: ∅ → edited for the audit trail"
    assert [(d.actor, d.changes["status"][1]) for d in decisions] == [
        ("анна", "accepted"),
        ("boris", "rejected"),
    ]
    assert [row.entity_type for row in by_boris] == ["match"]
    assert future == []


def test_rows_newest_first_within_a_span_and_by_text(history: Database) -> None:
    with history.session() as session:
        oldest_first = audit_rows(session)
        newest_first = audit_rows(session, newest_first=True)
        latest_two = audit_rows(session, limit=2, newest_first=True)
        phone = audit_rows(session, AuditFilters(text="+7 000"))
        cyrillic = audit_rows(session, AuditFilters(text="АННА"))
        middle = oldest_first[len(oldest_first) // 2].at
        before = audit_rows(session, AuditFilters(until=middle))
        after = audit_rows(session, AuditFilters(since=middle))
    assert [row.at for row in newest_first] == sorted((r.at for r in oldest_first), reverse=True)
    assert latest_two == newest_first[:2]
    assert [(row.actor, row.entity_type) for row in phone] == [("=HYPERLINK(1)", "company")]
    assert any(row.actor == "анна" for row in cyrillic)
    assert all("анна" in f"{row.actor} {row.describe_changes()}" for row in cyrillic)
    # since is inclusive and until exclusive, so the two spans split the trail exactly.
    assert all(row.at < middle for row in before) and all(row.at >= middle for row in after)
    assert len(before) + len(after) == len(oldest_first)


def test_unknown_entity_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown record type"):
        AuditFilters(entity_type="planet")


def test_text_search_folds_yo_as_every_search_does(history: Database) -> None:
    with history.session(actor="Пётр") as session:
        company = session.scalars(select(Company).order_by(Company.id)).first()
        assert company is not None
        company.notes = "Ёлочные игрушки"
    with history.session() as session:
        by_actor = audit_rows(session, AuditFilters(text="петр"))
        by_change = audit_rows(session, AuditFilters(text="ЕЛОЧНЫЕ"))
    assert [row.actor for row in by_actor] == ["Пётр"]
    assert [row.actor for row in by_change] == ["Пётр"]
