"""The Audit screen: newest first, filters, readable changes, CSV export off the GUI thread."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Product
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.audit_page import AuditPage
from tests.ui.conftest import operations_on

CHANGES = 5


@pytest.fixture
def audited(sqlite_database: Database) -> Database:
    with sqlite_database.session(actor="demo") as session:
        load_demo_data(session)
    with sqlite_database.session(actor="анна") as session:
        product = session.scalars(select(Product).order_by(Product.id)).first()
        assert product is not None
        product.price_min = 45
    with sqlite_database.session(actor="boris") as session:
        product = session.scalars(select(Product).order_by(Product.id)).first()
        assert product is not None
        product.price_min = 50
    return sqlite_database


@pytest.fixture
def page(qtbot, audited: Database) -> AuditPage:
    operations = operations_on(audited)
    widget = AuditPage(operations)
    qtbot.addWidget(widget)
    widget.refresh()
    assert operations.wait()
    yield widget
    operations.wait(10_000)


def _settled(page: AuditPage) -> AuditPage:
    """``page`` once the rows its filters asked for have arrived from the worker."""
    assert page.operations.wait()
    return page


def _texts(page: AuditPage, column: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_newest_first_with_readable_changes(page: AuditPage) -> None:
    assert page.model.rowCount() > 2
    assert _texts(page, 1)[:2] == ["boris", "анна"]
    assert _texts(page, 2)[0] == "Product"
    assert _texts(page, 4)[0] == "changed"
    # The field as the product form names it; the stored key only in the tooltip.
    assert _texts(page, 5)[0] == "Price from: 45 → 50"
    tooltip = page.model.data(page.model.index(0, 5), Qt.ItemDataRole.ToolTipRole)
    assert "price_min: 45 → 50" in tooltip
    times = [row.at for row in page.model.rows]
    assert times == sorted(times, reverse=True)
    assert page.count_label.text() == f"{page.model.rowCount()} events"


def test_filters_by_record_actor_text_and_dates(page: AuditPage, qtbot) -> None:
    page.entity.setCurrentIndex(page.entity.findData("company"))
    _settled(page)
    assert {row.entity_type for row in page.model.rows} == {"company"}

    page.entity.setCurrentIndex(0)
    page.actor.setText("анна")
    page.actor.editingFinished.emit()
    _settled(page)
    assert [row.actor for row in page.model.rows] == ["анна"]

    page.actor.clear()
    page.actor.editingFinished.emit()
    assert _settled(page).model.rowCount() > 1
    page.search.setText("45 → 50")  # refreshed after a short pause in typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.rows[0].actor == "boris"

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() > 1, timeout=3000)
    page.use_from.setChecked(True)
    page.date_from.setDate(QDate.currentDate().addDays(1))
    assert _settled(page).model.rowCount() == 0
    page.date_from.setDate(QDate.currentDate())
    page.use_to.setChecked(True)
    page.date_to.setDate(QDate.currentDate())  # the "to" day counts whole
    assert _settled(page).model.rowCount() > 1
    page.date_to.setDate(QDate.currentDate().addDays(-1))
    assert _settled(page).model.rowCount() == 0


def test_export_writes_the_filtered_events_on_the_worker_thread(
    page: AuditPage, qtbot, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    page.entity.setCurrentIndex(page.entity.findData("product"))
    _settled(page)
    with qtbot.waitSignal(page.exported, timeout=10_000) as written:
        page.export_button.click()
        assert not page.export_button.isEnabled()  # one export at a time
    assert page.export_button.isEnabled()
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert written.args == [len(rows)]
    assert len(rows) == page.model.rowCount()
    assert {row["entity_type"] for row in rows} == {"product"}
    # The file is in time order, oldest first, like the CLI's.
    assert rows[-1]["actor"] == "boris" and rows[-1]["changes"] == "Price from: 45 → 50"


def test_model_passes_the_model_tester(page: AuditPage, qtmodeltester) -> None:
    qtmodeltester.check(page.model)
    assert page.model.rowCount(page.model.index(0, 0)) == 0
    assert page.model.data(QModelIndex()) is None
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "When"


def test_a_review_decision_reads_as_a_match_not_a_table_name(qtbot, audited: Database) -> None:
    from desktop_app.core.domain.enums import MatchStatus
    from desktop_app.core.services.review import ReviewFilters, decide, queue_ids
    from tests.core.services.test_review import seed_candidates

    seed_candidates(audited)
    with audited.session(actor="анна") as session:
        decide(session, queue_ids(session, ReviewFilters())[0], MatchStatus.ACCEPTED, "анна", 1)
    operations = operations_on(audited)
    widget = AuditPage(operations)
    qtbot.addWidget(widget)
    widget.refresh()
    records = set(_texts(_settled(widget), 2))
    assert "Match" in records and not any("_" in record for record in records)
    operations.wait(10_000)


def test_changes_speak_the_interface_language(page: AuditPage, monkeypatch) -> None:
    """Labels and stored choices go through the translator: no key reaches the screen."""
    from desktop_app.core import i18n

    monkeypatch.setattr(i18n, "_translator", lambda context, text: f"«{text}»")
    assert _texts(page, 5)[0] == "«Price from»: 45 → 50"
    created = next(row for row in page.model.rows if row.entity_type == "product"
                   and row.action == "create")  # fmt: skip
    text = page.model.cell_text(created, 5) or ""
    assert "«Status»: ∅ → «Active»" in text
    assert "«Name (Russian)»" in text and "name_ru" not in text
    assert "company_id" not in text and "«Company»" in text


def test_a_decision_reads_as_statuses(page: AuditPage, audited: Database, qtbot) -> None:
    from desktop_app.core.domain.enums import MatchStatus
    from desktop_app.core.domain.models import MatchCandidate
    from desktop_app.core.matching.engine import run_matching
    from desktop_app.core.services.review import decide

    with audited.session(actor="anna") as session:
        run_matching(session)
    with audited.session(actor="anna") as session:
        candidate = session.scalars(select(MatchCandidate).order_by(MatchCandidate.id)).first()
        assert candidate is not None
        decide(session, candidate.id, MatchStatus.ACCEPTED, "anna", candidate.version)
    page.refresh()
    _settled(page)
    texts = _texts(page, 5)
    assert "Status: Undecided → Accepted" in texts[0]
    assert "suggested" not in texts[0] and "accepted" not in texts[0]
