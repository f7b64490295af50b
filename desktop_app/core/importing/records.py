"""From checked field values to the columns of a product, a demand line and their party.

The building step also catches what the database would refuse, so a bad row becomes a
reported problem instead of a failed transaction: text longer than its column, prices in
the wrong order, negative quantities, numbers too large for their column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any

from desktop_app.core.domain.enums import DemandStatus, ImportKind, Language, ProductStatus
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product
from desktop_app.core.i18n import tr
from desktop_app.core.importing.rows import CellProblem, ParsedRow
from desktop_app.core.text import detect_language, name_key
from desktop_app.core.validation.columns import (
    TableBounds,
    decimal_exponent,
    decimals_within_places,
    table_bounds,
)
from desktop_app.core.validation.result import Severity

_BILINGUAL = re.compile(r"^(?P<first>[^()]+?)\s*[(](?P<second>[^()]+)[)]\s*$")


@dataclass(frozen=True)
class PartyRow:
    """The company or buyer a row names: how to find it and what to create it with."""

    code: str | None
    key: str
    columns: dict[str, Any]


@lru_cache(maxsize=8192)
def split_buyer_name(name: str) -> tuple[str | None, str | None]:
    """``中文名 (English)`` -> (Chinese, foreign); a name in one script goes to its column."""
    match = _BILINGUAL.match(name)
    if match:
        first, second = match.group("first").strip(), match.group("second").strip()
        if detect_language(first) == "zh" and detect_language(second) != "zh":
            return first, second
        if detect_language(second) == "zh" and detect_language(first) != "zh":
            return second, first
    if detect_language(name) in ("zh", "mixed"):
        return name, None
    return None, name


def product_party(values: dict[str, Any]) -> PartyRow:
    """The company of a product row."""
    name = values.get("company_name") or ""
    columns = {
        "name_ru": name,
        "ogrn": values.get("company_ogrn"),
        "region": values.get("company_region"),
        "contact_person": values.get("company_contact"),
        "email": values.get("company_email"),
        "phone": values.get("company_phone"),
        "website": values.get("company_website"),
        "gacc_registration": values.get("company_gacc"),
    }
    return PartyRow(values.get("company_inn"), _cached_name_key(name), columns)


def demand_party(values: dict[str, Any]) -> PartyRow | None:
    """The buyer of a demand row, or ``None`` when the row names none."""
    name = values.get("buyer_name") or ""
    uscc = values.get("buyer_uscc")
    if not name and not uscc:
        return None
    name_zh, name_en = split_buyer_name(name) if name else (None, None)
    columns = {
        "name_zh": name_zh,
        "name_en": name_en,
        "province": values.get("province"),
        "city": values.get("city"),
        "contact_person": values.get("buyer_contact"),
        "email": values.get("buyer_email"),
        "phone": values.get("buyer_phone"),
    }
    return PartyRow(uscc, _cached_name_key(name_zh or name_en), columns)


_cached_name_key = lru_cache(maxsize=8192)(name_key)


@lru_cache(maxsize=8192)
def _text_language(text: str) -> Language:
    return Language(detect_language(text))


def _quantity(values: dict[str, Any], name: str) -> tuple[Decimal | None, str | None]:
    found = values.get(name)
    return (found[0], found[1]) if found else (None, None)


def _money(found: Any) -> tuple[Decimal | None, Decimal | None, str | None, str | None]:
    """Low, high, currency and price unit of a price read by ``parse_money`` (or nothing)."""
    if not found:
        return None, None, None, None
    return found[0], found[1], found[2], found[3] if len(found) > 3 else None


def own_price_unit(price_unit: str | None, unit: str | None) -> str | None:
    """The price unit to store: none when the price is per the record's own unit.

    A price is quoted per the record's unit unless it says otherwise, so "0.3元/只" on a
    line counted in pieces stores nothing more, and an export read back stays unchanged.
    """
    return None if price_unit == unit else price_unit


def product_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Product columns (without company and provenance) from a row's values."""
    moq, moq_unit = _quantity(values, "moq")
    capacity, capacity_unit = _quantity(values, "capacity_monthly")
    low = high = currency = price_unit = None
    if "price" in values:
        low, high, currency, price_unit = _money(values["price"])
    if "price_min" in values:
        low, _, currency, unit_min = _money(values["price_min"])
        price_unit = unit_min or price_unit
    if "price_max" in values:
        _, high, currency_max, unit_max = _money(values["price_max"])
        currency, price_unit = currency_max or currency, unit_max or price_unit
    incoterms = values.get("incoterms") or (None, None)
    unit = values.get("unit") or moq_unit or capacity_unit
    return {
        "ref": values.get("product_ref"),
        "name_ru": values.get("product_name_ru"),
        "name_en": values.get("product_name_en"),
        "name_zh": values.get("product_name_zh"),
        "description": values.get("description"),
        "hs_code": values.get("hs_code"),
        "unit": unit,
        "moq": moq,
        "capacity_monthly": capacity,
        "price_min": low,
        "price_max": high,
        "currency": values.get("currency") or currency,
        "price_unit": own_price_unit(values.get("price_unit") or price_unit, unit),
        "incoterms": incoterms[0],
        "incoterms_place": incoterms[1],
        "shelf_life_days": values.get("shelf_life_days"),
        "packaging": values.get("packaging"),
        "certificates": values.get("certificates"),
        "status": values.get("status", ProductStatus.ACTIVE),
    }


