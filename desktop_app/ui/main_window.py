"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QSize, Qt
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
from desktop_app.core.database.session import Database
from desktop_app.core.services.demo import database_is_empty, load_demo_data
from desktop_app.core.settings import LANGUAGE
from desktop_app.ui.about_dialog import show_about
from desktop_app.ui.audit_page import AuditPage
from desktop_app.ui.backup_dialog import DatabaseBackups
from desktop_app.ui.companies_page import CompaniesPage
from desktop_app.ui.dashboard_page import DashboardPage
from desktop_app.ui.demand_page import DemandPage
from desktop_app.ui.dropped_files import dropped_file
from desktop_app.ui.export_page import ExportPage
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.local_settings import LocalSettings, current_actor
from desktop_app.ui.matches_page import MatchesPage
from desktop_app.ui.matching_runner import MatchingRunner
from desktop_app.ui.operations import Operations
from desktop_app.ui.products_page import ProductsPage
from desktop_app.ui.review_page import ReviewPage
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.tasks import TaskManager
from desktop_app.ui.translations import install_language


class MainWindow(QMainWindow):
    """The ExportMatch window."""

    # Windows opened in place of another (a language switch) stay referenced here.
    open_windows: ClassVar[set[MainWindow]] = set()

    def __init__(
        self, database: Database, settings: LocalSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # The composition root: the one place that holds the Database; everything below
        # reaches it through the door (`self.operations`), stamped with this person.
        self.database = database
        self.settings = settings
        self.tasks = TaskManager(self)
        self.operations = Operations(database, self.tasks, lambda: current_actor(settings), self)
        operations = self.operations
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
        self._add_page("dashboard", self.tr("Dashboard"), DashboardPage(operations, self))
        self._add_page("companies", self.tr("Companies"), CompaniesPage(operations, settings))
        self._add_page("products", self.tr("Products"), ProductsPage(operations, settings))
        self._add_page("demand", self.tr("Demand"), DemandPage(operations, settings))
        matches = MatchesPage(operations, settings)
        self._add_page("matches", self.tr("Matches"), matches)
        self._add_page("review", self.tr("Review"), ReviewPage(operations, settings))
        matches.open_in_review.connect(self.open_in_review)
        self._add_page("export", self.tr("Export"), ExportPage(operations))
        self._add_page("audit", self.tr("Audit"), AuditPage(operations))
        self.matching = MatchingRunner(operations, self)
        self.matching.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.matching.finished.connect(lambda report: self.refresh_current())
        dashboard = self.pages["dashboard"]
        assert isinstance(dashboard, DashboardPage)
        dashboard.run_matching_requested.connect(lambda: self.matching.run(changed_only=False))
        self.backups = DatabaseBackups(operations, self)
        self.backups.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.backups.restored.connect(lambda outcome: self.refresh_current())
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        export_page = self.pages["export"]
        assert isinstance(export_page, ExportPage)
        export_page.fix_names_requested.connect(self._suggest_missing_names)
        for page in self.pages.values():
            message = getattr(page, "status_message", None)
            if message is not None:
                message.connect(lambda text: self.statusBar().showMessage(text, 5000))
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
        self.database_label = QLabel(self.tr("Database: {name}").format(name=database.description))
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        geometry = settings.state("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        self.nav.setCurrentRow(0)

    # Building ------------------------------------------------------------------
    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self.pages[key] = page
        self.stack.addWidget(page)
        item = QListWidgetItem(title, self.nav)
        item.setData(Qt.ItemDataRole.UserRole, key)
        index = self.nav.count()
        if index <= 9:
            item.setToolTip(self.tr("{title} (Ctrl+{number})").format(title=title, number=index))

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # triggered(bool) passes the checked flag; the slots take their own arguments.
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self._action(self.tr("&Import…"), self.open_import_wizard, "Ctrl+I"))
        file_menu.addAction(
            self._action(self.tr("&Export…"), partial(self.show_page, "export"), "Ctrl+E")
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("Load &demo data"), self.offer_demo_data))
        file_menu.addActions(self.backups.actions())
        file_menu.addAction(
            self._action(
                self.tr("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences
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
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(
                self.tr("&About ExportMatch"), lambda: show_about(self, self.database.description)
            )
        )

    # Behaviour -----------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The screen called ``key``."""
        return self.pages[key]

    def _suggest_missing_names(self) -> None:
        """From the Export page's check: open Products and suggest the missing names."""
        self.show_page("products")
        products = self.pages["products"]
        assert isinstance(products, ProductsPage)
        products.suggest_missing_names()

    def show_page(self, key: str) -> None:
        """Switch to the screen called ``key``."""
        self.nav.setCurrentRow(list(self.pages).index(key))

    def open_in_review(self, candidate_id: int) -> None:
        """Show a candidate on the review workbench (its filters widened if needed)."""
        self.show_page("review")
        review = self.pages["review"]
        assert isinstance(review, ReviewPage)
        review.open_candidate(candidate_id)

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self.refresh_current()

    def refresh_current(self) -> None:
        """Reload the visible screen from the database."""
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def open_settings(self) -> None:
        """Show the Settings dialog; a new language is loaded at once."""
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
        replacement = MainWindow(self.database, self.settings)
        replacement.nav.setCurrentRow(current)
        replacement.show()
        MainWindow.open_windows.add(replacement)
        self.close()
        return replacement

    def open_import_wizard(self, path: Path | None = None) -> ImportWizard:
        """Open the import wizard, on ``path`` when a file was dropped."""
        wizard = ImportWizard(self.operations, self, path)
        wizard.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        wizard.imported.connect(lambda summary: self.refresh_current())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_import_wizard(path)

    def offer_demo_data_if_empty(self) -> None:
        """On first start with an empty database, offer to load the demo data."""
        self.operations.read(
            database_is_empty, lambda empty: self.offer_demo_data() if empty else None
        )

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

        self.operations.write(
            lambda session, _progress: load_demo_data(session),
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
