"""``exportmatch audit export``: the audit trail as CSV, filtered, with a BOM."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Company
from desktop_app.core.services.audit_export import audit_rows
from tests.core.database.portable_data import fill


@pytest.fixture
def history(database: Database) -> Database:
    fill(database)
    with database.session(actor="=HYPERLINK(1)") as session:
        company = session.scalars(select(Company).order_by(Company.id)).first()
        assert company is not None
        company.phone = "+7 000"
    return database


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
