"""Read the cells of one column, remembering what each distinct text gave.

Demand and product files repeat the same units, currencies, Incoterms, buyer names, HS
codes and dates down thousands of rows. A :class:`ColumnReader` keeps, per column, the
outcome of each distinct text cell: the checked value, the check to report (or ``None``)
and the value's piece of the row fingerprint. A column whose texts hardly repeat (a
reference, a free-text name) stops remembering after a sample, so it costs nothing.

The fingerprint pieces rebuild exactly the JSON text that
:meth:`desktop_app.core.importing.rows.ParsedRow.reference_fingerprint` hashes, without
building it from a dict per row (a test checks that both agree).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from desktop_app.core.validation.result import Check

# (value or None, the check to report or None, fingerprint piece or None for no value)
CellOutcome = tuple[Any, Check[Any] | None, str | None]
CellRead = Callable[[Any], CellOutcome]

_STRINGIFIED = frozenset({Decimal, date, datetime})
MAX_REMEMBERED = 8192  # distinct texts kept per column before starting afresh
SAMPLE = 4096  # look-ups after which a column's repeat rate is judged
MIN_HIT_SHARE = 0.125  # below this share of repeats, remembering costs more than it saves


def json_text(value: Any) -> str:
    """``value`` as ``json.dumps(..., default=str, ensure_ascii=False)`` writes it."""
    kind = value.__class__
    if kind is str:
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if kind in _STRINGIFIED:
        # What ``default=str`` makes of the types JSON does not know.
        return str(encode_basestring(str(value)))
    if kind is tuple or kind is list:
        # Quantities and prices are tuples of Decimals and None: spelled out inline.
        items = [
            "null"
            if item is None
            else encode_basestring(str(item))
            if item.__class__ in _STRINGIFIED
            else json_text(item)
            for item in value
        ]
        return "[" + ", ".join(items) + "]"
    return json.dumps(value, default=str, ensure_ascii=False)


def fingerprint_piece(name: str, value: Any) -> str:
    """The ``"name": value`` member of the row's JSON text."""
    return encode_basestring(name) + ": " + json_text(value)


def fingerprint_from_pieces(pieces: Iterable[str]) -> str:
    """SHA-256 of the JSON object made of ``pieces`` in key order (``sort_keys=True``).

    Sorting the pieces sorts by key: every piece starts with the quoted key, and the
    closing quote sorts before any character of a field name.
    """
    text = "{" + ", ".join(sorted(pieces)) + "}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ColumnReader:
    """Reads the cells of one mapped column, remembering the outcome of repeated texts.

    :meth:`outcome` reads a cell; a caller in a hurry may look ``remembered`` up itself
    and count a hit in ``hits``, calling :meth:`outcome` only when the text is not there.
    """

    __slots__ = ("hits", "index", "judged", "misses", "name", "read", "remember", "remembered")

    def __init__(self, index: int, name: str, read: CellRead) -> None:
        self.index = index
        self.name = name
        self.read = read
        self.remembered: dict[str, CellOutcome] = {}
        self.remember = True
        self.judged = False
        self.hits = 0
        self.misses = 0

    def outcome(self, raw: Any) -> CellOutcome:
        """What the cell ``raw`` gives; only text cells are remembered.

        Numbers are not: ``0.0 == -0.0`` and ``1 == 1.0 == True`` would share an entry
        although they read differently, and number cells are cheap to read anyway.
        """
        if raw.__class__ is not str or not self.remember:
            return self.read(raw)
        found = self.remembered.get(raw)
        if found is not None:
            self.hits += 1
            return found
        found = self.read(raw)
        self.misses += 1
        if len(self.remembered) >= MAX_REMEMBERED:
            self.remembered.clear()
        self.remembered[raw] = found
        if not self.judged and self.hits + self.misses >= SAMPLE:
            # Judged once, at the first new text after SAMPLE look-ups.
            self.judged = True
            if self.hits < (self.hits + self.misses) * MIN_HIT_SHARE:
                self.remember = False
                self.remembered.clear()
        return found
