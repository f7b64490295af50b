"""Numbers typed by people: prices, quantities and shelf life.

Numbers are read as :class:`~decimal.Decimal` so that prices stay exact. Spaces are
thousands separators ("1 234,5"); when both a comma and a dot appear, the last one is the
decimal separator ("1,234.50", "1.234,50"). A lone comma followed by exactly three digits
("1,500") is ambiguous: it is read as thousands, with a warning; when the digits before
it are a 0 ("0,001") it can only be a decimal comma.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from desktop_app.core.i18n import tr
from desktop_app.core.text import fold
from desktop_app.core.validation._text import DASHES, RawValue, shown, to_text
from desktop_app.core.validation.result import Check, Severity

NumberInput = RawValue
"""A number, or text holding one."""

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
# No grouped number opens with a 0 group: "0,001" is a decimal fraction, never 1.
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:[.,]\d{3})+$")
_SHELF_LIFE = re.compile(r"^(?P<number>[\d\s.,]+)\s*(?P<unit>[^\d\s.,].*)?$")
_UNLIMITED = {
    "unlimited",
    "не ограничен",
    "не ограничено",
    "неограничен",
    "бессрочно",
    "без ограничений",
    "不限",
    "无限期",
    "长期",
}
_DAY_WORDS = {
    1: ("d", "day", "days", "д", "дн", "день", "дня", "дней", "сут", "суток", "天", "日"),
    7: ("w", "wk", "week", "weeks", "нед", "неделя", "недели", "недель", "周", "星期"),
    30: ("mo", "mon", "month", "months", "м", "мес", "месяц", "месяца", "месяцев", "个月", "月"),
    365: ("y", "yr", "year", "years", "г", "год", "года", "лет", "年"),
}
_DAYS_PER_WORD = {word: days for days, words in _DAY_WORDS.items() for word in words}
LONG_SHELF_LIFE_DAYS = 3650
"""Shelf lives longer than this (ten years) are accepted with a warning."""


def parse_decimal(value: NumberInput) -> Check[Decimal]:
    """Read a number written the Russian, Chinese or English way as a Decimal."""
    if isinstance(value, bool):
        return Check.error(tr("{value} is not a number").format(value=value))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
        return Check.good(number) if number.is_finite() else _not_a_number(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return _not_a_number(repr(value))
        return Check.good(Decimal(repr(value)))
    raw = to_text(value)
    if not raw:
        return Check.empty()
    text = re.sub(r"[\s']", "", raw)
    text = re.sub(f"^[{re.escape(DASHES)}]", "-", text)
    message = ""
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole = text[: text.rfind(decimal_mark)]
        if not _GROUPED.match(whole):
            return _not_a_number(raw)
        text = whole.replace(grouping, "") + "." + text[text.rfind(decimal_mark) + 1 :]
    elif text.count(",") > 1 and _GROUPED.match(text):
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}", text):
        message = tr("{text} was read as {number}; write {alternative} for a decimal fraction")
        message = message.format(
            text=raw, number=text.replace(",", ""), alternative=text.replace(",", ".")
        )
        text = text.replace(",", "")
    elif text.count(".") > 1 and _GROUPED.match(text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return _not_a_number(raw)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _not_a_number(raw)
    return Check.warn(number, message) if message else Check.good(number)


def _not_a_number(raw: str) -> Check[Decimal]:
    return Check.error(tr('"{text}" is not a number').format(text=shown(raw)))


def check_quantity(value: NumberInput) -> Check[Decimal]:
    """A quantity: a number that is zero or more."""
    number = parse_decimal(value)
    if number.value is not None and number.value < 0:
        return Check.error(tr("Quantity cannot be negative: {value}").format(value=number.value))
    return number


def check_price_range(
    minimum: NumberInput, maximum: NumberInput
) -> Check[tuple[Decimal | None, Decimal | None]]:
    """A price range: each bound optional, both zero or more, the minimum not above the maximum."""
    low, high = parse_decimal(minimum), parse_decimal(maximum)
    if low.severity is Severity.ERROR:
        return Check.error(tr("Minimum price: {reason}").format(reason=low.message))
    if high.severity is Severity.ERROR:
        return Check.error(tr("Maximum price: {reason}").format(reason=high.message))
    if low.value is None and high.value is None:
        return Check.empty()
    if low.value is not None and low.value < 0:
        return Check.error(tr("Minimum price cannot be negative: {value}").format(value=low.value))
    if high.value is not None and high.value < 0:
        return Check.error(tr("Maximum price cannot be negative: {value}").format(value=high.value))
    if low.value is not None and high.value is not None and low.value > high.value:
        return Check.error(
            tr("Minimum price {minimum} is greater than maximum price {maximum}").format(
                minimum=low.value, maximum=high.value
            )
        )
    notes = [note for note in (low.message, high.message) if note]
    if notes:
        return Check.warn((low.value, high.value), "; ".join(notes))
    return Check.good((low.value, high.value))


def check_shelf_life_days(value: NumberInput) -> Check[int]:
    """Shelf life in whole days, from a number of days or text such as "12 месяцев", "2 years".

    A month counts as 30 days and a year as 365. "Unlimited" and its Russian and Chinese
    forms give no value, with a warning. Over ten years is a warning.
    """
    if isinstance(value, str | None):
        raw = to_text(value)
        if not raw:
            return Check.empty()
        if fold(raw) in _UNLIMITED:
            return Check.warn(None, tr("Unlimited shelf life is stored as no shelf life (empty)"))
        match = _SHELF_LIFE.match(raw)
        if not match:
            return Check.error(
                tr('Shelf life "{text}" is not a number of days, months or years').format(
                    text=shown(raw)
                )
            )
        unit = fold(match.group("unit") or "").rstrip(".")
        if unit and unit not in _DAYS_PER_WORD:
            return Check.error(
                tr('Shelf life: "{unit}" is not days, weeks, months or years').format(unit=unit)
            )
        number = parse_decimal(match.group("number"))
        multiplier = _DAYS_PER_WORD.get(unit, 1)
    else:
        number, multiplier = parse_decimal(value), 1
    if number.value is None:
        return Check.error(number.message)
    days = number.value * multiplier
    if multiplier == 1 and days != days.to_integral_value():
        return Check.error(
            tr("Shelf life must be a whole number of days, not {value}").format(value=number.value)
        )
    whole = int(days.to_integral_value())
    if whole < 1:
        return Check.error(tr("Shelf life must be at least 1 day, not {value}").format(value=whole))
    if whole > LONG_SHELF_LIFE_DAYS:
        return Check.warn(
            whole,
            tr("Shelf life of {days} days is more than ten years; check it").format(days=whole),
        )
    return Check.good(whole)
