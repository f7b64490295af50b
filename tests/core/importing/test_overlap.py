"""A big file is read and checked in a second process while the import stores.

The import must give the same rows, problems, counts and search entries whether it runs
in one process or two, keep its errors (file, row, reason) and leave nothing written on
an error or Cancel.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import Buyer, DemandLine, ImportBatch, SearchEntry
from desktop_app.core.errors import Cancelled, UserError
from desktop_app.core.importing import (
    FileRefused,
    ImportLimits,
    ImportOptions,
    import_file,
    overlap,
    service,
)
from desktop_app.core.progress import CancelToken, NullProgress
from tests.conftest import new_postgres_database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the second process is forked on Linux only"
)


@pytest.fixture
def overlap_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file in the test goes through the second process; the calls are recorded."""
    monkeypatch.setattr(overlap, "OVERLAP_MIN_BYTES", 0)
    return _recorded(monkeypatch)


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    original = service.in_second_process

    def recorded(produce: Any, path: Path, progress: Any) -> Iterator[Any]:
        calls.append(path)
        return original(produce, path, progress)

    monkeypatch.setattr(service, "in_second_process", recorded)
    return calls


def _demand_csv(path: Path, count: int, bad: set[int]) -> Path:
    lines = ["需求编号,采购商,产品名称,海关编码,数量,单位,目标价格"]
    for number in range(2, count + 2):
        quantity = "many" if number in bad else str(number)
        # Every 500th row repeats the reference of the row before with other values.
        source = number - 1 if number % 500 == 0 else number
        buyer = f"买家{source % 13}贸易有限公司 (Buyer {source % 13} Co.)"
        lines.append(f"D{source},{buyer},冷冻鳕鱼片 {number % 97},030471,{quantity},吨,{number}.5")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.session() as session:
        lines = session.execute(
            select(
                DemandLine.ref,
                DemandLine.product_text,
                DemandLine.hs_code,
                DemandLine.quantity,
                DemandLine.unit,
                DemandLine.target_price,
                DemandLine.source_row,
                DemandLine.fingerprint,
                Buyer.name_zh,
                Buyer.name_en,
            )
            .join(Buyer, DemandLine.buyer_id == Buyer.id)
            .order_by(DemandLine.source_row)
        ).all()
        entries = session.execute(
            select(DemandLine.source_row, SearchEntry.text)
            .join(SearchEntry, SearchEntry.record_id == DemandLine.id)
            .where(SearchEntry.kind == "demand")
            .order_by(DemandLine.source_row)
        ).all()
    return {"lines": [tuple(r) for r in lines], "entries": [tuple(r) for r in entries]}


def _summary_facts(summary: Any) -> tuple[Any, ...]:
    return (
        summary.imported,
        summary.updated,
        summary.unchanged,
        summary.rejected,
        [
            (p.file, p.sheet, p.row, p.column, p.value, p.reason, p.severity)
            for p in summary.problems
        ],
    )


def _fresh(template: Path, tmp_path: Path, name: str) -> Database:
    target = tmp_path / name
    target.write_bytes(template.read_bytes())
    return open_database(str(target))


def test_two_processes_store_what_one_process_stores(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _demand_csv(tmp_path / "需求.csv", 4500, {2, 2001, 2002, 4501})
    one = _fresh(sqlite_template, tmp_path, "one.sqlite3")
    monkeypatch.setattr(overlap, "OVERLAP_MIN_BYTES", 1 << 60)
    with one.session() as session:
        alone = import_file(session, path, ImportKind.DEMAND)
    two = _fresh(sqlite_template, tmp_path, "two.sqlite3")
    monkeypatch.setattr(overlap, "OVERLAP_MIN_BYTES", 0)
    calls = _recorded(monkeypatch)
    with two.session() as session:
        overlapped = import_file(session, path, ImportKind.DEMAND)
    assert calls == [path]
    assert _summary_facts(overlapped) == _summary_facts(alone)
    assert (alone.imported, alone.rejected) == (4500 - 4 - 9, 4 + 9)
    assert _stored(two) == _stored(one)
    assert len(_stored(two)["entries"]) == alone.imported
    # A second run of the same file finds every row unchanged, in two processes too.
    with two.session() as session:
        again = import_file(session, path, ImportKind.DEMAND)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, alone.imported)
    one.dispose()
    two.dispose()


