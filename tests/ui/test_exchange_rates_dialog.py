"""Exchange rates in Settings: typed in, imported from CSV (all or nothing), old ones grey."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.services.exchange_rates import list_rates
from desktop_app.ui.exchange_rates_dialog import OLD_RATE, ExchangeRatesDialog
from desktop_app.ui.main_window import MainWindow


def test_type_import_and_flag_rates(
    main_window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    dialog = ExchangeRatesDialog(main_window.operations, "Анна")
    qtbot.addWidget(dialog)
    dialog.base.setText("usd")
    dialog.quote.setText("¥")
    dialog.rate.setText("7,12")
    dialog.day.setDate(QDate.currentDate())
    dialog.source.setText("Bank of China")
    dialog.add_rate()
    main_window.operations.wait()
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(1, 5)] == [
        "USD",
        "7.12",
        "CNY",
        "Bank of China",
    ]
    old = (date.today() - timedelta(days=30)).isoformat()
    good = tmp_path / "rates.csv"
    good.write_text(f"base,quote,rate,date,source\nRUB,CNY,0.078,{old},CBR\n", encoding="utf-8")
    dialog.import_csv(str(good))
    main_window.operations.wait()
    assert dialog.last_import == 1
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 1).text() == "RUB"
    assert dialog.table.item(1, 0).background().color() == OLD_RATE
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    bad = tmp_path / "bad.csv"
    bad.write_text("base,quote,rate,date\nEUR,CNY,7.7,2026-12-01\nEUR,CNY,-1,2026-12-02\n")
    dialog.import_csv(str(bad))
    main_window.operations.wait()
    assert dialog.last_import == 0
    assert "row 3" in warnings[0] and "above zero" in warnings[0]
    with main_window.database.session() as session:
        assert len(list_rates(session)) == 2  # nothing of the bad file was kept
    dialog.table.selectRow(0)
    dialog.delete_selected()
    main_window.operations.wait()
    assert dialog.table.rowCount() == 1


def test_settings_offer_rates_and_their_age(main_window: MainWindow, qtbot, monkeypatch) -> None:
    from desktop_app.ui import exchange_rates_dialog
    from desktop_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(main_window.operations, main_window.settings)
    qtbot.addWidget(dialog)
    assert "rates/max_age_days" in dialog.editors
    assert "deal/buyer_currency" in dialog.editors
    opened: list[str] = []
    monkeypatch.setattr(
        exchange_rates_dialog.ExchangeRatesDialog, "exec", lambda self: opened.append(self.actor)
    )
    dialog.reviewer.setText("Анна")
    dialog.rates_button.click()
    assert opened == ["Анна"]
