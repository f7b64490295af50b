"""Tables are listed and read on the database worker; the page follows when rows arrive."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.progress import CancelToken
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui import record_table_model
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.table_page import TablePage
from desktop_app.ui.translations import install_language


@pytest.fixture
def short_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pages of 5 rows: the 28 demo products list like a million, first page then the rest."""
    monkeypatch.setattr(record_table_model, "PAGE_SIZE", 5)
    return 5


def _products_page(main_window: MainWindow) -> TablePage:
    with main_window.database.session() as session:
        load_demo_data(session)
    page = main_window.page("products")
    assert isinstance(page, TablePage)
    return page


def test_a_table_is_listed_in_the_background(
    main_window: MainWindow, qtbot, short_pages: int
) -> None:
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
    # The first page is shown at once, its rows read with it; the count is on its way.
    assert page.model.rowCount() == short_pages
    assert not page.model.loading
    assert page.model.counting
    # (English plural forms come from the translation the lead adds with the new string.)
    assert page.count_label.text().startswith("at least 5 record")
    assert page.count_label.text().endswith("counting…")
    assert all(page.model.row_values(row) is not None for row in range(short_pages))
    first_ids = list(page.model.ids)
    inserted: list[tuple[int, int]] = []
    page.model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(page.model.listing_complete, timeout=10_000):
        pass
    # The rest is added below the first page (the scrollbar grows; nothing is reset).
    assert inserted == [(5, 27)]
    assert page.model.rowCount() == 28
    assert list(page.model.ids[:5]) == first_ids  # held as an array (test_listing_ids)
    assert not page.model.counting
    assert page.count_label.text() == "28 records"
    # The other rows are read on the worker too: empty until their page arrives.
    assert page.model.row_values(27) is None
    with qtbot.waitSignal(page.model.dataChanged, timeout=10_000):
        pass
    assert page.model.row_values(27) is not None


def test_a_row_chosen_while_counting_stays_chosen(
    main_window: MainWindow, qtbot, short_pages: int
) -> None:
    page = _products_page(main_window)
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.refresh()
    assert page.model.counting
    chosen = page.model.id_at(3)
    page.view.selectRow(3)
    assert main_window.operations.wait()
    assert not page.model.counting
    assert page.model.rowCount() == 28
    assert page.current_id() == chosen
    assert page.view.selectionModel().isRowSelected(3)


def test_a_record_below_the_first_page_is_selected_again(
    main_window: MainWindow, qtbot, short_pages: int
) -> None:
    page = _products_page(main_window)
    page.refresh()
    assert main_window.operations.wait()
    chosen = page.model.id_at(20)
    assert chosen is not None
    page.select_id(chosen)
    page.refresh()  # after a save: the record is not on the first page read again
    assert main_window.operations.wait()
    assert page.current_id() == chosen
    assert page.model.row_of(chosen) == 20


def test_the_last_row_is_read_when_the_table_jumps_to_it(
    main_window: MainWindow, qtbot, short_pages: int
) -> None:
    page = _products_page(main_window)
    main_window.show_page("products")
    main_window.resize(1000, 360)  # a few rows on screen
    main_window.show()
    qtbot.waitExposed(main_window)
    page.refresh()
    assert main_window.operations.wait()
    last = page.model.rowCount() - 1
    assert page.model.row_values(last) is None  # not read yet: it is off screen
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert page.current_id() == page.model.ids[-1]
    # The painted rows asked for their page; it arrives from the worker.
    qtbot.waitUntil(lambda: page.model.row_values(last) is not None, timeout=10_000)
    values = page.model.row_values(last)
    assert values is not None
    assert page.model.index(last, 0).data() == values[0] != ""


def test_the_model_stays_consistent_while_the_rest_arrives(
    main_window: MainWindow, qtbot, qtmodeltester, short_pages: int
) -> None:
    page = _products_page(main_window)
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.refresh()
    assert page.model.counting
    qtmodeltester.check(page.model)  # the tester stays attached and checks the insertion
    assert main_window.operations.wait()
    assert page.model.rowCount() == 28
    qtmodeltester.check(page.model)


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


def test_a_search_stops_the_listing_it_overtakes(
    main_window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, short_pages: int
) -> None:
    page = _products_page(main_window)
    tokens: list[CancelToken] = []

    class RecordedToken(CancelToken):
        def __init__(self) -> None:
            super().__init__()
            tokens.append(self)

    monkeypatch.setattr(record_table_model, "CancelToken", RecordedToken)
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.refresh()
    assert page.model.counting  # the rest of the ids is asked for, with this token
    reading = tokens[-1]
    page.model.set_search("мёд")  # typed before they came
    # The worker stops reading them at its next chunk (list_ids raises Cancelled).
    assert reading.cancelled
    assert not tokens[-1].cancelled
    assert main_window.operations.wait()
    assert not page.model.counting
    assert 0 < page.model.rowCount() < 28
    for row in range(page.model.rowCount()):
        page.model.row_values(row)  # asks for the rows beyond the first page
    assert main_window.operations.wait()
    names = [page.model.row_values(row)[0].lower() for row in range(page.model.rowCount())]
    assert all("мёд" in name or "мед" in name for name in names), names
