"""Chinese names of goods through the Russian trade name of the same good.

``resources/hs/hs2022_trade_pairs.csv`` (read by
:func:`desktop_app.core.validation.hs_chinese.trade_pair_rows`) links a Russian trade
name of an HS code to the Chinese and English names buyers write for exactly that good:
«сепаратор молочный», 8421 11 -> 牛奶分离机, milk separator. Where one code holds many
goods (8481 80: every valve) the code alone cannot say which Chinese name is the
product's; the Russian trade name heading the product's name can.

A trade name heads a product's name when its words are a run of the name's first
phrase (before a comma, a bracket or a semicolon) that holds the name's head noun
(:func:`desktop_app.core.services.nomenclature_names.head_noun`): «Насосы вакуумные
пластинчатые» is headed by «вакуумный насос», never by a material or a purpose after
it. Words are compared by their stems, in either order (Russian names write
«насос вакуумный» and «вакуумный насос» alike), word-bounded: «кран» is no «кранец».
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from desktop_app.core.services.nomenclature_names import head_noun
from desktop_app.core.text import fold
from desktop_app.core.validation.hs_catalog import stem
from desktop_app.core.validation.hs_chinese import (
    TradePair,
    russian_trade_name_rows,
    trade_pair_rows,
)

_WORD = re.compile(r"[^\W_]+")
_FIRST_PHRASE = re.compile(r"[,(;]")
# A word as written, hyphenated parts together: «крем-краска», «ВВГнг-LS».
_WRITTEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# The longest trade name looked for, in words.
_MAX_WORDS = 5


@dataclass(frozen=True)
class TradeName:
    """The Chinese and English names of the good a product's Russian trade name names,
    and the code of the pair they come from."""

    zh: str
    en: str
    code: str
    russian: str


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _WORD.findall(fold(text)))


def _key(stems: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(stems))


PairIndex = Mapping[tuple[str, ...], tuple[TradePair, ...]]


def index_pairs(rows: Iterable[TradePair]) -> PairIndex:
    """``{sorted stems of a Russian trade name: its pairs}`` over ``rows``."""
    found: dict[tuple[str, ...], list[TradePair]] = defaultdict(list)
    for pair in rows:
        stems = _stems(pair.russian)
        if stems and len(stems) <= _MAX_WORDS and pair.chinese:
            found[_key(stems)].append(pair)
    return {key: tuple(pairs) for key, pairs in found.items()}


@cache
def _table_index() -> PairIndex:
    """:func:`index_pairs` over the trade pairs table, built on first use."""
    return index_pairs(trade_pair_rows())


@cache
def _russian_headings() -> dict[tuple[str, ...], frozenset[str]]:
    """``{sorted stems of a Russian trade name: the headings the Russian trade names
    table files it under}``, paired or not: «муфта» is a pipe fitting (7307) and a shaft
    coupling (8483)."""
    found: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in russian_trade_name_rows():
        stems = _stems(row.name)
        if stems and len(stems) <= _MAX_WORDS:
            found[_key(stems)].add(row.code[:4])
    return {key: frozenset(headings) for key, headings in found.items()}


def _heading_windows(name_ru: str) -> list[list[tuple[str, ...]]]:
    """The sorted stems of each run of ``name_ru``'s first phrase holding its head noun,
    longest runs first (one list per length). A run holds the head noun's whole
    hyphenated word: «Крем-краска» is no крем (cream), while «Станок
    точильно-шлифовальный» is a «точильный станок»."""
    noun = head_noun(name_ru)
    if not noun:
        return []
    first = _FIRST_PHRASE.split(name_ru, maxsplit=1)[0]
    words: list[str] = []
    group: tuple[int, int] | None = None  # the head noun's hyphenated word
    for written in _WRITTEN.findall(fold(first)):
        parts = _WORD.findall(written)
        if group is None and noun in parts:
            group = (len(words), len(words) + len(parts))
        words.extend(parts)
    if group is None:
        return []
    stems = tuple(stem(word) for word in words)
    low, high = group
    return [
        [
            _key(stems[start : start + size])
            for start in range(max(0, high - size), min(low, len(stems) - size) + 1)
        ]
        for size in range(min(_MAX_WORDS, len(stems)), high - low - 1, -1)
    ]


def heading_pairs(
    name_ru: str, digits: str = "", index: PairIndex | None = None
) -> tuple[TradePair, ...]:
    """The pairs of the longest Russian trade name heading ``name_ru`` (see the module's
    docstring) that agree with the product's code ``digits`` (the same heading; at the
    subheading when one of them is filed there). Empty when no trade name heads the name,
    when ``digits`` is given and no pair of a heading trade name lies in its heading, or,
    without ``digits``, when the Russian trade names table files the longest heading
    name under several headings (муфта: a pipe fitting or a shaft coupling)."""
    index = _table_index() if index is None else index
    for keys in _heading_windows(name_ru):
        for key in keys:
            pairs = index.get(key, ())
            if pairs and not digits and len(_russian_headings().get(key, ())) > 1:
                return ()  # a name of goods of several headings and no code to pick one
            if digits:
                pairs = tuple(pair for pair in pairs if pair.code[:4] == digits[:4])
                exact = tuple(pair for pair in pairs if digits.startswith(pair.code))
                pairs = exact or pairs
            if pairs:
                return pairs
    return ()


def trade_name(name_ru: str, digits: str = "", index: PairIndex | None = None) -> TradeName | None:
    """The Chinese (and English) name of the good the Russian trade name heading
    ``name_ru`` names (:func:`heading_pairs`): the usual Chinese name when all its pairs
    give the same one, else a name every pair gives; ``None`` when no trade name heads
    the name or its pairs name different goods. ``index``: :func:`index_pairs` of other
    rows than the table's (tests)."""
    pairs = heading_pairs(name_ru, digits, index)
    if not pairs:
        return None
    firsts = {pair.chinese[0] for pair in pairs}
    if len(firsts) == 1:
        zh = firsts.pop()
    else:
        shared = [name for name in pairs[0].chinese if all(name in p.chinese for p in pairs)]
        if not shared:
            return None
        zh = shared[0]
    english = {pair.english[0] for pair in pairs if pair.english}
    en = english.pop() if len(english) == 1 else ""
    codes = {pair.code for pair in pairs}
    return TradeName(zh, en, codes.pop() if len(codes) == 1 else "", pairs[0].russian)