def demand_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Demand-line columns (without buyer and provenance) from a row's values."""
    quantity, quantity_unit = _quantity(values, "quantity")
    price, _, price_currency, price_unit = _money(values.get("target_price"))
    incoterms = values.get("incoterms") or (None, None)
    text = values.get("product_name", "")
    unit = values.get("unit") or quantity_unit
    return {
        "ref": values.get("demand_ref"),
        "product_text": text,
        "language": _text_language(text),
        "hs_code": values.get("hs_code"),
        "quantity": quantity,
        "unit": unit,
        "target_price": price,
        "currency": values.get("currency") or price_currency,
        "price_unit": own_price_unit(values.get("price_unit") or price_unit, unit),
        "incoterms": incoterms[0],
        "incoterms_place": incoterms[1],
        "deadline": values.get("deadline"),
        "notes": values.get("notes"),
        "status": DemandStatus.OPEN,
    }


_BOUNDS: dict[type, TableBounds] = {
    model: table_bounds(model.__table__) for model in (Company, Product, Buyer, DemandLine)
}


NUMBER_COLUMNS = ("price_min", "price_max", "target_price", "moq", "capacity_monthly", "quantity")
DOUBLE_DIGITS = 15
"""Significant digits a spreadsheet's number cell holds; digits past them are float noise."""


def drop_float_noise(value: Decimal, places: int) -> Decimal:
    """``13.530000000000001`` (a formula's ``=A1*1.1`` as Excel stores it) -> ``13.53``.

    Only a number with more than ``places`` decimals and more than 15 significant digits
    is rounded, to 15, and only when that leaves at most ``places`` decimals: no person
    types such digits and a double holds no more. ``1.005`` stays as written (and is
    refused for its third decimal), so does any number that fits.
    """
    exponent = decimal_exponent(value)  # cheaper than as_tuple(), which most values skip
    if not isinstance(exponent, int) or exponent >= -places:
        return value
    if len(value.as_tuple().digits) <= DOUBLE_DIGITS:
        return value
    rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - DOUBLE_DIGITS + 1))
    return rounded if rounded == round(rounded, places) else value


def _scales(model: type) -> dict[str, int]:
    table = model.__table__  # type: ignore[attr-defined]
    return {name: int(table.c[name].type.scale or 0) for name in NUMBER_COLUMNS if name in table.c}


_SCALES: dict[type, dict[str, int]] = {
    model: _scales(model) for model in (Company, Product, Buyer, DemandLine)
}
PRICE_COLUMNS = ("price_min", "price_max", "target_price")
QUANTITY_COLUMNS = ("moq", "capacity_monthly", "quantity")
# Per model, the price and quantity columns it has (a demand line: one of each), and
# whether it has a price range to order.
_SIGNED: dict[type, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    model: (
        tuple(n for n in PRICE_COLUMNS if n in _SCALES[model]),
        tuple(n for n in QUANTITY_COLUMNS if n in _SCALES[model]),
        "price_min" in _SCALES[model] and "price_max" in _SCALES[model],
    )
    for model in _SCALES
}


def column_reasons(model: type, columns: dict[str, Any]) -> list[tuple[str, str]]:
    """(column, reason) for every value of ``columns`` that its column of ``model`` cannot hold.

    Prices and quantities lose their float noise first (see :func:`drop_float_noise`), in
    ``columns`` itself, so what is checked is what is stored.
    """
    for name, places in _SCALES[model].items():
        value = columns.get(name)
        if value is not None and value.__class__ is Decimal:
            columns[name] = drop_float_noise(value, places)
    reasons = _BOUNDS[model].problems(columns)
    get = columns.get
    prices, quantities, price_range = _SIGNED[model]
    for name in prices:
        value = get(name)
        if value is not None and value < 0:
            reasons.append((name, tr("price {value} is out of range").format(value=value)))
    for name in quantities:
        value = get(name)
        if value is not None and value < 0:
            reasons.append((name, tr("quantity {value} is out of range").format(value=value)))
    if price_range:
        low, high = get("price_min"), get("price_max")
        if low is not None and high is not None and low > high:
            reasons.append(
                (
                    "price_min",
                    tr("price from {low} is above price to {high}").format(low=low, high=high),
                )
            )
    return reasons


