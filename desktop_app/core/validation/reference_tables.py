"""The unit and currency tables in ``resources/reference``, which users may extend.

Each table is read once, on first use. A spelling that belongs to two entries, an
unknown unit kind or an unreadable factor is reported as an :class:`InputError` naming
the file and row, so that whoever edited the file can fix it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource
from desktop_app.core.text import fold
from desktop_app.core.validation._text import DASHES, to_text

UNIT_KINDS = ("mass", "volume", "area", "length", "count", "package")
"""Kinds of unit; all but ``package`` have a base unit (factor 1) to convert through."""

EntryT = TypeVar("EntryT")
_IGNORED_IN_KEYS = re.compile(f"[\\s.{re.escape(DASHES)}]+")


def spelling_key(text: str) -> str:
    """The form in which spellings are compared: NFKC, case-folded, ё→е, no spaces/dots/dashes."""
    return _IGNORED_IN_KEYS.sub("", fold(to_text(text)))


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of quantity with its kind and its factor to the base unit of that kind."""

    code: str
    kind: str
    factor: Decimal | None
    spellings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency with its names and the spellings people use for it."""

    code: str
    name_en: str
    name_ru: str
    name_zh: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceTable(Generic[EntryT]):
    """Entries by code, and the code for each spelling key."""

    by_code: Mapping[str, EntryT]
    by_spelling: Mapping[str, str]

    def find(self, text: str) -> EntryT | None:
        """The entry ``text`` spells, or ``None``."""
        code = self.by_spelling.get(spelling_key(text))
        return self.by_code[code] if code is not None else None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield number, {key: (value or "").strip() for key, value in row.items() if key}
    except OSError as exc:
        raise InputError(
            tr("cannot read the table: {reason}").format(reason=exc.strerror or exc),
            Location(file=str(path)),
        ) from exc


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _register(spellings: dict[str, str], code: str, names: list[str], path: Path, row: int) -> None:
    for name in names:
        key = spelling_key(name)
        if not key:
            continue
        owner = spellings.setdefault(key, code)
        if owner != code:
            raise InputError(
                tr('the spelling "{spelling}" of {code} already belongs to {owner}').format(
                    spelling=name, code=code, owner=owner
                ),
                Location(file=str(path), row=row),
            )


def load_units(path: Path | None = None) -> ReferenceTable[Unit]:
    """Read a units table (``resources/reference/units.csv`` unless given)."""
    path = path or resource("reference", "units.csv")
    units: dict[str, Unit] = {}
    spellings: dict[str, str] = {}
    for row_number, row in _rows(path):
        code = row.get("code", "")
        if not code:
            continue
        kind = row.get("kind", "")
        if kind not in UNIT_KINDS:
            raise InputError(
                tr('unknown unit kind "{kind}"; use one of {kinds}').format(
                    kind=kind, kinds=", ".join(UNIT_KINDS)
                ),
                Location(file=str(path), row=row_number, column="kind"),
            )
        factor = _factor(row.get("factor", ""), path, row_number)
        names = [code] + [
            name
            for column in ("names_en", "names_ru", "names_zh")
            for name in _split(row.get(column, ""))
        ]
        _register(spellings, code, names, path, row_number)
        units[code] = Unit(code, kind, factor, tuple(names))
    return ReferenceTable(units, spellings)


def _factor(cell: str, path: Path, row: int) -> Decimal | None:
    if not cell:
        return None
    try:
        factor = Decimal(cell)
    except InvalidOperation:
        factor = Decimal(-1)
    if not factor.is_finite() or factor <= 0:
        raise InputError(
            tr('the factor "{factor}" is not a positive number').format(factor=cell),
            Location(file=str(path), row=row, column="factor"),
        )
    return factor


def load_currencies(path: Path | None = None) -> ReferenceTable[Currency]:
    """Read a currencies table (``resources/reference/currencies.csv`` unless given)."""
    path = path or resource("reference", "currencies.csv")
    currencies: dict[str, Currency] = {}
    spellings: dict[str, str] = {}
    for row_number, row in _rows(path):
        code = row.get("code", "").upper()
        if not code:
            continue
        names = [row.get("name_en", ""), row.get("name_ru", ""), row.get("name_zh", "")]
        extra = _split(row.get("spellings", ""))
        _register(spellings, code, [code, *names, *extra], path, row_number)
        currencies[code] = Currency(code, names[0], names[1], names[2], tuple(extra))
    return ReferenceTable(currencies, spellings)


@cache
def unit_table() -> ReferenceTable[Unit]:
    """The shipped units table, read once."""
    return load_units()


@cache
def currency_table() -> ReferenceTable[Currency]:
    """The shipped currencies table, read once."""
    return load_currencies()
