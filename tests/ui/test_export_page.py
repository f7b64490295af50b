"""The Export screen on the demo data: catalogue and matches, filters, Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from desktop_app.core.domain.enums import BatchStatus, MatchStatus
from desktop_app.core.domain.models import ExportRun, MatchCandidate
from desktop_app.core.exporting import ExportKind, PerBuyer
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.export_page import ExportPage, split_words
from desktop_app.ui.main_window import MainWindow


def export_page(window: MainWindow) -> ExportPage:
    window.show_page("export")
    page = window.page("export")
    assert isinstance(page, ExportPage)
    return page


def choose(combo, value) -> None:
    value = getattr(value, "value", value)
    combo.setCurrentIndex(combo.findData(value))


def test_split_words_reads_lists() -> None:
    assert split_words(" 03, 15;16 ,") == ("03", "15", "16")


@pytest.mark.slow
def test_catalogue_of_the_demo_data_to_xlsx_with_a_chapter_filter(
    main_window: MainWindow, qtbot, tmp_path: Path
) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    page = export_page(main_window)
    choose(page.kind, ExportKind.CATALOGUE)
    assert not page.per_buyer.isEnabled()
    page.chapters.setText("15")
    target = tmp_path / "catalogue.xlsx"
    page.target.setText(str(target))
    with qtbot.waitSignal(page.exported, timeout=30_000) as done:
        page.export_button.click()
    summary = done.args[0]
    assert target.is_file() and summary.row_count > 0
    assert str(target) in main_window.statusBar().currentMessage()
    assert page.open_folder.isEnabled() and page.output_folder() == tmp_path
    rows = list(load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) > summary.row_count  # header rows plus one row per product
    assert summary.by_chapter and set(summary.by_chapter) == {"15"}
    with main_window.database.session() as session:
        run = session.scalars(select(ExportRun)).one()
        assert run.status == BatchStatus.DONE and run.row_count == summary.row_count
        # Put down to the person exporting, as every write of the GUI is.
        assert run.actor == main_window.operations.actor() != "gui"


@pytest.mark.slow
def test_accepted_matches_split_by_buyer_and_csv_suffix_follows_format(
    main_window: MainWindow, qtbot, tmp_path: Path
) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
        run_matching(session)
        for candidate in session.scalars(select(MatchCandidate).limit(3)):
            candidate.status = MatchStatus.ACCEPTED
    page = export_page(main_window)
    choose(page.kind, ExportKind.MATCHES)
    page.target.setText(str(tmp_path / "matches.xlsx"))
    choose(page.file_format, ".csv")
    assert page.target.text().endswith("matches.csv")
    choose(page.file_format, ".xlsx")
    choose(page.per_buyer, PerBuyer.SHEETS)
    with qtbot.waitSignal(page.exported, timeout=30_000) as done:
        page.export_button.click()
    summary = done.args[0]
    assert summary.row_count == 3 and summary.sheet_count >= 1


def test_cancelled_export_writes_no_file_and_is_recorded(
    main_window: MainWindow, qtbot, tmp_path: Path
) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    page = export_page(main_window)
    target = tmp_path / "catalogue.csv"
    page.target.setText(str(target))
    original = main_window.tasks.run

    def run_cancelled(task, parent=None):
        task.token.cancel()  # Cancel pressed before the first chunk
        return original(task, parent)

    main_window.tasks.run = run_cancelled  # type: ignore[method-assign]
    page.export_button.click()
    qtbot.waitUntil(lambda: "cancelled" in page.outcome.text(), timeout=30_000)
    assert main_window.operations.wait()  # the attempt is recorded in a write of its own
    assert not target.exists()
    with main_window.database.session() as session:
        run = session.scalars(select(ExportRun)).one()
        assert run.status == BatchStatus.CANCELLED


def test_every_form_label_shows_its_mnemonic_underlined_not_an_ampersand(
    main_window: MainWindow,
) -> None:
    page = export_page(main_window)
    labels = [label for label in page.findChildren(QLabel) if label.text().endswith(":")]
    assert labels and all(label.buddy() is not None for label in labels), [
        label.text() for label in labels if label.buddy() is None
    ]
    target = next(label for label in labels if "arget" in label.text())
    assert target.buddy() is page.target