def column_reasons_of_rows(
    model: type, rows: Sequence[dict[str, Any]]
) -> dict[int, list[tuple[str, str]]]:
    """:func:`column_reasons` of many rows, checked column by column.

    Returns ``{index of the row: its reasons}`` for the rows with one: the same reasons in
    the same order as ``column_reasons(model, row)`` for each row (a property test checks),
    float noise dropped in the rows themselves alike. A column is read whole at C speed;
    only a column that does not pass whole, or rows whose keys differ, are checked a row
    or a value at a time by the functions the single row uses.
    """
    if not rows:
        return {}
    names = tuple(rows[0])
    if len(set(map(tuple, rows))) != 1:  # rows built alike have their keys in one order
        every = [column_reasons(model, row) for row in rows]
        return {index: reasons for index, reasons in enumerate(every) if reasons}
    for name, places in _SCALES[model].items():
        if name in rows[0] and not _fits_places(rows, name, places):
            for row in rows:
                value = row[name]
                if value is not None and value.__class__ is Decimal:
                    row[name] = drop_float_noise(value, places)
    found = _BOUNDS[model].problems_of_rows(rows, names)
    prices, quantities, price_range = _SIGNED[model]
    for name, message in (
        *((name, "price") for name in prices),
        *((name, "quantity") for name in quantities),
    ):
        if name not in rows[0]:
            continue
        values = [value for value in map(itemgetter(name), rows) if value is not None]
        if not values or _no_negative(values):
            continue
        for index, row in enumerate(rows):
            value = row[name]
            if value is not None and value < 0:
                reason = (
                    tr("price {value} is out of range")
                    if message == "price"
                    else tr("quantity {value} is out of range")
                ).format(value=value)
                found.setdefault(index, []).append((name, reason))
    if price_range:
        for index, row in enumerate(rows):
            low, high = row.get("price_min"), row.get("price_max")
            if low is not None and high is not None and low > high:
                found.setdefault(index, []).append(
                    (
                        "price_min",
                        tr("price from {low} is above price to {high}").format(low=low, high=high),
                    )
                )
    return found


def _fits_places(rows: Sequence[dict[str, Any]], name: str, places: int) -> bool:
    """True when :func:`drop_float_noise` would leave every Decimal of column ``name``
    as it is: none has more than ``places`` decimals."""
    values = [value for value in map(itemgetter(name), rows) if value.__class__ is Decimal]
    return decimals_within_places(values, places)


def _no_negative(values: list[Any]) -> bool:
    """True when no value is below zero, asked of the column at once when it is all
    Decimals (anything else, or a comparison that fails, goes a value at a time)."""
    if set(map(type, values)) != {Decimal}:
        return False
    try:
        return bool(min(values) >= 0)
    except ArithmeticError:  # a NaN: the row's own check says what it says
        return False


def report_reasons(
    row: ParsedRow,
    reasons: list[tuple[str, str]],
    columns: dict[str, Any],
    file_name: str,
    sheet: str,
) -> bool:
    """Add a problem to ``row`` per (column, reason); True when there was none."""
    for name, reason in reasons:
        row.problems.append(
            CellProblem(
                file_name,
                sheet,
                row.number,
                "",
                str(columns.get(name, ""))[:200],
                reason,
                Severity.ERROR,
                name,
            )
        )
    return not reasons


def check_columns(
    row: ParsedRow, model: type, columns: dict[str, Any], file_name: str, sheet: str
) -> bool:
    """Add a problem to ``row`` for every value its column cannot hold; True when all fit."""
    return report_reasons(row, column_reasons(model, columns), columns, file_name, sheet)


# The fields a row's party is built from: rows naming the same party share one PartyRow.
PARTY_FIELDS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.PRODUCTS: (
        "company_name",
        "company_inn",
        "company_ogrn",
        "company_region",
        "company_contact",
        "company_email",
        "company_phone",
        "company_website",
        "company_gacc",
    ),
    ImportKind.DEMAND: (
        "buyer_name",
        "buyer_uscc",
        "province",
        "city",
        "buyer_contact",
        "buyer_email",
        "buyer_phone",
    ),
}


MODELS: dict[ImportKind, tuple[type, type]] = {
    ImportKind.PRODUCTS: (Product, Company),
    ImportKind.DEMAND: (DemandLine, Buyer),
}
