"""Code run in child processes by the reliability tests (importable, for ``spawn``).

Each worker opens the database by URL, does one long write in one transaction and
reports through a pipe. With ``stall_after`` it stops mid-way, after that much progress
has been flushed to the database but before the commit, and waits to be killed.
"""

from __future__ import annotations

import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.core.database.session import open_database
from desktop_app.core.domain.models import Company, Setting

STALL_SECONDS = 120


class PipeProgress:
    """A progress reporter that tells the parent process, and stalls where asked."""

    def __init__(self, pipe: Connection, stall_after: int | None, phase: str = "") -> None:
        self.pipe = pipe
        self.stall_after = stall_after
        self.phase = phase
        self.message = ""

    def start(self, total: int | None, message: str = "") -> None:
        self.message = message

    def advance(self, done: int, message: str = "") -> None:
        self.pipe.send(("progress", done))
        if self.stall_after is not None and done >= self.stall_after and self.phase in self.message:
            self.pipe.send(("stalled", done))
            time.sleep(STALL_SECONDS)

    def check_cancelled(self) -> None:
        return None


def import_products(url: str, path: str, pipe: Connection, stall_after: int | None) -> None:
    """Import a product file in one transaction."""
    from desktop_app.core.domain.enums import ImportKind
    from desktop_app.core.importing import import_file

    database = open_database(url)
    with database.session(actor="kill-test") as session:
        summary = import_file(
            session, Path(path), ImportKind.PRODUCTS, progress=PipeProgress(pipe, stall_after)
        )
    pipe.send(("done", summary.imported))


def match_everything(url: str, pipe: Connection, stall_after: int | None) -> None:
    """Run the matcher over all open demand in one transaction."""
    from desktop_app.core.matching.engine import run_matching

    database = open_database(url)
    # Progress is reported after each chunk of demand lines was scored and handed to
    # the candidate writer: a stall there is inside the run's transaction.
    progress = PipeProgress(pipe, stall_after)
    with database.session(actor="kill-test") as session:
        report = run_matching(session, progress=progress)
    pipe.send(("done", report.candidates_stored))


def export_catalogue_file(url: str, path: str, pipe: Connection, stall_after: int | None) -> None:
    """Export the catalogue to an xlsx file and record the run."""
    from desktop_app.core.exporting.service import export_catalogue

    database = open_database(url)
    with database.session(actor="kill-test") as session:
        summary = export_catalogue(session, Path(path), progress=PipeProgress(pipe, stall_after))
    pipe.send(("done", summary.row_count))


def count_and_edit(url: str, worker: int, transactions: int, barrier: Any, results: Any) -> None:
    """Per transaction: bump a shared counter, add a row, edit a shared company."""
    database = open_database(url)
    barrier.wait()
    started = time.perf_counter()
    for number in range(transactions):
        with database.session(actor=f"worker-{worker}", write=True) as session:
            counter = session.get(Setting, "test/counter")
            assert counter is not None
            counter.value = int(counter.value) + 1
            session.add(Setting(key=f"test/worker-{worker}/{number}", value=number))
            company = session.scalars(select(Company).order_by(Company.id)).first()
            assert company is not None
            company.notes = f"worker {worker}, transaction {number}"
    results.put((worker, time.perf_counter() - started))
    database.dispose()


def export_matches_zip(url: str, path: str, pipe: Connection, stall_after: int | None) -> None:
    """Export accepted matches as one workbook per buyer, zipped, and record the run."""
    from desktop_app.core.exporting import ExportKind, PerBuyer, run_export

    database = open_database(url)
    with database.session(actor="kill-test") as session:
        summary = run_export(
            session,
            ExportKind.MATCHES,
            Path(path),
            per_buyer=PerBuyer.WORKBOOKS,
            progress=PipeProgress(pipe, stall_after),
        )
    pipe.send(("done", summary.row_count))


def decide_all(url: str, worker: int, versions: dict[int, int], barrier: Any, results: Any) -> None:
    """Decide every candidate as ``worker``, each with the version read before the others."""
    from desktop_app.core.domain.enums import MatchStatus
    from desktop_app.core.errors import ConflictError
    from desktop_app.core.services.review import decide

    database = open_database(url)
    status = MatchStatus.ACCEPTED if worker % 2 == 0 else MatchStatus.REJECTED
    outcomes: list[tuple[int, str]] = []
    barrier.wait()
    for candidate_id, version in versions.items():
        try:
            with database.session(actor=f"reviewer-{worker}", write=True) as session:
                decide(session, candidate_id, status, f"reviewer-{worker}", version)
            outcomes.append((candidate_id, "won"))
        except ConflictError:
            outcomes.append((candidate_id, "conflict"))
    results.put((worker, outcomes))
    database.dispose()


def bulk_accept_seen(url: str, selection: Any, barrier: Any, results: Any) -> None:
    """Bulk-accept what ``selection`` previewed, as the review screen does, as anna."""
    from desktop_app.core.services.review import bulk_accept

    database = open_database(url)
    barrier.wait()
    with database.session(actor="anna") as session:
        result = bulk_accept(session, selection, "anna")
    results.put(("bulk", [decision.candidate_id for decision in result.decisions]))
    database.dispose()
