"""Starting the desktop application."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.errors import DatabaseError
from desktop_app.core.settings import DATABASE_URL, LANGUAGE
from desktop_app.ui import platform_check
from desktop_app.ui.app_icon import app_icon
from desktop_app.ui.error_reporting import install_excepthook
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.preload import preload_after_show
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


def open_database_interactively(url: str | None) -> Database | None:
    """Open the database; on an expected failure offer Retry, or give up with None."""
    while True:
        try:
            return open_database(url)
        except DatabaseError as exc:
            log.warning("cannot open the database: %s", exc)
            answer = QMessageBox.critical(
                None,
                QApplication.translate("app", "Cannot open the database"),
                exc.message,
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
            )
            if answer != QMessageBox.StandardButton.Retry:
                return None


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
    database = open_database_interactively(database_url or settings.get(DATABASE_URL) or None)
    if database is None:
        return 1
    window = MainWindow(database, settings)
    window.show()
    QTimer.singleShot(0, window.offer_demo_data_if_empty)
    # What the start path left for later loads while the person looks at the window.
    preload_after_show()
    try:
        return app.exec()
    finally:
        database.dispose()
