"""A catalogue exported with "Full data" imports back with no change to any record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    # Every field of every record, "Скважина № 3" included, comes back as it was.
    assert after == before
    # A second export of the same data imports as "unchanged", row for row.
    with demo_database.session() as session:
        export_catalogue(session, tmp_path / "again.xlsx", "full_data")
    with demo_database.session(actor="round-trip") as session:
        second = import_file(session, tmp_path / "again.xlsx", ImportKind.PRODUCTS)
    assert (second.imported, second.updated, second.rejected) == (0, 0, 0)
    assert second.unchanged == first.rows


def test_full_data_csv_with_phones_and_price_units_imports_back_unchanged(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        crab = session.scalars(select(Product).where(Product.ref == "P002")).one()
        crab.price_unit = "pcs"  # quoted per crab, sold by the kg
    target = tmp_path / "full.csv"
    before, after, first = _export_and_import(demo_database, target)
    # Phones are written '+7…, so that no spreadsheet takes them for a formula.
    assert ",'+7" in target.read_text(encoding="utf-8-sig")
    assert (first.imported, first.rejected) == (0, 0), first.problems
    assert first.unmapped == ()
    assert after == before
    assert any(row["price_unit"] == "pcs" for row in after["products"].values())
