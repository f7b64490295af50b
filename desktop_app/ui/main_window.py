"""The main window: navigation on the left, one screen at a time on the right.

The window shows before the heavy part of the application is imported (issue #19): its
frame, navigation, menus and the first screen's skeleton need only Qt. Each screen's
module (and through it SQLAlchemy, the models, the services) is imported when the screen
is first shown, or by the preload, which starts at the first paint
(:mod:`desktop_app.ui.preload`). Given no database, the window opens it on the worker
(:meth:`MainWindow.open_database`): the first work of the one door, with the migration's
backup-first rule and the same dialogs as before on failure.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.errors import UserError
from desktop_app.core.settings import LANGUAGE
from desktop_app.ui.dropped_files import dropped_file
from desktop_app.ui.error_reporting import report_failure
from desktop_app.ui.local_settings import LocalSettings, current_actor
from desktop_app.ui.matching_runner import MatchingRunner
from desktop_app.ui.operations import Operations
from desktop_app.ui.screen_skeleton import ScreenSkeleton
from desktop_app.ui.tasks import TaskManager
from desktop_app.ui.translations import install_language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop_app.core.database.session import Database
    from desktop_app.core.progress import ProgressReporter
    from desktop_app.ui.backup_dialog import DatabaseBackups
    from desktop_app.ui.import_wizard import ImportWizard

log = logging.getLogger(__name__)

SCREENS: dict[str, tuple[str, str]] = {
    "dashboard": ("desktop_app.ui.dashboard_page", "DashboardPage"),
    "companies": ("desktop_app.ui.companies_page", "CompaniesPage"),
    "products": ("desktop_app.ui.products_page", "ProductsPage"),
    "demand": ("desktop_app.ui.demand_page", "DemandPage"),
    "matches": ("desktop_app.ui.matches_page", "MatchesPage"),
    "review": ("desktop_app.ui.review_page", "ReviewPage"),
    "export": ("desktop_app.ui.export_page", "ExportPage"),
    "audit": ("desktop_app.ui.audit_page", "AuditPage"),
}
"""Every screen in navigation order: its key, and the module and class that build it."""

FIRST_PAINT_FALLBACK_MS = 300  # a window never painted (minimised) still opens its database


class MainWindow(QMainWindow):
    """The ExportMatch window."""

    # Windows opened in place of another (a language switch) stay referenced here.
    open_windows: ClassVar[set[MainWindow]] = set()
    database_opened = Signal()
    """The database is open: the screens may read (at once when it was given open)."""
    first_painted = Signal()
    """The window's frame is on the screen (the preload begins; the first screen follows)."""
    first_screen_ready = Signal()
    """The first screen shows with its data (the start is over)."""

    def __init__(
        self, database: Database | None, settings: LocalSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # The composition root: the one place that holds the Database; everything below
        # reaches it through the door (`self.operations`), stamped with this person.
        # Without a database the window shows first and opens it with open_database().
        self.database = database
        self.settings = settings
        self.tasks = TaskManager(self)
        self.operations = Operations(database, self.tasks, lambda: current_actor(settings), self)
        self.open_failed = False
        self._url: str | None = None
        self._painted = database is not None
        self._ready = database is not None
        self._backups: DatabaseBackups | None = None
        self._needs_database: list[QAction] = []
        self.setWindowTitle(APP_NAME)
        self.setObjectName("main_window")
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMaximumWidth(220)
        # Roomier rows than a plain list: this is the app's main navigation.
        self.nav.setSpacing(3)
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.nav.setFont(nav_font)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        """The screens built so far; :meth:`page` builds one on demand."""
        titles = {
            "dashboard": self.tr("Dashboard"),
            "companies": self.tr("Companies"),
            "products": self.tr("Products"),
            "demand": self.tr("Demand"),
            "matches": self.tr("Matches"),
            "review": self.tr("Review"),
            "export": self.tr("Export"),
            "audit": self.tr("Audit"),
        }
        for key in SCREENS:
            self._add_screen(key, titles[key])
        self.skeleton = ScreenSkeleton(titles["dashboard"], self)
        self.stack.addWidget(self.skeleton)
        self.matching = MatchingRunner(self.operations, self)
        self.matching.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.matching.finished.connect(lambda report: self.refresh_current())
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        # The navigation as wide as its longest name ("Проверка совпадений") needs, and
        # never narrower: a wide screen (the Russian dashboard's tiles) must not squeeze
        # it at 1024 px.
        frame = 2 * self.nav.frameWidth() + 2 * self.nav.spacing() + 8
        nav_width = min(220, max(170, self.nav.sizeHintForColumn(0) + frame))
        self.nav.setMinimumWidth(nav_width)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter.setCollapsible(0, False)
        splitter.setSizes([nav_width, 1200 - nav_width])
        self.setCentralWidget(splitter)
        self.database_label = QLabel(self.tr("Opening the database…"))
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        geometry = settings.state("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        if database is not None:
            self._show_database(database)
            self.nav.setCurrentRow(0)
        else:
            # The skeleton until the first screen has its data; the screen is built once
            # the window has painted, while the worker opens the database.
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(0)
            self.nav.blockSignals(False)
            self.stack.setCurrentWidget(self.skeleton)
            self.skeleton.installEventFilter(self)

    # Building ------------------------------------------------------------------
    def _add_screen(self, key: str, title: str) -> None:
        # A slot in the stack that the screen takes when it is built.
        self.stack.addWidget(QWidget(self.stack))
        item = QListWidgetItem(title, self.nav)
        item.setData(Qt.ItemDataRole.UserRole, key)
        index = self.nav.count()
        if index <= 9:
            item.setToolTip(self.tr("{title} (Ctrl+{number})").format(title=title, number=index))

    def _build_page(self, key: str) -> QWidget:
        module_name, class_name = SCREENS[key]
        page_class = getattr(importlib.import_module(module_name), class_name)
        operations = self.operations
        page: Any  # each screen's class, imported by name
        if key == "dashboard":
            page = page_class(operations, self)
            page.run_matching_requested.connect(lambda: self.matching.run(changed_only=False))
        elif key in ("export", "audit"):
            page = page_class(operations)
        else:
            page = page_class(operations, self.settings)
        if key == "matches":
            page.open_in_review.connect(self.open_in_review)
        elif key == "export":
            page.fix_names_requested.connect(self._suggest_missing_names)
        message = getattr(page, "status_message", None)
        if message is not None:
            message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        return page

    def page(self, key: str) -> QWidget:
        """The screen called ``key``, built now if it was not yet."""
        page = self.pages.get(key)
        if page is None:
            page = self._build_page(key)
            self.pages[key] = page
            index = list(SCREENS).index(key)
            slot = self.stack.widget(index)
            assert slot is not None  # every screen has its slot from the start
            showing = self.stack.currentIndex() == index
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(slot)
            slot.deleteLater()
            if showing:
                self.stack.setCurrentIndex(index)
        return page

    @property
    def first_screen_is_ready(self) -> bool:
        """The first screen shows with its data (:attr:`first_screen_ready` was emitted)."""
        return self._ready

    @property
    def backups(self) -> DatabaseBackups:
        """File > Back up and Restore, made when first used."""
        if self._backups is None:
            from desktop_app.ui.backup_dialog import DatabaseBackups

            self._backups = DatabaseBackups(self.operations, self)
            self._backups.status_message.connect(
                lambda text: self.statusBar().showMessage(text, 8000)
            )
            self._backups.restored.connect(lambda outcome: self.refresh_current())
        return self._backups

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        needs_database: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # triggered(bool) passes the checked flag; the slots take their own arguments.
        action.triggered.connect(lambda _checked=False: slot())
        if needs_database:
            self._needs_database.append(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(
            self._action(
                self.tr("&Import…"), self.open_import_wizard, "Ctrl+I", needs_database=True
            )
        )
        file_menu.addAction(
            self._action(self.tr("&Export…"), partial(self.show_page, "export"), "Ctrl+E")
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(self.tr("Load &demo data"), self.offer_demo_data, needs_database=True)
        )
        # The backup dialogs' own titles (their translations): made when first used.
        translate = QApplication.translate
        file_menu.addAction(
            self._action(
                translate("DatabaseBackups", "&Back up database…"),
                lambda: self.backups.back_up(),
                needs_database=True,
            )
        )
        file_menu.addAction(
            self._action(
                translate("DatabaseBackups", "&Restore from backup…"),
                lambda: self.backups.restore(),
                needs_database=True,
            )
        )
        file_menu.addAction(
            self._action(
                self.tr("&Settings…"),
                self.open_settings,
                QKeySequence.StandardKey.Preferences,
                needs_database=True,
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        )
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for index in range(self.nav.count()):
            item = self.nav.item(index)
            action = self._action(
                item.text(), partial(self.nav.setCurrentRow, index), f"Ctrl+{index + 1}"
            )
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(
            self._action(
                self.tr("&Refresh"), self.refresh_current, QKeySequence.StandardKey.Refresh
            )
        )
        matching_menu = self.menuBar().addMenu(self.tr("&Matching"))
        matching_menu.addActions(self.matching.actions())
        self._needs_database += self.matching.actions()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About ExportMatch"), self._show_about))
        for action in self._needs_database:
            action.setEnabled(self.operations.is_open)

    # Opening the database ------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.skeleton and event.type() == QEvent.Type.Paint:
            # The frame is on the screen once this paint is flushed: the heavy work follows.
            self.skeleton.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)
        return super().eventFilter(watched, event)

    def open_database(self, url: str | None) -> None:
        """Open (and migrate) the database at ``url`` on the worker, then show the data.

        A failure is shown as before the window showed first: an expected problem
        (locked, damaged, too new, unreachable) with Retry and Close, a bug with where its
        details are logged; giving up closes the window with :attr:`open_failed` set.
        """
        self._url = url
        self.skeleton.set_status(self.tr("Opening the database…"))
        if not self._painted:
            QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._after_first_paint)

        def opener() -> Database:
            from desktop_app.core.database.session import open_database

            return open_database(url)

        self.operations.open(opener, self._database_opened, self._opening_failed)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        self.first_painted.emit()
        # The first screen's module loads here, on the GUI thread, while the worker opens
        # the database; it shows once its data came (_database_opened).
        self.page(list(SCREENS)[self.nav.currentRow()])
        if not self._ready and self.nav.currentRow() == 0:
            self.stack.setCurrentWidget(self.skeleton)

    def _database_opened(self, database: Database) -> None:
        self._after_first_paint()
        self._show_database(database)
        self.skeleton.set_status(self.tr("Reading the data…"))
        self.refresh_current()
        # After the first screen's reads, queued before this on the one worker.
        self.operations.elsewhere(lambda progress: None, lambda _nothing: self._reveal())
        self.database_opened.emit()

    def _show_database(self, database: Database) -> None:
        self.database = database
        self.database_label.setText(self.tr("Database: {name}").format(name=database.description))
        for action in self._needs_database:
            action.setEnabled(True)

    def _reveal(self) -> None:
        if self._ready:
            return
        self._ready = True
        if self.stack.currentWidget() is self.skeleton:
            self.stack.setCurrentIndex(self.nav.currentRow())
        self.first_screen_ready.emit()

    def _opening_failed(self, exc: BaseException, formatted: str) -> None:
        if isinstance(exc, UserError):
            log.warning("cannot open the database: %s", exc)
            answer = QMessageBox.critical(
                self,
                QApplication.translate("app", "Cannot open the database"),
                exc.message,
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
            )
            if answer == QMessageBox.StandardButton.Retry:
                self.open_database(self._url)
                return
        else:
            report_failure(self, exc, formatted)  # a bug: logged with its traceback
        self.open_failed = True
        self.close()

    # Behaviour -----------------------------------------------------------------
    def _show_about(self) -> None:
        from desktop_app.ui.about_dialog import show_about

        show_about(self, self.database.description if self.database else "")

    def _suggest_missing_names(self) -> None:
        """From the Export page's check: open Products and suggest the missing names."""
        self.show_page("products")
        products = self.page("products")
        products.suggest_missing_names()  # type: ignore[attr-defined]

    def show_page(self, key: str) -> None:
        """Switch to the screen called ``key``."""
        self.nav.setCurrentRow(list(SCREENS).index(key))

    def open_in_review(self, candidate_id: int) -> None:
        """Show a candidate on the review workbench (its filters widened if needed)."""
        self.show_page("review")
        review = self.page("review")
        review.open_candidate(candidate_id)  # type: ignore[attr-defined]

    def _show_page(self, row: int) -> None:
        if not self._painted:
            return  # the skeleton stays until the window has painted
        self.page(list(SCREENS)[row])  # a screen not built yet is built at once
        self.stack.setCurrentIndex(row)
        self.refresh_current()

    def refresh_current(self) -> None:
        """Reload the visible screen from the database (once it is open)."""
        if not self.operations.is_open:
            return
        page = self.pages.get(list(SCREENS)[self.nav.currentRow()])
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def open_settings(self) -> None:
        """Show the Settings dialog; a new language is loaded at once."""
        from desktop_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.operations, self.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.statusBar().showMessage(self.tr("Settings saved."), 5000)
        if dialog.language_changed:
            app = QApplication.instance()
            if app is not None:
                install_language(app, self.settings.get(LANGUAGE))
            self.reopen_in_current_language()
            return
        self.refresh_current()

    def reopen_in_current_language(self) -> MainWindow:
        """Replace this window by a new one built in the interface language now installed.

        Every label is created through ``tr()`` when its widget is built, so building the
        window again is the one way that reaches all of them, dialogs' parents included.
        """
        current = self.nav.currentRow()
        self.settings.set_state("main_window/geometry", self.saveGeometry())
        assert self.database is not None  # Settings, which switches, needs it open
        replacement = MainWindow(self.database, self.settings)
        replacement.nav.setCurrentRow(current)
        replacement.show()
        MainWindow.open_windows.add(replacement)
        self.close()
        return replacement

    def open_import_wizard(self, path: Path | None = None) -> ImportWizard:
        """Open the import wizard, on ``path`` when a file was dropped."""
        from desktop_app.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.operations, self, path)
        wizard.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        wizard.imported.connect(lambda summary: self.refresh_current())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.operations.is_open and dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_import_wizard(path)

    def offer_demo_data_if_empty(self) -> None:
        """On first start with an empty database, offer to load the demo data."""

        def is_empty(session: Session) -> bool:
            from desktop_app.core.services.demo import database_is_empty  # on the worker

            return database_is_empty(session)

        self.operations.read(is_empty, lambda empty: self.offer_demo_data() if empty else None)

    def offer_demo_data(self) -> None:
        """Ask, then load the demo data on the worker thread."""
        answer = QMessageBox.question(
            self,
            self.tr("Demo data"),
            self.tr(
                "Load the demo data? It adds fictitious exporters, products and "
                "Chinese buyers' demand so you can try ExportMatch."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(report: object) -> None:
            self.statusBar().showMessage(self.tr("Demo data loaded."), 5000)
            self.refresh_current()
            self.offer_matching()

        def load(session: Session, _progress: ProgressReporter) -> object:
            from desktop_app.core.services.demo import load_demo_data  # on the worker

            return load_demo_data(session)

        self.operations.write(
            load,
            done,
            parent=self,
            label=self.tr("Loading demo data…"),
        )

    def offer_matching(self) -> None:
        """After the demo data, offer the step that makes Review and the charts fill up."""
        answer = QMessageBox.question(
            self,
            self.tr("Run matching?"),
            self.tr(
                "The demo data is loaded. Run the matcher now? It scores the buyers' demand "
                "against the products (a few seconds), so Review, Matches and the dashboard "
                "have something to show. You can run it later with Matching > Run matching "
                "(Ctrl+M)."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.matching.run(changed_only=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_state("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        self.operations.wait(10_000)
        MainWindow.open_windows.discard(self)
        super().closeEvent(event)

    def app_icon(self) -> QIcon:
        """The window icon."""
        return self.windowIcon()
