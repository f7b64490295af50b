"""Review as in OpenRefine and Picard: accept any candidate, link by hand, close a request
with a reason, and a history of what was done (who, when) with undo for any entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from desktop_app.core.domain.enums import DemandStatus, LineOutcome, MatchSource, MatchStatus
from desktop_app.core.domain.models import DemandLine, MatchCandidate
from desktop_app.core.settings import REVIEWER
from desktop_app.ui.close_request_dialog import CloseRequestDialog
from desktop_app.ui.link_product_dialog import LinkProductDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review_page import ReviewPage
from tests.core.pooling.seed import in_90_days, seed_honey


def _page(main_window: MainWindow) -> tuple[ReviewPage, dict[str, int]]:
    main_window.settings.set(REVIEWER, "Анна")
    ids = seed_honey(main_window.database, in_90_days())
    main_window.show_page("review")
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    main_window.operations.wait()
    page.view.selectRow(0)
    main_window.operations.wait()
    return page, ids


def _status(main_window: MainWindow, product_id: int) -> MatchStatus:
    with main_window.database.session() as session:
        return session.scalars(
            select(MatchCandidate.status).where(MatchCandidate.product_id == product_id)
        ).one()


def test_accept_any_candidate_of_the_request_and_undo_from_history(
    main_window: MainWindow, qtbot
) -> None:
    page, ids = _page(main_window)
    panel = page.request_panel
    assert panel.table.rowCount() == 5
    assert [v.product_id for v in panel.views] == [ids[k] for k in "ABCDE"]
    panel.table.selectRow(2)  # C, third by score
    panel.accept_button.click()
    main_window.operations.wait()
    assert _status(main_window, ids["C"]) is MatchStatus.ACCEPTED
    history = page.history
    assert history.table.rowCount() == 1
    assert history.table.item(0, 1).text() == "Анна"
    assert "Accepted" in history.table.item(0, 2).text()
    # A decision from the queue goes on the history too, above the first.
    page.view.setFocus()
    page.view.selectRow(1)
    main_window.operations.wait()
    qtbot.keyClick(page.view, Qt.Key.Key_R)
    main_window.operations.wait()
    assert history.table.rowCount() == 2
    # Undo the older entry, not the last one.
    history.table.selectRow(1)
    history.undo_button.click()
    main_window.operations.wait()
    assert _status(main_window, ids["C"]) is MatchStatus.SUGGESTED
    assert "(undone)" in history.table.item(1, 2).text()
    assert _status(main_window, ids["B"]) is MatchStatus.REJECTED
    # Ctrl+Z undoes the last and the history says so.
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    main_window.operations.wait()
    assert _status(main_window, ids["B"]) is MatchStatus.SUGGESTED
    assert "(undone)" in history.table.item(0, 2).text()


def test_link_a_product_by_hand(main_window: MainWindow, qtbot) -> None:
    page, ids = _page(main_window)
    with main_window.database.session() as session:
        session.execute(
            MatchCandidate.__table__.delete().where(MatchCandidate.product_id == ids["E"])
        )
    page.refresh()
    main_window.operations.wait()
    dialog = LinkProductDialog(main_window.operations, "天然蜂蜜")
    qtbot.addWidget(dialog)
    dialog.query.setText("P-E")
    dialog.search()
    main_window.operations.wait()
    assert dialog.results.rowCount() >= 1
    assert not dialog.ok.isEnabled()
    row = next(r for r, hit in enumerate(dialog.hits) if hit.id == ids["E"])
    dialog.results.selectRow(row)
    assert dialog.ok.isEnabled() and dialog.selected().id == ids["E"]
    page.request_panel.link_product(ids["E"], "phoned the buyer")
    main_window.operations.wait()
    with main_window.database.session() as session:
        linked = session.scalars(
            select(MatchCandidate).where(MatchCandidate.product_id == ids["E"])
        ).one()
    assert linked.source is MatchSource.MANUAL and linked.status is MatchStatus.ACCEPTED
    panel = page.request_panel
    sources = [panel.table.item(r, 4).text() for r in range(panel.table.rowCount())]
    assert sources.count("manual") == 1
    assert "Linked by hand" in page.history.table.item(0, 2).text()


def test_close_a_request_with_a_reason_and_reopen(main_window: MainWindow, qtbot) -> None:
    page, ids = _page(main_window)
    dialog = CloseRequestDialog("天然蜂蜜")
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(LineOutcome.NO_SUPPLIER.value))
    dialog.reason.setText("nobody registered with GACC makes enough")
    assert ok.isEnabled()
    page.request_panel.close_with(*dialog.chosen())
    main_window.operations.wait()
    with main_window.database.session() as session:
        line = session.get(DemandLine, ids["line"])
        assert (line.status, line.outcome) == (DemandStatus.CLOSED, LineOutcome.NO_SUPPLIER)
    assert "No supplier" in page.history.table.item(0, 2).text()
    page.history.table.selectRow(0)
    page.history.undo_button.click()
    main_window.operations.wait()
    with main_window.database.session() as session:
        line = session.get(DemandLine, ids["line"])
        assert (line.status, line.outcome) == (DemandStatus.OPEN, None)
