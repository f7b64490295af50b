"""The Chinese names of the HS 2022 headings and subheadings.

``resources/hs/hs2022_zh.csv`` (built from ``resources/hs/zh/``, see its build script)
gives each heading (four digits) and each subheading written so far (six digits) its
short name in the wording of the Chinese customs tariff: 8413 液体泵；液体提升机,
8413.70 其他离心泵. ``resources/hs/hs2022_zh_trade.csv`` (built from
``resources/hs/trade_zh/``) gives codes the names buyers and traders write instead:
叉车, 地牛 and 堆高機 (Taiwan) for 8427, 阳光板 for 3920.61. ``resources/hs/hs2022_ru_trade.csv``
(built from ``resources/hs/trade_ru/``) does the same for the Russian side: the names
Russian exporters write (профнастил, ЛДСП, УЗО, ШРУС, рохля) for the codes whose TN VED
wording they do not say. ``resources/hs/hs2022_trade_pairs.csv`` (built from
``resources/hs/trade_pairs/``) links the two: each Russian trade name to the Chinese and
English names of the same good under the same code (шаровый кран → 球阀, ball valve; not
闸阀 or 蝶阀, which share 8481.80). Each is read once, on first use.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from desktop_app.core.paths import resource
from desktop_app.core.text import fold

HAN = re.compile(r"[\u4e00-\u9fff]")
# A word of a Russian trade name or of a text searched for one: letters and digits.
# Hyphens, slashes and dots separate words, so «дрель-шуруповёрт» is found in
# «дрель шуруповёрт» and «ВВГнг(А)-LS» in «ВВГнг(А) LS».
_TRADE_WORD = re.compile(r"[^\W_]+")


@cache
def chinese_hs_names() -> dict[str, str]:
    """``{code: Chinese name}`` for the headings and subheadings the table has."""
    with resource("hs", "hs2022_zh.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle) if row.get("name")}


def chinese_hs_name(code: str) -> str:
    """The Chinese name of exactly this heading or subheading; empty when it has none."""
    return chinese_hs_names().get(code, "")


@dataclass(frozen=True)
class ChineseTradeName:
    """A name buyers use for the goods of ``code`` (a heading or a subheading);
    ``region`` is ``"TW"`` or ``"HK"`` for a Taiwan or Hong Kong word, else empty."""

    code: str
    name: str
    region: str


@cache
def chinese_trade_name_rows() -> tuple[ChineseTradeName, ...]:
    """Every trade name of the table, in code order."""
    with resource("hs", "hs2022_zh_trade.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            ChineseTradeName(row["code"], row["name"], row.get("region") or "")
            for row in csv.DictReader(handle)
            if row.get("code") and row.get("name")
        )


@cache
def chinese_trade_names() -> Mapping[str, tuple[str, ...]]:
    """``{code: (trade name, ...)}``: the names buyers write for each code that has any."""
    names: dict[str, list[str]] = {}
    for row in chinese_trade_name_rows():
        names.setdefault(row.code, []).append(row.name)
    return {code: tuple(found) for code, found in names.items()}


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return HAN.search(text or "") is not None


def _trade_words(text: str) -> tuple[str, ...]:
    """The folded words of ``text`` (case, ``ё`` and width do not count)."""
    return tuple(_TRADE_WORD.findall(fold(text or "")))


@dataclass(frozen=True)
class RussianTradeName:
    """A name Russian exporters use for the goods of ``code`` (a heading or a
    subheading): профнастил for 7216.61 and 7308.90, УЗО for 8536.30."""

    code: str
    name: str


@dataclass(frozen=True)
class RussianTradeMatch:
    """A trade name found in a text: the name as the table writes it, the codes it is
    given under (several only where the table says the name is ambiguous), and the
    position of its words among the text's words (``words[start:end]``)."""

    name: str
    codes: tuple[str, ...]
    start: int
    end: int


@cache
def russian_trade_name_rows() -> tuple[RussianTradeName, ...]:
    """Every Russian trade name of the table, in (code, name) order."""
    with resource("hs", "hs2022_ru_trade.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            RussianTradeName(row["code"], row["name"])
            for row in csv.DictReader(handle)
            if row.get("code") and row.get("name")
        )


@cache
def russian_trade_names() -> Mapping[str, tuple[str, ...]]:
    """``{code: (trade name, ...)}``: the names Russian exporters write for each code
    that has any (a heading's names are under the four-digit code only)."""
    names: dict[str, list[str]] = {}
    for row in russian_trade_name_rows():
        names.setdefault(row.code, []).append(row.name)
    return {code: tuple(found) for code, found in names.items()}


@cache
def _russian_trade_index() -> dict[str, dict[tuple[str, ...], tuple[str, tuple[str, ...]]]]:
    """``{first word: {words: (name, codes)}}`` over the folded words of every name."""
    by_words: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for row in russian_trade_name_rows():
        words = _trade_words(row.name)
        if not words:
            continue
        name, codes = by_words.setdefault(words, (row.name, []))
        if row.code not in codes:
            codes.append(row.code)
    index: dict[str, dict[tuple[str, ...], tuple[str, tuple[str, ...]]]] = {}
    for words, (name, codes) in by_words.items():
        index.setdefault(words[0], {})[words] = (name, tuple(codes))
    return index


def russian_trade_name_codes(name: str) -> tuple[str, ...]:
    """The codes the table gives exactly this trade name (case, ``ё`` and punctuation
    between words do not count): ``("853630",)`` for «узо», ``()`` for a name it lacks."""
    words = _trade_words(name)
    if not words:
        return ()
    found = _russian_trade_index().get(words[0], {}).get(words)
    return found[1] if found else ()


