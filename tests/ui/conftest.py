"""Fixtures for GUI tests: offscreen Qt, throwaway QSettings, a window on a test database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop_app.core.database.session import Database
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow


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
    window.tasks.wait(5000)
