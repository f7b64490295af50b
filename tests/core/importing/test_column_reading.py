"""A chunk's cells are checked a column at a time, and every row reads as it would alone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import DemandLine
from desktop_app.core.importing import import_file
from desktop_app.core.importing.layout import Layout
from desktop_app.core.importing.rows import RowParser
from desktop_app.core.validation.result import Severity

FIELDS = [
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
cells = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["吨", "kg", "т", "pcs", "CNY", "XXX", "FOB Qingdao", "2万", "1,5 т"]),
    st.sampled_from(["030633", "abc", "many", "2026-12-01", "2026-13-40", "-0.0", "0.0", ""]),
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(),
    st.none(),
)


def _parser() -> RowParser:
    mapping = dict(enumerate(FIELDS))
    return RowParser(ImportKind.DEMAND, Layout("需求", 1, mapping, dict(mapping), ()), "d.xlsx")


def _alone(rows: list[tuple[int, list[Any]]]) -> list[Any]:
    # Each row by a parser of its own: nothing remembered from another row.
    found = []
    for number, cells_of_row in rows:
        row = _parser().parse(number, cells_of_row)
        if row is not None:
            found.append((row.number, row.values, row.problems, row.fingerprint()))
    return found


def _chunk(rows: list[tuple[int, list[Any]]]) -> list[Any]:
    return [
        (row.number, row.values, row.problems, row.fingerprint())
        for row in _parser().parse_rows(rows)
    ]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=12), min_size=1, max_size=30))
def test_a_chunk_read_by_columns_gives_each_row_what_it_gives_alone(
    grid: list[list[Any]],
) -> None:
    # Short rows, long rows, repeated texts, numbers, dates and booleans in one column.
    rows = [(number, cells_of_row) for number, cells_of_row in enumerate(grid * 2, start=2)]
    assert _chunk(rows) == _alone(rows)


def _row(**cells: Any) -> list[Any]:
    return [cells.get(name, "") for name in FIELDS]


def test_the_bad_cells_of_a_column_are_each_named_with_their_row() -> None:
    rows = [
        (2, _row(product_name="油", quantity="5")),
        (3, _row(product_name="油", quantity="many")),
        (4, _row(product_name="油", quantity=7)),
        (5, _row(product_name="油", quantity="many")),
    ]
    parsed = _parser().parse_rows(rows)
    problems = [problem for row in parsed for problem in row.problems]
    assert [(p.row, p.column, p.value, p.severity) for p in problems] == [
        (3, "E (quantity)", "many", Severity.ERROR),
        (5, "E (quantity)", "many", Severity.ERROR),
    ]
    assert problems[0].reason == '"many" does not start with a number'
    assert [row.rejected for row in parsed] == [False, True, False, True]
    assert parsed[2].values["quantity"] == (Decimal(7), None)


def test_several_bad_cells_of_one_row_keep_the_order_of_its_columns() -> None:
    rows = [
        (2, _row(product_name="油", hs_code="030633", quantity=3, currency="CNY")),
        (
            3,
            _row(hs_code="abc", quantity="many", currency="XXX", deadline="2026-13-40"),
        ),
    ]
    first, second = _parser().parse_rows(rows)
    assert first.problems == []
    assert [(p.row, p.field, p.severity) for p in second.problems] == [
        (3, "hs_code", Severity.ERROR),
        (3, "quantity", Severity.ERROR),
        (3, "currency", Severity.WARNING),
        (3, "deadline", Severity.ERROR),
        (3, "product_name", Severity.ERROR),  # required, after the cells
    ]
    assert second.problems[-1].reason == "required field is empty: Product"
    assert second.values["currency"] == "XXX"  # a warning keeps its value


def test_empty_columns_and_empty_rows() -> None:
    rows = [
        (2, _row(product_name="油")),
        (3, _row()),  # no mapped value: left out
        (4, ["D4"]),  # a short row: the missing cells are empty
        (5, _row(product_name="蜂蜜", notes=None)),
    ]
    parsed = _parser().parse_rows(rows)
    assert [row.number for row in parsed] == [2, 4, 5]
    assert parsed[0].values == {"product_name": "油"}
    assert parsed[1].values == {"demand_ref": "D4"}
    assert [p.reason for p in parsed[1].problems] == ["required field is empty: Product"]
    assert parsed[2].problems == [] and "notes" not in parsed[2].values
    assert _parser().parse_rows([]) == []


def test_a_column_of_mixed_types_reads_each_cell_as_its_kind() -> None:
    quantities = [5, 5.0, "5", "2万", "many", True, 0.0, -0.0, None]
    deadlines = [datetime(2026, 1, 2), "2026-12-01", date(2026, 3, 4), 46000, "", "x", "", "", ""]
    rows = [
        (number, _row(product_name="油", quantity=quantity, deadline=deadline))
        for number, (quantity, deadline) in enumerate(zip(quantities, deadlines, strict=True), 2)
    ]
    parsed = _parser().parse_rows(rows)
    assert [row.values.get("quantity") for row in parsed] == [
        (Decimal(5), None),
        (Decimal("5.0"), None),
        (Decimal(5), None),
        (Decimal(20000), None),
        None,
        None,
        (Decimal("0.0"), None),
        (Decimal("-0.0"), None),
        None,
    ]
    assert [str(row.values["quantity"][0]) for row in parsed[6:8]] == ["0.0", "-0.0"]
    assert [row.values.get("deadline") for row in parsed[:4]] == [
        date(2026, 1, 2),
        date(2026, 12, 1),
        date(2026, 3, 4),
        date(2025, 12, 9),
    ]
    assert [(p.row, p.field) for row in parsed for p in row.problems] == [
        (6, "quantity"),
        (7, "quantity"),
        (7, "deadline"),
    ]


@pytest.mark.parametrize("count", [1, 1999, 2000, 2001, 4500])
def test_an_import_reports_bad_cells_across_chunks_with_file_row_and_column(
    tmp_path: Path, sqlite_database: Database, count: int
) -> None:
    path = tmp_path / "需求.csv"
    lines = ["需求编号,采购商,产品名称,数量,单位"]
    bad = {2, count // 2 + 2, count + 1}  # file rows: the first, the middle, the last
    for number in range(2, count + 2):
        quantity = "many" if number in bad else str(number)
        lines.append(f"D{number},Buyer {number % 7},油 {number},{quantity},吨")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sqlite_database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
        stored = session.query(DemandLine).count()
    assert summary.imported == count - len(bad) and summary.rejected == len(bad)
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in summary.problems] == [
        ("需求.csv", "需求", number, "D (数量)", "many") for number in sorted(bad)
    ]
    assert stored == count - len(bad)


def test_an_empty_required_field_is_named_as_the_wizard_names_it_in_chinese() -> None:
    # A Chinese trade officer read «必填字段为空：product_name», the field's key.
    from desktop_app.core.i18n import install_translator

    chinese = {
        ("MappingModel", "FIELD_TITLE_LANGUAGE"): "zh",
        ("core", "required field is empty: {fields}"): "必填字段为空：{fields}",
    }
    install_translator(lambda context, text: chinese.get((context, text), text))
    try:
        (parsed,) = _parser().parse_rows([(4, ["D4"])])
    finally:
        install_translator(None)
    assert [p.reason for p in parsed.problems] == ["必填字段为空：产品名称"]
