"""``exportmatch audit export`` and ``audit_rows``: who changed what, and when."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
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
    assert edit.describe_changes() == "notes: ∅ → edited for the audit trail"
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


def test_cli_writes_csv_with_bom_and_filters(history: Database, tmp_path: Path, capsys) -> None:
    url = history.url.render_as_string(hide_password=False)
    target = tmp_path / "audit.csv"
    assert main(["--database", url, "audit", "export", "-o", str(target)]) == 0
    assert "audit events written" in capsys.readouterr().out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    with history.session() as session:
        assert len(rows) == len(audit_rows(session))
    assert rows[0].keys() == {
        "at",
        "actor",
        "entity_type",
        "entity_id",
        "action",
        "changes",
        "note",
    }
    # A person's name that looks like a formula stays text in a spreadsheet.
    assert "'=HYPERLINK(1)" in {row["actor"] for row in rows}

    only = tmp_path / "matches.csv"
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert main(["--database", url, "audit", "export", "-o", str(only), "--entity", "match"]) == 0
    assert {row["entity_type"] for row in csv.DictReader(only.open(encoding="utf-8-sig"))} == {
        "match"
    }
    assert main(["--database", url, "audit", "export", "-o", str(only), "--since", tomorrow]) == 0
    assert len(only.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_cli_rejects_a_bad_date(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "export", "-o", str(tmp_path / "a.csv"), "--since", "yesterday"])
    assert "is not a date" in capsys.readouterr().err
