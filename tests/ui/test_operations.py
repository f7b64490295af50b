"""The one door from the GUI to the database: one worker, stamped writes, outcomes in one place."""

from __future__ import annotations

import re
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy import func, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import AuditEvent, Company
from desktop_app.core.errors import InputError, UserError
from desktop_app.core.progress import ProgressReporter
from desktop_app.ui import error_reporting
from desktop_app.ui import operations as operations_module
from desktop_app.ui.operations import Operations
from tests.ui.conftest import TEST_ACTOR

UI = Path(operations_module.__file__).parent
# Where the application is put together: they hold the Database and hand out the door.
COMPOSITION_ROOTS = {"app.py", "main_window.py", "screenshots.py", "self_test_window.py"}


def test_no_module_of_the_gui_but_the_door_opens_a_session() -> None:
    offenders = [
        path.name
        for path in sorted(UI.glob("*.py"))
        if path.name != "operations.py" and ".session(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_pages_and_models_receive_the_door_never_a_database() -> None:
    holders = []
    for path in sorted(UI.glob("*.py")):
        if path.name in COMPOSITION_ROOTS | {"operations.py", "backup_dialog.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bdatabase: Database\b|\bself\.database\b", text):
            holders.append(path.name)
    assert holders == []


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_every_read_and_write_runs_on_one_worker_not_the_gui_thread(
    operations: Operations,
) -> None:
    threads: list[int] = []
    results: list[object] = []
    for _ in range(3):
        operations.read(lambda _session: threads.append(threading.get_ident()), results.append)
        operations.write(lambda _session: threads.append(threading.get_ident()), results.append)
    assert operations.wait()
    assert len(threads) == 6 and len(set(threads)) == 1
    assert threads[0] != threading.get_ident()
    assert len(results) == 6


def test_writes_are_stamped_with_the_current_actor(
    operations: Operations, sqlite_database: Database
) -> None:
    saved: list[int] = []

    def create(session) -> int:
        company = Company(name_ru="ООО Ёлка", name_key="елка")
        session.add(company)
        session.flush()
        return company.id

    operations.write(create, saved.append)
    assert operations.wait()
    with sqlite_database.session() as session:
        actors = session.scalars(select(AuditEvent.actor)).all()
    assert saved and actors == [TEST_ACTOR]


def test_busy_while_queued_or_running_and_said_when_it_changes(operations: Operations) -> None:
    changes: list[bool] = []
    operations.busy_changed.connect(changes.append)
    release = threading.Event()
    operations.read(lambda _session: release.wait(5))
    operations.read(lambda _session: None)
    assert operations.busy
    release.set()
    assert operations.wait()
    assert not operations.busy
    assert changes[0] is True and changes[-1] is False


def test_an_expected_problem_goes_to_failed_and_nothing_is_written(
    operations: Operations, sqlite_database: Database, monkeypatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(error_reporting, "show_user_error", lambda parent, e: boxes.append(str(e)))
    failed: list[UserError] = []
    heard: list[BaseException] = []
    after: list[bool] = []

    def half_then_refused(session) -> None:
        session.add(Company(name_ru="Половина", name_key="половина"))
        session.flush()
        raise InputError("no such field")

    operations.write(
        half_then_refused,
        failed=failed.append,
        on_failure=heard.append,
        after=lambda: after.append(True),
    )
    assert operations.wait()
    assert [str(e) for e in failed] == ["no such field"] and heard == failed
    assert after == [True] and boxes == []
    with sqlite_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Company)) == 0


def test_a_bug_is_logged_and_reported_not_handed_to_failed(
    operations: Operations, monkeypatch, caplog
) -> None:
    reported: list[str] = []
    monkeypatch.setattr(
        error_reporting, "show_bug", lambda parent, summary: reported.append(summary)
    )
    failed: list[UserError] = []
    heard: list[BaseException] = []
    operations.read(lambda _session: 1 / 0, failed=failed.append, on_failure=heard.append)
    assert operations.wait()
    assert failed == []
    assert [type(e) for e in heard] == [ZeroDivisionError]
    assert reported and reported[0].startswith("ZeroDivisionError")
    assert "ZeroDivisionError" in caplog.text  # with its traceback, in the log


def test_cancel_stops_the_work_between_chunks(operations: Operations, parent: QWidget) -> None:
    chunks: list[int] = []
    outcome: list[str] = []

    def long_work(_session, progress: ProgressReporter) -> str:
        progress.start(100, "chunks")
        for chunk in range(100):
            progress.check_cancelled()
            chunks.append(chunk)
            time.sleep(0.01)
        return "finished"

    token = operations.read(
        long_work,
        outcome.append,
        parent=parent,
        label="Working…",
        cancelled=lambda: outcome.append("cancelled"),
    )
    time.sleep(0.05)
    token.cancel()
    assert operations.wait()
    assert outcome == ["cancelled"]
    assert 0 < len(chunks) < 100


def test_progress_appears_only_when_work_takes_a_while(
    operations: Operations, parent: QWidget, qtbot
) -> None:
    def dialogs() -> list[QProgressDialog]:
        return [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]

    operations.read(lambda _session, _progress: None, parent=parent, label="Quick…")
    assert operations.wait()
    assert dialogs() == []

    release = threading.Event()
    operations.read(lambda _session, _progress: release.wait(5), parent=parent, label="Slow…")
    qtbot.waitUntil(lambda: bool(dialogs()), timeout=3000)  # after about half a second
    assert dialogs()[0].labelText() == "Slow…"
    release.set()
    assert operations.wait()
    qtbot.waitUntil(lambda: not dialogs(), timeout=3000)


def test_elsewhere_runs_in_turn_on_the_same_worker(operations: Operations) -> None:
    order: list[str] = []
    operations.read(lambda _session: order.append("read"))
    operations.elsewhere(lambda _progress: order.append("file"))
    operations.write(lambda _session: order.append("write"))
    assert operations.wait()
    assert order == ["read", "file", "write"]


def test_emitting_signals_keeps_python_alive(qapp) -> None:
    # PySide6 6.12.0 dropped a reference to True on every emit() from Python; the GUI emits
    # a few signals per database operation, so a working day ended in bool_dealloc.
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        ping = Signal()

    emitter = Emitter()
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.ping.emit()
    # A stray reference or two may come and go; 6.12.0 lost one per emit.
    assert sys.getrefcount(True) >= before - 5


def test_busy_is_said_when_it_changes_not_for_every_task(operations: Operations) -> None:
    changes: list[bool] = []
    operations.busy_changed.connect(changes.append)
    for _ in range(5):
        operations.read(lambda _session: None)
    assert operations.wait()
    assert changes == [True, False]


def test_a_background_read_lets_work_queued_after_it_go_first(operations: Operations) -> None:
    started = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def busy(_session: object) -> None:
        started.set()
        release.wait(10)

    operations.read(busy)
    assert started.wait(10)  # the worker is busy: what follows waits in the queue
    operations.read(lambda _s: order.append("count"), background=True)  # a million ids
    operations.read(lambda _s: order.append("first page"))
    operations.read(lambda _s: order.append("row"))
    release.set()
    assert operations.wait()
    assert order == ["first page", "row", "count"]
