from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.validation import (
    Severity,
    check_price_range,
    check_quantity,
    check_shelf_life_days,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", Decimal(12)),
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1.234.567", Decimal(1234567)),
        ("１２３", Decimal(123)),
        (12, Decimal(12)),
        (3.5, Decimal("3.5")),
        ("−5", Decimal(-5)),
    ],
)
def test_parse_decimal(text: str | int | float, number: Decimal) -> None:
    check = parse_decimal(text)
    assert check.severity is Severity.OK
    assert check.value == number


def test_ambiguous_thousands_comma_is_a_warning() -> None:
    check = parse_decimal("1,500")
    assert check.severity is Severity.WARNING
    assert check.value == Decimal(1500)
    assert "1.500" in check.message


@pytest.mark.parametrize(
    ("text", "number"),
    [("0,001", Decimal("0.001")), ("0,500", Decimal("0.5")), ("-0,250", Decimal("-0.25"))],
)
def test_a_comma_after_a_zero_is_a_decimal_comma_without_a_warning(
    text: str, number: Decimal
) -> None:
    # No grouped number opens with a 0 group, so "0,001" is not ambiguous.
    check = parse_decimal(text)
    assert check.severity is Severity.OK
    assert check.value == number


@pytest.mark.parametrize("text", ["0,001,000", "0.001.000", "0,001.5"])
def test_a_grouping_that_opens_with_a_zero_group_is_not_a_number(text: str) -> None:
    assert parse_decimal(text).severity is Severity.ERROR


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1e5", "nan", "12 kg"])
def test_not_a_number(text: str) -> None:
    check = parse_decimal(text)
    assert check.severity is Severity.ERROR
    assert "not a number" in check.message


def test_price_range() -> None:
    assert check_price_range("10", "20").value == (Decimal(10), Decimal(20))
    assert check_price_range(None, "20").value == (None, Decimal(20))
    assert check_price_range("5", "5").ok
    assert check_price_range(None, "").is_empty


def test_price_range_min_above_max_names_both() -> None:
    check = check_price_range("20", "10,5")
    assert check.severity is Severity.ERROR
    assert check.message == "Minimum price 20 is greater than maximum price 10.5"


def test_negative_price_is_an_error() -> None:
    assert "Minimum price cannot be negative" in check_price_range("-1", "5").message
    assert "Maximum price cannot be negative" in check_price_range(None, "-5").message


def test_price_that_is_not_a_number_names_the_bound() -> None:
    assert check_price_range("1", "дорого").message.startswith("Maximum price:")


def test_quantity() -> None:
    assert check_quantity("1 000").value == Decimal(1000)
    assert check_quantity(0).value == Decimal(0)
    assert check_quantity("-3").severity is Severity.ERROR
    assert check_quantity("").is_empty


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("180", 180),
        (180, 180),
        ("12 месяцев", 360),
        ("18 мес.", 540),
        ("2 года", 730),
        ("1 year", 365),
        ("6 个月", 180),
        ("30 天", 30),
        ("2 weeks", 14),
    ],
)
def test_shelf_life(text: str | int, days: int) -> None:
    check = check_shelf_life_days(text)
    assert check.severity is Severity.OK
    assert check.value == days


@pytest.mark.parametrize("text", ["0", "-5", "10.5", "abc", "5 parsecs"])
def test_bad_shelf_life(text: str) -> None:
    assert check_shelf_life_days(text).severity is Severity.ERROR


def test_very_long_or_unlimited_shelf_life_is_a_warning() -> None:
    assert check_shelf_life_days(40000).severity is Severity.WARNING
    unlimited = check_shelf_life_days("бессрочно")
    assert unlimited.severity is Severity.WARNING
    assert unlimited.value is None


@given(st.text(max_size=20))
def test_number_checks_never_raise(text: str) -> None:
    parse_decimal(text)
    check_quantity(text)
    check_shelf_life_days(text)
    check_price_range(text, text)
