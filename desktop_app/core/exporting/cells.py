"""Turning one exported value into what openpyxl's write-only sheet should write.

Speed matters here (a 100,000-row catalogue has two million cells), so each column gets
a converter made once, and plain values go to openpyxl untouched. Only cells that need
a style become :class:`PreStyledCell` objects, and their styles are built once per
workbook and shared: a price cell is one reused cell object whose value and style are
swapped per row. This relies on the write-only sheet writing a row during ``append``
(its documented streaming behaviour); ``tests/core/exporting`` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

from desktop_app.core.exporting.fields import FieldKind, SuggestedText
from desktop_app.core.exporting.openpyxl_compat import (
    PreStyledCell,
    Style,
    register_style,
    sheet_hyperlinks,
)
from desktop_app.core.exporting.safety import (
    BIDI_CONTROLS,
    FORMULA_STARTS,
    clean_cell_text,
    display_width,
    hyperlink_target,
    starts_like_formula,
)

Row = Sequence[Any]
Converter = Callable[[Row], Any]
# Number-format text may only carry a unit or currency made of these characters.
_SAFE_SUFFIX = re.compile(r"[^\w./%°² -]+")
# openpyxl's default font; a styled font must name it or viewers fall back to a serif.
FONT_NAME = "Calibri"
FONT_SIZE = 11
DATE_FORMAT = "yyyy-mm-dd"
VERDICT_MEMO_SIZE = 4_096
# Texts longer than this (descriptions, notes) are unique: judged each time, not kept.
MEMO_MAX_CHARS = 512
# One search finds every text the text converter must look at closely: a formula start
# (FORMULA_STARTS), a line break, a character XML forbids (ILLEGAL_XML_CHARS) or a
# bidirectional control (BIDI_CONTROLS).
_NEEDS_CARE = re.compile(f"\\A[=+\\-@\\t\\r]|[\\x00-\\x08\\n\\x0b\\x0c\\x0e-\\x1f{BIDI_CONTROLS}]")
# Values a number cell takes as they are (openpyxl's own type test for them is slower).
_NUMBER_CLASSES = frozenset({int, float, Decimal})
SCORE_FORMAT = "0.0"
# Suggested names: italic dark blue on pale yellow, explained by the summary's legend.
SUGGESTED_COLOR = "1F4E79"
SUGGESTED_FILL = "FFF2CC"


def _suffix(text: Any) -> str:
    cleaned = _SAFE_SUFFIX.sub("", str(text or "")).strip()[:12]
    return f' "{cleaned}"' if cleaned else ""


class TextPlan(NamedTuple):
    """How a text needing care is written: cleaned text, cell style, wrapped lines."""

    text: str
    style: Style
    lines: int


def _string_cell(ws: WriteOnlyWorksheet, style: Style) -> PreStyledCell:
    """A reusable string cell; converters set its ``raw_value`` to text already cleaned.

    Setting ``raw_value`` skips openpyxl's type inference, which would take a cleaned
    ``=1+1`` for a formula; the text went through :func:`clean_cell_text` instead.
    """
    cell = PreStyledCell(ws, style)
    cell.data_type = "s"
    return cell


class StyleBook:
    """The styles of one workbook, built once and shared by every cell that uses them."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self._ws = ws
        self._money: dict[Any, Style] = {}
        self._quantity: dict[tuple[Any, bool], Style] = {}
        self.header = self._make(
            font=Font(name=FONT_NAME, size=FONT_SIZE, bold=True),
            fill=PatternFill("solid", fgColor="DDE7F0"),
            alignment=Alignment(wrap_text=True, vertical="top"),
            border=Border(bottom=Side(style="thin", color="7F8C99")),
        )
        self.wrapped = self._make(alignment=Alignment(wrap_text=True, vertical="bottom"))
        self.quoted = self._make(quotePrefix=True)
        self.quoted_wrapped = self._make(
            quotePrefix=True, alignment=Alignment(wrap_text=True, vertical="bottom")
        )
        self.link = self._make(
            font=Font(name=FONT_NAME, size=FONT_SIZE, color="0563C1", underline="single")
        )
        self.score = self._make(number_format=SCORE_FORMAT)
        self.date = self._make(number_format=DATE_FORMAT)
        self.bold = self._make(font=Font(name=FONT_NAME, size=FONT_SIZE, bold=True))
        # A suggested product name (see SuggestedText and the summary's legend).
        self.suggested = self._make(
            font=Font(name=FONT_NAME, size=FONT_SIZE, italic=True, color=SUGGESTED_COLOR),
            fill=PatternFill("solid", fgColor=SUGGESTED_FILL),
            alignment=Alignment(wrap_text=True, vertical="bottom"),
        )

    def _make(self, **attributes: Any) -> Style:
        return register_style(self._ws, **attributes)

    def money(self, currency: Any, per: Any = None) -> Style:
        """Two decimals, the currency code and the price unit, e.g. ``1,150.00 "USD/t"``."""
        key = (currency, per)
        style = self._money.get(key)
        if style is None:
            label = f"{currency or ''}/{per}" if per else currency
            style = self._make(number_format="#,##0.00" + _suffix(label))
            self._money[key] = style
        return style

    def quantity(self, unit: Any, whole: bool) -> Style:
        """A quantity with its unit; no decimal point shown for whole numbers."""
        key = (unit, whole)
        style = self._quantity.get(key)
        if style is None:
            number = "#,##0" if whole else "#,##0.###"
            style = self._make(number_format=number + _suffix(unit))
            self._quantity[key] = style
        return style


