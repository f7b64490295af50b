"""A catalogue exported with "Full data" imports back with no change to any record."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.exporting import export_catalogue
from desktop_app.core.importing import ImportSummary, import_file

# Where an imported record came from; an import rightly updates these.
BOOKKEEPING = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "matched_at",
        "import_batch_id",
        "source_file",
        "source_sheet",
        "source_row",
        "fingerprint",
    }
)
Snapshot = dict[str, dict[Any, dict[str, Any]]]


def _snapshot(session: Session) -> Snapshot:
    result: Snapshot = {}
    for model in (Company, Product):
        columns = [c.key for c in model.__table__.columns if c.key not in BOOKKEEPING]
        rows = session.execute(select(model.id, *(getattr(model, c) for c in columns)))
        result[model.__tablename__] = {
            row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows
        }
    return result


def _nfkc(snapshot: Snapshot) -> Snapshot:
    def fold(value: Any) -> Any:
        return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value

    return {
        table: {key: {name: fold(v) for name, v in record.items()} for key, record in rows.items()}
        for table, rows in snapshot.items()
    }


def _export_and_import(
    database: Database, target: Path
) -> tuple[Snapshot, Snapshot, ImportSummary]:
    with database.session() as session:
        before = _snapshot(session)
        export_catalogue(session, target, "full_data")
    with database.session(actor="round-trip") as session:
        summary = import_file(session, target, ImportKind.PRODUCTS)
    with database.session() as session:
        after = _snapshot(session)
    return before, after, summary


def test_full_data_catalogue_imports_back_unchanged(
    demo_database: Database, tmp_path: Path
) -> None:
    before, after, first = _export_and_import(demo_database, tmp_path / "full.xlsx")
    assert (first.imported, first.rejected) == (0, 0), first.problems
    assert first.unmapped == ()
    # The importer reads every text cell as NFKC (full-width digits from Chinese files
    # become ordinary ones); apart from that folding nothing may change. The strict
    # xfail below shows the one demo value the folding alters.
    assert after == _nfkc(before)
    # A second export of the same data imports as "unchanged", row for row.
    with demo_database.session() as session:
        export_catalogue(session, tmp_path / "again.xlsx", "full_data")
    with demo_database.session(actor="round-trip") as session:
        second = import_file(session, tmp_path / "again.xlsx", ImportKind.PRODUCTS)
    assert (second.imported, second.updated, second.rejected) == (0, 0, 0)
    assert second.unchanged == first.rows


@pytest.mark.xfail(
    strict=True,
    reason="the importer NFKC-folds all text: the demo description 'Скважина № 3' comes "
    "back as 'Скважина No 3' (desktop_app/core/importing/rows.py); the export is exact",
)
def test_round_trip_is_exact_without_unicode_folding(
    sqlite_database: Database, tmp_path: Path
) -> None:
    from desktop_app.core.services.demo import load_demo_data

    with sqlite_database.session() as session:
        load_demo_data(session)
    before, after, _ = _export_and_import(sqlite_database, tmp_path / "exact.xlsx")
    assert after == before
