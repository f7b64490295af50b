"""The Matches screen: Review's filters narrow the table; "Open in Review" shows the match."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.pooling.deal_fit import Fit
from desktop_app.core.settings import REVIEWER
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.matches_page import MatchesPage
from desktop_app.ui.review_page import ReviewPage
from tests.core.pooling.seed import in_90_days, seed_honey


def test_filters_and_open_in_review(main_window: MainWindow, qtbot, qtmodeltester) -> None:
    main_window.settings.set(REVIEWER, "Анна")
    ids = seed_honey(main_window.database, in_90_days())
    main_window.show_page("matches")
    page = main_window.page("matches")
    assert isinstance(page, MatchesPage)
    main_window.operations.wait()
    assert page.model.rowCount() == 5
    qtmodeltester.check(page.model)
    bar = page.filter_bar
    bar.status.setCurrentIndex(bar.status.findData(MatchStatus.REJECTED.value))
    main_window.operations.wait()
    assert page.model.rowCount() == 1  # E was rejected
    rejected = page.model.ids[0]
    bar.region.setCurrentIndex(bar.region.findData("黑龙江"))
    main_window.operations.wait()
    assert list(page.model.ids) == [rejected]
    bar.min_score.setValue(95)
    main_window.operations.wait()
    assert page.model.rowCount() == 0
    bar.min_score.setValue(0)
    main_window.operations.wait()
    # The Deal fit column and filter: E fits or is unknown, the others conflict.
    model = page.model
    column = model.columnCount() - 1
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Deal fit"
    model.data(model.index(0, column))  # asks for the page's deal fit
    main_window.operations.wait()
    assert model.data(model.index(0, column)) == "unknown"
    page.filter_bar.deal_fit.setCurrentIndex(page.filter_bar.deal_fit.findData(Fit.CONFLICT.value))
    main_window.operations.wait()
    assert page.model.rowCount() == 0  # only E is listed (status rejected), and it is unknown
    bar.status.setCurrentIndex(0)
    main_window.operations.wait()
    assert page.model.rowCount() == 4
    page.filter_bar.deal_fit.setCurrentIndex(0)
    bar.status.setCurrentIndex(bar.status.findData(MatchStatus.REJECTED.value))
    main_window.operations.wait()
    # The review queue hides rejected matches: opening one widens its filters.
    review = main_window.page("review")
    assert isinstance(review, ReviewPage)
    main_window.show_page("review")
    main_window.operations.wait()
    review.filter_bar.status.setCurrentIndex(
        review.filter_bar.status.findText("Undecided")
    )  # undecided only
    main_window.operations.wait()
    assert review.model.row_of(rejected) is None
    main_window.show_page("matches")
    page.select_id(rejected)
    page.open_button.click()
    main_window.operations.wait()
    assert main_window.stack.currentWidget() is review
    view = review.current_view()
    assert view is not None and view.id == rejected and view.product_id == ids["E"]
