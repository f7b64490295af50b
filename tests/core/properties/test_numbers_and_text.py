"""Numbers as people write them, and the text helpers: never a crash, never a changed value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.text import detect_language, name_key, nfkc
from desktop_app.core.validation.numbers import (
    check_price_range,
    check_quantity,
    check_shelf_life_days,
    parse_decimal,
)
from desktop_app.core.validation.result import Check, Severity
from tests.core.properties.conftest import tried

NAME_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz"
AMOUNTS = st.decimals(
    min_value=Decimal("-999999999.99"),
    max_value=Decimal("999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def written_ways(amount: Decimal) -> list[str]:
    """``amount`` as Russian, English and Chinese spreadsheets and forms write it."""
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    return [
        f"{sign}{whole}.{fraction}",
        f"{sign}{whole},{fraction}",
        f"{sign}{_group(whole, ' ')},{fraction}",
        f"{sign}{_group(whole, NO_BREAK_SPACE)},{fraction}",
        f"{sign}{_group(whole, NARROW_NO_BREAK_SPACE)},{fraction}",
        f"{sign}{_group(whole, ',')}.{fraction}",
        f"{sign}{_group(whole, '.')},{fraction}",
        f"{sign}{_group(whole, chr(39))}.{fraction}",
        f"  {sign}{whole}.{fraction}\t",
        ("\u2212" if sign else "") + f"{whole}.{fraction}",
    ]


@given(AMOUNTS)
def test_a_number_written_any_accepted_way_reads_back_the_same(amount: Decimal) -> None:
    for text in written_ways(amount):
        tried("numbers")
        result = parse_decimal(text)
        assert result.severity is Severity.OK, (text, result)
        assert result.value == amount, (text, result)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_keep_their_value(number: int) -> None:
    tried("numbers")
    assert parse_decimal(number).value == number
    assert parse_decimal(str(number)).value == number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_from_spreadsheet_cells_are_read_exactly_as_shown(number: float) -> None:
    tried("numbers")
    assert parse_decimal(number).value == Decimal(repr(number))


@given(st.one_of(st.text(), st.floats(), st.integers(), st.decimals(), st.none(), st.booleans()))
def test_number_checks_never_raise_and_explain_errors(value: object) -> None:
    tried("numbers")
    for check in (parse_decimal, check_quantity, check_shelf_life_days):
        result = check(value)  # type: ignore[operator]
        assert isinstance(result, Check)
        if result.severity is Severity.ERROR:
            assert result.value is None and result.message
    assert isinstance(check_price_range(value, value), Check)  # type: ignore[arg-type]


@given(st.text())
def test_a_number_read_from_text_is_read_again_to_the_same(text: str) -> None:
    tried("numbers")
    first = parse_decimal(text)
    if first.value is not None:
        again = parse_decimal(str(first.value))
        assert again.value == first.value


@given(st.text())
def test_text_helpers_are_total_and_idempotent(text: str) -> None:
    tried("text")
    assert nfkc(nfkc(text)) == nfkc(text)
    key = name_key(text)
    assert name_key(key) == key
    assert detect_language(text) in {"zh", "ru", "en", "mixed", "unknown"}


def test_a_party_key_keys_again_to_itself_with_underscores() -> None:
    key = name_key("COMPANY_")
    assert name_key(key) == key


@given(
    st.sampled_from(["ООО", "ОАО", "АО", "LLC", "Co., Ltd.", "有限公司"]),
    st.text(alphabet=NAME_LETTERS + NAME_LETTERS.upper() + " -", min_size=1, max_size=20),
)
def test_legal_form_quotes_and_case_do_not_change_the_party_key(form: str, name: str) -> None:
    tried("text")
    assert name_key(f"{form} «{name}»") == name_key(f'"{name.upper()}", {form}')
