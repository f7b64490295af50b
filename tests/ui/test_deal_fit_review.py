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
    assert table.item(price, 1).text() == "9,000.00 CNY/t"
    assert table.item(price, 2).text() == "4,000.00–4,500.00 CNY/t"
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
    combo = page.filter_bar.deal_fit
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


def test_review_and_matches_filter_with_the_same_bar(main_window: MainWindow) -> None:
    """One filter bar (with its deal-fit choice) for the review queue and the Matches screen."""
    from desktop_app.ui.deal_fit_combo import DealFitCombo
    from desktop_app.ui.matches_page import MatchesPage
    from desktop_app.ui.review_filter_bar import ReviewFilterBar

    page, _ids = _page(main_window)
    matches = main_window.page("matches")
    assert isinstance(matches, MatchesPage)
    for screen in (page, matches):
        assert isinstance(screen.filter_bar, ReviewFilterBar)
        assert screen.findChildren(DealFitCombo) == [screen.filter_bar.deal_fit]
    # Both open with every status listed, "Any status" first (the popup opens downwards).
    assert page.filter_bar.status.currentText() == matches.filter_bar.status.currentText()
    assert page.filter_bar.status.currentIndex() == 0
    # A reset from "Open in Review" clears every filter, deal fit included, in one reload.
    page.filter_bar.deal_fit.setCurrentIndex(page.filter_bar.deal_fit.findData(Fit.CONFLICT.value))
    page.filter_bar.min_score.setValue(95)
    _settle(main_window, page)
    assert page.model.rowCount() == 0
    matches.refresh()
    main_window.operations.wait()
    hidden = matches.model.ids[0]
    page.open_candidate(hidden)
    _settle(main_window, page)
    assert page.filter_bar.fit() is None and page.filter_bar.min_score.value() == 0
    assert page.model.rowCount() == 5
    current = page.current_view()
    assert current is not None and current.id == hidden


def test_deal_fit_filter_is_judged_on_the_worker_with_a_busy_state(
    main_window: MainWindow, monkeypatch
) -> None:
    import threading

    from desktop_app.core.pooling import fit_service

    page, _ids = _page(main_window)
    threads: list[threading.Thread] = []
    judge = fit_service.deal_fits

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return judge(*args, **kwargs)

    monkeypatch.setattr(fit_service, "deal_fits", recording)
    busy: list[bool] = []
    page.model.busy_changed.connect(busy.append)
    combo = page.filter_bar.deal_fit
    combo.setCurrentIndex(combo.findData(Fit.CONFLICT.value))
    assert page.counter.text() == "Judging the deal fit…"  # at once, before any answer
    _settle(main_window, page)
    assert busy == [True, False]
    assert threads and threading.main_thread() not in threads
    assert page.model.rowCount() == 4
    assert page.counter.text().endswith("reviewed")


def test_cancelling_the_deal_fit_judgement_drops_the_filter(
    main_window: MainWindow, monkeypatch
) -> None:
    from desktop_app.core.errors import Cancelled
    from desktop_app.ui import matches_table_model, review_queue_model
    from desktop_app.ui.matches_page import MatchesPage

    def cancelled(*_args, **_kwargs):
        raise Cancelled()

    page, _ids = _page(main_window)
    monkeypatch.setattr(review_queue_model, "ids_with_fit", cancelled)
    monkeypatch.setattr(matches_table_model, "ids_with_fit", cancelled)
    combo = page.filter_bar.deal_fit
    combo.setCurrentIndex(combo.findData(Fit.CONFLICT.value))
    _settle(main_window, page)
    # The list and the filter agree: every candidate, "Any deal fit".
    assert combo.currentIndex() == 0 and page.model.fit_filter is None
    assert page.model.rowCount() == 5 and not page.model.busy
    matches = main_window.page("matches")
    assert isinstance(matches, MatchesPage)
    matches.refresh()
    main_window.operations.wait()
    matches.filter_bar.deal_fit.setCurrentIndex(combo.findData(Fit.CONFLICT.value))
    main_window.operations.wait()
    assert matches.filter_bar.deal_fit.currentIndex() == 0
    assert matches.model.rowCount() == 5 and not matches.model.loading


def test_concept_names_are_read_on_the_worker(main_window: MainWindow, monkeypatch) -> None:
    """The card names glossary concepts without loading the glossary on the GUI thread."""
    import threading

    from desktop_app.ui import review_page
    from tests.core.services.test_review import seed_candidates

    threads: list[threading.Thread] = []
    title = review_page.concept_title

    def recording(concept: str, language: str) -> str:
        threads.append(threading.current_thread())
        return title(concept, language)

    monkeypatch.setattr(review_page, "concept_title", recording)
    main_window.settings.set(REVIEWER, "Анна")
    seed_candidates(main_window.database)
    main_window.show_page("review")
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    main_window.operations.wait()
    main_window.operations.wait()
    assert "shared concepts: sunflower oil" in page.card.reasons.text()
    assert threads and threading.main_thread() not in threads


def test_long_rows_wrap_inside_the_card_width(qtbot) -> None:
    """Russian titles and outcomes are long: every column stays inside the card's width
    (no hidden outcome behind a scroll bar), the outcome keeps at least a third of it,
    and long cells wrap onto more lines instead."""
    from desktop_app.core.pooling.deal_fit import Aspect, DealFit, FitRow
    from desktop_app.ui.deal_fit_table import DealFitTable

    table = DealFitTable()
    qtbot.addWidget(table)
    table.resize(520, 240)
    table.show()
    long_reason = "подходит: производитель успевает поставить 512,526 т к сроку " * 2
    table.show_fit(
        DealFit(
            rows=(
                FitRow(
                    Aspect.CAPACITY,
                    "200 т к 15.01.2027",
                    "400 т в месяц × 1.3 мес.",
                    Fit.AGREE,
                    long_reason,
                ),
                FitRow(Aspect.MOQ, "200 t", "20 t", Fit.AGREE, "ok"),
            )
        )
    )
    header = table.horizontalHeader()
    width = table.viewport().width()
    widths = [header.sectionSize(column) for column in range(4)]
    assert sum(widths) <= width + 1
    assert widths[3] >= width // 3
    single_line = table.fontMetrics().height() + 8
    assert table.rowHeight(0) > single_line  # the long outcome wrapped
    table.resize(900, 240)
    assert header.sectionSize(3) > widths[3]  # a wider card gives the outcome more room
