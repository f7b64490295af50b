"""The review workbench by keyboard, bulk accept with cancel, Settings, Demand filters."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from sqlalchemy import select

from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.domain.models import (
    AuditEvent,
    DemandLine,
    GlossaryTerm,
    MatchCandidate,
    ReviewEvent,
)
from desktop_app.core.services.demo import load_demo_data
from desktop_app.core.services.review import decide
from desktop_app.core.settings import IMPORT_MAX_ROWS, LANGUAGE, REVIEWER, get_setting
from desktop_app.ui import review_page, settings_dialog
from desktop_app.ui.bulk_accept_dialog import BulkAcceptDialog
from desktop_app.ui.demand_page import DemandPage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review_page import ReviewPage
from desktop_app.ui.review_queue_model import BUYER_COLUMN, STATUS_COLUMN
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.core.services.test_review import seed_candidates


def _review_page(main_window: MainWindow) -> ReviewPage:
    main_window.settings.set(REVIEWER, "Анна")
    seed_candidates(main_window.database)
    main_window.show_page("review")
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    assert main_window.operations.wait()
    page.view.setFocus()
    return page


def _settled(main_window: MainWindow) -> None:
    assert main_window.operations.wait()


def _statuses(main_window: MainWindow) -> dict[int, tuple[MatchStatus, str | None]]:
    with main_window.database.session() as session:
        rows = session.execute(
            select(MatchCandidate.id, MatchCandidate.status, MatchCandidate.reviewer)
        )
        return {row[0]: (row[1], row[2]) for row in rows}


def test_workbench_accepts_rejects_and_undoes_by_keyboard(main_window, qtbot, monkeypatch):
    page = _review_page(main_window)
    oil, low, crab = page.model.ids
    assert page.counter.text() == "0 of 3 reviewed"
    assert "葵花籽油" in page.card.demand.toHtml()
    assert "background-color:#ffe082" in page.card.product.toHtml()  # matched term marked
    # The concept by its name, not its key.
    assert "shared concepts: sunflower oil" in page.card.reasons.text()
    assert "sunflower_oil" not in page.card.reasons.text()
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    assert page.model.ids[page.view.currentIndex().row()] == low  # moved on at once
    _settled(main_window)
    # What lowered the score is on the card too.
    assert "lowered by 30: the two sides name different goods" in page.card.reasons.text()
    qtbot.keyClick(page.view, Qt.Key.Key_R)
    _settled(main_window)
    assert _statuses(main_window)[oil] == (MatchStatus.ACCEPTED, "Анна")
    assert _statuses(main_window)[low] == (MatchStatus.REJECTED, "Анна")
    assert page.counter.text() == "2 of 3 reviewed"
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    assert _statuses(main_window)[low] == (MatchStatus.SUGGESTED, None)
    assert page.counter.text() == "1 of 3 reviewed"
    qtbot.keyClick(page.view, Qt.Key.Key_K)
    assert page.view.currentIndex().row() == 0
    qtbot.keyClick(page.view, Qt.Key.Key_J)
    qtbot.keyClick(page.view, Qt.Key.Key_S)
    assert page.model.ids[page.view.currentIndex().row()] == crab
    with main_window.database.session() as session:
        events = session.execute(
            select(ReviewEvent.candidate_id, ReviewEvent.actor, ReviewEvent.to_status).order_by(
                ReviewEvent.id
            )
        ).all()
        audit = session.scalars(
            select(AuditEvent.actor).where(AuditEvent.entity_type == "match_candidate")
        ).all()
    assert [tuple(e) for e in events] == [
        (oil, "Анна", MatchStatus.ACCEPTED),
        (low, "Анна", MatchStatus.REJECTED),
        (low, "Анна", MatchStatus.SUGGESTED),
    ]
    assert audit == ["Анна"] * 3
    assert main_window.statusBar().currentMessage().startswith("Undone: Rejected: ")


def test_accepting_a_cross_language_match_offers_a_glossary_pair(main_window, qtbot, monkeypatch):
    page = _review_page(main_window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.view.selectRow(2)  # 帝王蟹 -> Краб камчатский, no concept met
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    _settled(main_window)
    with main_window.database.session() as session:
        terms = set(session.scalars(select(GlossaryTerm.term)))
    assert {"帝王蟹", "краб камчатский"} <= terms


def test_filters_narrow_the_queue(main_window) -> None:
    page = _review_page(main_window)
    page.filter_bar.min_score.setValue(50)
    _settled(main_window)
    assert len(page.model.ids) == 2
    page.filter_bar.chapter.setText("03")
    _settled(main_window)
    assert len(page.model.ids) == 1
    assert page.counter.text() == "0 of 1 reviewed"


def test_bulk_accept_runs_on_the_worker_and_can_be_cancelled(main_window, qtbot) -> None:
    page = _review_page(main_window)
    tasks = main_window.operations.tasks
    token = tasks.run  # the real task manager
    cancelled: list[bool] = []
    page.status_message.connect(lambda text: cancelled.append("cancelled" in text))
    original = tasks.run

    def run_cancelled(task, parent=None):
        task.token.cancel()  # as if Cancel was pressed before the first chunk
        return original(task, parent)

    tasks.run = run_cancelled  # type: ignore[method-assign]
    page.run_bulk_accept(80)
    _settled(main_window)
    assert cancelled == [True]
    assert all(s == MatchStatus.SUGGESTED for s, _ in _statuses(main_window).values())
    tasks.run = token  # type: ignore[method-assign]
    page.run_bulk_accept(80)
    _settled(main_window)
    accepted = [s for s, _ in _statuses(main_window).values() if s is MatchStatus.ACCEPTED]
    assert len(accepted) == 2
    assert page.counter.text() == "2 of 3 reviewed"


def test_ctrl_z_after_a_bulk_accept_undoes_all_of_it_and_nothing_older(
    main_window, qtbot, monkeypatch
) -> None:
    page = _review_page(main_window)
    oil, low, crab = page.model.ids
    page.view.selectRow(1)
    qtbot.keyClick(page.view, Qt.Key.Key_R)  # a manual decision first

    def confirm_at_80(dialog: BulkAcceptDialog) -> QDialog.DialogCode:
        dialog.threshold.setValue(80)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BulkAcceptDialog, "exec", confirm_at_80)
    page.bulk()
    _settled(main_window)
    statuses = _statuses(main_window)
    assert statuses[oil][0] is statuses[crab][0] is MatchStatus.ACCEPTED
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    statuses = _statuses(main_window)
    assert statuses[oil] == statuses[crab] == (MatchStatus.SUGGESTED, None)
    assert statuses[low] == (MatchStatus.REJECTED, "Анна")  # the older decision stays
    assert main_window.statusBar().currentMessage().startswith("Undone: bulk accept of 2 match")
    assert page.counter.text() == "1 of 3 reviewed"
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    assert _statuses(main_window)[low] == (MatchStatus.SUGGESTED, None)
    assert main_window.statusBar().currentMessage().startswith("Undone: Rejected: ")


def _history(page: ReviewPage) -> list[tuple[str, str]]:
    table = page.history.table
    return [
        (table.item(row, 1).text(), table.item(row, 2).text()) for row in range(table.rowCount())
    ]


def test_a_bulk_accept_is_one_history_entry_undone_from_there_or_by_ctrl_z(
    main_window, qtbot, monkeypatch
) -> None:
    page = _review_page(main_window)
    oil, low, crab = page.model.ids
    page.view.selectRow(1)
    qtbot.keyClick(page.view, Qt.Key.Key_R)  # a manual decision first
    monkeypatch.setattr(
        BulkAcceptDialog,
        "exec",
        lambda dialog: (dialog.threshold.setValue(80), QDialog.DialogCode.Accepted)[1],
    )
    page.bulk()
    _settled(main_window)
    # What was done, by whom (and when: the first column), newest first.
    history = _history(page)
    # (Plural forms come from the English .qm the application installs; not here.)
    assert history[0][0] == "Анна" and history[0][1].startswith("Bulk accept of 2 match")
    assert history[1][0] == "Анна" and history[1][1].startswith("Rejected: ")
    assert page.history.table.item(0, 0).text()  # the time
    # Undone from the history: all of it, and Ctrl+Z then undoes the older decision.
    page.history.table.selectRow(0)
    page.history.undo_button.click()
    _settled(main_window)
    statuses = _statuses(main_window)
    assert statuses[oil] == statuses[crab] == (MatchStatus.SUGGESTED, None)
    assert statuses[low] == (MatchStatus.REJECTED, "Анна")
    assert _history(page)[0][1].endswith(" (undone)")
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    assert _statuses(main_window)[low] == (MatchStatus.SUGGESTED, None)
    assert main_window.statusBar().currentMessage().startswith("Undone: Rejected: ")
    # Bulk accept again, undone by Ctrl+Z: its history entry says so.
    page.bulk()
    _settled(main_window)
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    bulk_entries = [what for _who, what in _history(page) if what.startswith("Bulk accept")]
    assert len(bulk_entries) == 2 and all(what.endswith(" (undone)") for what in bulk_entries)
    assert _history(page)[0][1] == bulk_entries[0]


def test_two_decisions_on_one_match_are_undone_one_after_the_other(
    main_window, qtbot, monkeypatch
) -> None:
    problems: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: problems.append(args[2]))
    page = _review_page(main_window)
    oil = page.model.ids[0]
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    _settled(main_window)
    qtbot.keyClick(page.view, Qt.Key.Key_K)  # back to it, and change one's mind
    qtbot.keyClick(page.view, Qt.Key.Key_R)
    _settled(main_window)
    assert _statuses(main_window)[oil] == (MatchStatus.REJECTED, "Анна")
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    assert _statuses(main_window)[oil] == (MatchStatus.ACCEPTED, "Анна")
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(main_window)
    assert _statuses(main_window)[oil] == (MatchStatus.SUGGESTED, None)
    assert main_window.statusBar().currentMessage().startswith("Undone: Accepted: ")
    assert problems == []


def test_bulk_dialog_lists_line_product_and_the_score_as_the_queue_shows_it(
    main_window, qtbot
) -> None:
    page = _review_page(main_window)
    _oil, _low, crab = page.model.ids
    with main_window.database.session() as session:
        session.get_one(MatchCandidate, crab).score = 77.7
    page.refresh()
    _settled(main_window)
    crab_row = page.model.row_of(crab)
    assert crab_row is not None
    page.model.index(crab_row, 0).data()  # asks for the row
    _settled(main_window)
    assert page.model.index(crab_row, 0).data() == "78"
    dialog = BulkAcceptDialog(main_window.operations, page.model.filters, page)
    qtbot.addWidget(dialog)
    dialog.threshold.setValue(78)
    _settled(main_window)
    rows = [
        [dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())
    ]
    assert rows == [["葵花籽油", "Масло подсолнечное", "92"], ["帝王蟹", "Краб камчатский", "78"]]
    assert dialog.preview.text().startswith("2 undecided candidate")
    dialog.threshold.setValue(79)
    _settled(main_window)
    assert dialog.table.rowCount() == 1 and dialog.count == 1
    dialog.threshold.setValue(93)
    _settled(main_window)
    assert dialog.table.rowCount() == 0 and not dialog.accept_button.isEnabled()


def test_first_decision_offers_the_system_user_name_as_reviewer(
    main_window, qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(review_page, "system_user_name", lambda: "Анна Петрова")
    monkeypatch.setattr(settings_dialog, "system_user_name", lambda: "Анна Петрова")
    offered: list[str] = []

    def confirm(parent, title, label, echo, text):
        offered.append(text)
        return text, True

    monkeypatch.setattr(QInputDialog, "getText", confirm)
    seed_candidates(main_window.database)
    main_window.show_page("review")
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    _settled(main_window)
    oil = page.model.ids[0]
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    _settled(main_window)
    assert offered == ["Анна Петрова"]
    assert _statuses(main_window)[oil] == (MatchStatus.ACCEPTED, "Анна Петрова")
    assert main_window.settings.get(REVIEWER) == "Анна Петрова"
    qtbot.keyClick(page.view, Qt.Key.Key_R)
    assert offered == ["Анна Петрова"]  # asked once; Settings has it now


def test_settings_offer_the_system_user_name_until_one_is_saved(main_window, monkeypatch) -> None:
    monkeypatch.setattr(settings_dialog, "system_user_name", lambda: "Анна Петрова")
    dialog = SettingsDialog(main_window.operations, main_window.settings)
    assert dialog.reviewer.text() == "Анна Петрова"
    dialog.deleteLater()


def test_queue_rows_show_their_status_and_fit_a_small_window(main_window, qtbot) -> None:
    page = _review_page(main_window)
    main_window.resize(1024, 700)
    qtbot.waitUntil(lambda: main_window.width() == 1024)
    model = page.model

    qtbot.keyClick(page.view, Qt.Key.Key_A)
    qtbot.keyClick(page.view, Qt.Key.Key_R)
    status = [model.index(row, STATUS_COLUMN).data() for row in range(3)]
    assert status == ["✓ Accepted", "✗ Rejected", ""]
    assert model.index(2, STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == "Undecided"
    backgrounds = [model.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) for row in range(3)]
    assert backgrounds[0] is not None and backgrounds[1] is not None and backgrounds[2] is None
    assert backgrounds[0].color() != backgrounds[1].color()
    assert model.index(0, 6).data() == "Suggested"  # the verdict in words, not its key
    # The buyer column is on screen in full, without scrolling sideways.
    view = page.view
    assert not view.isColumnHidden(BUYER_COLUMN)
    right_edge = view.columnViewportPosition(BUYER_COLUMN) + view.columnWidth(BUYER_COLUMN)
    assert view.columnViewportPosition(BUYER_COLUMN) >= 0 and right_edge <= view.viewport().width()
    assert view.columnWidth(BUYER_COLUMN) >= 60
    assert not view.horizontalScrollBar().isVisible()


def test_status_filter_opens_downwards_from_its_box(main_window, qtbot) -> None:
    page = _review_page(main_window)
    combo = page.filter_bar.status
    assert combo.currentText() == "Any status"
    combo.showPopup()
    popup = combo.view().window()
    qtbot.waitUntil(popup.isVisible)
    box_top = combo.mapToGlobal(combo.rect().topLeft()).y()
    assert popup.geometry().top() >= box_top - 2
    combo.hidePopup()
    combo.setCurrentIndex(combo.findText("Rejected"))
    _settled(main_window)
    assert {status for status, _ in _statuses(main_window).values()} == {MatchStatus.SUGGESTED}
    assert page.model.rowCount() == 0


def test_review_queue_model_passes_the_model_tester(main_window, qtmodeltester) -> None:
    page = _review_page(main_window)
    qtmodeltester.check(page.model)
    _settled(main_window)  # the rows the tester asked for arrive
    qtmodeltester.check(page.model)


def test_demand_page_filters_and_shows_the_detail(main_window, qtbot) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    main_window.show_page("demand")
    page = main_window.page("demand")
    assert isinstance(page, DemandPage)
    _settled(main_window)
    total = page.model.rowCount()
    assert total == 30
    detail = page.detail.toPlainText()  # the first line's detail is shown
    # Its status as the interface says it, not the stored value.
    assert "Open" in detail and "open" not in detail.replace("Open", "")
    page.province.setCurrentIndex(page.province.findText("山东"))
    _settled(main_window)
    assert 0 < page.model.rowCount() < total
    page.matches.setCurrentIndex(1)  # only lines with matches: none before matching runs
    _settled(main_window)
    assert page.model.rowCount() == 0
    page.matches.setCurrentIndex(2)
    page.chapter.setText("44")
    _settled(main_window)
    for row in range(page.model.rowCount()):
        page.model.row_values(row)
    _settled(main_window)
    rows = [page.model.row_values(r) for r in range(page.model.rowCount())]
    assert rows and all(str(row[3]).startswith("44") for row in rows)


def test_settings_dialog_saves_local_and_shared_options(main_window, qtbot) -> None:
    dialog = SettingsDialog(main_window.operations, main_window.settings)
    qtbot.addWidget(dialog)
    _settled(main_window)
    dialog.reviewer.setText("Борис")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.editors[IMPORT_MAX_ROWS.key].setValue(5000)  # type: ignore[attr-defined]
    assert any(key.startswith("match/") for key in dialog.editors)
    dialog.save()
    _settled(main_window)
    assert main_window.settings.get(REVIEWER) == "Борис"
    assert main_window.settings.get(LANGUAGE) == "zh_CN" and dialog.language_changed
    with main_window.database.session() as session:
        assert get_setting(session, IMPORT_MAX_ROWS) == 5000


def test_connection_test_runs_in_the_background(main_window, qtbot, tmp_path) -> None:
    dialog = SettingsDialog(main_window.operations, main_window.settings)
    qtbot.addWidget(dialog)
    dialog.database_url.setText(str(tmp_path / "other.sqlite3"))
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=5000)
    assert "Connected to" in dialog.test_result.text()
    dialog.database_url.setText("mysql://nobody@nowhere/db")
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=5000)
    assert "Cannot connect" in dialog.test_result.text()


def test_a_decision_shows_at_once_and_is_rolled_back_when_refused(
    main_window, qtbot, monkeypatch
) -> None:
    page = _review_page(main_window)
    oil = page.model.ids[0]
    # Someone else decides the first candidate after this reviewer's queue was read.
    with main_window.database.session(actor="boris") as session:
        candidate = session.get(MatchCandidate, oil)
        assert candidate is not None
        decide(session, oil, MatchStatus.REJECTED, "boris", candidate.version)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: shown.append(args[2]))
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    # At once, before the worker has written anything: the row says accepted, and the
    # reviewer is on the next candidate.
    assert page.model.view_at(0).status is MatchStatus.ACCEPTED
    assert page.view.currentIndex().row() == 1
    _settled(main_window)
    # The write was refused (the version seen is stale): the message names who decided
    # first, and the row is put back as the database has it.
    assert shown and "boris" in shown[0]
    row = page.model.row_of(oil)
    assert row is not None
    page.model.view_at(row)
    _settled(main_window)
    assert page.model.view_at(row).status is MatchStatus.REJECTED
    assert _statuses(main_window)[oil] == (MatchStatus.REJECTED, "boris")


def test_demand_detail_shows_the_unit_a_target_price_is_quoted_per(main_window, qtbot) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
        line = session.scalars(select(DemandLine).where(DemandLine.ref == "D001")).one()
        line.target_price, line.currency, line.unit = Decimal(45), "CNY", "t"
        line.price_unit = "kg"  # the buyer wrote 45元/公斤 for a line counted in tonnes
        other = session.scalars(select(DemandLine).where(DemandLine.ref == "D002")).one()
        other.target_price, other.currency, other.unit = Decimal(3200), "USD", "t"
        first, second = line.id, other.id
    main_window.show_page("demand")
    page = main_window.page("demand")
    assert isinstance(page, DemandPage)
    _settled(main_window)
    page.select_id(first)
    _settled(main_window)
    assert "45 CNY/kg" in page.detail.toPlainText()
    page.select_id(second)
    _settled(main_window)
    assert "3,200 USD/t" in page.detail.toPlainText()  # per the line's own unit
