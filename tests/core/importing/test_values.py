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
    parse_unit,
)
from desktop_app.core.validation.numbers import parse_decimal
from desktop_app.core.validation.result import Severity


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


def test_unknown_unit_is_kept_as_written_and_doubtful() -> None:
    # A unit alone never rejects a line: the number and the raw unit are kept, flagged.
    check = parse_quantity("5 попугаев")
    assert check.ok and check.severity is Severity.WARNING
    assert check.value == (Decimal(5), "попугаев") and "попугаев" in check.message
    unit = parse_unit("штукенции")
    assert unit.severity is Severity.WARNING and unit.value == "штукенции"


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("50 万只", Decimal(500_000), "pcs"),
        ("3万支", Decimal(30_000), "pcs"),
        ("2 万套", Decimal(20_000), "set"),
        ("1.5万件", Decimal(15_000), "pcs"),
        ("10万卷", Decimal(100_000), "roll"),
        ("200条", Decimal(200), "pcs"),
        ("30 卷", Decimal(30), "roll"),
        ("100提", Decimal(100), "pack"),
        ("12組", Decimal(12), "set"),
        ("12组", Decimal(12), "set"),
        ("500個", Decimal(500), "pcs"),
        ("500个", Decimal(500), "pcs"),
        ("20噸", Decimal(20), "t"),
        ("20 公噸", Decimal(20), "t"),
        ("40桶", Decimal(40), "drum"),
        ("3公里", Decimal(3), "km"),
        ("80箱", Decimal(80), "box"),
        ("500袋", Decimal(500), "bag"),
        ("2千瓶", Decimal(2000), "bottle"),
        ("600罐", Decimal(600), "can"),
        ("1000雙", Decimal(1000), "pair"),
        ("1000双", Decimal(1000), "pair"),
        ("300張", Decimal(300), "pcs"),
        ("300张", Decimal(300), "pcs"),
        ("800片", Decimal(800), "pcs"),
        ("1200米", Decimal(1200), "m"),
        ("60立方米", Decimal(60), "m3"),
        ("60方", Decimal(60), "m3"),
    ],
)
def test_chinese_units_with_multipliers_simplified_and_traditional(
    raw: str, number: Decimal, unit: str
) -> None:
    check = parse_quantity(raw)
    assert check.severity is Severity.OK, check.message
    assert check.value == (number, unit)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("万只", ("pcs", Decimal(10_000))),
        ("万支", ("pcs", Decimal(10_000))),
        ("万套", ("set", Decimal(10_000))),
        ("万件", ("pcs", Decimal(10_000))),
        ("万卷", ("roll", Decimal(10_000))),
        ("千个", ("pcs", Decimal(1_000))),
        ("噸", "t"),
        ("組", "set"),
        ("桶", "drum"),
        ("公里", "km"),
    ],
)
def test_unit_column_cells_carry_their_multiplier(raw: str, expected: object) -> None:
    check = parse_unit(raw)
    assert check.severity is Severity.OK and check.value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$45", (Decimal(45), Decimal(45), "USD")),
        ("100-120 руб", (Decimal(100), Decimal(120), "RUB")),
        ("¥3,400", (Decimal(3400), Decimal(3400), "CNY")),
        ("1 200,50", (Decimal("1200.50"), Decimal("1200.50"), None)),
        ("1.2-1.5万", (Decimal(12000), Decimal(15000), None)),  # not 1.2 to 15,000
    ],
)
def test_prices_with_currency_and_ranges(raw: str, expected: tuple[object, ...]) -> None:
    assert parse_money(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45元/公斤", (Decimal(45), Decimal(45), "CNY", "kg")),
        ("3200美元/吨", (Decimal(3200), Decimal(3200), "USD", "t")),
        ("0.3元/只", (Decimal("0.3"), Decimal("0.3"), "CNY", "pcs")),
        ("1150 USD/t", (Decimal(1150), Decimal(1150), "USD", "t")),
        ("USD/t 1150", (Decimal(1150), Decimal(1150), "USD", "t")),
        ("120 руб./кг", (Decimal(120), Decimal(120), "RUB", "kg")),
        ("100-120 руб./кг", (Decimal(100), Decimal(120), "RUB", "kg")),
        ("$5 per kg", (Decimal(5), Decimal(5), "USD", "kg")),
        ("300 руб. за кг", (Decimal(300), Decimal(300), "RUB", "kg")),
        ("每公斤45元", (Decimal(45), Decimal(45), "CNY", "kg")),
        ("3000元/万只", (Decimal("0.3"), Decimal("0.3"), "CNY", "pcs")),
        ("45元/噸", (Decimal(45), Decimal(45), "CNY", "t")),
        # Chinese buyers' own notations, found rejected in a realistic demand sheet.
        ("4.5万元/吨", (Decimal(45000), Decimal(45000), "CNY", "t")),
        ("1.2-1.5万元/吨", (Decimal(12000), Decimal(15000), "CNY", "t")),
        ("1800元/m³", (Decimal(1800), Decimal(1800), "CNY", "m3")),
        ("¥1800/m3", (Decimal(1800), Decimal(1800), "CNY", "m3")),
        ("1800 руб/м3", (Decimal(1800), Decimal(1800), "RUB", "m3")),
    ],
)
def test_prices_per_unit_keep_their_currency_and_price_unit(
    raw: str, expected: tuple[object, ...]
) -> None:
    check = parse_money(raw)
    assert check.severity is Severity.OK, check.message
    assert check.value == expected


def test_price_per_unknown_unit_is_doubtful_not_rejected() -> None:
    check = parse_money("45元/坨")
    assert check.severity is Severity.WARNING and check.value == (45, 45, "CNY", "坨")


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
