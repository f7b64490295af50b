"""What a column can hold on both backends, derived from its SQLAlchemy type.

One rule per column type, read from the ORM table, so a new column is bounded as soon
as it is declared: forms, import and restore all call :func:`column_problem` (or
:class:`TableBounds` for a whole row) before anything reaches the database.

A value passes when SQLite and PostgreSQL both store it exactly and give it back the
same: text no longer than ``String(n)`` and free of NUL, other control characters and
unpaired surrogates (PostgreSQL refuses NUL and surrogates; SQLite would keep them, and
a database holding one could then never move to PostgreSQL); integers within
PostgreSQL's ``INTEGER`` (32 bits) or ``BIGINT``; decimals within ``Numeric(p, s)``
without rounding (PostgreSQL rounds extra decimals, SQLite keeps them as a float);
finite floats; one of an enum's values; JSON made of finite numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum as PyEnum
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    Float,
    FromClause,
    Integer,
    Numeric,
    SmallInteger,
    String,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from desktop_app.core.i18n import tr

Checker = Callable[[Any], str | None]
"""Returns the reason a value does not fit, or ``None`` when it does."""

INTEGER_RANGES: tuple[tuple[type, int], ...] = ((SmallInteger, 15), (BigInteger, 63))
"""Signed widths by type; any other ``Integer`` is PostgreSQL's 32-bit ``INTEGER``."""

# C0 controls except tab, line feed and carriage return; DEL; unpaired surrogates.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
JSON_MAX_DEPTH = 32


