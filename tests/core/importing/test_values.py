"""Cell values as people write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.importing.values import (
    parse_date,
    parse_days,
    parse_money,
    parse_number,
    parse_quantity,
)
from desktop_app.core.validation.numbers import parse_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234,567", Decimal("1234567")),
        ("1,5", Decimal("1.5")),
        ("１８", Decimal("18")),
        ("2万", Decimal("20000")),
        ("4.5万", Decimal("45000")),
        ("3千", Decimal("3000")),
        (12.5, Decimal("12.5")),
        (7, Decimal("7")),
    ],
)
def test_numbers_in_every_notation(raw: object, expected: Decimal) -> None:
    assert parse_number(raw).value == expected


@pytest.mark.parametrize(
    "text", ["0,001", "0,500", "1,500", "12,345,678", "0.001.000", "0,001,000", "1.234.567"]
)
def test_numbers_read_as_the_validators_read_them(text: str) -> None:
    # The importer's own parser is faster than parse_decimal; both must give one value.
    assert parse_number(text).value == parse_decimal(text).value


def test_a_leading_zero_group_is_a_decimal_comma_in_quantities() -> None:
    assert parse_quantity("0,001 т").value == (Decimal("0.001"), "t")
    assert parse_quantity("0,250kg").value == (Decimal("0.250"), "kg")


def test_text_is_not_a_number() -> None:
    check = parse_number("много")
    assert check.value is None and not check.ok and "много" in check.message


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("5吨", Decimal(5), "t"),
        ("2万件", Decimal(20000), "pcs"),
        ("1,5 т", Decimal("1.5"), "t"),
        ("１８ｋｇ", Decimal(18), "kg"),
        ("500 кг", Decimal(500), "kg"),
        ("42", Decimal(42), None),
    ],
)
def test_units_are_split_from_numbers(raw: str, number: Decimal, unit: str | None) -> None:
    assert parse_quantity(raw).value == (number, unit)


def test_unknown_unit_is_an_error_naming_it() -> None:
    check = parse_quantity("5 попугаев")
    assert not check.ok and "попугаев" in check.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$45", (Decimal(45), Decimal(45), "USD")),
        ("100-120 руб", (Decimal(100), Decimal(120), "RUB")),
        ("¥3,400", (Decimal(3400), Decimal(3400), "CNY")),
        ("1 200,50", (Decimal("1200.50"), Decimal("1200.50"), None)),
    ],
)
def test_prices_with_currency_and_ranges(raw: str, expected: tuple[object, ...]) -> None:
    assert parse_money(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026年12月1日", date(2026, 12, 1)),
        ("2026年12月", date(2026, 12, 31)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/1", date(2026, 12, 1)),
        ("01.12.2026", date(2026, 12, 1)),
        (46357, date(2026, 12, 1)),
        ("46357", date(2026, 12, 1)),
        (date(2026, 5, 4), date(2026, 5, 4)),
    ],
)
def test_dates_in_the_forms_partners_send(raw: object, expected: date) -> None:
    assert parse_date(raw).value == expected


def test_impossible_date_is_an_error() -> None:
    assert not parse_date("2026-02-30").ok


@pytest.mark.parametrize(
    ("raw", "days"), [(365, 365), ("12 месяцев", 360), ("18 months", 540), ("2 年", 730)]
)
def test_shelf_life_in_days(raw: object, days: int) -> None:
    assert parse_days(raw).value == days