class CellFactory:
    """Makes the converters of one worksheet and counts its hyperlinks."""

    def __init__(self, ws: WriteOnlyWorksheet, styles: StyleBook, hyperlink_budget: int) -> None:
        self.ws = ws
        self.styles = styles
        self.hyperlink_budget = hyperlink_budget
        # Lines the tallest wrapped cell of the current row needs; the sheet writer
        # gives such a row an explicit height (viewers do not all grow it themselves).
        self.row_lines = 1
        # The sheet row being converted, kept up to date by the sheet writer.
        self.row_number = 1
        # Open hyperlink runs per column letter: [target, first row, last row].
        self._link_runs: dict[str, list[Any]] = {}

    def text_plan(self, text: str, wrap_width: int) -> str | TextPlan:
        """How text needing care is written: illegal characters, too long, formula-like
        or to be wrapped. Plain text comes back as the (cleaned) string itself."""
        text = clean_cell_text(text)
        formula_like = text[:1] in FORMULA_STARTS
        wrap = display_width(text) > wrap_width or "\n" in text
        if not formula_like and not wrap:
            return text
        # A string cell with Excel's quote prefix: shown and kept as text, never computed,
        # even after someone edits it (what Excel itself stores for a typed '=1+1).
        if formula_like:
            style = self.styles.quoted_wrapped if wrap else self.styles.quoted
        else:
            style = self.styles.wrapped
        return TextPlan(text, style, wrapped_lines(text, wrap_width) if wrap else 1)

    def text(self, index: int, wrap_width: int) -> Converter:
        """Plain text, codes and references: always written as text.

        The common case costs one dictionary look-up: the verdict on each short text is
        memoized, and a text needing care has its cleaned value, style and line count
        worked out once. The cell written for such texts is one object per column whose
        value and style are swapped per row (rows are written during ``append``).
        """
        short = wrap_width // 2
        plan_for = self.text_plan
        needs_care = _NEEDS_CARE.search
        cell = _string_cell(self.ws, self.styles.wrapped)
        suggested_cell = _string_cell(self.ws, self.styles.suggested)
        factory = self

        def judge(value: str) -> str | TextPlan:
            if needs_care(value) is not None or (
                len(value) > short and display_width(value) > wrap_width
            ):
                return plan_for(value, wrap_width)
            return value

        # Company fields repeat on every product of the company: judge each text once.
        # The memo is emptied when full, so unique texts (product names) cannot grow it,
        # and long texts (descriptions) are not kept in it at all.
        plans: dict[str, str | TextPlan] = {}

        def convert(row: Row) -> Any:
            value = row[index]
            if value is None:
                return None
            if value.__class__ is not str:
                value = str(value) if value.__class__ is not SuggestedText else value
                if value.__class__ is SuggestedText and not starts_like_formula(value):
                    suggested_cell._value = clean_cell_text(str(value))
                    return suggested_cell
                value = str(value)
            plan = plans.get(value)
            if plan is None:
                plan = judge(value)
                if len(value) <= MEMO_MAX_CHARS:
                    if len(plans) >= VERDICT_MEMO_SIZE:
                        plans.clear()
                    plans[value] = plan
            if isinstance(plan, str):
                return plan
            text, style, lines = plan
            cell.raw_value = text
            cell.restyle(style)
            if lines > factory.row_lines:
                factory.row_lines = lines
            return cell

        return convert

    def link(self, index: int, column: str, wrap_width: int, kind: str) -> Converter:
        """An e-mail or web address as a hyperlink, while the sheet's budget lasts.

        Rows of one company follow each other and share its address, so consecutive
        cells of a column with the same target get one hyperlink over the range
        (``T2:T40``) instead of one each: a 100,000-row sheet would otherwise hold
        tens of thousands of hyperlink and relationship objects in memory until saved.
        """
        as_text = self.text(index, wrap_width)
        # A company's address repeats on each of its products: check each address once.
        # An address that is no safe link (or reads like a formula) maps to ().
        links: dict[str, tuple[str, str] | tuple[()]] = {}
        cell = _string_cell(self.ws, self.styles.link)
        runs = self._link_runs
        factory = self

        def make_link(value: str) -> tuple[str, str] | tuple[()]:
            if starts_like_formula(value):
                return ()
            target = hyperlink_target(value, kind)
            return () if target is None else (target, clean_cell_text(value))

        def convert(row: Row) -> Any:
            value = row[index]
            if value.__class__ is not str or factory.hyperlink_budget <= 0:
                return as_text(row)
            link = links.get(value)
            if link is None:
                link = make_link(value)
                if len(value) <= MEMO_MAX_CHARS:
                    if len(links) >= VERDICT_MEMO_SIZE:
                        links.clear()
                    links[value] = link
            if not link:
                return as_text(row)
            factory.hyperlink_budget -= 1
            target, cell.raw_value = link
            number = factory.row_number
            run = runs.get(column)
            if run is not None and run[2] == number - 1 and run[0] == target:
                run[2] = number
            else:
                factory._extend_link_run(column, target)
            return cell

        return convert

    def _extend_link_run(self, column: str, target: str) -> None:
        run = self._link_runs.get(column)
        row = self.row_number
        if run is not None and run[0] == target and run[2] == row - 1:
            run[2] = row
            return
        if run is not None:
            self._add_hyperlink(column, run)
        self._link_runs[column] = [target, row, row]

    def _add_hyperlink(self, column: str, run: list[Any]) -> None:
        target, first, last = run
        ref = f"{column}{first}" if first == last else f"{column}{first}:{column}{last}"
        # The list the write-only sheet writes out (with its relationships) on close.
        sheet_hyperlinks(self.ws).append(Hyperlink(ref=ref, target=target))

    def finish(self) -> None:
        """Add the hyperlinks of the runs still open; call after the last row."""
        for column, run in self._link_runs.items():
            self._add_hyperlink(column, run)
        self._link_runs.clear()

    def money(
        self, index: int, currency_index: int | None, per_index: int | None = None
    ) -> Converter:
        """A price with two decimals, its currency and the unit it is quoted per."""
        cell = PreStyledCell(self.ws, self.styles.money(None))
        style_for = self.styles.money
        by_currency: dict[tuple[Any, Any], Style] = {}

        def convert(row: Row) -> Any:
            value = row[index]
            if value is None:
                return None
            _set_number(cell, value)
            currency = row[currency_index] if currency_index is not None else None
            per = row[per_index] if per_index is not None else None
            key = (currency, per)
            style = by_currency.get(key)
            if style is None:
                style = by_currency[key] = style_for(currency, per)
            cell.restyle(style)
            return cell

        return convert

    def quantity(self, index: int, unit_index: int | None) -> Converter:
        """A quantity with its unit."""
        cell = PreStyledCell(self.ws, self.styles.quantity(None, True))
        style_for = self.styles.quantity
        by_unit: dict[tuple[Any, bool], Style] = {}

        def convert(row: Row) -> Any:
            value = row[index]
            if value is None:
                return None
            _set_number(cell, value)
            key = (
                row[unit_index] if unit_index is not None else None,
                _is_whole(value),
            )
            style = by_unit.get(key)
            if style is None:
                style = by_unit[key] = style_for(*key)
            cell.restyle(style)
            return cell

        return convert

    def fixed(self, index: int, style: Style, to_date: bool = False) -> Converter:
        """A number or date with one format for the whole column."""
        cell = PreStyledCell(self.ws, style)

        def convert(row: Row) -> Any:
            value = row[index]
            if value is None:
                return None
            if to_date and isinstance(value, datetime):
                # Stored in UTC; a decision date is the UTC calendar day.
                value = value.date()
            cell.value = value
            cell.restyle(style)
            return cell

        return convert

    def converter(
        self,
        kind: FieldKind,
        index: int,
        companion: int | None,
        wrap_width: int,
        column: str,
        per: int | None = None,
    ) -> Converter:
        """The converter of a column of ``kind`` reading ``row[index]`` (``per``: price unit)."""
        if kind is FieldKind.MONEY:
            return self.money(index, companion, per)
        if kind is FieldKind.QUANTITY:
            return self.quantity(index, companion)
        if kind is FieldKind.SCORE:
            return self.fixed(index, self.styles.score)
        if kind is FieldKind.DATE:
            return self.fixed(index, self.styles.date, to_date=True)
        if kind is FieldKind.INTEGER:
            return lambda row: row[index]
        if kind in (FieldKind.EMAIL, FieldKind.WEBSITE):
            return self.link(index, column, wrap_width, kind.value)
        return self.text(index, wrap_width)


