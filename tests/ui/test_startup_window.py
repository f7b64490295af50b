"""The window shows before its database: skeleton, opening on the worker, lazy screens."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.database import session as session_module
from desktop_app.core.database.session import Database
from desktop_app.core.errors import DatabaseBusyError
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.dashboard_page import DashboardPage
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import SCREENS, MainWindow
from desktop_app.ui.preload import preload_after_show
from desktop_app.ui.products_page import ProductsPage
from desktop_app.ui.review_page import ReviewPage


class Critical:
    """Stands in for QMessageBox.critical: records what was said, answers as told."""

    def __init__(self, *answers: QMessageBox.StandardButton) -> None:
        self.answers = list(answers)
        self.shown: list[tuple[str, str]] = []

    def __call__(self, parent, title, text, buttons=None, *args) -> QMessageBox.StandardButton:
        self.shown.append((title, text))
        return self.answers.pop(0)


@pytest.fixture
def demo_url(sqlite_database: Database) -> str:
    """The URL of a SQLite database holding the demo data, closed again."""
    with sqlite_database.session(actor="test") as session:
        load_demo_data(session)
    url = sqlite_database.url.render_as_string(hide_password=False)
    sqlite_database.dispose()
    return url


@pytest.fixture
def window(qtbot, local_settings: LocalSettings) -> Iterator[MainWindow]:
    """A window shown before any database, as ``run_gui`` shows it."""
    shown = MainWindow(None, local_settings)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.operations.wait(10_000)
    if shown.database is not None:
        shown.database.dispose()


def test_the_window_shows_a_skeleton_until_the_first_screen_has_its_data(
    qtbot, window: MainWindow, demo_url: str
) -> None:
    assert window.stack.currentWidget() is window.skeleton
    assert window.pages == {}  # nothing of the screens before the first paint
    assert not window.operations.is_open
    titles = [window.nav.item(row).text() for row in range(window.nav.count())]
    expected = ["Dashboard", "Companies", "Products", "Demand", "Matches", "Review"]
    assert titles == [*expected, "Export", "Audit"]
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    dashboard = window.stack.currentWidget()
    assert isinstance(dashboard, DashboardPage)
    assert dashboard.tiles["companies"].value.text() == "8"  # its data came before it showed
    assert window.database is not None
    assert window.database.description in window.database_label.text()
    assert set(window.pages) == {"dashboard"}  # the other screens wait for their first visit


def test_a_click_on_a_screen_not_built_builds_it_at_once(
    qtbot, window: MainWindow, demo_url: str
) -> None:
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    assert "review" not in window.pages
    window.nav.setCurrentRow(list(SCREENS).index("review"))
    review = window.stack.currentWidget()
    assert isinstance(review, ReviewPage)
    assert window.pages["review"] is review
    window.show_page("products")
    products = window.stack.currentWidget()
    assert isinstance(products, ProductsPage)
    assert window.operations.wait()
    assert products.model.rowCount() == 28  # refreshed as it was shown


def test_a_screen_chosen_while_the_database_opens_gets_its_data_once_open(
    qtbot, window: MainWindow, demo_url: str
) -> None:
    qtbot.waitUntil(lambda: "dashboard" in window.pages, timeout=10_000)  # after the paint
    window.show_page("products")  # before the database is open: built and shown at once
    products = window.stack.currentWidget()
    assert isinstance(products, ProductsPage)
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    assert window.operations.wait()
    assert window.stack.currentWidget() is products
    assert products.model.rowCount() == 28


def test_the_preload_builds_the_remaining_screens(qtbot, window: MainWindow, demo_url: str) -> None:
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    preload_after_show(window, delay_ms=0)
    qtbot.waitUntil(lambda: set(window.pages) == set(SCREENS), timeout=120_000)
    assert isinstance(window.stack.currentWidget(), DashboardPage)  # nothing else moved


def test_a_database_written_by_a_newer_version_is_refused_with_its_dialog(
    qtbot, window: MainWindow, sqlite_database: Database, monkeypatch
) -> None:
    path = Path(str(sqlite_database.url.database))
    sqlite_database.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    critical = Critical(QMessageBox.StandardButton.Close)
    monkeypatch.setattr(QMessageBox, "critical", critical)
    window.open_database(str(path))
    qtbot.waitUntil(lambda: window.open_failed, timeout=30_000)
    assert [title for title, _text in critical.shown] == ["Cannot open the database"]
    assert "newer version of ExportMatch" in critical.shown[0][1]
    assert not window.isVisible()  # Close gives up: run_gui then exits with status 1
    assert path.read_bytes() == before  # the database was not changed


def test_retry_opens_the_database_once_it_is_free(
    qtbot, window: MainWindow, demo_url: str, monkeypatch
) -> None:
    real_open = session_module.open_database
    attempts: list[str | None] = []

    def busy_once(url: str | None = None, upgrade: bool = True) -> Database:
        attempts.append(url)
        if len(attempts) == 1:
            raise DatabaseBusyError("The database demo is busy: another ExportMatch is writing")
        return real_open(url, upgrade)

    monkeypatch.setattr(session_module, "open_database", busy_once)
    critical = Critical(QMessageBox.StandardButton.Retry)
    monkeypatch.setattr(QMessageBox, "critical", critical)
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    assert attempts == [demo_url, demo_url]
    assert len(critical.shown) == 1 and "busy" in critical.shown[0][1]
    assert not window.open_failed
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    assert dashboard.tiles["companies"].value.text() == "8"


def test_a_bug_while_opening_is_reported_and_closes_the_window(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    def broken(url: str | None = None, upgrade: bool = True) -> Database:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(session_module, "open_database", broken)
    critical = Critical(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "critical", critical)
    window.open_database("sqlite:///never.sqlite3")
    qtbot.waitUntil(lambda: window.open_failed, timeout=30_000)
    assert len(critical.shown) == 1 and "This is a bug in ExportMatch" in critical.shown[0][1]
    assert not window.isVisible()


def test_actions_that_need_the_database_wait_for_it(
    qtbot, window: MainWindow, demo_url: str
) -> None:
    assert not window.matching.run_all_action.isEnabled()
    with qtbot.waitSignal(window.first_screen_ready, timeout=60_000):
        window.open_database(demo_url)
    assert window.matching.run_all_action.isEnabled()
