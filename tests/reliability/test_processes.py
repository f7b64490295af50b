"""Four app processes writing to one SQLite file at the same time lose nothing."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from desktop_app.core.database.backup import check_sqlite_integrity
from desktop_app.core.database.engine import sqlite_path
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import AuditEvent, Company, Setting
from desktop_app.core.services.demo import load_demo_data
from tests.reliability.figures import record
from tests.reliability.workers import count_and_edit

PROCESSES = 4
TRANSACTIONS = 25


@pytest.mark.slow
def test_processes_share_one_sqlite_file(sqlite_database: Database) -> None:
    with sqlite_database.session(actor="test") as session:
        load_demo_data(session)
        session.add(Setting(key="test/counter", value=0))
        company = session.scalars(select(Company).order_by(Company.id)).first()
        assert company is not None
        company_id, version = company.id, company.version
    url = str(sqlite_database.url.database)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=count_and_edit, args=(url, n, TRANSACTIONS, barrier, results))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    finished = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert sorted(n for n, _ in finished) == list(range(PROCESSES))

    writes = PROCESSES * TRANSACTIONS
    with sqlite_database.session() as session:
        assert session.get(Setting, "test/counter").value == writes  # type: ignore[union-attr]
        rows = session.scalar(
            select(func.count()).select_from(Setting).where(Setting.key.like("test/worker-%"))
        )
        assert rows == writes
        edited = session.get(Company, company_id)
        assert edited is not None and edited.version == version + writes
        audit = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "company", AuditEvent.entity_id == company_id)
            .where(AuditEvent.actor.like("worker-%"))
        )
        assert audit == writes
    path = sqlite_path(sqlite_database.url)
    assert path is not None and check_sqlite_integrity(path) == []
    record("processes on one SQLite file", PROCESSES)
    record("write transactions from parallel processes", writes)
