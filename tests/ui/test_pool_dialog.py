"""The pooling dialog: proposed shares, the officer's adjustment, accept and withdraw."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QDialog

from desktop_app.core.domain.enums import PoolStatus
from desktop_app.core.pooling.store import list_pools
from desktop_app.core.services.exchange_rates import save_rate
from desktop_app.core.settings import REVIEWER
from desktop_app.ui import review_page as review_module
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pool_dialog import PoolDialog
from desktop_app.ui.review_page import ReviewPage
from tests.core.pooling.seed import in_90_days, seed_honey


def _dialog(main_window: MainWindow, qtbot) -> tuple[PoolDialog, dict[str, int]]:
    ids = seed_honey(main_window.database, in_90_days())
    with main_window.database.session() as session:
        save_rate(session, "USD", "CNY", "7.1", date.today().isoformat(), "test", "test")
    dialog = PoolDialog(main_window.operations, ids["line"], "Анна")
    qtbot.addWidget(dialog)
    main_window.operations.wait()
    return dialog, ids


def _row(dialog: PoolDialog, product_id: int) -> int:
    for row in range(dialog.table.rowCount()):
        if dialog.share_spin(row).property("product_id") == product_id:
            return row
    raise AssertionError(product_id)


def test_adjust_accept_and_withdraw(main_window: MainWindow, qtbot) -> None:
    dialog, ids = _dialog(main_window, qtbot)
    assert dialog.table.rowCount() == 4  # A, B, C and D (rejected E is not offered)
    d_row = _row(dialog, ids["D"])
    assert not dialog.share_spin(d_row).isEnabled()
    assert "GACC" in dialog.table.item(d_row, 7).text()
    assert "shortfall 0 t" in dialog.totals.text()
    assert dialog.accept_button.isEnabled()
    # Below B's MOQ of 300 t: refused, with the reason, and nothing can be accepted.
    dialog.share_spin(_row(dialog, ids["B"])).setValue(100)
    assert "below its MOQ" in dialog.problem.text()
    assert not dialog.accept_button.isEnabled()
    dialog.share_spin(_row(dialog, ids["B"])).setValue(0)
    assert dialog.accept_button.isEnabled()
    assert "shortfall" in dialog.totals.text() and "shortfall 0 t" not in dialog.totals.text()
    dialog.accept_button.click()
    main_window.operations.wait()
    with main_window.database.session() as session:
        (pool,) = list_pools(session, ids["line"])
    assert pool.created_by == "Анна"
    assert ids["B"] not in {share.product_id for share in pool.shares}
    assert pool.shortfall > Decimal(0)
    assert "In force" in dialog.in_force.text()
    dialog.withdraw_button.click()
    main_window.operations.wait()
    with main_window.database.session() as session:
        assert list_pools(session, ids["line"]) == []
        (withdrawn,) = list_pools(session, ids["line"], (PoolStatus.WITHDRAWN,))
    assert withdrawn.id == pool.id
    assert not dialog.withdraw_button.isEnabled()


def test_ranking_by_score_fills_the_best_match_first(main_window: MainWindow, qtbot) -> None:
    dialog, ids = _dialog(main_window, qtbot)
    by_price = dialog.share_spin(_row(dialog, ids["A"])).value()
    dialog.ranking.setCurrentIndex(1)
    main_window.operations.wait()
    by_score = dialog.share_spin(_row(dialog, ids["A"])).value()
    assert by_score > by_price  # A scores best but is dearest


def test_review_pool_button_opens_the_dialog_for_the_line(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    main_window.settings.set(REVIEWER, "Анна")
    ids = seed_honey(main_window.database, in_90_days())
    main_window.show_page("review")
    main_window.operations.wait()
    page = main_window.page("review")
    assert isinstance(page, ReviewPage)
    opened: list[int] = []

    def fake_exec(dialog: PoolDialog) -> int:
        opened.append(dialog.demand_line_id)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(review_module.PoolDialog, "exec", fake_exec)
    page.view.selectRow(0)
    main_window.operations.wait()
    page.open_pool()
    assert opened == [ids["line"]]


def test_amounts_are_grouped_with_the_price_precision(main_window: MainWindow, qtbot) -> None:
    """No long tails of decimals, thousands grouped; prices with two decimals."""
    dialog, ids = _dialog(main_window, qtbot)
    a_row = _row(dialog, ids["A"])
    assert dialog.table.item(a_row, 5).text() == "6,000.00–6,500.00 CNY/t"
    assert dialog.table.item(a_row, 3).text() == "100 t"
    totals = dialog.totals.text()
    assert totals.startswith("Covered 2,500 of 2,500 t; shortfall 0 t.")
    assert re.search(r"total \d{1,3}(,\d{3})+\.\d\d–\d{1,3}(,\d{3})+\.\d\d CNY", totals)
    assert "2,500 t by" in dialog.heading.text()
    # Shares in tonnes are typed to the kilogram, grouped.
    assert dialog.share_spin(a_row).decimals() == 3
    assert dialog.share_spin(a_row).isGroupSeparatorShown()


def test_amounts_follow_the_interface_language(main_window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.translations import install_language

    app = QApplication.instance()
    assert install_language(app, "ru")
    try:
        dialog, ids = _dialog(main_window, qtbot)
        price = dialog.table.item(_row(dialog, ids["A"]), 5).text()
        # Russian groups with a (no-break) space and writes a decimal comma.
        assert "\u00a0" in price and "," in price and "." not in price
    finally:
        install_language(app, "en")


def test_a_pool_stored_from_another_process_is_named_not_replaced(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.cli import main

    dialog, ids = _dialog(main_window, qtbot)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    url = main_window.database.engine.url.render_as_string(hide_password=False)
    # Boris stores his own pool from the command line while Anna's dialog is open.
    assert main(["--database", url, "pool", "D-HONEY", "--accept", "--actor", "Борис"]) == 0
    dialog.accept_button.click()
    main_window.operations.wait()
    assert len(warnings) == 1 and "Борис stored pooled offer" in warnings[0]
    main_window.operations.wait()  # the dialog proposes again, with Boris's pool in force
    with main_window.database.session() as session:
        (pool,) = list_pools(session, ids["line"])
    assert pool.created_by == "Борис"
    assert "Борис" in dialog.in_force.text()
