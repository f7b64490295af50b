"""Fixtures for GUI tests: offscreen Qt, throwaway QSettings, a window on a test database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.database.session import Database
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operations import Operations
from desktop_app.ui.tasks import TaskManager

TEST_ACTOR = "anna"


def _discard(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
    return QMessageBox.StandardButton.Discard


# A question nobody answers would wait forever offscreen, even while pytest-qt closes a
# test's widgets after its fixtures are gone (a changed form asks whether to save): the
# answer is Discard. Tests that expect a question patch ``QMessageBox.question`` themselves.
QMessageBox.question = _discard  # type: ignore[assignment,method-assign]


def operations_on(database: Database, actor: str = TEST_ACTOR) -> Operations:
    """The GUI's door to ``database``, its writes stamped with ``actor``."""
    return Operations(database, TaskManager(), lambda: actor)


@pytest.fixture
def operations(qtbot, sqlite_database: Database) -> Iterator[Operations]:
    """The door to an empty SQLite database, for a page or dialog tested on its own."""
    door = operations_on(sqlite_database)
    yield door
    door.wait(10_000)


@pytest.fixture
def local_settings(tmp_path: Path) -> LocalSettings:
    """Settings in a temporary INI file, never the user's."""
    return LocalSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def main_window(
    qtbot, sqlite_database: Database, local_settings: LocalSettings
) -> Iterator[MainWindow]:
    """The main window on an empty SQLite database."""
    window = MainWindow(sqlite_database, local_settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.operations.wait(10_000)
