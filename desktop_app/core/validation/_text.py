"""Text clean-up shared by the validators: cells from Excel, forms, pasted text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from desktop_app.core.text import drop_all_invisible

RawValue = str | int | float | Decimal | None
"""What a validator accepts: typed text or a number read from a spreadsheet cell."""

_SPACES = re.compile(r"\s+")
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
"""Hyphen, the Unicode hyphens and dashes, and the minus sign."""


def to_text(value: RawValue) -> str:
    """Return ``value`` as NFKC-normalized text with invisible characters (zero-width
    spaces and joiners, bidirectional controls, soft hyphens) and outer space removed.

    Whole floats and decimals, as spreadsheets store numeric cells, lose their ``.0``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, Decimal):
        text = str(int(value)) if value.is_finite() and value == value.to_integral() else str(value)
    else:
        text = str(value)
    text = unicodedata.normalize("NFKC", text)
    return drop_all_invisible(text).strip()


def collapse_spaces(text: str) -> str:
    """Replace every run of white space with a single space."""
    return _SPACES.sub(" ", text).strip()


def shown(text: str, limit: int = 40) -> str:
    """Shorten ``text`` for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
