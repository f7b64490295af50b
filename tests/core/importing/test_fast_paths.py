"""The importer's fast paths give exactly what the plain paths give."""

from __future__ import annotations

import gc
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.collector import collector_paused as paused_garbage_collection
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing.cell_reader import SAMPLE, ColumnReader, json_text
from desktop_app.core.importing.layout import Layout
from desktop_app.core.importing.rows import RowParser, _read_checked, cell_read
from desktop_app.core.importing.values import _parse_money_text, parse_money, parse_quantity

DEMAND_FIELDS = [
    "demand_ref",
    "buyer_name",
    "product_name",
    "hs_code",
    "quantity",
    "unit",
    "target_price",
    "currency",
    "incoterms",
    "deadline",
    "notes",
]
UNITS = ["吨", "升", "公斤", "kg", "т", "pcs", "件", "боксы", ""]
CURRENCIES = ["CNY", "USD", "人民币", "руб", "$", "XXX", ""]

decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=10**9)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | decimals | st.dates() | st.datetimes(),
    lambda inner: st.tuples(inner, inner) | st.tuples(inner, inner, inner),
    max_leaves=6,
)
cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(UNITS + CURRENCIES + ["FOB Qingdao", "DAP 满洲里", "2万", "1,5 т", "030633"]),
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["2026-12-01", "01.12.2026", "2026年12月", "45000", "-0.0", "0.0"]),
    st.none(),
)


@given(values)
def test_json_text_writes_what_json_dumps_writes(value: Any) -> None:
    assert json_text(value) == json.dumps(value, default=str, ensure_ascii=False)


@given(st.from_regex(r"-?\d{1,12}(\.\d{1,6})?", fullmatch=True))
def test_plain_price_fast_path_equals_the_cached_parser(text: str) -> None:
    assert parse_money(text) == _parse_money_text(text)


@given(
    st.from_regex(r"-?\d{1,12}(\.\d{1,6})?", fullmatch=True)
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.sampled_from(["$45", "100-120 руб", "1,200", "１２", "abc", "-0.0"])
)
def test_a_price_or_quantity_read_directly_equals_the_checked_read(raw: Any) -> None:
    for name, parser in (("target_price", parse_money), ("quantity", parse_quantity)):
        assert cell_read(name, parser)(raw) == _read_checked(name, parser)(raw)


def _parser() -> RowParser:
    mapping = dict(enumerate(DEMAND_FIELDS))
    headers = {index: name for index, name in mapping.items()}
    layout = Layout("需求", 1, mapping, headers, ())
    return RowParser(ImportKind.DEMAND, layout, "demand.xlsx")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=11, max_size=11), min_size=1, max_size=40))
def test_row_fingerprint_from_pieces_equals_the_json_of_its_values(rows: list[list[Any]]) -> None:
    parser = _parser()
    # Each row twice: the second read comes from the columns' memory.
    for number, cells_of_row in enumerate([*rows, *rows], start=2):
        row = parser.parse(number, cells_of_row)
        if row is None:
            continue
        assert row.pieces is not None
        assert row.fingerprint() == row.reference_fingerprint()


def test_remembered_cells_read_like_fresh_ones() -> None:
    fresh = _parser()
    warm = _parser()
    row = [
        *("D1", "买家 (Buyer)", "葵花籽油", "151219", "2万", "吨", "1,200", "人民币"),
        *("FOB Qingdao", datetime(2026, 12, 1), ""),
    ]
    for _ in range(3):
        warm.parse(3, list(row))
    first, again = fresh.parse(3, list(row)), warm.parse(3, list(row))
    assert first is not None and again is not None
    assert first.values == again.values and first.problems == again.problems
    assert first.values["deadline"] == date(2026, 12, 1)
    assert first.values["target_price"] == (Decimal(1200), Decimal(1200), None)


def test_a_column_of_unique_texts_stops_remembering() -> None:
    reads: list[Any] = []

    def read(raw: Any) -> tuple[Any, None, str]:
        reads.append(raw)
        return raw, None, raw

    reader = ColumnReader(0, "demand_ref", read)
    for number in range(SAMPLE + 10):
        assert reader.outcome(f"D{number}")[0] == f"D{number}"
    assert not reader.remember and reader.remembered == {}
    repeated = ColumnReader(0, "unit", read)
    for number in range(SAMPLE + 10):
        repeated.outcome("吨" if number % 2 else "kg")
    assert repeated.remember and len(repeated.remembered) == 2


def test_number_cells_are_not_remembered() -> None:
    # 0.0 == -0.0 and 1 == 1.0 == True: a shared entry would read them alike.
    parser = _parser()
    values = []
    for price in (0.0, -0.0, 1, 1.0):
        row = parser.parse(2, ["D", "", "x", "", "", "", price, "", "", "", ""])
        assert row is not None
        values.append(row.values["target_price"][0])
    assert [str(value) for value in values] == ["0.0", "-0.0", "1", "1.0"]


def test_garbage_collection_resumes_after_an_import_even_when_it_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_garbage_collection():
        assert not gc.isenabled()
        raise RuntimeError("cancelled")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_garbage_collection():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
