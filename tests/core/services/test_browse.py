"""A listing's first rows, read with a LIMIT, begin the listing exactly as listed in full."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken
from desktop_app.core.services import browse
from desktop_app.core.services.browse import (
    first_rows,
    hide_archived,
    list_ids,
    load_rows,
    table_spec,
)


def _seed(database: Database) -> None:
    with database.session(actor="test") as session:
        farm = Company(name_ru="Пасека Алтая", name_en="Altai Apiary")
        mill = Company(name_ru="Маслозавод", name_en="Oil Mill")
        session.add_all([farm, mill])
        session.flush()
        for n in range(30):
            session.add(
                Product(
                    company_id=(farm if n % 2 else mill).id,
                    name_ru=f"Мёд гречишный {n}" if n % 3 else f"Масло подсолнечное {n}",
                    name_en=f"Item {n}",
                    hs_code="0409" if n % 3 else "1512",
                    # Few distinct prices: the sort has ties the id must break.
                    price_min=Decimal(n % 4),
                    status=ProductStatus.ARCHIVED if n % 7 == 0 else ProductStatus.ACTIVE,
                )
            )


def test_first_rows_begin_the_full_listing_in_every_order(database: Database) -> None:
    _seed(database)
    spec = table_spec("products")
    listings = [
        ("", None, False, []),
        ("", "price", True, []),
        ("", "company", False, hide_archived(spec)),
        ("гречиш", "name_ru", True, []),
        # In id order a search on SQLite reads the index's hits in their order.
        ("гречиш", None, False, hide_archived(spec)),
        ("item", None, False, []),
        ("алта", "price", False, hide_archived(spec)),
    ]
    with database.session() as session:
        for search, key, descending, conditions in listings:
            every = list_ids(session, spec, search, key, descending, conditions)
            first = first_rows(session, spec, search, key, descending, conditions, limit=4)
            assert every and len(every) > 4
            assert first.ids == every[:4], (search, key, descending)
            assert not first.complete
            # The values come with the ids, as the table reads them when it scrolls.
            assert first.rows == load_rows(session, spec, first.ids)


def test_a_short_listing_is_complete_in_its_first_rows(database: Database) -> None:
    _seed(database)
    spec = table_spec("products")
    with database.session() as session:
        every = list_ids(session, spec, "подсолнечное", None, False, hide_archived(spec))
        exact = first_rows(session, spec, "подсолнечное", None, False, hide_archived(spec), 8)
        longer = first_rows(session, spec, "подсолнечное", None, False, hide_archived(spec), 9)
        nothing = first_rows(session, spec, "кедр", limit=8)
    assert len(every) == 8
    # Exactly as many rows as the page holds: nothing more to list, and no empty wait.
    assert exact.ids == every and exact.complete
    assert longer.ids == every and longer.complete
    assert nothing.ids == [] and nothing.rows == {} and nothing.complete


def test_first_rows_carry_the_version_an_edit_is_checked_against(database: Database) -> None:
    _seed(database)
    spec = table_spec("products")
    with database.session(actor="test") as session:
        product = session.get(Product, 2)
        assert product is not None
        product.name_en = "Renamed"
    with database.session() as session:
        first = first_rows(session, spec, limit=3)
        version = session.get(Product, 2).version  # type: ignore[union-attr]
    assert first.rows[2][len(spec.columns)] == version
    assert version > 1


def test_a_listing_asked_to_stop_stops_between_chunks(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(database)
    spec = table_spec("products")
    monkeypatch.setattr(browse, "ID_CHUNK", 4)
    token = CancelToken()
    with database.session() as session:
        assert len(list_ids(session, spec, cancel=token)) == 30  # read in chunks of 4
        token.cancel()
        with pytest.raises(Cancelled):
            list_ids(session, spec, cancel=token)


def test_a_search_in_id_order_lists_every_hit_by_id_after_edits(database: Database) -> None:
    _seed(database)
    spec = table_spec("products")
    with database.session(actor="test") as session:
        # Re-indexed records keep their place: the order is the records', not the entries'.
        for product in session.query(Product).filter(Product.id.in_([2, 11, 12])):
            product.name_ru = f"Мёд гречишный, новый урожай {product.id}"
    with database.session() as session:
        expected = sorted(
            product.id
            for product in session.query(Product)
            if "гречиш" in (product.name_ru or "") and product.status != ProductStatus.ARCHIVED
        )
        listed = list_ids(session, spec, "гречиш", None, False, hide_archived(spec))
        first = first_rows(session, spec, "гречиш", None, False, hide_archived(spec), limit=5)
    assert listed == expected
    assert first.ids == expected[:5]
