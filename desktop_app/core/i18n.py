"""Translation hook for strings produced by the core.

The core never imports Qt, yet its messages reach the user. It wraps them in :func:`tr`,
which by default returns the English text; the GUI installs Qt's translator at start-up
so the same call returns Russian or Chinese. ``scripts`` that extract strings look for
``tr("...")`` calls in the core the way ``lupdate`` looks for ``self.tr`` in the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install_translator(translator: Translator | None) -> None:
    """Route :func:`tr` through ``translator(context, text)``; ``None`` restores English."""
    global _translator
    _translator = translator or _identity


def tr(text: str, context: str = "core") -> str:
    """Return ``text`` translated into the interface language."""
    return _translator(context, text)


# Numbers for people ------------------------------------------------------------------
# The core writes amounts into messages and side-by-side rows; the GUI installs the
# interface locale's grouping and decimal mark (4 500,00 in Russian), the CLI keeps
# English (4,500.00). Files (CSV, workbooks) never go through this: they keep plain numbers.
NumberFormatter = Callable[[Decimal, int], str]


def _english_number(value: Decimal, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


_number_format: NumberFormatter = _english_number
QUANTITY_DECIMALS = 3
MONEY_DECIMALS = 2
SMALL_MONEY_DECIMALS = 4


def install_number_format(formatter: NumberFormatter | None) -> None:
    """Route :func:`number_text` through ``formatter(value, decimals)``; None: English."""
    global _number_format
    _number_format = formatter or _english_number


def number_text(value: Decimal, decimals: int) -> str:
    """``value`` rounded to ``decimals`` places, grouped as the interface language writes it."""
    return _number_format(value, decimals)


def quantity_text(value: Decimal) -> str:
    """A quantity as people read it: grouped, at most three decimals (a kilogram in
    tonnes), none when it is whole: 2 500, 1.5, 0.005."""
    rounded = value.quantize(Decimal(1).scaleb(-QUANTITY_DECIMALS))
    text = format(rounded.normalize(), "f")
    decimals = len(text.partition(".")[2])
    return number_text(rounded, decimals)


def money_text(value: Decimal) -> str:
    """An amount of money: two decimals, four for prices under one unit of currency
    whose third and fourth decimals say something (0.035 CNY a piece)."""
    if abs(value) < 1 and value != value.quantize(Decimal("0.01")):
        rounded = value.quantize(Decimal(1).scaleb(-SMALL_MONEY_DECIMALS))
        decimals = max(MONEY_DECIMALS, len(format(rounded.normalize(), "f").partition(".")[2]))
        return number_text(rounded, decimals)
    return number_text(value, MONEY_DECIMALS)
