"""Render every main screen with the demo data into PNG files (``make screenshots``).

Runs offscreen on a temporary database so the README's pictures always show the current
build: ``python -m desktop_app.ui.screenshots docs/screenshots``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop_app.core.database.session import open_database
from desktop_app.core.services.demo import prepare_demo_database
from desktop_app.ui.app import create_application
from desktop_app.ui.import_screenshots import grab_import_wizard
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import SCREENS, MainWindow
from desktop_app.ui.pool_screenshots import grab_pool_dialog, prepare_pooling
from desktop_app.ui.translations import install_language


def _settle(app: QApplication, window: MainWindow) -> None:
    # The screen's rows come from the database worker: let them arrive, then paint.
    window.operations.wait()
    for _ in range(5):
        app.processEvents()
    window.repaint()
    app.processEvents()


# Screens also shown in the other interface languages, as ``<screen>-<language>.png``.
TRANSLATED_SCREENS = ("review", "demand")
OTHER_LANGUAGES = ("ru", "zh_CN")


def take_screenshots(target: Path, size: tuple[int, int] = (1280, 800)) -> list[Path]:
    """Write one PNG per main screen into ``target``, and the screens of
    :data:`TRANSLATED_SCREENS` in Russian and Chinese; returns the files written."""
    target.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "screenshots.sqlite3"))
        prepare_demo_database(database, extra=(prepare_pooling,))
        settings = LocalSettings(
            QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        )
        written = []
        for language in (*OTHER_LANGUAGES, "en"):
            install_language(app, language)
            window = MainWindow(database, settings)
            window.resize(*size)
            window.show()
            english = language == "en"
            for key in SCREENS if english else TRANSLATED_SCREENS:
                window.show_page(key)
                _settle(app, window)
                path = target / (f"{key}.png" if english else f"{key}-{language}.png")
                window.grab().save(str(path))
                written.append(path)
            if english:
                written += grab_import_wizard(app, window, Path(folder), target)
                written.append(grab_pool_dialog(app, window, window.operations, target))
            window.close()
            window.deleteLater()
        database.dispose()
    return written


def main() -> int:
    """Entry point of ``make screenshots``."""
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take_screenshots(target):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
