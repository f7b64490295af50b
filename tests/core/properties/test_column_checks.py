"""The importer's column-at-a-time check of a chunk agrees with the row-at-a-time check.

``column_reasons_of_rows`` checks a chunk's columns whole and falls back to the row
functions for a column that does not pass whole; whatever the cells (full-width digits,
NaN, ``1E+3``, empty, huge, mixed kinds in one column), each row must get the reasons
``column_reasons`` gives it, in the same order, and the same float noise dropped.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.domain.enums import DemandStatus, Language, ProductStatus
from desktop_app.core.domain.models import DemandLine, Product
from desktop_app.core.importing.records import (
    column_reasons,
    column_reasons_of_rows,
    demand_columns,
    product_columns,
)
from tests.core.properties.conftest import tried

ODD_DECIMALS = [
    "1E+3",
    "0E-7",
    "1E-7",
    "0.0000001",
    "NaN",
    "Infinity",
    "-Infinity",
    "-1",
    "-0",
    "-0.00",
    "1.005",
    "1.500",
    "0.001",
    "0.0001",
    "99999999999999.99",
    "100000000000000",
    "999999999999999.999",
    "1000000000000000",
    "99999999999999999999",
    "13.530000000000001",
    "4521.37",
    "2E+1",
    "12345678901234567890.5",
]
DECIMALS = st.one_of(
    st.sampled_from([Decimal(text) for text in ODD_DECIMALS]),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**16), max_value=10**16
    ),
    st.decimals(allow_nan=True, allow_infinity=True),
)
TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            "kg",
            "t",
            "USD",
            "FOB",
            "１２３",
            "ＦＯＢ",
            "a\x00b",
            "\x7f",
            "\ud800",
            "я" * 501,
            "x" * 11,
        ]
    ),
    st.text(max_size=20),
    st.text(alphabet="0123456789.-E", max_size=8),
)
OTHERS = st.one_of(
    st.none(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from([True, False, 1.5, float("nan"), 2**31, -(2**31) - 1, 2**31 - 1]),
    st.dates(),
    st.datetimes(),
    st.sampled_from([*DemandStatus, *ProductStatus, *Language]),
    st.sampled_from([date(1, 1, 1), datetime(9999, 12, 31, 23, 59)]),
)
ANY_VALUE = st.one_of(DECIMALS, TEXTS, OTHERS)
RAISES = "raises"


def _kind_of(model: type, name: str) -> st.SearchStrategy[Any]:
    """Values a column of ``name`` mostly holds, with adversarial ones mixed in."""
    column = model.__table__.c[name]  # type: ignore[attr-defined]
    kind = str(column.type)
    if kind.startswith("NUMERIC"):
        typical = st.one_of(DECIMALS, st.none())
    elif kind == "DATE":
        typical = st.one_of(st.dates(), st.none())
    elif kind == "INTEGER":
        typical = st.one_of(st.integers(min_value=-(2**32), max_value=2**32), st.none())
    elif name in {"status", "language"}:
        typical = st.sampled_from([*DemandStatus, *ProductStatus, *Language, "open", "bogus"])
    else:
        typical = st.one_of(TEXTS, st.none())
    return st.one_of(typical, typical, typical, ANY_VALUE)


def _rows(model: type, template: dict[str, Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
    names = list(template)

    @st.composite
    def rows(draw: st.DrawFn) -> list[dict[str, Any]]:
        # A column either repeats a few values (as real files do) or varies freely.
        pools = {
            name: draw(st.lists(_kind_of(model, name), min_size=1, max_size=3)) for name in names
        }
        count = draw(st.integers(min_value=1, max_value=12))
        built = []
        for _ in range(count):
            row = {}
            for name in names:
                if draw(st.booleans()):
                    row[name] = draw(st.sampled_from(pools[name]))
                else:
                    row[name] = draw(_kind_of(model, name))
            built.append(row)
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            # Rows whose keys differ (never built so by the importer): still the same.
            built[-1] = dict(reversed(list(built[-1].items())))
        return built

    return rows()


def _row_at_a_time(model: type, rows: list[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    rows = copy.deepcopy(rows)
    try:
        found = {}
        for index, row in enumerate(rows):
            reasons = column_reasons(model, row)
            if reasons:
                found[index] = reasons
        return found, rows
    except (ArithmeticError, TypeError):
        # A NaN, or a text where a number belongs, compared with zero: the parsers never
        # build such a row, and either path raises on it.
        return RAISES, []


def _column_at_a_time(model: type, rows: list[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    rows = copy.deepcopy(rows)
    try:
        return column_reasons_of_rows(model, rows), rows
    except (ArithmeticError, TypeError):
        # A NaN, or a text where a number belongs, compared with zero: the parsers never
        # build such a row, and either path raises on it.
        return RAISES, []


@pytest.mark.parametrize(
    ("model", "template"),
    [(DemandLine, demand_columns({})), (Product, product_columns({}))],
    ids=["demand line", "product"],
)
@given(data=st.data())
def test_column_at_a_time_gives_each_row_its_own_reasons(
    model: type, template: dict[str, Any], data: st.DataObject
) -> None:
    rows = data.draw(_rows(model, template))
    tried("column-wise checks", len(rows))
    assert _column_at_a_time(model, rows) == _row_at_a_time(model, rows)


def test_known_edges_agree() -> None:
    template = dict(demand_columns({}), product_text="x", quantity=Decimal("5"))
    plain = dict(template, target_price=Decimal("4521.37"))
    caught = 0
    odd: list[dict[str, Any]] = [
        dict(template, product_text="a\x00b"),
        dict(template, ref="R" * 101),
        dict(template, currency="ＵＳＤ"),
        dict(template, deadline=date(1, 1, 1)),
    ]
    for text in ODD_DECIMALS:
        if text == "NaN":
            continue  # compared with zero, a NaN raises on either path (the parser refuses it)
        odd += [dict(template, quantity=Decimal(text)), dict(template, target_price=Decimal(text))]
    for row in odd:
        # Each odd value alone in a column of plain ones: the whole-column pass must see it.
        rows = [plain, row, plain]
        found, checked = _column_at_a_time(DemandLine, rows)
        assert (found, checked) == _row_at_a_time(DemandLine, rows), row
        caught += bool(found)
    # The odd values are there to be refused: the comparison is not vacuous.
    assert caught >= 15
