"""Company identifiers: Russian INN and OGRN/OGRNIP, the Chinese Unified Social Credit Code.

Each check verifies the length, the alphabet and the official check digit, and says
exactly what is wrong: the count of digits found, or the check digit expected and found.
"""

from __future__ import annotations

import re

from desktop_app.core.i18n import tr
from desktop_app.core.validation._text import DASHES, RawValue, shown, to_text
from desktop_app.core.validation.result import Check

_INN_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""GB 32100-2015 characters: digits and capitals without I, O, Z, S, V."""
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_LOOKALIKES = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}

_SEPARATORS = re.compile(f"[\\s{re.escape(DASHES)}]+")
_INN_LABEL = re.compile(r"^(?:ИНН\s+ЮЛ|ИНН\s+ФЛ|ИНН|INN)\s*[:№#]?\s*", re.IGNORECASE)
_OGRN_LABEL = re.compile(r"^(?:ОГРНИП|ОГРН|OGRNIP|OGRN)\s*[:№#]?\s*", re.IGNORECASE)
_USCC_LABEL = re.compile(
    r"^(?:USCC|统一社会信用代码|社会信用代码|信用代码)\s*[:：#]?\s*", re.IGNORECASE
)


def _compact(text: str, label: re.Pattern[str]) -> str:
    """Drop a leading label such as "ИНН:" and every space and hyphen."""
    return _SEPARATORS.sub("", label.sub("", text))


def _first_non_digit(text: str) -> str:
    return next(char for char in text if not char.isascii() or not char.isdigit())


def _weighted_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_check_digits(body: str) -> str:
    """Return the check digit(s) the INN starting with ``body`` must end with.

    ``body`` is the first 9 digits of a legal entity's INN or the first 10 of an
    individual's.
    """
    if len(body) == 9:
        return str(_weighted_digit(body, _INN_WEIGHTS_10))
    if len(body) == 10:
        eleventh = str(_weighted_digit(body, _INN_WEIGHTS_11))
        return eleventh + str(_weighted_digit(body + eleventh, _INN_WEIGHTS_12))
    raise ValueError(f"an INN body has 9 or 10 digits, not {len(body)}")


def check_inn(text: RawValue) -> Check[str]:
    """Check a Russian taxpayer number: 10 digits (legal entity) or 12 (individual).

    Spaces, hyphens, full-width digits and a leading "ИНН" label are accepted; the value
    is the bare digits.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    inn = _compact(raw, _INN_LABEL)
    if not inn:
        return Check.error(tr("INN has no digits"))
    if not (inn.isascii() and inn.isdigit()):
        return Check.error(
            tr('INN may contain only digits; found "{char}" in "{text}"').format(
                char=_first_non_digit(inn), text=shown(raw)
            )
        )
    if len(inn) not in (10, 12):
        message = tr("INN must have 10 or 12 digits, this one has {count}").format(count=len(inn))
        if len(inn) in (9, 11) and _inn_checksum_ok("0" + inn):
            message += tr(
                " (a spreadsheet may have dropped its leading zero: 0{digits} is valid)"
            ).format(digits=inn)
        return Check.error(message)
    expected = inn_check_digits(inn[:-1] if len(inn) == 10 else inn[:-2])
    found = inn[-len(expected) :]
    if expected != found:
        if len(expected) == 1:
            message = tr("INN check digit is wrong: expected {expected}, found {found}")
        else:
            message = tr("INN check digits are wrong: expected {expected}, found {found}")
        return Check.error(message.format(expected=expected, found=found))
    if inn.startswith("00"):
        return Check.error(tr("INN cannot start with 00: no tax office has that code"))
    return Check.good(inn)


def _inn_checksum_ok(inn: str) -> bool:
    body = inn[:-1] if len(inn) == 10 else inn[:-2]
    return inn_check_digits(body) == inn[len(body) :]


