"""A background task whose database connection is refused offers Retry, and retrying works."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.database.session import Database, open_database
from desktop_app.core.errors import ConflictError, DatabaseError
from desktop_app.core.services.dashboard import dashboard_figures
from desktop_app.ui.error_reporting import AlreadyReported, connection_failed, report_failure
from desktop_app.ui.tasks import Task, TaskManager


def _refused_url() -> str:
    """A PostgreSQL URL on a local port nobody listens on: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql://exportmatch@127.0.0.1:{port}/exportmatch?connect_timeout=2"


class Dialogs:
    """Stands in for QMessageBox.exec: records what was shown, answers Retry n times."""

    def __init__(self, retries: int) -> None:
        self.retries = retries
        self.shown: list[str] = []

    def exec(self, box: QMessageBox) -> QMessageBox.StandardButton:
        self.shown.append(box.text())
        assert box.standardButtons() & QMessageBox.StandardButton.Retry
        if self.retries > 0:
            self.retries -= 1
            return QMessageBox.StandardButton.Retry
        return QMessageBox.StandardButton.Cancel


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _run(qtbot, parent: QWidget, task: Task) -> None:
    manager = TaskManager()
    manager.run(task, parent)
    qtbot.waitUntil(lambda: not manager.busy, timeout=15_000)
    manager.wait(5000)


def test_refused_connection_offers_retry_and_the_retry_succeeds(
    qtbot, parent: QWidget, sqlite_database: Database, monkeypatch
) -> None:
    dialogs = Dialogs(retries=1)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: dialogs.exec(box))
    urls = [_refused_url(), sqlite_database.url.render_as_string(hide_password=False)]
    results: list[object] = []
    errors: list[BaseException] = []

    def work(progress: object) -> int:
        # The first run meets a refused server, the second a working database.
        database = open_database(urls.pop(0))
        try:
            with database.session() as session:
                return dashboard_figures(session).companies
        finally:
            database.dispose()

    _run(qtbot, parent, Task(work, on_done=results.append, on_error=lambda e, t: errors.append(e)))
    assert results == [0] and errors == [] and urls == []
    assert len(dialogs.shown) == 1
    assert "127.0.0.1" in dialogs.shown[0] and "retry" in dialogs.shown[0]


def test_cancel_hands_the_error_on_once_without_a_second_dialog(
    qtbot, parent: QWidget, monkeypatch
) -> None:
    dialogs = Dialogs(retries=0)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: dialogs.exec(box))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: pytest.fail("the error was shown twice")
    )
    errors: list[BaseException] = []
    attempts: list[int] = []

    def work(progress: object) -> None:
        attempts.append(1)
        open_database(_refused_url())

    def on_error(exc: BaseException, formatted: str) -> None:
        errors.append(exc)
        report_failure(parent, exc, formatted)

    _run(qtbot, parent, Task(work, on_error=on_error))
    assert len(attempts) == 1 and len(dialogs.shown) == 1
    assert len(errors) == 1 and isinstance(errors[0], AlreadyReported)
    assert isinstance(errors[0].original, DatabaseError)


def test_other_failures_are_not_offered_a_retry(qtbot, parent: QWidget, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("Retry offered"))
    errors: list[BaseException] = []

    def conflict(progress: object) -> None:
        raise ConflictError("boris already set match 12 to accepted")

    _run(qtbot, parent, Task(conflict, on_error=lambda e, t: errors.append(e)))
    assert [type(e) for e in errors] == [ConflictError]
    assert not connection_failed(DatabaseError("the schema is too new"))
    assert not connection_failed(ValueError("a bug"))
