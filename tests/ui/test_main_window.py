"""Smoke tests of the main window, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.dashboard_page import DashboardPage
from desktop_app.ui.demand_page import DemandPage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.record_table_model import display_value
from desktop_app.ui.table_page import TablePage
from desktop_app.ui.translations import date_format, install_language


def test_window_opens_with_navigation_and_database_in_status_bar(main_window: MainWindow) -> None:
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert titles[:5] == ["Dashboard", "Companies", "Products", "Demand", "Matches"]
    assert main_window.database.description in main_window.database_label.text()
    assert isinstance(main_window.stack.currentWidget(), DashboardPage)


def test_first_start_offers_demo_data_and_loads_it(main_window: MainWindow, qtbot, monkeypatch):
    asked: list[str] = []

    def answer_yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    main_window.offer_demo_data_if_empty()  # asks once the worker found the database empty
    assert main_window.operations.wait()
    assert asked and "demo data" in asked[0]
    assert main_window.operations.wait()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    dashboard = main_window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    dashboard.refresh()
    assert main_window.operations.wait()
    assert dashboard.tiles["products"].value.text() == "27"  # 28 demo products, one draft
    assert dashboard.tiles["companies"].value.text() == "8"
    # Then matching is offered (and, answered Yes, run), so Review has something to show.
    assert len(asked) == 2 and "Run the matcher now" in asked[1]
    assert main_window.operations.wait(60_000)
    dashboard.refresh()
    assert main_window.operations.wait()
    assert int(dashboard.tiles["suggested"].value.text()) > 0
    assert dashboard.no_matches.isHidden()


def test_dashboard_without_matches_offers_to_run_the_matcher(
    main_window: MainWindow, qtbot
) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    dashboard = main_window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    main_window.show_page("dashboard")
    dashboard.refresh()
    assert main_window.operations.wait()
    assert dashboard.no_matches.isVisible()
    assert "no matches yet" in dashboard.no_matches_text.text()
    dashboard.run_matching.click()
    assert main_window.operations.wait(60_000)
    dashboard.refresh()
    assert main_window.operations.wait()
    assert int(dashboard.tiles["suggested"].value.text()) > 0
    assert dashboard.no_matches.isHidden()
    # The HS chapter axis names the chapters, not only their numbers.
    labels = [label for label, _count in dashboard.chapter_chart.bars]
    assert labels and all(len(label) > 3 and label[:2].isdigit() for label in labels)
    assert any(label.startswith("03 Fish and crustaceans") for label in labels)
    assert "03 Fish and crustaceans, molluscs" in dashboard.chapter_chart.toolTip()


def test_one_hs_code_format_and_the_locale_date_format(main_window: MainWindow, qtbot) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    main_window.show_page("products")
    products = main_window.page("products")
    assert isinstance(products, TablePage)
    assert main_window.operations.wait()
    for row in range(products.model.rowCount()):
        products.model.index(row, 0).data()  # asks for the rows' pages
    assert main_window.operations.wait()
    column = [c.key for c in products.model.spec.columns].index("hs_code")
    shown = {products.model.index(row, column).data() for row in range(products.model.rowCount())}
    assert "0303.67" in shown and "030367" not in shown
    main_window.show_page("demand")
    demand = main_window.page("demand")
    assert "d MM yyyy" not in demand.deadline.displayFormat()
    demand.deadline.setDate(QDate(2027, 1, 7))
    assert demand.deadline.text() != "7 01 2027"
    assert demand.deadline.text() == QDate(2027, 1, 7).toString(date_format())
    assert "2027" in demand.deadline.text()


def test_dates_follow_the_interface_language_when_the_system_has_no_locale(qapp) -> None:
    if QLocale.system().language() != QLocale.Language.C:
        pytest.skip("the system has a locale of its own, which dates follow")
    try:
        install_language(qapp, "ru")
        assert date_format() == "dd.MM.yyyy"
        assert display_value(date(2027, 1, 7)) == "07.01.2027"
    finally:
        install_language(qapp, "en")
    assert display_value(date(2027, 1, 7)) == "2027-01-07"


def test_no_offer_when_the_database_has_data(main_window: MainWindow, monkeypatch) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: (_ for _ in ()).throw(
            AssertionError("asked although the database has data")
        ),
    )
    main_window.offer_demo_data_if_empty()
    assert main_window.operations.wait()


def test_products_page_lists_searches_and_sorts(main_window: MainWindow, qtbot) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    main_window.show_page("products")
    page = main_window.page("products")
    assert isinstance(page, TablePage)
    assert main_window.operations.wait()
    assert page.model.rowCount() == 28
    page.search.setText("葵花籽油")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.model.sort(3)  # HS code
    assert main_window.operations.wait()
    for row in range(page.model.rowCount()):
        page.model.row_values(row)  # asks for the page of rows
    assert main_window.operations.wait()
    codes = [page.model.row_values(row)[3] for row in range(page.model.rowCount())]
    assert codes == sorted(codes)


def test_record_table_model_passes_the_model_tester(main_window: MainWindow, qtmodeltester):
    with main_window.database.session() as session:
        load_demo_data(session)
    page = main_window.page("demand")
    assert isinstance(page, TablePage)
    page.refresh()
    assert main_window.operations.wait()
    qtmodeltester.check(page.model)
    assert main_window.operations.wait()  # the rows the tester asked for arrive
    qtmodeltester.check(page.model)


def test_readme_tells_the_truth_about_the_window(main_window: MainWindow) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    using = readme.split("## Using the application", 1)[1].split("\n## ", 1)[0]
    screens = [main_window.nav.item(row).text() for row in range(main_window.nav.count())]
    assert f"Ctrl+1 … Ctrl+{len(screens)}" in using
    assert all(f"**{title}**" in using for title in screens), screens  # each one described
    assert "Settings" not in screens and "**Settings** (a dialog" in using
    assert "lists what it will accept" in using and "one Ctrl+Z undoes" in using


@pytest.mark.parametrize(
    ("language", "oils"), [("ru", "Жиры и масла"), ("zh_CN", "动、植物或微生物油、脂及其分解产品")]
)
def test_dashboard_names_hs_chapters_in_the_interface_language(
    main_window: MainWindow, language: str, oils: str
) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.matching.engine import run_matching
    from desktop_app.ui.translations import install_language

    with main_window.database.session() as session:
        load_demo_data(session)
    with main_window.database.session() as session:
        run_matching(session)
    app = QApplication.instance()
    assert install_language(app, language)
    try:
        dashboard = main_window.page("dashboard")
        assert isinstance(dashboard, DashboardPage)
        dashboard.refresh()
        assert main_window.operations.wait()
        labels = [label for label, _count in dashboard.chapter_chart.bars]
        oil = next(label for label in labels if label.startswith("15 "))
        assert oil.startswith(f"15 {oils}")
        assert not any(char.isascii() and char.isalpha() for label in labels for char in label)
    finally:
        install_language(app, "en")


@contextmanager
def _window_at_1024(main_window: MainWindow, qtbot, language: str) -> Iterator[MainWindow]:
    """A second main window on the same database, 1024 pixels wide, in ``language``."""
    app = QApplication.instance()
    assert app is not None
    install_language(app, language)
    window = MainWindow(main_window.database, main_window.settings)
    try:
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        # Every screen fits beside the navigation: the window keeps the size asked for.
        qtbot.waitUntil(lambda: window.width() == 1024)
        yield window
    finally:
        install_language(app, "en")
        window.operations.wait(10_000)
        window.close()


@pytest.mark.parametrize("language", ["en", "ru", "zh_CN"])
def test_navigation_names_fit_a_1024_pixel_window_in_every_language(
    main_window: MainWindow, qtbot, language: str
) -> None:
    with _window_at_1024(main_window, qtbot, language) as window:
        nav = window.nav
        titles = [nav.item(row).text() for row in range(nav.count())]
        assert ("Проверка совпадений" in titles) == (language == "ru")
        metrics = nav.fontMetrics()
        room = nav.viewport().width()
        for row, title in enumerate(titles):
            # The whole name is painted inside the visible list, nothing cut at its edge.
            rect = nav.visualItemRect(nav.item(row))
            assert metrics.horizontalAdvance(title) <= rect.width(), title
            assert rect.right() < room, title
        assert not nav.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("language", ["ru", "zh_CN"])
def test_demand_filters_show_their_choice_in_full_at_1024_pixels(
    main_window: MainWindow, qtbot, language: str
) -> None:
    """The Demand screen's filter boxes were sized while their lists were still empty,
    so «Все покупатели» read «Все поку». Each box now shows its current choice whole."""
    with _window_at_1024(main_window, qtbot, language) as window:
        window.show_page("demand")
        page = window.page("demand")
        assert isinstance(page, DemandPage)
        window.operations.wait()
        qtbot.waitUntil(lambda: page.buyer.count() > 0)
        for combo in (page.buyer, page.province, page.matches):
            text = combo.currentText()
            assert text, combo
            # The text, the drop-down arrow and the frame fit inside the box.
            needed = combo.fontMetrics().horizontalAdvance(text) + 28
            assert combo.width() >= needed, (text, combo.width(), needed)
            assert combo.geometry().right() <= page.width(), text
