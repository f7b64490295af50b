"""Deal fit in Review: side-by-side rows on the card, a column and a filter in the queue."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.pooling.deal_fit import Fit
from desktop_app.core.settings import REVIEWER
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review_page import ReviewPage
from desktop_app.ui.review_queue_model import FIT_COLUMN
from tests.core.pooling.seed import in_90_days, seed_honey


def _page(main_window: MainWindow) -> tuple[ReviewPage, dict[str, int]]:
    main_window.settings.set(REVIEWER, "Анна")
    ids = seed_honey(main_window.database, in_90_days())
    main_window.show_page("review")
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    _settle(main_window, page)
    return page, ids


def _settle(main_window: MainWindow, page: ReviewPage) -> None:
    """Let the queue, its rows and the card arrive from the database worker."""
    main_window.operations.wait()
    for row in range(page.model.rowCount()):
        page.model.view_at(row)
    main_window.operations.wait()


def _select_product(page: ReviewPage, product_id: int) -> None:
    for row in range(page.model.rowCount()):
        view = page.model.view_at(row)
        if view is not None and view.product_id == product_id:
            page.view.selectRow(row)
            page.operations.wait()
            return
    raise AssertionError("product not in the queue")


def test_card_shows_deal_fit_rows_coloured(main_window: MainWindow, qtbot) -> None:
    page, ids = _page(main_window)
    _select_product(page, ids["D"])  # honey from a supplier without GACC registration
    table = page.card.deal_fit
    titles = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert titles[:3] == [
        "Quantity vs MOQ",
        "Quantity vs capacity by deadline",
        "Target price vs price range",
    ]
    eligibility = titles.index("Eligibility (GACC)")
    assert table.item(eligibility, 3).data(Qt.ItemDataRole.UserRole) == Fit.CONFLICT.value
    assert "has none" in table.item(eligibility, 3).text()
    assert table.item(eligibility, 3).background().color().name() == "#f8d4d4"
    # The buyer's side and the offer's side, with units and prices.
    price = titles.index("Target price vs price range")
    assert table.item(price, 1).text() == "9000.00 CNY/t"
    assert table.item(price, 2).text() == "4000.00–4500.00 CNY/t"
    # Score and verdict are untouched: the queue still shows the matcher's verdict.
    view = page.current_view()
    assert view is not None and view.score == 91.0


def test_deal_fit_column_and_filter(main_window: MainWindow, qtbot) -> None:
    page, ids = _page(main_window)
    model = page.model
    assert model.headerData(FIT_COLUMN, Qt.Orientation.Horizontal) == "Deal fit"
    shown = {model.data(model.index(row, FIT_COLUMN)) for row in range(model.rowCount())}
    assert shown == {"conflict", "unknown"}
    assert model.rowCount() == 5
    combo = page.deal_fit_filter
    combo.setCurrentIndex(combo.findData(Fit.UNKNOWN.value))
    _settle(main_window, page)
    # E makes 5,000 t a month and names no Incoterms: unknown, not a conflict.
    assert model.rowCount() == 1
    view = model.view_at(0)
    assert view is not None and view.product_id == ids["E"]
    combo.setCurrentIndex(combo.findData(Fit.CONFLICT.value))
    _settle(main_window, page)
    assert model.rowCount() == 4
    combo.setCurrentIndex(0)
    _settle(main_window, page)
    assert model.rowCount() == 5