def ogrn_check_digit(body: str) -> str:
    """Return the last digit of the OGRN (12-digit body) or OGRNIP (14-digit body)."""
    if len(body) == 12:
        return str(int(body) % 11 % 10)
    if len(body) == 14:
        return str(int(body) % 13 % 10)
    raise ValueError(f"an OGRN body has 12 or 14 digits, not {len(body)}")


def check_ogrn(text: RawValue) -> Check[str]:
    """Check a Russian state registration number: OGRN (13 digits) or OGRNIP (15 digits).

    OGRN of a company starts with 1 or 5, OGRNIP of a sole trader with 3; another first
    digit is a warning (it is the number of a later registry record, not of the company).
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    ogrn = _compact(raw, _OGRN_LABEL)
    if not ogrn:
        return Check.error(tr("OGRN has no digits"))
    if not (ogrn.isascii() and ogrn.isdigit()):
        return Check.error(
            tr('OGRN may contain only digits; found "{char}" in "{text}"').format(
                char=_first_non_digit(ogrn), text=shown(raw)
            )
        )
    if len(ogrn) not in (13, 15):
        return Check.error(
            tr(
                "OGRN must have 13 digits (OGRNIP of a sole trader 15), this one has {count}"
            ).format(count=len(ogrn))
        )
    expected = ogrn_check_digit(ogrn[:-1])
    if expected != ogrn[-1]:
        name = tr("OGRN") if len(ogrn) == 13 else tr("OGRNIP")
        return Check.error(
            tr("{name} check digit is wrong: expected {expected}, found {found}").format(
                name=name, expected=expected, found=ogrn[-1]
            )
        )
    if len(ogrn) == 13 and ogrn[0] not in "15":
        return Check.warn(
            ogrn,
            tr(
                "A company's OGRN starts with 1 or 5, this one with {digit}: it may be the "
                "number of a later registry entry (GRN) rather than the OGRN"
            ).format(digit=ogrn[0]),
        )
    if len(ogrn) == 15 and ogrn[0] != "3":
        return Check.warn(
            ogrn,
            tr(
                "A sole trader's OGRNIP starts with 3, this one with {digit}: it may be the "
                "number of a later registry entry (GRNIP) rather than the OGRNIP"
            ).format(digit=ogrn[0]),
        )
    return Check.good(ogrn)


def uscc_check_character(body: str) -> str:
    """Return the 18th character of the USCC whose first 17 characters are ``body``."""
    if len(body) != 17:
        raise ValueError(f"a USCC body has 17 characters, not {len(body)}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(text: RawValue) -> Check[str]:
    """Check a Chinese Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

    18 characters from digits and capitals other than I, O, Z, S, V; input is
    upper-cased with spaces and hyphens removed. A wrong check character is only a
    warning: the code is kept, since it may be right and mistyped in one place.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    code = _compact(raw, _USCC_LABEL).upper()
    if not code:
        return Check.error(tr("USCC has no characters"))
    for char in code:
        if char in _USCC_LOOKALIKES:
            return Check.error(
                tr(
                    "USCC cannot contain the letter {letter} (the code never uses I, O, Z, S "
                    'or V); did you mean "{digit}"?'
                ).format(letter=char, digit=_USCC_LOOKALIKES[char])
            )
        if char not in USCC_ALPHABET:
            return Check.error(
                tr('USCC may contain only digits and capital letters; found "{char}"').format(
                    char=char
                )
            )
    if len(code) != 18:
        message = tr("USCC must have 18 characters, this one has {count}").format(count=len(code))
        if len(code) == 15 and code.isdigit():
            message += tr(" (a 15-digit number is an old business licence number, 注册号)")
        return Check.error(message)
    expected = uscc_check_character(code[:17])
    if expected != code[17]:
        return Check.warn(
            code,
            tr("USCC check character is wrong: expected {expected}, found {found}").format(
                expected=expected, found=code[17]
            ),
        )
    return Check.good(code)
