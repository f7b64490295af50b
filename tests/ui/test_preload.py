"""The preload gives way: one small step at a time, each only once the GUI thread has
handled what it was doing and, after the start, the worker is idle."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication

from desktop_app.core.database.session import Database
from desktop_app.ui import preload
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import SCREENS, MainWindow
from desktop_app.ui.tasks import Task


@pytest.fixture
def window(qtbot, sqlite_database: Database, local_settings: LocalSettings) -> Iterator[MainWindow]:
    shown = MainWindow(sqlite_database, local_settings)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.operations.wait(10_000)


def test_each_step_is_taken_on_its_own_after_a_wait_and_off_the_gui_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken: list[tuple[str, str]] = []

    def step(name: str) -> None:
        taken.append(("step", name))
        assert threading.current_thread() is not threading.main_thread()

    names = ["a", "b", "c"]
    monkeypatch.setattr(
        preload, "steps", lambda: [(name, lambda n=name: step(n)) for name in names]
    )
    monkeypatch.setattr(preload, "_loaded", [])
    monkeypatch.setattr(preload, "_listeners", [])
    thread = threading.Thread(
        target=preload.preload_now, args=(lambda: taken.append(("wait", "")),)
    )
    thread.start()
    thread.join(30)
    waited = ("wait", "")
    assert taken == [waited, ("step", "a"), waited, ("step", "b"), waited, ("step", "c")]


def test_the_steps_begin_with_what_review_needs_and_hold_every_screen() -> None:
    names = [name for name, _step in preload.steps()]
    assert names[0] == "desktop_app.ui.review_page"
    assert names[1:3] == ["desktop_app.ui.matches_page", "desktop_app.ui.import_wizard"]
    assert names.index("desktop_app.core.services.naming") < names.index("glossary")
    assert names.index("glossary") < names.index("desktop_app.ui.export_page")
    assert names.index("desktop_app.core.matching.engine") < names.index("regional words")
    assert names[-1] == "alembic.command"
    assert {module for module, _class in SCREENS.values()} <= set(names)
    assert len(names) == len(set(names))


def test_a_step_waits_until_the_gui_thread_has_handled_what_it_was_doing(
    window: MainWindow,
) -> None:
    gate = preload.Gate()
    preload.GateKeeper(window, gate)
    opened: list[float] = []
    waiter = threading.Thread(target=lambda: (gate.wait(), opened.append(time.monotonic())))
    waiter.start()
    time.sleep(0.3)  # the GUI thread busy with a click: it handles no event meanwhile
    busy_until = time.monotonic()
    assert not opened
    deadline = time.monotonic() + 10
    while not opened and time.monotonic() < deadline:
        QCoreApplication.processEvents()  # the ping is handled in its turn
        time.sleep(0.005)
    waiter.join(10)
    assert opened and opened[0] >= busy_until


def test_once_the_first_screen_is_ready_a_step_waits_for_the_worker(window: MainWindow) -> None:
    gate = preload.Gate()
    preload.GateKeeper(window, gate)
    assert gate.watch_worker  # the window had its database: the start is over
    release = threading.Event()
    finished: list[float] = []

    def work(progress: object) -> None:
        release.wait(10)
        finished.append(time.monotonic())

    window.tasks.run(Task(work))
    assert gate.worker_busy
    opened: list[float] = []
    waiter = threading.Thread(target=lambda: (gate.wait(), opened.append(time.monotonic())))
    waiter.start()
    time.sleep(0.2)
    assert not opened  # the worker is reading for a click
    release.set()
    deadline = time.monotonic() + 10
    while not opened and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    waiter.join(10)
    assert finished and opened and opened[0] >= finished[0]


def test_a_gate_without_a_keeper_is_open() -> None:
    # No GUI to give way to (a script, the startup test): the steps follow each other.
    waiter = threading.Thread(target=preload.Gate().wait)
    waiter.start()
    waiter.join(30)
    assert not waiter.is_alive()


def test_at_quit_no_further_step_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    monkeypatch.setattr(preload, "_gate", preload.Gate())
    monkeypatch.setattr(preload, "_threads", [])
    monkeypatch.setattr(preload, "_loaded", [])
    monkeypatch.setattr(preload, "_listeners", [])

    def first() -> None:
        taken.append("first")
        preload.stop_preload()  # the window closed while this step ran

    listed = [("first", first), ("second", lambda: taken.append("second"))]
    monkeypatch.setattr(preload, "steps", lambda: listed)
    preload.preload_now(preload._gate.wait)
    assert taken == ["first"]
