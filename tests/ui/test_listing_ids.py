"""A listing's ids are held packed, and a search through the model works on both backends.

A million ids held as Python ints were freed one by one on the GUI thread whenever the
next search replaced them (most of a PostgreSQL search's time on the screen). The model
keeps them as one buffer of 64-bit integers; the first page, the rest added below it and
a search replacing a long listing behave as before, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import tracemalloc

import pytest
from sqlalchemy import insert

from desktop_app.core.database.search_index import reindex
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.services.browse import hide_archived, list_ids, table_spec
from desktop_app.ui import record_table_model
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_table_model import RecordTableModel
from desktop_app.ui.tasks import TaskManager

PRODUCTS = 10_000
HONEY_EVERY = 7  # every seventh product is honey, the others oil


@pytest.fixture
def filled(database: Database) -> Database:
    """``database`` with PRODUCTS products of one company, indexed as an import does."""
    with database.session(actor="test") as session:
        company = Company(name_ru="ООО Тест", name_key="тест")
        session.add(company)
        session.flush()
        company_id = company.id
        rows = [
            {
                "company_id": company_id,
                "ref": f"P{n}",
                "name_ru": f"Мед гречишный {n}" if n % HONEY_EVERY == 0 else f"Масло {n}",
                "status": "active",
            }
            for n in range(PRODUCTS)
        ]
        ids = list(session.scalars(insert(Product).returning(Product.id), rows))
        reindex(session, "product", ids)
    return database


@pytest.fixture
def model(filled: Database, monkeypatch: pytest.MonkeyPatch) -> RecordTableModel:
    monkeypatch.setattr(record_table_model, "PAGE_SIZE", 50)  # first page, then the rest
    operations = Operations(filled, TaskManager())
    spec = table_spec("products")
    shown = RecordTableModel(operations, spec)
    shown.conditions = hide_archived(spec)
    return shown


def _listed(model: RecordTableModel, qtbot, search: str) -> list[tuple[int, int]]:
    """Search ``search`` and wait until every id is listed; the rows inserted meanwhile."""
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.listing_complete, timeout=20_000):
        model.set_search(search)
    assert model.operations.wait()
    return inserted


def test_a_search_through_the_model_lists_first_page_then_the_rest(
    model: RecordTableModel, filled: Database, qtbot
) -> None:
    assert _listed(model, qtbot, "") == [(50, PRODUCTS - 1)]
    # A search replaces the long listing: its first page, then its rest below it.
    honey = len(range(0, PRODUCTS, HONEY_EVERY))
    assert _listed(model, qtbot, "мёд") == [(50, honey - 1)]
    with filled.session() as session:
        spec = model.spec
        expected = list_ids(session, spec, "мёд", conditions=hide_archived(spec))
    assert list(model.ids) == expected
    assert model.row_of(expected[-1]) == honey - 1
    last = model.rowCount() - 1
    model.row_values(last)  # a row below the first page: its page is read
    assert model.operations.wait()
    values = model.row_values(last)
    assert values is not None and values[0].startswith("Мед гречишный")


def test_a_long_listing_is_held_without_an_object_per_id(model: RecordTableModel, qtbot) -> None:
    _listed(model, qtbot, "")  # statements compiled and cached before memory is traced
    _listed(model, qtbot, "мёд")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        _listed(model, qtbot, "")
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert model.rowCount() == PRODUCTS
    # 8 bytes an id and some noise (about 21 an id in all at 10,000; as a list of ints,
    # a pointer and an int object each, 52).
    assert held < PRODUCTS * 30
