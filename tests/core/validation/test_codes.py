"""INN, OGRN/OGRNIP and USCC: every example is verified by an independent checksum here."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.validation import Severity, check_inn, check_ogrn, check_uscc

# -- independent reference implementations of the official algorithms ------------------


def inn10_check(body: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return str(sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10)


def inn12_check(body: str) -> str:
    w11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    w12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    n11 = str(sum(int(d) * w for d, w in zip(body, w11, strict=True)) % 11 % 10)
    n12 = str(sum(int(d) * w for d, w in zip(body + n11, w12, strict=True)) % 11 % 10)
    return n11 + n12


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check(body: str) -> str:
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return USCC_CHARS[(31 - total % 31) % 31]


def change_digit(code: str, position: int) -> str:
    digit = str((int(code[position]) + 1) % 10)
    return code[:position] + digit + code[position + 1 :]


SBERBANK_INN = "7707083893"
YANDEX_INN = "7736207543"
PERSON_INN = "500100732259"
SBERBANK_OGRN = "1027700132195"
OGRN_2 = "1027739850962"
OGRNIP = "304500116000157"
USCC = "91350100M000100Y43"
USCC_2 = "91110108551385082Q"


def test_examples_are_really_valid() -> None:
    assert inn10_check(SBERBANK_INN[:9]) == SBERBANK_INN[9]
    assert inn10_check(YANDEX_INN[:9]) == YANDEX_INN[9]
    assert inn12_check(PERSON_INN[:10]) == PERSON_INN[10:]
    assert int(SBERBANK_OGRN[:12]) % 11 % 10 == int(SBERBANK_OGRN[12])
    assert int(OGRN_2[:12]) % 11 % 10 == int(OGRN_2[12])
    assert int(OGRNIP[:14]) % 13 % 10 == int(OGRNIP[14])
    assert uscc_check(USCC[:17]) == USCC[17]
    assert uscc_check(USCC_2[:17]) == USCC_2[17]


# -- INN ---------------------------------------------------------------------------------


@pytest.mark.parametrize("inn", [SBERBANK_INN, YANDEX_INN, PERSON_INN])
def test_valid_inn(inn: str) -> None:
    check = check_inn(inn)
    assert check.severity is Severity.OK
    assert check.value == inn


@pytest.mark.parametrize(
    "text",
    [
        " 7707083893 ",
        "7707-083-893",
        "7707 083 893",
        "７７０７０８３８９３",
        "ИНН 7707083893",
        "ИНН: 7707083893",
        "INN 7707083893",
        7707083893,
        7707083893.0,
    ],
)
def test_inn_forms_people_write(text: str | int | float) -> None:
    assert check_inn(text).value == SBERBANK_INN


@pytest.mark.parametrize("text", [None, "", "   ", "\u200b"])
def test_empty_inn_is_empty_not_error(text: str | None) -> None:
    assert check_inn(text).is_empty


def test_inn_wrong_check_digit_names_expected_and_found() -> None:
    wrong = SBERBANK_INN[:9] + "5"
    check = check_inn(wrong)
    assert check.severity is Severity.ERROR
    assert check.value is None
    assert check.message == "INN check digit is wrong: expected 3, found 5"


@pytest.mark.parametrize("position", range(9))
def test_inn_one_changed_digit_is_caught(position: int) -> None:
    changed = change_digit(YANDEX_INN, position)
    assert inn10_check(changed[:9]) != changed[9]
    assert not check_inn(changed).ok


@pytest.mark.parametrize("position", range(12))
def test_personal_inn_one_changed_digit_is_caught(position: int) -> None:
    changed = change_digit(PERSON_INN, position)
    assert inn12_check(changed[:10]) != changed[10:]
    check = check_inn(changed)
    assert not check.ok
    assert "check digit" in check.message


def test_personal_inn_message_gives_both_check_digits() -> None:
    check = check_inn(PERSON_INN[:10] + "00")
    assert check.message == "INN check digits are wrong: expected 59, found 00"


def test_inn_wrong_length_says_how_many_digits() -> None:
    check = check_inn("770708389")
    assert check.message.startswith("INN must have 10 or 12 digits, this one has 9")


def test_inn_lost_leading_zero_is_hinted() -> None:
    inn = "010500000" + inn10_check("010500000")  # Adygea: starts with 0
    check = check_inn(int(inn))  # a numeric spreadsheet cell drops the zero
    assert not check.ok
    assert check.message.startswith("INN must have 10 or 12 digits, this one has 9")
    assert inn in check.message


def test_inn_letters_are_named() -> None:
    check = check_inn("77070A3893")
    assert not check.ok
    assert '"A"' in check.message


def test_inn_all_zeros_is_rejected() -> None:
    assert not check_inn("0000000000").ok


@given(st.text(max_size=30))
def test_check_inn_never_raises(text: str) -> None:
    check_inn(text)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s[:2] != "00"))
def test_generated_legal_inn_round_trips(body: str) -> None:
    inn = body + inn10_check(body)
    assert check_inn(inn).value == inn


@given(st.text(alphabet="0123456789", min_size=10, max_size=10).filter(lambda s: s[:2] != "00"))
def test_generated_personal_inn_round_trips(body: str) -> None:
    inn = body + inn12_check(body)
    assert check_inn(inn).value == inn


# -- OGRN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ogrn", [SBERBANK_OGRN, OGRN_2, OGRNIP])
def test_valid_ogrn(ogrn: str) -> None:
    check = check_ogrn(ogrn)
    assert check.severity is Severity.OK
    assert check.value == ogrn


def test_ogrn_forms() -> None:
    assert check_ogrn("ОГРН 1027700132195").value == SBERBANK_OGRN
    assert check_ogrn("ОГРНИП: 304500116000157").value == OGRNIP
    assert check_ogrn(" 1 02 77 00 13219 5 ").value == SBERBANK_OGRN


@pytest.mark.parametrize("position", range(12))
def test_ogrn_one_changed_digit_is_caught(position: int) -> None:
    changed = change_digit(SBERBANK_OGRN, position)
    if int(changed[:12]) % 11 % 10 == int(changed[12]):
        pytest.skip("this change happens to keep the checksum")
    assert not check_ogrn(changed).ok


def test_ogrn_wrong_check_digit_message() -> None:
    check = check_ogrn(SBERBANK_OGRN[:12] + "0")
    assert check.message == "OGRN check digit is wrong: expected 5, found 0"


def test_ogrnip_wrong_check_digit_message() -> None:
    check = check_ogrn(OGRNIP[:14] + "1")
    assert check.message == "OGRNIP check digit is wrong: expected 7, found 1"


def test_ogrn_wrong_length() -> None:
    check = check_ogrn("102770013219")
    assert not check.ok
    assert "this one has 12" in check.message


def test_ogrn_not_starting_with_1_or_5_is_a_warning() -> None:
    body = "202770013219"
    grn = body + str(int(body) % 11 % 10)
    check = check_ogrn(grn)
    assert check.severity is Severity.WARNING
    assert check.value == grn


@given(st.text(alphabet="0123456789", min_size=13, max_size=13).map(lambda s: "3" + s))
def test_generated_ogrnip_round_trips(body: str) -> None:
    ogrnip = body + str(int(body) % 13 % 10)
    assert check_ogrn(ogrnip).value == ogrnip


@given(st.text(max_size=30))
def test_check_ogrn_never_raises(text: str) -> None:
    check_ogrn(text)


# -- USCC ----------------------------------------------------------------------------------


@pytest.mark.parametrize("uscc", [USCC, USCC_2])
def test_valid_uscc(uscc: str) -> None:
    check = check_uscc(uscc)
    assert check.severity is Severity.OK
    assert check.value == uscc


@pytest.mark.parametrize(
    "text",
    [
        "91350100m000100y43",
        " 9135 0100 M000 100Y 43 ",
        "9135-0100-M000100Y43",
        "９１３５０１００Ｍ０００１００Ｙ４３",
    ],
)
def test_uscc_forms(text: str) -> None:
    assert check_uscc(text).value == USCC


def test_uscc_wrong_check_character_is_a_warning_keeping_value() -> None:
    wrong = USCC[:17] + "4"
    check = check_uscc(wrong)
    assert check.severity is Severity.WARNING
    assert check.ok
    assert check.value == wrong
    assert check.message == "USCC check character is wrong: expected 3, found 4"


@pytest.mark.parametrize("position", range(17))
def test_uscc_one_changed_character_is_noticed(position: int) -> None:
    old = USCC[position]
    new = USCC_CHARS[(USCC_CHARS.index(old) + 1) % 31]
    changed = USCC[:position] + new + USCC[position + 1 :]
    assert check_uscc(changed).severity is Severity.WARNING


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_uscc_forbidden_letters_are_errors(letter: str) -> None:
    check = check_uscc(USCC[:8] + letter + USCC[9:])
    assert check.severity is Severity.ERROR
    assert f"letter {letter}" in check.message


def test_uscc_wrong_length() -> None:
    check = check_uscc(USCC[:17])
    assert not check.ok
    assert "18 characters, this one has 17" in check.message


def test_uscc_punctuation_is_an_error() -> None:
    assert not check_uscc("91350100M000100Y4#").ok


@given(st.text(alphabet=USCC_CHARS, min_size=17, max_size=17))
def test_generated_uscc_round_trips(body: str) -> None:
    uscc = body + uscc_check(body)
    assert check_uscc(uscc.lower()).value == uscc


@given(st.text(max_size=30))
def test_check_uscc_never_raises(text: str) -> None:
    check_uscc(text)
