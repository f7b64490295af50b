"""Turn one spreadsheet row into checked field values and the problems found in it.

A cell whose value cannot be read (an error) rejects its row: a row is imported whole or
not at all, so nothing arrives mangled. A doubtful cell (a warning: a restored leading
zero, an HS subheading missing from HS 2022) keeps its value and is reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import compress, repeat
from json.encoder import encode_basestring
from operator import is_not, itemgetter
from typing import Any

from desktop_app.core.domain.enums import ImportKind, ProductStatus
from desktop_app.core.i18n import tr
from desktop_app.core.importing.cell_reader import (
    CellOutcome,
    CellRead,
    ColumnReader,
    fingerprint_from_pieces,
    fingerprint_piece,
)
from desktop_app.core.importing.fields import ValueKind, field_specs, field_title
from desktop_app.core.importing.layout import Layout
from desktop_app.core.importing.quantity_units import quantity_unit_mismatches
from desktop_app.core.importing.values import (
    parse_currency,
    parse_date,
    parse_days,
    parse_money,
    parse_number,
    parse_price_unit,
    parse_quantity,
    parse_unit,
    plain_number,
)
from desktop_app.core.text import drop_invisible, fold_width, nfkc
from desktop_app.core.validation.codes import check_inn, check_ogrn, check_uscc
from desktop_app.core.validation.contact import check_email, check_phone, check_website
from desktop_app.core.validation.hs import normalize_hs_code, restore_leading_zero
from desktop_app.core.validation.result import Check, Severity
from desktop_app.core.validation.trade import check_incoterms


@dataclass(frozen=True)
class CellProblem:
    """A rejected or doubtful cell: where it is, what it holds and why it is a problem."""

    file: str
    sheet: str
    row: int
    column: str
    value: str
    reason: str
    severity: Severity
    field: str = ""


@dataclass
class ParsedRow:
    """The checked values of one row, keyed by field name."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    # The values' fingerprint pieces, collected while parsing; None to hash ``values``.
    pieces: list[str] | None = None

    @property
    def rejected(self) -> bool:
        """True when a cell of the row could not be read or a required field is empty."""
        problems = self.problems  # mostly empty: no generator for those
        return bool(problems) and any(problem.severity is Severity.ERROR for problem in problems)

    def fingerprint(self) -> str:
        """A hash of the row's values: equal rows give equal fingerprints."""
        if self.pieces is not None:
            return fingerprint_from_pieces(self.pieces)
        return self.reference_fingerprint()

    def reference_fingerprint(self) -> str:
        """The fingerprint computed from ``values`` (the definition the pieces follow)."""
        text = json.dumps(self.values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_STATUS_WORDS = {
    ProductStatus.ACTIVE: (
        "active",
        "активен",
        "активный",
        "актуально",
        "在售",
        "有效",
        "1",
        "yes",
    ),
    ProductStatus.DRAFT: ("draft", "черновик", "草稿"),
    ProductStatus.ARCHIVED: ("archived", "archive", "архив", "в архиве", "снят", "停售", "归档"),
}


def cell_text(raw: Any) -> str:
    """A cell as trimmed NFKC text; whole numbers lose their ``.0``."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = raw if isinstance(raw, str) else str(raw)
    return (text if text.isascii() else nfkc(text)).strip()


@lru_cache(maxsize=8192)
def _hs_code(text: str) -> Check[str]:
    restored = restore_leading_zero(text)
    check = normalize_hs_code(restored)
    if restored != text and check.value is not None:
        note = tr("leading zero restored: {old} -> {new}").format(old=text, new=restored)
        return Check.warn(check.value, f"{note}; {check.message}" if check.message else note)
    return check


def _status(raw: Any) -> Check[ProductStatus]:
    text = cell_text(raw).casefold()
    for status, words in _STATUS_WORDS.items():
        if text in words:
            return Check.good(status)
    return Check.error(
        tr('unknown status "{text}"; write active, draft or archived').format(text=text)
    )


Parser = Callable[[Any], Check[Any]]


@lru_cache(maxsize=16384)
def _cached(function: Parser, text: str) -> Check[Any]:
    return function(text)


_cached_inn = lru_cache(maxsize=4096)(check_inn)
_cached_uscc = lru_cache(maxsize=4096)(check_uscc)


def free_text(raw: Any) -> str:
    """A free-text cell (names, descriptions): trimmed, full-width folded, without the
    invisible characters :func:`~desktop_app.core.text.drop_invisible` drops, else as written.

    Names keep characters such as ``№`` that NFKC would rewrite, so a record exported and
    imported again is unchanged.
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = raw if isinstance(raw, str) else str(raw)
    return (text if text.isascii() else drop_invisible(fold_width(text))).strip()


def _text(raw: Any) -> Check[str]:
    return Check.good(free_text(raw))


PARSERS: dict[ValueKind, Parser] = {
    ValueKind.TEXT: _text,
    ValueKind.NUMBER: parse_number,
    ValueKind.QUANTITY: parse_quantity,
    ValueKind.MONEY: parse_money,
    ValueKind.HS_CODE: lambda raw: _hs_code(cell_text(raw)),
    ValueKind.INN: lambda raw: _cached_inn(cell_text(raw)),
    ValueKind.OGRN: lambda raw: check_ogrn(cell_text(raw)),
    ValueKind.USCC: lambda raw: _cached_uscc(cell_text(raw)),
    ValueKind.UNIT: lambda raw: _cached(parse_unit, cell_text(raw)),
    ValueKind.PRICE_UNIT: lambda raw: _cached(parse_price_unit, cell_text(raw)),
    ValueKind.CURRENCY: lambda raw: _cached(parse_currency, cell_text(raw)),
    ValueKind.INCOTERMS: lambda raw: _cached(check_incoterms, cell_text(raw)),
    ValueKind.DATE: parse_date,
    ValueKind.DURATION_DAYS: parse_days,
    ValueKind.STATUS: _status,
    ValueKind.EMAIL: check_email,
    ValueKind.PHONE: check_phone,
    ValueKind.WEBSITE: check_website,
}


def _read_money(name: str) -> CellRead:
    # Prices are mostly unique, so no cache helps: a plain one skips the Check object and
    # writes its piece directly (what fingerprint_piece makes of (value, value, None)).
    key = fingerprint_piece(name, None).removesuffix("null")

    def read_money(raw: Any) -> CellOutcome:
        value = plain_number(raw)
        if value is None:
            return read_checked(raw)
        text = encode_basestring(str(value))
        return (value, value, None), None, f"{key}[{text}, {text}, null]"

    read_checked = _read_checked(name, parse_money)
    return read_money


def _read_quantity(name: str) -> CellRead:
    # Texts ("2万", "5 т") repeat and are remembered per column; number cells are not
    # (ColumnReader), so a number cell skips the Check object like a plain price.
    key = fingerprint_piece(name, None).removesuffix("null")

    def read_quantity(raw: Any) -> CellOutcome:
        kind = raw.__class__
        if kind is not int and kind is not float:
            return read_checked(raw)
        value = Decimal(str(raw)) if kind is float else Decimal(raw)
        return (value, None), None, f"{key}[{encode_basestring(str(value))}, null]"

    read_checked = _read_checked(name, parse_quantity)
    return read_quantity


def _read_checked(name: str, parser: Parser) -> CellRead:
    def read_checked(raw: Any) -> CellOutcome:
        check = parser(raw)
        report = check if check.severity is not Severity.OK else None
        value = check.value
        if value is None or value == "":
            return None, report, None
        return value, report, fingerprint_piece(name, value)

    return read_checked


def cell_read(name: str, parser: Parser) -> CellRead:
    """How one cell of field ``name`` is read: its value, the check to report, its piece."""
    if parser is parse_money:
        return _read_money(name)
    if parser is parse_quantity:
        return _read_quantity(name)
    if parser is _text:

        def read_text(raw: Any) -> CellOutcome:
            # Most cells are plain text: no Check object is built for them.
            text = free_text(raw)
            return (text, None, fingerprint_piece(name, text)) if text else (None, None, None)

        return read_text

    return _read_checked(name, parser)


_TEXT_OR_NONE = frozenset({str, type(None)})
_NO_OUTCOME: CellOutcome = (None, None, None)
_NONES = repeat(None)  # endless: map() stops at the row's last value


REQUIRED: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    # Each inner tuple: at least one of these fields must have a value.
    ImportKind.PRODUCTS: (
        ("company_name", "company_inn"),
        ("product_name_ru", "product_name_en", "product_name_zh"),
    ),
    ImportKind.DEMAND: (("product_name",),),
}


