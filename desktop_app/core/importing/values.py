"""Read one cell's value the way a person meant it.

Numbers with thousands separators, decimal commas and Chinese multipliers (2万 = 20000),
quantities with their unit inside ("5吨", "1,5 т"), prices with a currency sign, dates as
Excel serials or "2026年12月1日", shelf lives as "18 месяцев". Codes, units, currencies and
Incoterms go to the shared validators in :mod:`desktop_app.core.validation`. Every parser
returns a :class:`~desktop_app.core.validation.result.Check`; none raises on bad input.
Parsers of text are cached because spreadsheets repeat the same units and codes.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from desktop_app.core.i18n import tr
from desktop_app.core.validation._text import shown, to_text
from desktop_app.core.validation.result import Check, Severity
from desktop_app.core.validation.trade import normalize_currency, normalize_unit

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_MULTIPLIERS = {"万": Decimal(10_000), "千": Decimal(1_000), "亿": Decimal(100_000_000)}
_NUMBER_HEAD = re.compile(r"^([-+]?\d[\d\s',.\u00a0\u202f]*)\s*([万千亿])?\s*(.*)$")
# Grouping never opens with a 0 group: "0,001" is 0.001 (as parse_decimal reads it).
_THOUSANDS_COMMAS = re.compile(r"^[1-9]\d{0,2}(,\d{3})+$")
_THOUSANDS_DOTS = re.compile(r"^[1-9]\d{0,2}(\.\d{3}){2,}$")
_SPACES = re.compile(r"[\s'\u00a0\u202f]")
_RANGE = re.compile(r"^(.+?)\s*(?:-|~|～|—|–|\.\.)\s*(.+)$")
_CURRENCY_AROUND = re.compile(r"^([^\d\-+]*)([-+]?\d.*?)([^\d,]*)$")
# The unit a price is quoted per: "45元/公斤", "1150 USD/t", "120 руб./кг", "$5 per kg",
# "300 руб. за кг"; and the Chinese order "每公斤45元".
_PER_UNIT_AFTER = re.compile(r"^(.*?\d.*?)\s*(?:/|\bper\s+|\bза\s+|每)\s*(\S.*)$", re.IGNORECASE)
_PER_UNIT_BEFORE = re.compile(r"^每\s*([^\d\s]+?)\s*([-+]?\d.*)$")
_UNIT_AFTER_SLASH = re.compile(r"[^\d]+[23]?")
# "4.5万元/吨": a multiplier written before the currency belongs to the number.
_MULTIPLIED_CURRENCY = re.compile(r"^([万千亿])\s*(\S.*)$")
_PER_UNIT_LEADING = re.compile(r"^([^\d/]+?)\s*/\s*([^\d/]+?)\s*([-+]?\d.*)$")

Money = tuple[Decimal, Decimal, str | None] | tuple[Decimal, Decimal, str | None, str]
"""A price read from a cell: low, high, currency, and the unit it is quoted per if written.

