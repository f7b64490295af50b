"""The window step of ``exportmatch --self-test`` (desktop_app/cli/self_test.py).

The CLI imports this module only when the step runs, so the rest of the self-test, like
every other command, works without loading Qt.

A frozen build that lacks a Qt plugin fails only when Qt looks for it: the platform
plugin when the application object is made, the translations when a language is chosen.
This step does each once, offscreen, and looks for the display plugin a desktop needs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from desktop_app import __version__
from desktop_app.core.database.session import Database
from desktop_app.ui.about_dialog import about_box
from desktop_app.ui.app import create_application
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.translations import install_language


class WindowCheckFailed(Exception):
    """The window step found something wrong; the message says what."""


def require(condition: bool, message: str) -> None:
    """Fail the window step with ``message`` unless ``condition`` holds."""
    if not condition:
        raise WindowCheckFailed(message)


# The platform plugin a real desktop needs; the self-test itself runs on ``offscreen``.
DISPLAY_PLUGINS = {
    "linux": "libqxcb.so",
    "win32": "qwindows.dll",
    "darwin": "libqcocoa.dylib",
}


def display_plugin_found() -> str | None:
    """Path of this platform's display plugin in Qt's plugin folders, or None."""
    name = DISPLAY_PLUGINS.get(sys.platform)
    if name is None:
        return "(unknown platform)"
    for folder in QCoreApplication.libraryPaths():
        candidate = Path(folder) / "platforms" / name
        if candidate.is_file():
            return str(candidate)
    return None


def show_main_window(database: Database, folder: Path) -> str:
    """Open the main window and the About box on ``database``; settings go to ``folder``."""
    app = create_application([sys.argv[0]])
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    require(
        not wanted or app.platformName() == wanted.split(":")[0],
        f"platform plugin {wanted!r} not loaded (got {app.platformName()!r})",
    )
    plugin = display_plugin_found()
    require(plugin is not None, f"no {DISPLAY_PLUGINS.get(sys.platform)} among Qt's plugins")
    require(install_language(app, "ru"), "the Russian translation does not load")
    require(install_language(app, "en"), "cannot switch back to English")
    qsettings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(database, LocalSettings(qsettings))
    try:
        window.show()
        window.operations.wait()
        app.processEvents()
        require(window.isVisible(), "the main window did not show")
        require(not window.windowIcon().isNull(), "the main window has no icon")
        about = about_box(window, database.description)
        require(not about.iconPixmap().isNull(), "the About box has no icon")
        require(__version__ in about.text(), "the About box does not show the version")
        about.deleteLater()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"platform {app.platformName()}, display plugin {Path(str(plugin)).name}"
