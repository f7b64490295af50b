"""Smoke tests of the main window, offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.dashboard_page import DashboardPage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.table_page import TablePage


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
    dashboard = main_window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    dashboard.refresh()
    assert main_window.operations.wait()
    assert dashboard.tiles["products"].value.text() == "27"  # 28 demo products, one draft
    assert dashboard.tiles["companies"].value.text() == "8"


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
