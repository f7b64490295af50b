"""SIGKILL in the middle of an import, a matching run and an export loses nothing.

A child process does the work in one transaction and stalls once part of it has been
written to the database (not yet committed); the test then kills it with SIGKILL. The
database must pass its integrity check and hold none of that work; an unkilled run of
the same work must hold all of it; an export file is complete or absent.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from desktop_app.core.database.backup import check_sqlite_integrity
from desktop_app.core.database.engine import sqlite_path
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind, MatchStatus, ProductStatus, Verdict
from desktop_app.core.domain.models import (
    Buyer,
    DemandLine,
    ExportRun,
    ImportBatch,
    MatchCandidate,
    Product,
)
from desktop_app.core.exporting.files import atomic_file
from desktop_app.core.importing import import_file
from desktop_app.core.services.demo import load_demo_data
from tests.reliability import workers
from tests.reliability.figures import record
from tests.reliability.generators import write_products_csv

ROWS = 5_000
TIMEOUT = 120


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def run_child(target: Callable[..., None], *args: Any, stall_after: int | None) -> tuple[str, int]:
    """Run ``target`` in a fresh process; kill it with SIGKILL when it stalls.

    Returns ``("killed", progress)`` or ``("done", result)``.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(*args, sender, stall_after))
    child.start()
    sender.close()
    try:
        while True:
            if not receiver.poll(TIMEOUT):
                raise AssertionError("the child process reported nothing")
            kind, value = receiver.recv()
            if kind == "stalled":
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
                child.join(TIMEOUT)
                assert child.exitcode == -signal.SIGKILL
                return "killed", int(value)
            if kind == "done":
                child.join(TIMEOUT)
                assert child.exitcode == 0
                return "done", int(value)
    except EOFError as exc:
        child.join(TIMEOUT)
        raise AssertionError(f"the child process died: exit code {child.exitcode}") from exc
    finally:
        if child.is_alive():
            child.kill()
            child.join()


def _count(database: Database, model: type, *where: Any) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _assert_sound(database: Database) -> None:
    path = sqlite_path(database.url)
    if path is not None:
        assert check_sqlite_integrity(path) == []


@pytest.mark.slow
def test_killed_import_leaves_nothing_and_a_full_one_everything(
    database: Database, tmp_path: Path
) -> None:
    source = write_products_csv(tmp_path / "products.csv", ROWS)
    outcome, progress = run_child(
        workers.import_products, _url(database), str(source), stall_after=2_000
    )
    assert outcome == "killed" and 0 < progress < ROWS
    _assert_sound(database)
    assert _count(database, Product) == 0
    assert _count(database, ImportBatch) == 0
    record("kills survived", operation="import", backend=database.backend)

    outcome, imported = run_child(
        workers.import_products, _url(database), str(source), stall_after=None
    )
    assert (outcome, imported) == ("done", ROWS)
    assert _count(database, Product) == ROWS


@pytest.mark.slow
def test_killed_matching_run_leaves_nothing(demo_database: Database) -> None:
    outcome, _ = run_child(workers.match_everything, _url(demo_database), stall_after=1)
    assert outcome == "killed"
    _assert_sound(demo_database)
    assert _count(demo_database, MatchCandidate) == 0
    assert _count(demo_database, DemandLine, DemandLine.matched_at.is_not(None)) == 0
    record("kills survived", operation="matching", backend=demo_database.backend)

    outcome, stored = run_child(workers.match_everything, _url(demo_database), stall_after=None)
    assert outcome == "done" and stored > 0
    assert _count(demo_database, MatchCandidate) == stored
    assert _count(demo_database, DemandLine, DemandLine.matched_at.is_(None)) == 0


@pytest.fixture
def big_catalogue(database: Database, tmp_path: Path) -> Database:
    with database.session(actor="test") as session:
        load_demo_data(session)
        import_file(session, write_products_csv(tmp_path / "p.csv", 3_000), ImportKind.PRODUCTS)
    return database