class RowParser:
    """Reads the rows of one table laid out as ``layout``."""

    def __init__(self, kind: ImportKind, layout: Layout, file_name: str) -> None:
        specs = field_specs(kind)
        self.kind = kind
        self.layout = layout
        self.file_name = file_name
        self.readers = [
            ColumnReader(index, name, cell_read(name, PARSERS[specs[name].kind]))
            for index, name in layout.mapping.items()
        ]
        # What parse_rows() reads of each reader, unpacked once.
        self._plan = [(r.index, r.name, r) for r in self.readers]
        names = list(layout.mapping.values())
        self._names = tuple(names)
        # Per group of REQUIRED fields, the positions in the plan of its mapped columns.
        self._required = tuple(
            (group, tuple(at for at, name in enumerate(names) if name in group))
            for group in REQUIRED[kind]
        )
        # Two columns mapped to one field: the later value wins, so hash the values.
        self.collect_pieces = len(set(names)) == len(names)
        self.columns = {name: layout.column_name(index) for index, name in layout.mapping.items()}
        # In the order of precedence of field_specs: MOQ before monthly capacity.
        quantities = [name for name, spec in specs.items() if spec.kind is ValueKind.QUANTITY]
        self.quantity_fields = tuple(name for name in quantities if name in set(names))
        # The fields whose values may ask for a row's unit, currency or quantities to be
        # reworked after reading (see _to_rework).
        self._reworking = frozenset({"unit", "currency", *self.quantity_fields})
        self._last_index = max(layout.mapping, default=-1)

    def parse(self, number: int, cells: Sequence[Any]) -> ParsedRow | None:
        """The checked values of one row, or ``None`` for a row with no mapped value."""
        parsed = self.parse_rows([(number, cells)])
        return parsed[0] if parsed else None

    def parse_rows(self, rows: Sequence[tuple[int, Sequence[Any]]]) -> list[ParsedRow]:
        """The checked values of ``rows`` (number, cells), read a column at a time.

        Rows with no mapped value are left out. Each mapped column of the chunk is read in
        one pass: a column of texts reads each of its distinct texts once (a repeated one
        from the column's memory) and hands every cell its outcome at C speed; a column
        holding numbers or dates reads those cell by cell. Every row then gets what a row
        read on its own gives: its values, its fingerprint pieces, its problems in the
        order of its columns, then its units reconciled and its required fields checked.
        """
        count = len(rows)
        if not count:
            return []
        cell_rows = [cells for _, cells in rows]
        full = min(map(len, cell_rows)) > self._last_index
        value_columns: list[tuple[Any, ...]] = []
        piece_columns: list[tuple[Any, ...]] = []
        problems_at: dict[int, list[CellProblem]] = {}
        reworked: set[int] = set()  # rows whose unit, currency or quantities need more
        for index, name, reader in self._plan:
            if full:
                column = list(map(itemgetter(index), cell_rows))
            else:
                column = [cells[index] if len(cells) > index else None for cells in cell_rows]
            outcomes = self._column_outcomes(reader, column)
            cell_values, checks, pieces = zip(*outcomes, strict=True)
            value_columns.append(cell_values)
            piece_columns.append(pieces)
            if name in self._reworking:
                reworked.update(self._to_rework(name, cell_values))
            if checks.count(None) == count:
                continue
            for position, check in enumerate(checks):
                if check is not None:
                    problems_at.setdefault(position, []).append(
                        self._problem(rows[position][0], index, name, column[position], check)
                    )
        names = self._names
        parsed: list[ParsedRow] = []
        collect_pieces, required = self.collect_pieces, self._required
        for position, values_of_row, pieces_of_row in zip(
            range(count),
            zip(*value_columns, strict=True),
            zip(*piece_columns, strict=True),
            strict=True,
        ):
            # The row's fields with a value, in column order (a later column of the same
            # field wins), built at C speed.
            present = map(is_not, values_of_row, _NONES)
            values = dict(compress(zip(names, values_of_row, strict=True), present))
            problems = problems_at.get(position)
            if not values and not problems:
                continue
            row = ParsedRow(rows[position][0], values, problems or [])
            if collect_pieces:
                row.pieces = list(filter(None, pieces_of_row))
            if position in reworked:
                self._post_process_row(row)
            for group, positions in required:
                for at in positions:
                    if values_of_row[at] is not None:
                        break
                else:
                    self._require(row, group)
            parsed.append(row)
        return parsed

    def _to_rework(self, name: str, values: tuple[Any, ...]) -> list[int]:
        """The positions whose value of field ``name`` asks for more than reading.

        A unit or currency read as a pair ("万只", "USD/t"), a quantity with its own unit.
        """
        if name in self.quantity_fields:
            return [at for at, found in enumerate(values) if found and found[1] is not None]
        if tuple not in set(map(type, values)):
            return []
        return [at for at, found in enumerate(values) if found.__class__ is tuple]

    @staticmethod
    def _column_outcomes(reader: ColumnReader, column: list[Any]) -> list[CellOutcome]:
        """Each cell's outcome: (value, check to report, piece), all None for an empty cell."""
        if not reader.remember:
            # A column whose texts hardly repeat (references, prices): each cell read.
            read = reader.read
            return [_NO_OUTCOME if raw is None or raw == "" else read(raw) for raw in column]
        outcome = reader.outcome
        if set(map(type, column)) <= _TEXT_OR_NONE:
            # Texts only: each distinct text read once, then handed out by a dict look-up.
            distinct: dict[Any, CellOutcome] = {
                raw: _NO_OUTCOME if raw is None or raw == "" else outcome(raw)
                for raw in dict.fromkeys(column)
            }
            return list(map(distinct.__getitem__, column))
        # Numbers or dates among them: 1 == 1.0 == True and 0.0 == -0.0 would share an
        # entry although they read differently, so each cell is read on its own.
        return [_NO_OUTCOME if raw is None or raw == "" else outcome(raw) for raw in column]

    def _post_process_row(self, row: ParsedRow) -> None:
        values = row.values
        if values.get("unit").__class__ is tuple:
            self._apply_unit_multiplier(row)
        if values.get("currency").__class__ is tuple:
            self._split_currency(row)
        if self.quantity_fields:
            self._reconcile_units(row)

    def _apply_unit_multiplier(self, row: ParsedRow) -> None:
        """A unit column of "万只": the row's unit is pcs and its bare numbers are ×10,000.

        A quantity written with its own unit ("50万只", "3 t") already says what it is and
        is left alone.
        """
        code, multiplier = row.values["unit"]
        changed = {"unit": code}
        for name in self.quantity_fields:
            found = row.values.get(name)
            if found and found[1] is None:
                changed[name] = (found[0] * multiplier, None)
        for name, value in changed.items():
            row.values[name] = value
            self._replace_piece(row, name, value)

    def _split_currency(self, row: ParsedRow) -> None:
        """A currency column of "USD/t": the currency, and the unit prices are quoted per."""
        currency, per = row.values["currency"]
        changed = {"currency": currency}
        if "price_unit" not in row.values:
            changed["price_unit"] = per
        for name, value in changed.items():
            row.values[name] = value
            self._replace_piece(row, name, value)

    @staticmethod
    def _replace_piece(row: ParsedRow, name: str, value: Any) -> None:
        if row.pieces is not None:
            key = fingerprint_piece(name, None).removesuffix("null")
            row.pieces = [piece for piece in row.pieces if not piece.startswith(key)]
            row.pieces.append(fingerprint_piece(name, value))

    def _reconcile_units(self, row: ParsedRow) -> None:
        """Convert (a warning) or reject (an error) quantities not in the row's unit."""
        for mismatch in quantity_unit_mismatches(row.values, self.quantity_fields):
            name = mismatch.field
            row.problems.append(
                CellProblem(
                    file=self.file_name,
                    sheet=self.layout.sheet,
                    row=row.number,
                    column=self.columns[name],
                    value=mismatch.written,
                    reason=mismatch.reason,
                    severity=mismatch.severity,
                    field=name,
                )
            )
            if mismatch.converted is None:
                continue
            row.values[name] = mismatch.converted
            # The converted value replaces the one read in the fingerprint, too.
            self._replace_piece(row, name, mismatch.converted)

    def _problem(
        self, number: int, index: int, name: str, raw: Any, check: Check[Any]
    ) -> CellProblem:
        return CellProblem(
            file=self.file_name,
            sheet=self.layout.sheet,
            row=number,
            column=self.layout.column_name(index),
            value=cell_text(raw)[:200],
            reason=check.message,
            severity=check.severity,
            field=name,
        )

    def _require(self, row: ParsedRow, group: tuple[str, ...]) -> None:
        """Reject ``row``, none of whose fields ``group`` has a value."""
        if any(problem.field in group for problem in row.problems):
            return  # already rejected for an unreadable value of this field
        row.problems.append(
            CellProblem(
                file=self.file_name,
                sheet=self.layout.sheet,
                row=row.number,
                column="",
                value="",
                reason=tr("required field is empty: {fields}").format(
                    fields=" / ".join(field_title(self.kind, name) for name in group)
                ),
                severity=Severity.ERROR,
                field=group[0],
            )
        )


def decimal_or_none(value: Any) -> Decimal | None:
    """A Decimal, or ``None`` for a missing value."""
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))
