"""The converters' fast paths write exactly what the plain rules say, on generated values.

The text converter memoizes its verdict per text and writes careful texts through one
reused cell; the number converters set a cell's value without openpyxl's type inference.
These tests hold them to the slow, obvious rules: clean, then quote formula-like text,
then wrap what is too wide, and openpyxl's own typing of numbers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from openpyxl.cell import WriteOnlyCell

from desktop_app.core.exporting.cells import _NEEDS_CARE, CellFactory, StyleBook, wrapped_lines
from desktop_app.core.exporting.openpyxl_compat import PreStyledCell
from desktop_app.core.exporting.safety import (
    FORMULA_STARTS,
    ILLEGAL_XML_CHARS,
    MAX_CELL_CHARS,
    clean_cell_text,
    display_width,
    starts_like_formula,
)
from desktop_app.core.exporting.xlsx_writer import WorkbookBuilder
from tests.core.exporting.conftest import INJECTIONS

# Formula starts, line breaks, characters XML forbids, Latin, Cyrillic, CJK and spaces.
ALPHABET = "=+-@\t\r\n\x00\x07\x1f aZ1.Яё冷鱼"
WRAP_WIDTHS = (6, 12, 30, 50)


def generated_texts(count: int, seed: int = 11) -> list[str]:
    """Short and long texts mixing every kind of character the rules look at."""
    rng = random.Random(seed)
    texts = [rng.choice(ALPHABET) * rng.randint(0, 3) for _ in range(count // 10)]
    texts += ["".join(rng.choices(ALPHABET, k=rng.randint(0, 90))) for _ in range(count)]
    texts += [
        "".join(rng.choices(ALPHABET, weights=[1] * 9 + [30] * 10, k=rng.randint(0, 40)))
        for _ in range(count)
    ]
    texts += [*INJECTIONS, "=" + "x" * 40_000, "Минтай\x00" * 6_000, "", " =1", "#N/A"]
    return texts


def expected_text(text: str, wrap_width: int, styles: StyleBook) -> tuple[Any, int | None, int]:
    """The value, style id (None for a plain value) and row lines the rules give."""
    cleaned = clean_cell_text(text)
    formula_like = starts_like_formula(cleaned)
    wrap = display_width(cleaned) > wrap_width or "\n" in cleaned
    if not formula_like and not wrap:
        return cleaned, None, 1
    quoted = styles.quoted_wrapped if wrap else styles.quoted
    style = quoted if formula_like else styles.wrapped
    return cleaned, style.id, wrapped_lines(cleaned, wrap_width) if wrap else 1


def written(value: Any, factory: CellFactory) -> tuple[Any, int | None, int]:
    """What a converter returned, in the terms of :func:`expected_text`."""
    if isinstance(value, PreStyledCell):
        assert value.data_type == "s"
        return value.value, value.style_id, factory.row_lines
    return value, None, factory.row_lines


@pytest.fixture
def factory() -> Iterator[CellFactory]:
    builder = WorkbookBuilder("fast paths", "tests")
    sheet = builder.add_sheet("Sheet")
    try:
        yield CellFactory(sheet, builder.styles(sheet), hyperlink_budget=100)
    finally:
        builder.discard()


@pytest.mark.parametrize("wrap_width", WRAP_WIDTHS)
def test_text_fast_path_equals_the_plain_rules(factory: CellFactory, wrap_width: int) -> None:
    convert = factory.text(0, wrap_width)
    texts = generated_texts(1_500, seed=wrap_width)
    assert any(starts_like_formula(t) for t in texts) and any("\x00" in t for t in texts)
    # Twice over: the first pass fills the memo, the second is served from it.
    for _ in range(2):
        for text in texts:
            factory.row_lines = 1
            got = written(convert((text,)), factory)
            assert got == expected_text(text, wrap_width, factory.styles), repr(text)
            assert len(got[0]) <= MAX_CELL_CHARS


def test_text_converter_writes_non_text_values_as_their_text(factory: CellFactory) -> None:
    convert = factory.text(0, 30)
    assert convert((None,)) is None
    assert convert((30367,)) == "30367"
    assert convert((Decimal("-1.5"),)).value == "-1.5"  # formula-like once it is text


@pytest.mark.parametrize(
    "values",
    [
        [Decimal("1150.00"), 3, 2.5, Decimal("7"), Decimal("0.125")],
        [Decimal("10"), "12 t", Decimal("4.5"), True, 8],
    ],
)
def test_number_fast_path_types_values_as_openpyxl_does(
    factory: CellFactory, values: list[Any]
) -> None:
    money = factory.money(0, 1)
    quantity = factory.quantity(0, 1)
    for value in values:
        reference = WriteOnlyCell(factory.ws, value)
        # A quantity column only ever holds numbers (its unit is another column).
        converters = (money, quantity) if not isinstance(value, str) else (money,)
        for convert in converters:
            cell = convert((value, "USD"))
            assert (cell.value, cell.data_type) == (reference.value, reference.data_type)
    assert quantity((Decimal("5.000"), "t")).style_id == factory.styles.quantity("t", True).id
    assert quantity((Decimal("5.5"), "t")).style_id == factory.styles.quantity("t", False).id
    assert money((Decimal("5"), "CNY")).style_id == factory.styles.money("CNY").id


def test_the_one_search_finds_exactly_what_the_three_rules_look_for() -> None:
    # If FORMULA_STARTS or ILLEGAL_XML_CHARS change, the combined pattern must follow.
    for code in [*range(0x80), 0x2028, 0xFEFF, 0x4E00]:
        char = chr(code)
        illegal = ILLEGAL_XML_CHARS.search(char) is not None
        first = char in FORMULA_STARTS or char == "\n" or illegal
        assert (_NEEDS_CARE.search(char) is not None) == first, hex(code)
        assert (_NEEDS_CARE.search("a" + char) is not None) == (char == "\n" or illegal), hex(code)
