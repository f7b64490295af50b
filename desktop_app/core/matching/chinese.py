"""Chinese text for matching: Simplified script, runs of Han characters, character n-grams.

Why n-grams and not a word segmenter: product names in requests are short (5-20
characters), full of trade and regional names that no general-purpose dictionary knows
(白松, 胡麻, 明太鱼), and a segmenter's mistakes are silent. Character bigrams need no
dictionary, tolerate word-order changes and give a fuzzy similarity that degrades
gracefully. The words that carry meaning are found separately, by longest match against
the curated glossary (see :mod:`desktop_app.core.matching.glossary`), which acts as the
domain dictionary a segmenter would otherwise need.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc
from opencc import OpenCC

from desktop_app.core.paths import resource

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_converter = OpenCC("t2s")
# Hong Kong variant characters (衞, 枱, 揾 ...), which t2s leaves as they are: a run with
# one goes through hk2s, a third slower, which maps them to the standard form first.
_hk_converter = OpenCC("hk2s")
# Taiwan and Hong Kong words for goods (滑鼠 -> 鼠标, 隨身碟 -> U盘, 印表機 -> 打印机): OpenCC's
# phrase tables (tw2sp). Applied to whole names they also rewrite mainland words inside
# longer ones (軟體動物, molluscs, would become 软件动物), so names are read with the
# character conversion and the phrase conversion is a second reading, tried by the
# dictionary bridge when the first reads no good (see :func:`mainland_phrases`).
_phrase_converter = OpenCC("tw2sp")
_to_traditional = OpenCC("s2t")


def _hong_kong_variants() -> frozenset[str]:
    table = Path(opencc.__file__).parent / "dictionary" / "HKVariantsRev.txt"
    try:
        lines = table.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split("\t", 1)[0] for line in lines if "\t" in line)


_HK_VARIANTS = _hong_kong_variants()


@lru_cache(maxsize=65536)
def _simplified_run(run: str) -> str:
    converter = _hk_converter if _HK_VARIANTS.intersection(run) else _converter
    simplified = str(converter.convert(run))
    if simplified == run:
        # Simplified already: mainland words are not rewritten (机车 is a locomotive
        # there), but a regional word no mainland dictionary knows is, in any script
        # (培林, a bearing; 比流器, a current transformer). A run holding no regional word
        # at all comes back as it is without reading the mainland lexicon, which costs
        # about a second on the first Chinese text of a process.
        if not any(word in simplified for word in regional_words()):
            return simplified
        return _mainland_words(simplified, _unknown_regional_words())
    return _mainland_words(simplified)


@lru_cache(maxsize=1)
def _taiwan_words() -> tuple[dict[str, str], int]:
    """Taiwan and Hong Kong words as Simplified regional word -> mainland word, and the
    longest key: OpenCC's Taiwan phrase table (印表机 -> 打印机, 矽 -> 硅, 影印 -> 复印), mostly
    computing words, and the trade vocabulary of ``resources/matching/regional_words.tsv``
    (堆高机 -> 叉车, 培林 -> 轴承, 餐纸 -> 餐巾纸), which OpenCC lacks."""
    table = Path(opencc.__file__).parent / "dictionary" / "TWPhrasesRev.txt"
    words: dict[str, str] = {}
    try:
        lines = table.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        if "\t" not in line:
            continue
        taiwan = line.split("\t", 1)[0]
        key, mainland = str(_converter.convert(taiwan)), str(_phrase_converter.convert(taiwan))
        if key != mainland:
            words[key] = mainland
    words.update(regional_words())
    return words, max((len(k) for k in words), default=0)


@lru_cache(maxsize=1)
def regional_words() -> Mapping[str, str]:
    """The shipped table of Taiwan and Hong Kong names of goods, as Simplified regional
    word -> mainland word (不断电系统 -> 不间断电源, 磁砖 -> 瓷砖); read once."""
    words: dict[str, str] = {}
    with resource("matching", "regional_words.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            regional, mainland = line.rstrip("\n").split("\t")[:2]
            key = str(_converter.convert(regional.strip()))
            if key and mainland.strip() and key != mainland.strip():
                words[key] = mainland.strip()
    return words


@lru_cache(maxsize=1)
def _mainland_lexicon() -> tuple[frozenset[str], int]:
    """Simplified headwords of the shipped CC-CEDICT extract and the Chinese terms of the
    shipped glossary: the longer mainland words inside which a Taiwan word is not one
    (软体 in 软体动物, molluscs; 文件 in 文件柜, a filing cabinet)."""
    words: set[str] = set()
    for path in sorted(resource("glossary", "concepts").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                words.update(
                    term.strip() for term in (row.get("zh") or "").split("|") if term.strip()
                )
    try:
        with gzip.open(resource("matching", "cedict_bridge.tsv.gz"), "rt", encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#") and "\t" in line:
                    words.add(line.split("\t", 1)[0])
    except OSError:
        return frozenset(), 0
    return frozenset(words), max((len(w) for w in words), default=0)


@lru_cache(maxsize=1)
def _unknown_regional_words() -> tuple[dict[str, str], int]:
    """The regional words of ``regional_words.tsv`` that are no word of the mainland
    lexicon (the CC-CEDICT extract and the glossary's Chinese terms), and the longest."""
    lexicon, _ = _mainland_lexicon()
    words = {k: v for k, v in regional_words().items() if k not in lexicon}
    return words, max((len(k) for k in words), default=0)


def _mainland_words(simplified: str, table: tuple[dict[str, str], int] | None = None) -> str:
    """A converted Traditional run with Taiwan words replaced by mainland ones, phrase by
    phrase: at each place the longest Taiwan word is replaced unless a longer dictionary
    word starts there (软体动物 stays, 印表机 becomes 打印机). Only runs written in
    Traditional characters are read so: mainland text keeps its own words (``table``:
    another table of regional words, for the words no mainland dictionary knows)."""
    taiwan, longest = _taiwan_words() if table is None else table
    if not taiwan:
        return simplified
    lexicon, lexicon_longest = _mainland_lexicon()
    out: list[str] = []
    start = 0
    while start < len(simplified):
        found = next(
            (
                size
                for size in range(min(longest, len(simplified) - start), 0, -1)
                if simplified[start : start + size] in taiwan
            ),
            0,
        )
        word = next(
            (
                size
                for size in range(min(lexicon_longest, len(simplified) - start), 1, -1)
                if simplified[start : start + size] in lexicon
            ),
            0,
        )
        if found and found >= word:
            out.append(taiwan[simplified[start : start + found]])
            start += found
        elif word:
            out.append(simplified[start : start + word])
            start += word
        else:
            out.append(simplified[start])
            start += 1
    return "".join(out)


@lru_cache(maxsize=16384)
def mainland_phrases(run: str) -> str:
    """A Simplified run with Taiwan words replaced by mainland ones, phrase by phrase
    (印表机 -> 打印机, 随身碟 -> U盘, 培林 -> 轴承); the run itself when none applies. Also
    for runs written in characters both scripts share, which :func:`to_simplified` leaves
    as they are."""
    return _mainland_words(str(_phrase_converter.convert(_to_traditional.convert(run))))


def to_simplified(text: str) -> str:
    """Traditional characters replaced by Simplified ones (進口 -> 进口); other text kept.

    Converted run by run of Han characters (OpenCC's phrases never span other text), so
    the conversion is cached per run: requests repeat the same words in endless
    combinations with pack sizes and trade noise.
    """
    if not HAN_RUN.search(text):
        return text
    return HAN_RUN.sub(lambda match: _simplified_run(match.group(0)), text)


def is_traditional(text: str) -> bool:
    """True when the text has characters found only in Traditional script."""
    return any(_converter.convert(run) != run for run in HAN_RUN.findall(text))


def han_runs(text: str) -> list[str]:
    """The maximal runs of Han characters in ``text``, in order."""
    return HAN_RUN.findall(text)


def char_ngrams(runs: list[str], size: int = 2) -> list[str]:
    """Character n-grams of each run; a run shorter than ``size`` is kept whole.

    N-grams never cross a run boundary: "冷冻 鸡爪" gives 冷冻 and 鸡爪, not 冻鸡.
    """
    grams: list[str] = []
    for run in runs:
        if len(run) < size:
            grams.append(run)
            continue
        grams.extend(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def longest_matches(
    text: str, terms: Mapping[str, object], max_length: int
) -> list[tuple[int, int, str]]:
    """Every occurrence of a dictionary term in ``text`` as ``(start, end, term)``.

    An occurrence lying wholly inside a longer one is dropped, so 葵花籽油 (sunflower oil)
    does not also report 葵花籽 (sunflower seed); so is one overlapping a longer one, so
    低芥酸菜籽油 (low-erucic rapeseed oil) does not also report 酸菜 (sauerkraut).
    Overlapping occurrences of one length are both kept (鲑鱼籽: 鲑鱼 salmon, 鱼籽 roe):
    the glossary decides which concepts they are.
    """
    found: list[tuple[int, int, str]] = []
    length = len(text)
    for start in range(length):
        for size in range(min(max_length, length - start), 0, -1):
            piece = text[start : start + size]
            if piece in terms:
                found.append((start, start + size, piece))
                break
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
    kept: list[tuple[int, int, str]] = []
    for hit in found:
        if not any(
            (other[0] < hit[1] and hit[0] < other[1] and other[1] - other[0] > hit[1] - hit[0])
            or (other[0] <= hit[0] and hit[1] <= other[1])
            for other in kept
        ):
            kept.append(hit)
    kept.sort()
    return kept


def clear_caches() -> None:
    """Forget the conversions of Han runs met so far (after a large run)."""
    _simplified_run.cache_clear()
    mainland_phrases.cache_clear()


# CC-CEDICT, the dictionary of the bridge (see :mod:`.bridge`): its Simplified headwords and
# English senses. Longest headword the segmenter tries.
_MAX_WORD = 8


@dataclass(frozen=True)
class ChineseDictionary:
    """Simplified headwords and their English senses, most common sense first."""

    senses: dict[str, tuple[str, ...]]

    def segment(self, run: str) -> list[tuple[int, int, str]]:
        """Words of a run of Han characters by forward longest match, as ``(start, end,
        word)``; characters no headword covers are left out."""
        found: list[tuple[int, int, str]] = []
        start = 0
        while start < len(run):
            for size in range(min(_MAX_WORD, len(run) - start), 0, -1):
                piece = run[start : start + size]
                if piece in self.senses:
                    found.append((start, start + size, piece))
                    start += size
                    break
            else:
                start += 1
        return found


@lru_cache(maxsize=1)
def chinese_dictionary() -> ChineseDictionary:
    """The shipped CC-CEDICT extract, read once per process on first use."""
    senses: dict[str, tuple[str, ...]] = {}
    path = resource("matching", "cedict_bridge.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            word, listed = line.rstrip("\n").split("\t", 1)
            senses[word] = tuple(sense for sense in listed.split("|") if sense)
    return ChineseDictionary(senses)
