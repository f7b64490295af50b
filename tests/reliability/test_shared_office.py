"""A shared office: two people importing, matching and deciding on one database at once.

Every test drives the entry points the application uses: the ``exportmatch`` command in
two processes started together, or the review services in two processes (the same
functions the review screen calls), on SQLite and on a real PostgreSQL server. Before
imports and matching runs were serialised, two imports of one file on PostgreSQL both
reported every row imported and stored each twice, two matching runs ended in a
UniqueViolation traceback, and a bulk accept overwrote a rejection made after its preview.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from desktop_app.core.database.run_lock import (
    IMPORT,
    MATCHING,
    RunInProgressError,
    acquire_run_lock,
)
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    ImportBatch,
    MatchCandidate,
    Product,
    ReviewEvent,
)
from desktop_app.core.services.demo import load_demo_data
from desktop_app.core.services.review import (
    ReviewFilters,
    bulk_accept,
    decide,
    select_for_bulk_accept,
)
from tests.reliability import workers
from tests.reliability.figures import record
from tests.reliability.generators import write_products_csv

LINES = 3_000
BUYERS = 20
PRODUCTS = 3_000
COMPANIES = 20
TIMEOUT = 300


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def write_demand_csv(path: Path, rows: int, buyers: int) -> Path:
    """Demand lines without a reference (identity: the row's fingerprint) from buyers
    without a USCC (identity: the name), the shape that was stored twice."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["buyer_name", "product_name", "quantity", "unit"])
        for number in range(rows):
            writer.writerow(
                [f"青岛贸易公司{number % buyers}", f"葵花籽油 {number}号", number % 90 + 1, "吨"]
            )
    return path


def run_cli_together(
    database: Database, *commands: list[str]
) -> list[subprocess.CompletedProcess[str]]:
    """Start one ``exportmatch`` process per command at the same moment; wait for all."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--database", _url(database), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    finished = []
    for process in started:
        out, err = process.communicate(timeout=TIMEOUT)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return finished


def _count(database: Database, model: type, *where: object) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_two_imports_of_one_demand_file_store_it_once(database: Database, tmp_path: Path) -> None:
    path = write_demand_csv(tmp_path / "需求.csv", LINES, BUYERS)
    first, second = run_cli_together(
        database,
        ["import", "demand", str(path), "--actor", "anna"],
        ["import", "demand", str(path), "--actor", "boris"],
    )
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    outcomes = sorted(
        first.stdout.strip().splitlines()[-1:] + second.stdout.strip().splitlines()[-1:]
    )
    assert outcomes == [
        f"0 imported, 0 updated, {LINES} unchanged, 0 rejected",
        f"{LINES} imported, 0 updated, 0 unchanged, 0 rejected",
    ], outcomes
    assert _count(database, DemandLine) == LINES
    assert _count(database, Buyer) == BUYERS
    assert _count(database, ImportBatch) == 2
    record("processes importing one file at once (CLI)", 2, backend=database.backend, kind="demand")


def test_two_imports_of_one_product_file_store_it_once(database: Database, tmp_path: Path) -> None:
    path = write_products_csv(tmp_path / "товары.csv", PRODUCTS, COMPANIES)
    results = run_cli_together(
        database,
        ["import", "products", str(path), "--actor", "anna"],
        ["import", "products", str(path), "--actor", "boris"],
    )
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert _count(database, Product) == PRODUCTS
    assert _count(database, Company) == COMPANIES
    record(
        "processes importing one file at once (CLI)", 2, backend=database.backend, kind="products"
    )


def test_two_matching_runs_at_once_store_one_set_of_candidates(demo_database: Database) -> None:
    results = run_cli_together(demo_database, ["match"], ["match"])
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    with demo_database.session() as session:
        pairs = session.execute(
            select(MatchCandidate.demand_line_id, MatchCandidate.product_id)
        ).all()
        lines = session.scalar(select(func.count()).select_from(DemandLine)) or 0
    assert pairs and len(pairs) == len(set(pairs))
    # Each run stores the top candidates of every line afresh: the second replaces the first.
    stored = {int(line.split(": ")[1].split(" candidates")[0]) for result in results
              for line in result.stdout.splitlines() if "candidates stored" in line}  # fmt: skip
    assert stored == {len(pairs)}, stored
    assert lines > 0
    record("processes matching at once (CLI)", 2, backend=demo_database.backend)


def test_a_second_run_is_told_who_holds_the_database(database: Database, tmp_path: Path) -> None:
    path = write_products_csv(tmp_path / "big.csv", 5_000)
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    worker = context.Process(
        target=workers.import_products, args=(_url(database), str(path), child, 2_000)
    )
    worker.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if parent.poll(1) and parent.recv()[0] == "stalled":
                break
        else:
            pytest.fail("the import never reached its stall point")
        messages: list[str] = []

        class Recorder:
            def start(self, total: int | None, message: str = "") -> None:
                messages.append(message)

            def advance(self, done: int, message: str = "") -> None:
                return None

            def check_cancelled(self) -> None:
                return None

        with pytest.raises(RunInProgressError) as refused, database.session() as session:
            acquire_run_lock(session, MATCHING, "boris", progress=Recorder(), wait_seconds=1.0)
        assert "kill-test" in refused.value.message
        assert "big.csv" in refused.value.message
        assert messages and "kill-test" in messages[0]
    finally:
        worker.kill()
        worker.join(TIMEOUT)
    # Killed, the holder's lock went with it: the next run starts at once.
    with database.session() as session:
        acquire_run_lock(session, IMPORT, "boris", wait_seconds=5.0)
    record(
        "runs told who holds the database; lock freed by killing the holder",
        1,
        backend=database.backend,
    )


def _suggestions(database: Database, count: int) -> list[int]:
    with database.session(actor="test") as session:
        load_demo_data(session)
        lines = list(session.scalars(select(DemandLine.id).order_by(DemandLine.id).limit(10)))
        products = list(session.scalars(select(Product.id).order_by(Product.id).limit(6)))
        session.execute(
            insert(MatchCandidate),
            [
                {"demand_line_id": line, "product_id": product, "rank": 1, "score": 95.0,
                 "parts": {}, "evidence": {}, "verdict": Verdict.SUGGESTED,
                 "status": MatchStatus.SUGGESTED, "version": 1}
                for line in lines
                for product in products
            ][:count],
        )  # fmt: skip
    with database.session() as session:
        return list(session.scalars(select(MatchCandidate.id).order_by(MatchCandidate.id)))


def test_bulk_accept_keeps_a_rejection_made_after_its_preview(database: Database) -> None:
    ids = _suggestions(database, 10)
    with database.session() as session:
        selection = select_for_bulk_accept(session, 90, ReviewFilters())
    assert len(selection) == 10
    rejected = ids[3]
    with database.session(actor="boris") as session:
        decide(session, rejected, MatchStatus.REJECTED, "boris", 1)
    with database.session(actor="anna") as session:
        result = bulk_accept(session, selection, "anna")
    assert len(result.decisions) == 9
    assert [c.candidate_id for c in result.conflicts] == [rejected]
    assert "boris" in result.describe() and "Rejected" in result.describe()
    with database.session() as session:
        candidate = session.get(MatchCandidate, rejected)
        assert candidate is not None
        assert (candidate.status, candidate.reviewer) == (MatchStatus.REJECTED, "boris")
        trail = session.execute(
            select(ReviewEvent.actor, ReviewEvent.to_status).where(
                ReviewEvent.candidate_id == rejected
            )
        ).all()
    assert trail == [("boris", MatchStatus.REJECTED)]
    record("conflicts detected", 1, backend=database.backend, source="bulk after preview")


def test_bulk_accept_racing_single_rejections_in_two_processes(database: Database) -> None:
    ids = _suggestions(database, 60)
    with database.session() as session:
        selection = select_for_bulk_accept(session, 90, ReviewFilters())
    assert len(selection) == 60
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    url = _url(database)
    versions = dict(selection.seen)
    processes = [
        context.Process(target=workers.bulk_accept_seen, args=(url, selection, barrier, results)),
        context.Process(target=workers.decide_all, args=(url, 1, versions, barrier, results)),
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=TIMEOUT) for _ in processes)
    for process in processes:
        process.join(TIMEOUT)
        assert process.exitcode == 0
    accepted_by_bulk = set(outcomes["bulk"])
    rejected = {candidate for candidate, outcome in outcomes[1] if outcome == "won"}
    # Every candidate was decided exactly once, by whichever came first.
    assert accepted_by_bulk.isdisjoint(rejected)
    assert accepted_by_bulk | rejected == set(ids)
    with database.session() as session:
        rows = session.execute(
            select(MatchCandidate.id, MatchCandidate.status, MatchCandidate.reviewer)
        ).all()
        events = session.execute(select(ReviewEvent.candidate_id, ReviewEvent.actor)).all()
        audits = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "match_candidate")
        )
    for candidate_id, status, reviewer in rows:
        if candidate_id in accepted_by_bulk:
            assert (status, reviewer) == (MatchStatus.ACCEPTED, "anna")
        else:
            assert (status, reviewer) == (MatchStatus.REJECTED, "reviewer-1")
    assert len(events) == len(ids) == audits
    assert len({candidate for candidate, _ in events}) == len(ids)
    record(
        "conflicts detected",
        len(ids),
        backend=database.backend,
        source="bulk accept racing rejections",
    )


def test_the_database_refuses_a_second_copy_of_an_identity(database: Database) -> None:
    """The constraints of migration 0003 stand behind the importer's identities."""
    with database.session(actor="test") as session:
        load_demo_data(session)
        company = session.scalars(select(Company).order_by(Company.id)).first()
        assert company is not None
        company_id = company.id
    duplicates = [
        (Product, {"company_id": company_id, "ref": "SAME", "name_ru": "а"}, {"name_ru": "б"}),
        (Product, {"company_id": company_id, "fingerprint": "f" * 64, "name_ru": "а"}, {}),
        (DemandLine, {"ref": "D-SAME", "product_text": "油"}, {}),
        (DemandLine, {"fingerprint": "e" * 64, "product_text": "油"}, {}),
        (Buyer, {"name_key": "同一家公司", "name_zh": "同一家公司"}, {}),
        (Company, {"name_key": "ромашка", "name_ru": "Ромашка"}, {}),
    ]
    for model, values, changed in duplicates:
        with database.session() as session:
            session.add(model(**values))
        with pytest.raises(IntegrityError), database.session() as session:
            session.add(model(**{**values, **changed}))
            session.flush()
    record(
        "second copies of an identity refused by the database",
        len(duplicates),
        backend=database.backend,
    )


class _DecideWhileScoring:
    """A progress reporter that, once the run has read the decisions and starts
    scoring, has a reviewer accept one of the run's old suggestions elsewhere."""

    def __init__(self, database: Database, candidate_id: int, version: int) -> None:
        self.database = database
        self.candidate = (candidate_id, version)
        self.decided = False

    def start(self, total: int | None, message: str = "") -> None:
        if "Scoring" in message and not self.decided:
            self.decided = True
            with self.database.session(actor="boris") as session:
                decide(
                    session, *self.candidate[:1], MatchStatus.ACCEPTED, "boris", self.candidate[1]
                )

    def advance(self, done: int, message: str = "") -> None:
        return None

    def check_cancelled(self) -> None:
        return None


def test_a_decision_made_during_a_matching_run_is_kept(demo_database: Database) -> None:
    from desktop_app.core.matching.engine import run_matching

    with demo_database.session(actor="anna") as session:
        run_matching(session)
    with demo_database.session() as session:
        candidate = session.scalars(
            select(MatchCandidate).order_by(MatchCandidate.score.desc()).limit(1)
        ).one()
        pair = (candidate.demand_line_id, candidate.product_id)
        seen = (candidate.id, candidate.version)
    progress = _DecideWhileScoring(demo_database, *seen)
    with demo_database.session(actor="anna") as session:
        run_matching(session, progress)
    assert progress.decided
    with demo_database.session() as session:
        rows = session.execute(
            select(MatchCandidate.id, MatchCandidate.status, MatchCandidate.reviewer).where(
                MatchCandidate.demand_line_id == pair[0], MatchCandidate.product_id == pair[1]
            )
        ).all()
    assert rows == [(seen[0], MatchStatus.ACCEPTED, "boris")]
    record("decisions made during a matching run kept", 1, backend=demo_database.backend)
