"""Validators for what people type or import: pure functions returning a :class:`Check`.

Each validator takes raw text (or a spreadsheet number), never raises on bad input, and
returns the normalized value with a severity and a reason a person understands. Empty
input gives an empty, OK check: whether a field is required is the caller's decision.
"""

from desktop_app.core.validation.codes import check_inn, check_ogrn, check_uscc
from desktop_app.core.validation.contact import check_email, check_phone, check_website
from desktop_app.core.validation.hs import (
    HsCatalog,
    HsEntry,
    format_hs_code,
    hs_catalog,
    normalize_hs_code,
    restore_leading_zero,
)
from desktop_app.core.validation.numbers import (
    check_price_range,
    check_quantity,
    check_shelf_life_days,
    parse_decimal,
)
from desktop_app.core.validation.result import Check, Severity
from desktop_app.core.validation.trade import (
    INCOTERMS_2020,
    Incoterm,
    check_incoterms,
    convert_quantity,
    normalize_currency,
    normalize_unit,
)

__all__ = [
    "INCOTERMS_2020",
    "Check",
    "HsCatalog",
    "HsEntry",
    "Incoterm",
    "Severity",
    "check_email",
    "check_incoterms",
    "check_inn",
    "check_ogrn",
    "check_phone",
    "check_price_range",
    "check_quantity",
    "check_shelf_life_days",
    "check_uscc",
    "check_website",
    "convert_quantity",
    "format_hs_code",
    "hs_catalog",
    "normalize_currency",
    "normalize_hs_code",
    "normalize_unit",
    "parse_decimal",
    "restore_leading_zero",
]