The price unit is present only when the cell names one ("45元/公斤"), so a price without
one reads (and fingerprints) as it always has.
"""

EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # 1954 .. 2119: serials that can be a deadline


def _number_text(text: str) -> Decimal | None:
    """A bare number in any customary notation, or ``None``."""
    text = _SPACES.sub("", text)
    if not text:
        return None
    if "," in text and "." in text:
        # The later separator is the decimal one: 1,234.5 and 1.234,5.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", "") if _THOUSANDS_COMMAS.match(text) else text.replace(",", ".")
    elif _THOUSANDS_DOTS.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_number(raw: Any) -> Check[Decimal]:
    """A plain number: 1 234,5 / 1,234.5 / １８ / 2万."""
    if isinstance(raw, bool):
        return Check.error(tr("expected a number, found {value}").format(value=raw))
    if isinstance(raw, int | float):
        return Check.good(Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw))
    return _parse_number_text(str(raw))


@lru_cache(maxsize=4096)
def _parse_number_text(raw: str) -> Check[Decimal]:
    if _PLAIN_NUMBER.fullmatch(raw):
        return Check.good(Decimal(raw))
    check = parse_quantity_text(raw)
    if check.value is None:
        return Check(None, check.severity, check.message)
    number, unit = check.value
    if unit:
        return Check.error(tr('expected a number, found "{text}"').format(text=shown(to_text(raw))))
    return Check(number, check.severity, check.message)


@lru_cache(maxsize=4096)
def read_unit(raw: str) -> Check[tuple[Decimal, str]]:
    """A unit as written in a unit column or after a number, with its 万/千 multiplier.

    "吨" -> (1, "t"), "万只" -> (10000, "pcs"), "千套" -> (1000, "set"). A unit the table
    does not know is kept as written, with a warning: a unit alone never rejects a row.
    """
    text = to_text(raw)
    if not text:
        return Check.empty()
    unit = normalize_unit(text)
    if unit.value is not None:
        return Check.good((Decimal(1), unit.value))
    if text[0] in _MULTIPLIERS and len(text) > 1:
        scaled = normalize_unit(text[1:])
        if scaled.value is not None:
            return Check.good((_MULTIPLIERS[text[0]], scaled.value))
    return Check.warn(
        (Decimal(1), text),
        tr(
            'unknown unit "{text}", kept as written; check it, or add its spelling to '
            "resources/reference/units.csv"
        ).format(text=shown(text)),
    )


def parse_unit(raw: Any) -> Check[str | tuple[str, Decimal]]:
    """A unit-column cell: its unit code, or (code, multiplier) for "万只" and the like."""
    check = read_unit(str(raw))
    if check.value is None:
        return Check(None, check.severity, check.message)
    multiplier, code = check.value
    value: str | tuple[str, Decimal] = code if multiplier == 1 else (code, multiplier)
    return Check(value, check.severity, check.message)


def parse_currency(raw: Any) -> Check[str | tuple[str, str]]:
    """A currency cell: "USD", "元"; with the unit prices are quoted per, "USD/t", "руб./кг",
    "元/吨" give (currency, price unit)."""
    text = to_text(str(raw))
    check = normalize_currency(text)
    if check.value is not None or "/" not in text:
        return Check(check.value, check.severity, check.message)
    currency_text, _, per = text.rpartition("/")
    currency, unit = normalize_currency(currency_text.strip()), read_unit(per.strip())
    if currency.value is None or unit.value is None or unit.value[0] != 1:
        return Check(check.value, check.severity, check.message)
    messages = "; ".join(m for m in (currency.message, unit.message) if m)
    severity = max((currency.severity, unit.severity), key=lambda s: s is not Severity.OK)
    return Check((currency.value, unit.value[1]), severity, messages)


def parse_price_unit(raw: Any) -> Check[str]:
    """A price-unit cell ("kg", "公斤", "吨"); "万只" is refused, being no unit to price by."""
    check = read_unit(str(raw))
    if check.value is None:
        return Check(None, check.severity, check.message)
    multiplier, code = check.value
    if multiplier != 1:
        return Check.error(
            tr('"{text}" is {multiplier} {unit}; quote the price per {unit}').format(
                text=shown(to_text(raw)), multiplier=multiplier, unit=code
            )
        )
    return Check(code, check.severity, check.message)


@lru_cache(maxsize=8192)
def parse_quantity_text(raw: str) -> Check[tuple[Decimal, str | None]]:
    """A number with an optional multiplier and unit: "2万件" -> (20000, "pcs").

    An unknown unit is kept as written with a warning ("5 桶桶" -> (5, "桶桶")).
    """
    text = to_text(raw)
    if not text:
        return Check.empty()
    match = _NUMBER_HEAD.match(text)
    if match is None:
        return Check.error(tr('"{text}" does not start with a number').format(text=shown(text)))
    number = _number_text(match.group(1))
    if number is None:
        return Check.error(tr('"{text}" is not a number').format(text=shown(text)))
    if match.group(2):
        number *= _MULTIPLIERS[match.group(2)]
    unit_text = match.group(3).strip()
    if not unit_text:
        return Check.good((number, None))
    unit = read_unit(unit_text)
    if unit.value is None:
        return Check.error(unit.message)
    multiplier, code = unit.value
    return Check((number * multiplier, code), unit.severity, unit.message)


def parse_quantity(raw: Any) -> Check[tuple[Decimal, str | None]]:
    """A quantity as a number cell or as text with its unit inside."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Check.good((Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw), None))
    return parse_quantity_text(str(raw))


def _split_price_unit(text: str) -> tuple[str, str | None]:
    """Split "45元/公斤" into "45元" and "公斤"; also "per kg", "за кг", "每公斤", "USD/t 1150"."""
    match = _PER_UNIT_AFTER.match(text)
    # A unit may end in a digit ("m3", "м2", from "m³" read as NFKC); a number after the
    # slash is no unit ("45/50").
    if match and _UNIT_AFTER_SLASH.fullmatch(match.group(2).strip()):
        return match.group(1).strip(), match.group(2).strip()
    match = _PER_UNIT_BEFORE.match(text)
    if match:
        return match.group(2).strip(), match.group(1).strip()
    match = _PER_UNIT_LEADING.match(text)
    if match:  # "USD/t 1150"
        return f"{match.group(1).strip()} {match.group(3)}", match.group(2).strip()
    return text, None