@pytest.mark.slow
def test_killed_export_leaves_no_file_and_no_run(big_catalogue: Database, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "catalogue.xlsx"
    outcome, progress = run_child(
        workers.export_catalogue_file, _url(big_catalogue), str(target), stall_after=1_000
    )
    assert outcome == "killed" and progress >= 1_000
    assert not target.exists()
    # Only the writer's own temporary file may be left, and it says it is partial.
    assert all(".partial" in leftover.name for leftover in out.iterdir())
    # The next file written to the folder removes what the killed writer left.
    with atomic_file(out / "next.csv") as temporary:
        temporary.write_text("ok\n", encoding="utf-8")
    assert sorted(item.name for item in out.iterdir()) == ["next.csv"]
    _assert_sound(big_catalogue)
    assert _count(big_catalogue, ExportRun) == 0
    record("kills survived", operation="export", backend=big_catalogue.backend)

    outcome, rows = run_child(
        workers.export_catalogue_file, _url(big_catalogue), str(target), stall_after=None
    )
    active = _count(big_catalogue, Product, Product.status == ProductStatus.ACTIVE)
    assert outcome == "done" and rows == active
    workbook = load_workbook(target, read_only=True)
    lengths = [sum(1 for _ in sheet.iter_rows()) for sheet in workbook.worksheets]
    workbook.close()
    # A complete file: the catalogue sheet holds every row below its header.
    assert max(lengths) > rows
    assert _count(big_catalogue, ExportRun) == 1


def _accept_many_matches(database: Database, buyers: int = 2) -> int:
    """Accepted matches of one demand line of each of ``buyers`` buyers with every product."""
    with database.session(actor="test") as session:
        lines = [
            session.scalars(
                select(DemandLine).where(DemandLine.buyer_id == buyer_id).order_by(DemandLine.id)
            ).first()
            for buyer_id in session.scalars(select(Buyer.id).order_by(Buyer.id).limit(buyers))
        ]
        # 1,200 per buyer: the first workbook is killed after its first 1,000 rows.
        products = list(
            session.scalars(
                select(Product.id)
                .where(Product.status == ProductStatus.ACTIVE)
                .order_by(Product.id)
                .limit(1_200)
            )
        )
        rows = [
            {"demand_line_id": line.id, "product_id": product, "rank": 1, "score": 80.0,
             "parts": {}, "evidence": {}, "verdict": Verdict.SUGGESTED,
             "status": MatchStatus.ACCEPTED, "reviewer": "test", "version": 1}
            for line in lines if line is not None
            for product in products
        ]  # fmt: skip
        session.execute(insert(MatchCandidate), rows)
    return len(rows)


@pytest.mark.slow
def test_killed_per_buyer_zip_export_leaves_no_zip_and_no_run(
    big_catalogue: Database, tmp_path: Path
) -> None:
    accepted = _accept_many_matches(big_catalogue)
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "matches.zip"
    outcome, progress = run_child(
        workers.export_matches_zip, _url(big_catalogue), str(target), stall_after=1_000
    )
    assert outcome == "killed" and progress >= 1_000
    assert not target.exists()
    # Only the writer's temporary zip and its hidden scratch folder of workbooks may remain.
    assert all(".partial" in left.name or left.name.startswith(".") for left in out.iterdir())
    _assert_sound(big_catalogue)
    assert _count(big_catalogue, ExportRun) == 0
    record("kills survived", operation="per-buyer zip export", backend=big_catalogue.backend)

    outcome, rows = run_child(
        workers.export_matches_zip, _url(big_catalogue), str(target), stall_after=None
    )
    assert (outcome, rows) == ("done", accepted)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert len(names) == 2 and all(name.endswith(".xlsx") for name in names)
        written = 0
        for name in names:
            workbook = load_workbook(io.BytesIO(archive.read(name)), read_only=True)
            written += max(sum(1 for _ in sheet.iter_rows()) for sheet in workbook.worksheets) - 1
            workbook.close()
    assert written == accepted  # every accepted match, under one header per workbook
    assert _count(big_catalogue, ExportRun) == 1
