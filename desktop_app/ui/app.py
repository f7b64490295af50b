"""Starting the desktop application: the window first, then the database and the rest.

``run_gui`` imports only Qt and the window's frame; the window shows at once with its
first screen's skeleton, opens the database on the worker (migrating it, backup first),
and the first screen shows when its data arrived. The screens' modules, SQLAlchemy and
the models load meanwhile (the first screen's) or later (the others, by the preload from
the first paint on). Opening failures show the same dialogs as before.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.settings import DATABASE_URL, LANGUAGE
from desktop_app.ui import platform_check
from desktop_app.ui.app_icon import app_icon
from desktop_app.ui.error_reporting import install_excepthook
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.preload import preload_from_first_paint, stop_preload
from desktop_app.ui.translations import install_language

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names set, reusing one that exists (tests)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def run_gui(database_url: str | None = None) -> int:
    """Open the main window and run until it is closed; returns the exit status."""
    problem = platform_check.startup_problem()
    if problem is not None:
        # Qt would abort naming only libxcb-cursor0; say which packages are missing.
        log.error("%s", problem)
        print(problem, file=sys.stderr)
        return 1
    app = create_application()
    install_excepthook()
    settings = LocalSettings()
    install_language(app, settings.get(LANGUAGE))
    window = MainWindow(None, settings)
    # What the start path left for later loads from the first paint on, giving way to
    # the GUI (and, once the first screen has its data, to the worker) between steps.
    window.first_painted.connect(lambda: preload_from_first_paint(window))
    window.show()
    window.database_opened.connect(lambda: QTimer.singleShot(0, window.offer_demo_data_if_empty))
    window.open_database(database_url or settings.get(DATABASE_URL) or None)
    try:
        status = app.exec()
    finally:
        stop_preload()  # no import left half done on its thread while Python exits
        if window.database is not None:
            window.database.dispose()
    return 1 if window.open_failed else status
