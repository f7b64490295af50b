"""Company codes, HS codes, trade terms and contacts on generated input."""

from __future__ import annotations

import csv
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.paths import resource
from desktop_app.core.validation.codes import check_inn, check_ogrn, check_uscc
from desktop_app.core.validation.contact import check_email, check_phone, check_website
from desktop_app.core.validation.hs import format_hs_code, normalize_hs_code, restore_leading_zero
from desktop_app.core.validation.result import Check, Severity
from desktop_app.core.validation.trade import check_incoterms, normalize_currency, normalize_unit
from tests.core.properties.conftest import tried
from tests.reliability.generators import USCC_ALPHABET, inn10, inn12, ogrn13, ogrnip15, uscc

ANY_INPUT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 -./,;:ИНН№OGRNogrn\u00a0\t"),
    st.integers(),
    st.floats(),
    st.none(),
)
INCOTERMS = ("EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


# No tax office has code 00, so no INN starts with it.
INNS = st.one_of(digits(9).map(inn10), digits(10).map(inn12)).filter(lambda i: i[:2] != "00")


def _other_last(code: str, alphabet: str) -> st.SearchStrategy[str]:
    return st.sampled_from([code[:-1] + ch for ch in alphabet if ch != code[-1]])


@given(INNS)
def test_valid_inns_pass_as_written_and_with_spaces(inn: str) -> None:
    tried("company codes")
    assert check_inn(inn) == Check(inn, Severity.OK, "")
    assert check_inn(f" {inn[:4]} {inn[4:]} ").value == inn


@given(INNS, st.data())
def test_an_inn_with_a_wrong_check_digit_is_refused(inn: str, data: st.DataObject) -> None:
    tried("company codes")
    wrong = data.draw(_other_last(inn, "0123456789"))
    assert check_inn(wrong).severity is Severity.ERROR


@given(st.one_of(digits(12).map(ogrn13), digits(14).map(ogrnip15)), st.data())
def test_valid_ogrns_pass_and_a_changed_check_digit_fails(ogrn: str, data: st.DataObject) -> None:
    tried("company codes")
    if ogrn[0] == "0":
        return  # no register number starts with zero; the validator may say so
    result = check_ogrn(ogrn)
    assert result.value == ogrn and result.ok
    assert check_ogrn(data.draw(_other_last(ogrn, "0123456789"))).severity is Severity.ERROR


@given(
    st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17).map(uscc),
    st.data(),
)
def test_valid_usccs_pass_in_any_case_and_a_changed_check_character_fails(
    code: str, data: st.DataObject
) -> None:
    tried("company codes")
    result = check_uscc(code.lower())
    if result.ok:
        assert result.value == code
    else:
        # Only the registration-authority rules may refuse a checksum-valid code.
        assert "check" not in result.message.lower()
    wrong = data.draw(_other_last(code, USCC_ALPHABET))
    assert check_uscc(wrong).value != code


@given(ANY_INPUT)
def test_code_validators_never_raise(value: object) -> None:
    tried("company codes")
    for check in (check_inn, check_ogrn, check_uscc):
        result = check(value)  # type: ignore[arg-type]
        assert isinstance(result, Check)
        assert result.ok or result.message


@cache
def catalogue_codes() -> list[str]:
    with resource("hs", "hs2022.csv").open(encoding="utf-8") as handle:
        # Chapters (two digits) are headings of the catalogue, not codes goods carry.
        rows = csv.DictReader(handle)
        return [
            row["hscode"] for row in rows if row["hscode"].isdigit() and len(row["hscode"]) >= 4
        ]


@pytest.mark.slow
@given(st.data())
def test_catalogue_hs_codes_survive_formatting_and_a_lost_zero(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(catalogue_codes()))
    tried("HS codes")
    assert normalize_hs_code(code).value == code
    assert normalize_hs_code(format_hs_code(code)).value == code
    if code.startswith("0"):
        # A spreadsheet stored the code as a number and dropped the zero.
        assert restore_leading_zero(str(int(code))) == code


@given(ANY_INPUT)
def test_hs_normalisation_never_raises_and_is_idempotent(value: object) -> None:
    tried("HS codes")
    first = normalize_hs_code(value)  # type: ignore[arg-type]
    assert isinstance(first, Check)
    if first.value is not None:
        assert normalize_hs_code(first.value).value == first.value
    restored = restore_leading_zero(value)  # type: ignore[arg-type]
    assert restore_leading_zero(restored) == restored


@given(ANY_INPUT)
def test_trade_normalisers_never_raise_and_are_idempotent(value: object) -> None:
    tried("units, currencies, Incoterms")
    for normalise in (normalize_currency, normalize_unit):
        first = normalise(value)  # type: ignore[arg-type]
        assert isinstance(first, Check)
        if first.value is not None:
            assert normalise(first.value).value == first.value
    assert isinstance(check_incoterms(value), Check)  # type: ignore[arg-type]


@given(
    st.sampled_from(INCOTERMS),
    st.sampled_from(["", " ", " Manzhouli", " Забайкальск", " 满洲里", ", Qingdao port"]),
    st.booleans(),
)
def test_incoterms_keep_their_rule(rule: str, place: str, lower: bool) -> None:
    tried("units, currencies, Incoterms")
    text = (rule.lower() if lower else rule) + place
    result = check_incoterms(text)
    assert result.value is not None and result.value[0] == rule


@given(ANY_INPUT)
def test_contact_checks_never_raise_and_are_idempotent(value: object) -> None:
    tried("contacts")
    for check in (check_email, check_phone, check_website):
        first = check(value)  # type: ignore[arg-type]
        assert isinstance(first, Check)
        if first.value is not None and first.severity is Severity.OK:
            assert check(first.value).value == first.value
