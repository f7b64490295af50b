"""Tables are listed and read on the database worker; the page follows when rows arrive."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.table_page import TablePage
from desktop_app.ui.translations import install_language


def _products_page(main_window: MainWindow) -> TablePage:
    with main_window.database.session() as session:
        load_demo_data(session)
    page = main_window.page("products")
    assert isinstance(page, TablePage)
    return page


def test_a_table_is_listed_in_the_background(main_window: MainWindow, qtbot) -> None:
    app = QApplication.instance()
    assert app is not None
    install_language(app, "en")  # English plural forms, as the application starts with
    page = _products_page(main_window)
    page.model.ids = []
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.refresh()
        # The call returned before the ids were listed: the GUI thread was free.
        assert page.model.loading
        assert page.count_label.text() == "Loading…"
    assert page.model.rowCount() == 28
    assert not page.model.loading
    assert page.count_label.text() == "28 records"
    # The rows themselves are read on the worker too: empty until their page arrives.
    assert page.model.row_values(0) is None
    with qtbot.waitSignal(page.model.dataChanged, timeout=10_000):
        pass
    assert page.model.row_values(0) is not None


def test_an_answer_overtaken_by_a_newer_search_is_dropped(main_window: MainWindow, qtbot) -> None:
    page = _products_page(main_window)
    page.model.search_text = ""
    page.model.refresh()  # the whole table...
    page.model.set_search("葵花籽油")  # ...overtaken by a search before it was shown
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(page.model.rowCount()))
    assert main_window.operations.wait()
    assert not page.model.loading
    assert resets == [2]  # the whole table's answer never reached the screen
    assert page.model.rowCount() == 2


def test_selection_survives_a_background_refresh(main_window: MainWindow, qtbot) -> None:
    page = _products_page(main_window)
    page.model.refresh()
    assert main_window.operations.wait()
    chosen = page.model.id_at(5)
    assert chosen is not None
    page.select_id(chosen)
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.refresh()
    assert page.current_id() == chosen