def _base(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def text_problem(value: str, limit: int | None) -> str | None:
    """Why ``value`` cannot be stored as text of at most ``limit`` characters, or ``None``."""
    if limit is not None and len(value) > limit:
        return tr("{count} characters, at most {limit} fit").format(count=len(value), limit=limit)
    found = _UNSTORABLE.search(value)
    if found is not None:
        return tr("holds the control character U+{code:04X} at position {position}").format(
            code=ord(found.group()), position=found.start() + 1
        )
    return None


def _text_checker(limit: int | None, choices: frozenset[str] | None) -> Checker:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return tr("{value} is not text").format(value=_shown(value))
        if choices is not None and value not in choices:
            return tr("{value} is not one of {choices}").format(
                value=_shown(value), choices=", ".join(sorted(choices))
            )
        return text_problem(value, limit)

    return check


def _integer_checker(bits: int) -> Checker:
    low, high = -(2**bits), 2**bits - 1

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return tr("{value} is not a whole number").format(value=_shown(value))
        if not low <= value <= high:
            return tr("{value} is out of range: at most {high}").format(
                value=_shown(value), high=high
            )
        return None

    return check


def decimal_exponent(value: Decimal) -> int | str:
    """``value.as_tuple().exponent``, read from the text when that is plain (``"4521.37"``).

    ``as_tuple`` builds a tuple of every digit: about ten times the cost of ``str``, and the
    importer asks this of every price and quantity. The text of a finite Decimal without
    an ``E`` has exactly as many digits after its point as its exponent says; any other
    text (``1E+3``, ``0E-7``, ``NaN``, ``Infinity``) is left to ``as_tuple``.
    """
    text = str(value)
    if "E" not in text and text[-1:].isdigit():
        point = text.find(".")
        return 0 if point < 0 else point + 1 - len(text)
    return value.as_tuple().exponent


def _numeric_checker(precision: int | None, scale: int | None) -> Checker:
    places = scale or 0
    whole_digits = None if precision is None else precision - places
    limit = None if whole_digits is None else Decimal(10) ** whole_digits

    def check(value: Any) -> str | None:
        if value.__class__ is Decimal:
            number = value
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            return tr("{value} is not a number").format(value=_shown(value))
        if not number.is_finite():
            return tr("{value} is not a finite number").format(value=_shown(value))
        if limit is not None and abs(number) >= limit:
            return tr("{value} is too large: at most {digits} digits before the point").format(
                value=_shown(value), digits=whole_digits
            )
        exponent = decimal_exponent(number)
        if isinstance(exponent, int) and exponent < -places and number != round(number, places):
            return tr("{value} has more than {places} decimal places").format(
                value=_shown(value), places=places
            )
        return None

    return check


def _float_checker(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return tr("{value} is not a number").format(value=_shown(value))
    if isinstance(value, float) and not math.isfinite(value):
        return tr("{value} is not a finite number").format(value=_shown(value))
    return None


def _boolean_checker(value: Any) -> str | None:
    return (
        None
        if isinstance(value, bool)
        else tr("{value} is not true or false").format(value=_shown(value))
    )


def _date_checker(value: Any) -> str | None:
    if isinstance(value, datetime) or not isinstance(value, date):
        return tr("{value} is not a date").format(value=_shown(value))
    return None


def _datetime_checker(value: Any) -> str | None:
    if not isinstance(value, datetime):
        return tr("{value} is not a date and time").format(value=_shown(value))
    return None


def json_problem(value: Any, depth: int = 0) -> str | None:
    """Why ``value`` cannot be stored as JSON on both backends, or ``None``."""
    if depth > JSON_MAX_DEPTH:
        return tr("nested more than {depth} levels deep").format(depth=JSON_MAX_DEPTH)
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else tr("holds {value}").format(value=value)
    if isinstance(value, str):
        return text_problem(value, None)
    if isinstance(value, list):
        for item in value:
            problem = json_problem(item, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = (
                text_problem(key, None)
                if isinstance(key, str)
                else tr("has a key that is not text")
            )
            problem = problem or json_problem(item, depth + 1)
            if problem:
                return problem
        return None
    return tr("{value} is not JSON").format(value=_shown(value))


def checker_for(column: ColumnElement[Any]) -> Checker:
    """The check of a non-empty value for ``column``, chosen by the column's type."""
    kind = _base(column.type)
    if isinstance(kind, Enum):
        return _text_checker(kind.length, frozenset(str(v) for v in kind.enums))
    if isinstance(kind, String):
        return _text_checker(kind.length, None)
    if isinstance(kind, Boolean):
        return _boolean_checker
    if isinstance(kind, Integer):
        bits = next((b for t, b in INTEGER_RANGES if isinstance(kind, t)), 31)
        return _integer_checker(bits)
    if isinstance(kind, Float):
        return _float_checker
    if isinstance(kind, Numeric):
        return _numeric_checker(kind.precision, kind.scale)
    if isinstance(kind, DateTime):
        return _datetime_checker
    if isinstance(kind, Date):
        return _date_checker
    if isinstance(kind, JSON):
        return json_problem
    raise TypeError(f"no bounds for {column} of type {kind!r}")


def column_problem(column: ColumnElement[Any], value: Any) -> str | None:
    """Why ``value`` cannot be stored in ``column`` on both backends, or ``None``.

    Enum members are taken as their stored value. ``None`` always fits here: whether a
    field is required is the caller's decision (see :meth:`TableBounds.problems`).
    """
    if value is None:
        return None
    return checker_for(column)(_stored(value))


def _stored(value: Any) -> Any:
    # A StrEnum member is stored as its value; Enum columns compare values.
    return value.value if isinstance(value, PyEnum) else value


# How the common values of a column are passed without a call (``TableBounds.fast``).
_TEXT, _CHOICE, _WHOLE, _STAMP, _NUMBER, _SLOW = range(6)


def _fast_rule(column: ColumnElement[Any]) -> tuple[int, Any]:
    kind = _base(column.type)
    if isinstance(kind, Enum):
        return _CHOICE, frozenset(str(v) for v in kind.enums)
    if isinstance(kind, String):
        return _TEXT, kind.length
    if isinstance(kind, Integer) and not isinstance(kind, Boolean):
        bits = next((b for t, b in INTEGER_RANGES if isinstance(kind, t)), 31)
        return _WHOLE, (-(2**bits), 2**bits - 1)
    if isinstance(kind, DateTime):
        return _STAMP, None
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        places = kind.scale or 0
        whole = None if kind.precision is None else kind.precision - places
        return _NUMBER, (None if whole is None else Decimal(10) ** whole, -places)
    return _SLOW, None


@dataclass(frozen=True)
class TableBounds:
    """The checkers of every column of one table, built once.

    ``fast`` passes the common values (text within its length and free of control
    characters, an enum's value, an integer in range, a timestamp, a decimal within its
    digits and places) without a call, since
    the importer and the restore check every row with it; anything else, and every value
    that fails, goes to the column's checker, which gives the reason.
    """

    checkers: dict[str, Checker]
    fast: dict[str, tuple[int, Any]]
    required: tuple[str, ...]

    @classmethod
    def of(cls, table: FromClause) -> TableBounds:
        """Bounds of every column of ``table``."""
        columns = list(table.columns)
        required = tuple(
            c.name
            for c in columns
            if not c.nullable
            and c.default is None
            and c.server_default is None
            and not (c.primary_key and isinstance(_base(c.type), Integer))
            # JSON's null is a value (the column stores the text "null").
            and not isinstance(_base(c.type), JSON)
        )
        return cls(
            {c.name: checker_for(c) for c in columns},
            {c.name: _fast_rule(c) for c in columns},
            required,
        )

    def problems(
        self, values: Mapping[str, Any], *, complete: bool = False
    ) -> list[tuple[str, str]]:
        """(column, reason) for each value that does not fit; with ``complete``, each
        required column without a value too. Keys that are no column are ignored."""
        found: list[tuple[str, str]] = []
        fast, search = self.fast, _UNSTORABLE.search
        for name, value in values.items():
            if value is None:
                continue
            rule = fast.get(name)
            if rule is None:
                continue
            code, bound = rule
            kind = value.__class__
            if code == _TEXT:
                if kind is str and (bound is None or len(value) <= bound) and not search(value):
                    continue
            elif code == _CHOICE:
                if isinstance(value, str) and value in bound:
                    continue  # a StrEnum member equals its stored value
            elif code == _WHOLE:
                if kind is int and bound[0] <= value <= bound[1]:
                    continue
            elif code == _STAMP:
                if kind is datetime:
                    continue
            elif code == _NUMBER:
                # A finite Decimal within its digits and decimal places.
                limit, lowest = bound
                if (
                    kind is Decimal
                    and value.is_finite()
                    and (limit is None or -limit < value < limit)
                    and (exponent := decimal_exponent(value)).__class__ is int
                    and exponent >= lowest
                ):
                    continue
            problem = self.checkers[name](_stored(value))
            if problem is not None:
                found.append((name, problem))
        if complete:
            found += [
                (n, tr("a value is required")) for n in self.required if values.get(n) is None
            ]
        return found

    def problems_of_rows(
        self, rows: Sequence[Mapping[str, Any]], names: Sequence[str]
    ) -> dict[int, list[tuple[str, str]]]:
        """:meth:`problems` of many rows, each with exactly the keys ``names`` in that order.

        Returns ``{index of the row: its (column, reason), in the order problems() gives
        them}`` for the rows with a problem. A column is first checked whole, at C speed
        (:func:`_column_fits`); only a column that does not pass whole is checked a value
        at a time, by :meth:`problems` itself, so the reasons are its reasons.
        """
        found: dict[int, list[tuple[str, str]]] = {}
        fast = self.fast
        for name in names:
            rule = fast.get(name)
            if rule is None:
                continue
            column = list(map(itemgetter(name), rows))
            if _column_fits(rule, self.checkers[name], column):
                continue
            for index, value in enumerate(column):
                if value is not None:
                    for problem in self.problems({name: value}):
                        found.setdefault(index, []).append(problem)
        return found


def _column_fits(rule: tuple[int, Any], checker: Checker, column: list[Any]) -> bool:
    """True when every value of ``column`` passes ``rule`` (see ``TableBounds.fast``).

    False only means "check each value": this pass is conservative, a value of a type it
    does not know, or a text it cannot read at a glance, sends the column to the checker.
    """
    kinds = set(map(type, column))
    kinds.discard(_NONE)
    if not kinds:
        return True
    code, bound = rule
    if code in (_TEXT, _CHOICE):
        # Only texts (a StrEnum member equals and hashes as its stored value) are taken
        # apart into their distinct values: units, currencies, Incoterms, HS codes repeat
        # down a file and each is checked once.
        if not all(issubclass(kind, str) for kind in kinds):
            return False
        distinct = set(column)
        distinct.discard(None)
        if code == _CHOICE:
            return bound.issuperset(distinct)
        return (
            kinds == {str}
            and (bound is None or max(map(len, distinct)) <= bound)
            and not _UNSTORABLE.search("".join(distinct))
        )
    values = [value for value in column if value is not None]
    if code == _WHOLE:
        return kinds == {int} and bound[0] <= min(values) and max(values) <= bound[1]
    if code == _STAMP:
        return kinds == {datetime}
    if code == _NUMBER:
        limit, lowest = bound
        return kinds == {Decimal} and _plain_decimals(values, -lowest, limit)
    if len(kinds) == 1 and kinds <= {date, bool}:
        # Dates repeat down a file: each distinct one is checked once.
        return all(checker(value) is None for value in set(values))
    return False


def _plain_decimals(values: list[Decimal], places: int, limit: Decimal | None) -> bool:
    """True when every value is finite, written without an exponent, with at most
    ``places`` decimals and, with ``limit`` (a power of ten), below it in size."""
    text = " ".join(map(str, values))
    if not _plain_within_places(text, places):
        return False
    # limit is 10 ** whole: at most ``whole`` digits before the point.
    return limit is None or _too_many_digits(limit.adjusted()).search(text) is None


def decimals_within_places(values: list[Decimal], places: int) -> bool:
    """True when every Decimal of ``values`` is written plain with at most ``places``
    decimals: its exponent (:func:`decimal_exponent`) is not below ``-places``.

    Asked of a whole column at once by its texts joined: a Decimal's text is
    ``-?digits(.digits)?`` exactly when it is finite, its exponent at most 0 and its
    adjusted exponent at least -6; any other (``1E+3``, ``NaN``, ``Infinity``, ``1E-7``)
    has a letter and is not passed here.
    """
    return _plain_within_places(" ".join(map(str, values)), places)


def _plain_within_places(text: str, places: int) -> bool:
    return _NOT_PLAIN.search(text) is None and _too_many_places(places).search(text) is None


_NOT_PLAIN = re.compile(r"[^0-9. -]")


@lru_cache(maxsize=64)
def _too_many_places(places: int) -> re.Pattern[str]:
    return re.compile(r"\.\d{" + str(places + 1) + "}")


@lru_cache(maxsize=64)
def _too_many_digits(whole: int) -> re.Pattern[str]:
    # Digits not after a point or a digit: the start of a value's integer part.
    return re.compile(r"(?<![.\d])\d{" + str(whole + 1) + "}")


_NONE = type(None)
_BOUNDS: dict[str, TableBounds] = {}


def table_bounds(table: FromClause) -> TableBounds:
    """The (cached) :class:`TableBounds` of an ORM table."""
    key = getattr(table, "fullname", None) or str(table)
    bounds = _BOUNDS.get(key)
    if bounds is None:
        bounds = _BOUNDS[key] = TableBounds.of(table)
    return bounds


def _shown(value: Any, limit: int = 40) -> str:
    if isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, int | Decimal | float):
        text = str(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