def find_russian_trade_names(text: str) -> list[RussianTradeMatch]:
    """Every trade name that occurs in ``text`` as whole words, in text order and, at one
    position, longest first: «Кабель ВВГнг-LS 3х2,5» holds ВВГнг-LS (8544.49, 8544.60)
    and кабель. Word-bounded: «автоматический выключатель» is found in «выключатель
    автоматический ...» only if the table writes that order, and «кран» is not found in
    «кранец». The words are compared as written (no endings are removed), so a name is
    found in the case and number the table gives it."""
    words = _trade_words(text)
    index = _russian_trade_index()
    found: list[RussianTradeMatch] = []
    for start, word in enumerate(words):
        candidates = index.get(word)
        if not candidates:
            continue
        here = [
            RussianTradeMatch(name, codes, start, start + len(name_words))
            for name_words, (name, codes) in candidates.items()
            if tuple(words[start : start + len(name_words)]) == name_words
        ]
        found.extend(sorted(here, key=lambda match: (-(match.end - match.start), match.name)))
    return found


@dataclass(frozen=True)
class TradePair:
    """The same good in three languages: a Russian trade name of ``code`` and the
    Chinese and English names buyers write for exactly that good (шаровый кран → 球阀,
    ball valve; not 闸阀 or 蝶阀, which share 8481.80)."""

    code: str
    russian: str
    chinese: tuple[str, ...]
    english: tuple[str, ...]


@cache
def trade_pair_rows() -> tuple[TradePair, ...]:
    """Every pair of ``resources/hs/hs2022_trade_pairs.csv``, in (code, Russian name)
    order."""
    with resource("hs", "hs2022_trade_pairs.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            TradePair(
                row["code"],
                row["ru"],
                tuple(name for name in row["zh"].split("|") if name),
                tuple(name for name in (row.get("en") or "").split("|") if name),
            )
            for row in csv.DictReader(handle)
            if row.get("code") and row.get("ru") and row.get("zh")
        )


@cache
def _pairs_by_russian() -> dict[tuple[str, ...], tuple[TradePair, ...]]:
    found: dict[tuple[str, ...], list[TradePair]] = {}
    for pair in trade_pair_rows():
        found.setdefault(_trade_words(pair.russian), []).append(pair)
    return {words: tuple(pairs) for words, pairs in found.items()}


@cache
def _pairs_by_chinese() -> dict[str, tuple[TradePair, ...]]:
    found: dict[str, list[TradePair]] = {}
    for pair in trade_pair_rows():
        for name in pair.chinese:
            found.setdefault(fold(name), []).append(pair)
    return {name: tuple(pairs) for name, pairs in found.items()}


def trade_pairs_of_code(code: str) -> tuple[TradePair, ...]:
    """Every pair under ``code`` (a heading also gives its subheadings' pairs, a
    subheading its heading's): the kinds of goods one code holds, each in three
    languages (8481.80: шаровый кран 球阀, задвижка 闸阀, дисковый затвор 蝶阀, ...)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return _within(trade_pair_rows(), digits) if digits else ()


def _within(pairs: tuple[TradePair, ...], code: str) -> tuple[TradePair, ...]:
    """The pairs under ``code`` (a heading also takes its subheadings' pairs, a
    subheading its heading's); all of them for an empty code."""
    code = "".join(ch for ch in code if ch.isdigit())
    if not code:
        return pairs
    return tuple(p for p in pairs if p.code.startswith(code[:6]) or code.startswith(p.code))


def trade_pairs_of_russian(name: str, code: str = "") -> tuple[TradePair, ...]:
    """The pairs of exactly this Russian trade name (case, ``ё`` and punctuation between
    words do not count), limited to ``code`` when given: «Шаровый кран» → 8481.80 球阀,
    ball valve. Empty for a name the table does not pair."""
    return _within(_pairs_by_russian().get(_trade_words(name), ()), code)


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def chinese_names_of_russian(name: str, code: str = "") -> tuple[str, ...]:
    """The Chinese names of the good a Russian trade name names, the usual one first:
    («шаровый кран») → ("球阀", ...)."""
    return _unique([zh for pair in trade_pairs_of_russian(name, code) for zh in pair.chinese])


def english_names_of_russian(name: str, code: str = "") -> tuple[str, ...]:
    """The English trade names of the good a Russian trade name names: ("ball valve",)."""
    return _unique([en for pair in trade_pairs_of_russian(name, code) for en in pair.english])


@cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's Traditional-to-Simplified conversion, loaded on the first Traditional
    query only."""
    from opencc import OpenCC

    return OpenCC("t2s").convert


def trade_pairs_of_chinese(name: str, code: str = "") -> tuple[TradePair, ...]:
    """The pairs whose Chinese names include exactly ``name`` (width and case of a
    designation do not count; a name in Traditional characters, 球閥, is looked up in
    its Simplified spelling, 球阀), limited to ``code`` when given."""
    key = fold(name.strip())
    found = _pairs_by_chinese().get(key)
    if found is None and has_han(key):
        found = _pairs_by_chinese().get(_to_simplified()(key))
    return _within(found or (), code)


def russian_names_of_chinese(name: str, code: str = "") -> tuple[str, ...]:
    """The Russian trade names of the good a Chinese name names: 球阀 → («шаровый кран»,
    «кран шаровой», ...)."""
    return _unique([pair.russian for pair in trade_pairs_of_chinese(name, code)])