def _is_whole(value: Any) -> bool:
    """True for a number without a fractional part (``5``, ``5.000``)."""
    if value.__class__ is int:
        return True
    if value.__class__ is Decimal:
        # Twice as fast as int(value), and NaN or Infinity do not raise.
        return bool(value == value.to_integral_value())
    return bool(value == int(value))


def _set_number(cell: PreStyledCell, value: Any) -> None:
    """Put ``value`` in a number cell: ints, floats and decimals directly, else via openpyxl."""
    if value.__class__ in _NUMBER_CLASSES:
        cell.raw_value = value
        cell.data_type = "n"
    else:
        cell.value = value


def wrapped_lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    per_line = max(1, width - 2)
    return sum(-(-max(1, display_width(line)) // per_line) for line in text.split("\n"))


def sample_width(kind: FieldKind, value: Any, companion: Any) -> int:
    """How many character cells ``value`` takes when shown in a column of ``kind``."""
    if value is None:
        return 0
    if kind is FieldKind.MONEY and isinstance(value, Decimal | float | int):
        return len(f"{value:,.2f}") + len(str(companion or "")) + 1
    if kind is FieldKind.QUANTITY and isinstance(value, Decimal | float | int):
        return len(f"{value:,.3f}".rstrip("0").rstrip(".")) + len(str(companion or "")) + 1
    if isinstance(value, datetime | date):
        return 10
    if kind is FieldKind.SCORE:
        return 5
    text = str(value)
    if "\n" in text:
        return max(display_width(line) for line in text.splitlines())
    return display_width(text)