def test_a_row_limit_met_in_the_second_process_refuses_the_file_and_writes_nothing(
    sqlite_database: Database, tmp_path: Path, overlap_calls: list[Path]
) -> None:
    path = _demand_csv(tmp_path / "d.csv", 3000, set())
    options = ImportOptions(limits=ImportLimits(max_rows=2500))
    with pytest.raises(FileRefused) as refused, sqlite_database.session() as session:
        import_file(session, path, ImportKind.DEMAND, options)
    assert overlap_calls == [path]
    assert str(refused.value) == "d.csv: more than 2500 rows; split the file or raise the limit"
    with sqlite_database.session() as session:
        for model in (DemandLine, Buyer, ImportBatch):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_cancel_while_two_processes_work_ends_the_child_and_rolls_back(
    sqlite_database: Database, tmp_path: Path, overlap_calls: list[Path]
) -> None:
    path = _demand_csv(tmp_path / "d.csv", 6000, set())
    token = CancelToken()

    class CancelAfterFirstChunk(NullProgress):
        def advance(self, done: int, message: str = "") -> None:
            token.cancel()

    with pytest.raises(Cancelled), sqlite_database.session() as session:
        import_file(session, path, ImportKind.DEMAND, progress=CancelAfterFirstChunk(token))
    assert overlap_calls == [path]
    assert multiprocessing.active_children() == []
    with sqlite_database.session() as session:
        assert session.scalar(select(func.count()).select_from(DemandLine)) == 0


def _chunks(*items: Any) -> Any:
    def produce() -> Iterator[Any]:
        for item in items:
            if isinstance(item, BaseException):
                raise item
            if item == "die":
                os.kill(os.getpid(), signal.SIGKILL)
            yield item

    return produce


def test_chunks_arrive_in_order() -> None:
    got = list(
        overlap.in_second_process(_chunks(1, [2, 3], {"a": 4}), Path("f.csv"), NullProgress())
    )
    assert got == [1, [2, 3], {"a": 4}]


def test_an_expected_error_in_the_child_keeps_its_class_and_message() -> None:
    error = FileRefused("line 7: not valid CSV")
    with pytest.raises(FileRefused, match=r"^line 7: not valid CSV$"):
        list(overlap.in_second_process(_chunks(1, error), Path("f.csv"), NullProgress()))


def test_a_bug_in_the_child_is_raised_with_its_traceback() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError: boom") as raised:
        list(
            overlap.in_second_process(
                _chunks(ZeroDivisionError("boom")), Path("f.csv"), NullProgress()
            )
        )
    assert not isinstance(raised.value, UserError)
    assert "Traceback" in str(raised.value)


def test_a_child_that_dies_refuses_the_file_by_name() -> None:
    received: list[Any] = []
    with pytest.raises(FileRefused, match=r"^f\.csv: .*reading process stopped \(SIGKILL\)"):
        for item in overlap.in_second_process(_chunks(1, "die", 2), Path("f.csv"), NullProgress()):
            received.append(item)
    assert received == [1]


def test_small_files_and_other_systems_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not overlap.overlap_available(overlap.OVERLAP_MIN_BYTES - 1)
    assert overlap.overlap_available(overlap.OVERLAP_MIN_BYTES)
    monkeypatch.setattr(sys, "platform", "win32")
    assert not overlap.overlap_available(overlap.OVERLAP_MIN_BYTES)


@pytest.mark.postgres
def test_two_processes_store_on_postgresql_what_one_process_stores_on_sqlite(
    postgres_admin_url: str,
    postgres_template: str,
    sqlite_database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The checking process converts values for the storing database's driver.
    path = _demand_csv(tmp_path / "需求.csv", 2500, {7, 2400})
    monkeypatch.setattr(overlap, "OVERLAP_MIN_BYTES", 1 << 60)
    with sqlite_database.session() as session:
        alone = import_file(session, path, ImportKind.DEMAND)
    calls = _recorded(monkeypatch)
    monkeypatch.setattr(overlap, "OVERLAP_MIN_BYTES", 0)
    postgres = open_database(new_postgres_database(postgres_admin_url, postgres_template))
    with postgres.session() as session:
        overlapped = import_file(session, path, ImportKind.DEMAND)
    assert calls == [path]
    assert _summary_facts(overlapped) == _summary_facts(alone)
    assert _stored(postgres) == _stored(sqlite_database)
    postgres.dispose()


def test_an_error_while_storing_ends_the_child_at_once(
    sqlite_database: Database,
    tmp_path: Path,
    overlap_calls: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The caller may keep the traceback (a log, the GUI's error dialog): the checking
    # process must not wait on its pipe for as long as that lives.
    path = _demand_csv(tmp_path / "d.csv", 6000, set())

    def broken(self: Any, chunk: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(service._Storer, "store", broken)
    with pytest.raises(OSError) as raised, sqlite_database.session() as session:
        import_file(session, path, ImportKind.DEMAND)
    assert overlap_calls == [path] and raised.value.__traceback__ is not None
    assert multiprocessing.active_children() == []


def test_the_second_process_is_started_from_a_worker_thread_too() -> None:
    # The GUI imports on its database worker thread, not the main thread.
    import threading

    got: list[Any] = []
    thread = threading.Thread(
        target=lambda: got.append(
            list(overlap.in_second_process(_chunks(1, 2), Path("f.csv"), NullProgress()))
        )
    )
    thread.start()
    thread.join()
    assert got == [[1, 2]]