@lru_cache(maxsize=4096)
def _parse_money_text(raw: str) -> Check[Money]:
    text = to_text(raw)
    if _PLAIN_NUMBER.fullmatch(text):
        value = Decimal(text)
        return Check.good((value, value, None))
    text, per = _split_price_unit(text)
    currency: str | None = None
    match = _CURRENCY_AROUND.match(text)
    if match and (match.group(1).strip() or match.group(3).strip()):
        number, after = match.group(2), match.group(3).strip()
        multiplied = _MULTIPLIED_CURRENCY.match(after)
        if multiplied and not match.group(1).strip():
            number, after = number + multiplied.group(1), multiplied.group(2)
        sign = (match.group(1) + after).strip().rstrip("/")
        found = normalize_currency(sign)
        if found.value is not None:
            currency, text = found.value, number
    ranged = _RANGE.match(text)
    parts = [ranged.group(1), ranged.group(2)] if ranged else [text]
    multiplier = parts[-1].rstrip()[-1:]
    if ranged and multiplier in _MULTIPLIERS and not any(c in _MULTIPLIERS for c in parts[0]):
        # "1.2-1.5万" is 12,000 to 15,000: the multiplier counts for both ends.
        parts[0] += multiplier
    values: list[Decimal] = []
    for part in parts:
        check = parse_quantity_text(part)
        if check.value is None or check.value[1] is not None:
            return Check.error(tr('"{text}" is not a price').format(text=shown(to_text(raw))))
        values.append(check.value[0])
    low, high = values[0], values[-1]
    if low > high:
        return Check.error(
            tr("the price range {low} - {high} runs backwards").format(low=low, high=high)
        )
    if per is None:
        return Check.good((low, high, currency))
    unit = read_unit(per)
    if unit.value is None:
        return Check.good((low, high, currency))
    multiplier, code = unit.value
    if multiplier != 1:
        # "3000元/万只" is a price per 10,000 pieces: stored per piece.
        low, high = low / multiplier, high / multiplier
    return Check((low, high, currency, code), unit.severity, unit.message)


def plain_number(raw: Any) -> Decimal | None:
    """A number cell (not a bool) or a plain number text ("1234.56") as a Decimal, else None."""
    kind = raw.__class__
    if kind is str:
        return Decimal(raw) if _PLAIN_NUMBER.fullmatch(raw) else None
    if kind is float:
        return Decimal(str(raw))
    return Decimal(raw) if kind is int else None


def parse_money(raw: Any) -> Check[Money]:
    """A price or a price range with an optional currency and price unit.

    "$45", "100-120 руб", "45元/公斤" -> (45, 45, "CNY", "kg"), "1150 USD/t",
    "0.3元/只" -> (0.3, 0.3, "CNY", "pcs"), "120 руб./кг".
    """
    # A plain price ("1234.56", as CSV files hold them) is mostly unique: no cache.
    value = plain_number(raw)
    if value is not None:
        return Check.good((value, value, None))
    return _parse_money_text(str(raw))


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?$"), "ymd"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s.*)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2})$"), "dmy2"),
)


def _make_date(year: int, month: int, day: int | None) -> date | None:
    try:
        if day is None:
            # "2026年12月": by the end of that month.
            day = calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(raw: Any) -> Check[date]:
    """A date: a date cell, an Excel serial, ISO, 01.12.2026, 2026/12/1, 2026年12月1日."""
    if isinstance(raw, datetime):
        return Check.good(raw.date())
    if isinstance(raw, date):
        return Check.good(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1]:
            return Check.good(EXCEL_EPOCH + timedelta(days=int(raw)))
        return Check.error(tr("the number {value} is not a date").format(value=raw))
    return _parse_date_text(str(raw))


@lru_cache(maxsize=4096)
def _parse_date_text(raw: str) -> Check[date]:
    text = to_text(raw)
    if text.isdigit() and len(text) == 5:
        return parse_date(int(text))
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        a, b, c = (int(g) if g else None for g in match.groups())
        if order == "ymd" and a is not None and b is not None:
            result = _make_date(a, b, c)
        elif a is not None and b is not None and c is not None:
            year = c + 2000 if order == "dmy2" else c
            # Day first as in Russia; an American 12/31/2026 is read month first.
            result = _make_date(year, b, a) if b <= 12 else _make_date(year, a, b)
        else:
            result = None
        if result is not None:
            return Check.good(result)
    return Check.error(
        tr('"{text}" is not a date; write 2026-12-01, 01.12.2026 or 2026年12月1日').format(
            text=shown(text)
        )
    )


_DURATION_UNITS = (
    (re.compile(r"^(day|days|d|дн|день|дня|дней|сут|суток|天|日)\.?$"), 1),
    (re.compile(r"^(week|weeks|нед|неделя|недели|недель|周|星期)\.?$"), 7),
    (re.compile(r"^(month|months|mo|мес|месяц|месяца|месяцев|月|个月)\.?$"), 30),
    (re.compile(r"^(year|years|yr|г|год|года|лет|年)\.?$"), 365),
)


@lru_cache(maxsize=1024)
def _parse_days_text(raw: str) -> Check[int]:
    text = to_text(raw).casefold()
    match = _NUMBER_HEAD.match(text)
    number = _number_text(match.group(1)) if match else None
    if match is None or number is None:
        return Check.error(tr('"{text}" is not a duration').format(text=shown(text)))
    unit = match.group(3).strip()
    if not unit:
        return Check.good(int(number))
    for pattern, days in _DURATION_UNITS:
        if pattern.match(unit):
            return Check.good(int(number * days))
    return Check.error(
        tr('"{text}": unknown unit of time; write days, months or years').format(text=shown(text))
    )


def parse_days(raw: Any) -> Check[int]:
    """A duration in days: 365, "12 месяцев", "18 months", "2 年"."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Check.good(int(raw))
    return _parse_days_text(str(raw))


def as_warning(check: Check[Any]) -> bool:
    """True when ``check`` kept its value but has something to say."""
    return check.severity is Severity.WARNING
