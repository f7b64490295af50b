"""The HS bridge: names the glossary does not know, read through the nomenclature's texts.

The glossary names the goods a request or an offer is about; it is curated and never
complete. A name it reads no good in still says, in its words, what it is, and the
HS 2022 (English) and TN VED (Russian) texts say the same goods at the level of
six-digit subheadings. So:

- a **Chinese** name: its dictionary words (CC-CEDICT, see :mod:`bridge`) give English
  senses; the subheadings whose English text carries the most of those senses' words are
  its likely subheadings, the head word (the last of the compound that no packaging or
  purpose marker follows) counting most. The HS text picks the sense: of 煲's senses
  ("pot", "to boil", "to cook"), the ones the nomenclature uses weigh.
- a **Russian** name: its words are looked up in the complete TN VED
  (``resources/matching/tnved_terms.tsv.gz``, every stem of its ten-digit lines with
  the subheadings using it, built by ``build_tnved_terms.py``), the head noun (the first
  word that is not an adjective) counting most.

The subheadings found become the record's HS guess (a shared heading brings the two
sides together in retrieval and scores the HS part), and where the glossary files
exactly one good, or goods of one family, under the best subheading, that good is read
(搪瓷煲, an enamel pot, finds 7323 94, enamelled household articles of steel, where the
glossary files enamel cookware). Nothing is read when the best subheadings spread over
several headings: a guess is no evidence.

The indexes are built on first use, never at import or application start.
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from desktop_app.core.matching.bridge import (
    MODIFIER_AFTER,
    BridgedWord,
    bridge_runs,
    chinese_dictionary,
    english_senses,
    without_collection_word,
)
from desktop_app.core.matching.chinese import mainland_phrases
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.matching.hs_inference import GENERIC_WORDS
from desktop_app.core.matching.nomenclature_stems import nomenclature_stems
from desktop_app.core.matching.normalize import Word, normalize_text
from desktop_app.core.matching.tariff_names import (
    MIN_NAME_SCORE,
    TRADE_NAME_SCORE,
    chinese_subheadings,
)
from desktop_app.core.matching.term_lookup import TextAnalysis, analyse_text, english_concepts
from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_texts import hs2022_texts

# A head word counts this many times as much as another word of the name.
HEAD_WEIGHT = 1.0
# Senses of one word read: the first ones the HS texts know (the dictionary orders them).
SENSES_PER_WORD = 3
# The best subheading must gather at least this much IDF weight (about one rare word or
# two common ones) and the kept ones at least this share of the best.
MIN_SCORE = 5.0
KEEP_SHARE = 0.85
# At most this many subheadings are kept as the guess.
MAX_CODES = 3
_ADJECTIVE_ENDINGS = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие",
    "ого", "его", "ому", "ему", "ым", "им", "ых", "их", "ую", "юю",
)  # fmt: skip


class SubheadingIndex:
    """Stems and the HS subheadings whose texts use them, with IDF weights."""

    def __init__(self, postings: dict[str, frozenset[str]], total: int) -> None:
        """Index ``{stem: subheadings}`` over ``total`` subheadings."""
        self.postings = postings
        self.idf = {stem: math.log(max(total, 2) / len(codes)) for stem, codes in postings.items()}

    def scores(self, stems: set[str], weight: float) -> dict[str, float]:
        """IDF weight of ``stems`` each subheading's text carries, times ``weight``."""
        found: dict[str, float] = defaultdict(float)
        for stem in stems:
            for code in self.postings.get(stem, ()):
                found[code] += weight * self.idf[stem]
        return found

    def pick(self, scores: dict[str, float]) -> tuple[tuple[str, ...], bool]:
        """The best subheadings of ``scores`` (see :func:`pick_subheadings`)."""
        return pick_subheadings(scores)


def pick_subheadings(scores: dict[str, float]) -> tuple[tuple[str, ...], bool]:
    """The best subheadings of ``scores`` and whether they fall under one heading (only
    then do they name a good); nothing when the best is weak."""
    if not scores:
        return (), False
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    best = ranked[0][1]
    if best < MIN_SCORE:
        return (), False
    kept = [code for code, score in ranked if score >= KEEP_SHARE * best]
    return tuple(kept[:MAX_CODES]), len({code[:4] for code in kept}) == 1


@lru_cache(maxsize=1)
def english_subheadings() -> SubheadingIndex:
    """The six-digit HS 2022 descriptions, stemmed, each with its heading's text (their
    shipped stems, see :mod:`.nomenclature_stems`: no generic word, none under three
    letters)."""
    texts = nomenclature_stems().hs
    postings: dict[str, set[str]] = defaultdict(set)
    total = 0
    no_text = frozenset[str]()
    for code, stems in texts.items():
        if len(code) == 4:
            continue
        total += 1
        heading = texts.get(code[:4])
        for stem in (heading.content if heading else no_text) | stems.content:
            postings[stem].add(code)
    return SubheadingIndex({s: frozenset(c) for s, c in postings.items()}, total)


@lru_cache(maxsize=1)
def russian_subheadings() -> SubheadingIndex:
    """The stems of the complete TN VED with the subheadings using them (shipped file)."""
    postings: dict[str, frozenset[str]] = {}
    codes: set[str] = set()
    with gzip.open(resource("matching", "tnved_terms.tsv.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            stem, listed = line.rstrip("\n").split("\t", 1)
            found = frozenset(listed.split())
            postings[stem] = found
            codes.update(found)
    return SubheadingIndex(postings, len(codes))


@per_glossary(maxsize=1)
def _concepts_by_subheading(glossary: Glossary) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for concept in glossary.concepts.values():
        for code in concept.hs:
            digits = "".join(ch for ch in code if ch.isdigit())
            if len(digits) >= 6:
                found[digits[:6]].append(concept.id)
            elif len(digits) == 4:
                found[digits].append(concept.id)
    return {code: tuple(ids) for code, ids in found.items()}


@per_glossary(maxsize=1)
def broader_concepts(glossary: Glossary) -> frozenset[str]:
    """The concepts the glossary files kinds under (the ``broader`` of another)."""
    return frozenset(c.broader for c in glossary.concepts.values() if c.broader)


def concept_on(codes: tuple[str, ...], glossary: Glossary) -> tuple[str, ...]:
    """The good the glossary files under the best of ``codes`` (else the one good
    without kinds filed under its heading): its one concept, or the nearest concept
    broader than (or equal to) all those filed there, so a read of the subheading takes
    every kind of its good; empty when goods that share no broader concept are filed
    there (a subheading of two goods names neither)."""
    if not codes:
        return ()
    by_code = _concepts_by_subheading(glossary)
    filed = by_code.get(codes[0], ())
    if not filed:
        # Under the heading, only a good without kinds of its own: a heading's generic
        # good ("measuring instruments") would take every kind filed elsewhere.
        broader = broader_concepts(glossary)
        filed = tuple(c for c in by_code.get(codes[0][:4], ()) if c not in broader)
        if len(filed) != 1:
            return ()
    if not filed:
        return ()
    if len(filed) == 1:
        return filed
    common: list[str] | None = None
    for concept in filed:
        chain = [concept, *glossary.ancestors(concept)]
        common = chain if common is None else [c for c in common if c in chain]
    return (common[0],) if common else ()


@dataclass(frozen=True)
class HsBridged:
    """What the HS bridge reads in a name: subheadings, the good filed there (if one)
    and the words that led there (for explanations)."""

    codes: tuple[str, ...]
    concepts: tuple[str, ...]
    words: tuple[str, ...]


def _sense_stems(sense: str) -> set[str]:
    index = english_subheadings()
    return {
        w.stem
        for w in normalize_text(sense).words
        if len(w.stem) > 2 and w.surface not in GENERIC_WORDS and w.stem in index.postings
    }


@lru_cache(maxsize=65536)
def _sense_size(sense: str) -> int:
    return sum(
        1 for w in normalize_text(sense).words if len(w.stem) > 2 and w.surface not in GENERIC_WORDS
    )


def chinese_hs_bridge(runs: tuple[str, ...], glossary: Glossary) -> HsBridged | None:
    """Subheadings (and a good) for Chinese runs the glossary reads nothing in, through
    the dictionary's English senses and the HS 2022 texts; ``None`` when nothing is found."""
    found = _chinese_hs_bridge(runs, glossary)
    if found is None or not found.concepts:
        mainland = tuple(mainland_phrases(run) for run in runs)
        if mainland != runs:
            found = _chinese_hs_bridge(mainland, glossary) or found
    return found


def checked_bridge_runs(runs: tuple[str, ...], glossary: Glossary) -> BridgedWord | None:
    """The dictionary bridge (:func:`bridge.bridge_runs`), its good checked against the
    nomenclature where the dictionary read only part of the compound: a lone character
    (管 "tube" in 导尿管, 子 in 铜鼻子) or a word before the compound's last morpheme
    (脱毛 "lose hair or feathers" in 脱毛膏, a 膏). Where the compound as a whole reads as
    subheadings (the Chinese tariff and trade names, the senses of all its words) in
    none of that good's chapters, the part's good is not the compound's (导尿管 reads as
    catheters, 9018 39, not steel tubes): the word is kept for its English words only, and
    the HS bridge reads the compound."""
    found = bridge_runs(runs, glossary)
    if found is None or not found.concepts:
        return found
    whole = chinese_hs_bridge(runs, glossary)
    if whole is None or not whole.codes:
        return found
    # A whole dictionary word is checked only against a trade name buyers write for
    # the compound (纸吸管, paper straws, is no cereal straw, 吸管's sense).
    if found.head and not any(_trade_named(word) for word in whole.words):
        return found
    # By chapter: 纸 "paper" in 烘焙纸 (baking paper, 4806 20) is still the paper of
    # chapter 48, only not of the headings the glossary files paper under.
    chapters = {code[:2] for code in whole.codes}
    if any(code[:2] in chapters for c in found.concepts for code in glossary.hs_of(c)):
        return found
    return replace(found, concepts=())


# A run opening with one of these lists what comes with the good (带听诊器, with a
# stethoscope; 配电机, with a motor), not the good.
_ACCESSORY_BEFORE = ("带", "配", "附", "含", "连")


def _head_run_words(runs: tuple[str, ...], glossary: Glossary) -> tuple[str, list[str]]:
    """The run naming the good and its dictionary words, its head (last word) first.

    The good is named in the first run that is not an accessory (带…) or a modifier
    (…式, …装, …用) and holds a word the dictionary knows (else the first such run of
    two characters or more, for the tariff's Chinese names); within it, lone characters
    count only at its end (煲 in 搪瓷煲), words a packaging or purpose marker follows are
    left out, and a word the glossary reads as a state or form only (颗粒, granules) is no
    head.
    """
    dictionary = chinese_dictionary()
    unknown = ""
    for run in runs:
        if run.startswith(_ACCESSORY_BEFORE) or (len(runs) > 1 and run.endswith(MODIFIER_AFTER)):
            continue
        segments = dictionary.segment(run)
        words: list[str] = []
        for _, end, word in reversed(segments):
            if len(word) < 2 and end < len(run):
                continue
            if run.startswith(MODIFIER_AFTER, end) and end < len(run):
                continue
            if not english_senses(word):
                continue
            if not words and _state_only(word, glossary):
                continue
            words.append(word)
        if words:
            return run, words
        if not unknown and len(run) >= 2:
            unknown = run
    return unknown, []


def _state_only(word: str, glossary: Glossary) -> bool:
    analysis = analyse_text(word, glossary)
    return bool(analysis.attributes) and not analysis.concepts


@per_glossary(maxsize=65536)
def _chinese_hs_bridge(runs: tuple[str, ...], glossary: Glossary) -> HsBridged | None:
    runs = tuple(without_collection_word(run) for run in runs)
    # A run that is, whole, a name buyers write for a good (花纹板 beside 坑纹铁板, the
    # buyer's own gloss) says what the good is more surely than another run read by its
    # words' senses or character pairs.
    traded = chinese_subheadings().trade
    for whole in runs:
        if whole in traded and not whole.startswith(_ACCESSORY_BEFORE):
            reading = _tariff_reading(whole, glossary)
            if reading is not None:
                return reading
    run, words = _head_run_words(runs, glossary)
    if not run:
        return None
    # The compound up to its head word (泡沫玻璃 of 泡沫玻璃颗粒, granules being a form)
    # read against the Chinese tariff names: the reading of words no dictionary knows
    # (导尿管, 标签纸), and of compounds whose head the dictionary knows only as a lone
    # character (纸, 粉, 管: "paper", "powder", "tube" say little against the HS texts).
    compound = run[: run.rfind(words[0]) + len(words[0])] if words else run
    tariff = _tariff_reading(compound, glossary)
    if tariff is not None and (not words or len(words[0]) < 2 or _trade_named(compound)):
        # A name buyers write for the goods (纸吸管, paper straws, 4823 90) is read whole:
        # the dictionary's sense of its head word (吸管 "straw", cereal straw of 1213)
        # says less.
        return tariff
    if not words:
        return None
    head = words[0]
    # Each word adds, per subheading, the best of its senses there: the HS text picks
    # the sense. The head counts most.
    index = english_subheadings()
    scores: dict[str, float] = defaultdict(float)
    head_codes: set[str] = set()
    for position, word in enumerate(words):
        weight = HEAD_WEIGHT if position == 0 else 1.0
        best: dict[str, float] = {}
        for sense in english_senses(word)[:SENSES_PER_WORD]:
            stems = _sense_stems(sense)
            size = _sense_size(sense)
            for code, score in index.scores(stems, weight).items():
                # A sense counts where the text carries most of its words: "cleansing
                # lotion" is not "cleansing tissues".
                if 2 * sum(code in index.postings[s] for s in stems) > size:
                    best[code] = max(best.get(code, 0.0), score)
        for code, score in best.items():
            scores[code] += score
        if position == 0 and best:
            head_codes = set(best)
    # The head names the good: only subheadings its own senses read count (电容器
    # "capacitor" in 自愈式低压并联电容器 is no boiler, which 低压 "low pressure" reads).
    if head_codes:
        scores = defaultdict(float, {c: v for c, v in scores.items() if c in head_codes})
    codes, one_heading = index.pick(scores)
    if not codes:
        return tariff
    # A modifier and the head read together as one English phrase ("enamel" + "pot"):
    # the glossary may know the phrase where it knows neither word as a good. Kept only
    # when the good's headings are among those the words' senses point to, so a
    # generic head ("device", "tool") does not make any phrase a good.
    headings = {code[:4] for code in codes}
    for modifier in words[1:3]:
        for head_sense in english_senses(head)[:SENSES_PER_WORD]:
            for modifier_sense in english_senses(modifier)[:SENSES_PER_WORD]:
                concepts = english_concepts(f"{modifier_sense} {head_sense}", glossary)
                # The phrase must name a good through its head: a good the modifier names
                # alone ("syringe" in 注射器生产线, a production line) is what the head is
                # for or made of.
                concepts = tuple(
                    c for c in concepts if c not in english_concepts(modifier_sense, glossary)
                )
                if concepts and any(
                    code[:4] in headings for c in concepts for code in glossary.hs_of(c)
                ):
                    return HsBridged(codes, concepts, (modifier, head))
    concepts = concept_on(codes, glossary) if one_heading else ()
    return HsBridged(codes, concepts, tuple(reversed(words)))


def _trade_named(compound: str) -> bool:
    """Whether a Chinese compound is, or ends in, a trade name buyers write (see
    :class:`.tariff_names.ChineseNameIndex`)."""
    scores = chinese_subheadings().word_scores(compound)
    return bool(scores) and max(scores.values()) >= TRADE_NAME_SCORE


def _tariff_reading(compound: str, glossary: Glossary) -> HsBridged | None:
    """The subheadings whose Chinese tariff names read ``compound`` (see
    :mod:`.tariff_names`) and the good filed there; ``None`` when none reads it."""
    scores = chinese_subheadings().word_scores(compound)
    if not scores or max(scores.values()) < MIN_NAME_SCORE:
        return None
    codes, one_heading = pick_subheadings(scores)
    if not codes:
        return None
    return HsBridged(codes, concept_on(codes, glossary) if one_heading else (), (compound,))


def name_subheadings(
    runs: tuple[str, ...],
    russian: tuple[str, ...],
    english: tuple[str, ...],
    glossary: Glossary,
) -> tuple[str, ...]:
    """The six-digit subheadings a record's names read as through the nomenclature's
    texts in their own language, whatever the glossary reads in them: Chinese runs through
    the tariff's Chinese names and the dictionary's English senses (硼酸 -> 2810 00),
    Russian words through the TN VED ("Кислота борная" -> 2810 00). Two names in
    different languages that read as one subheading name the same good as far as the
    nomenclature tells; the scorer counts that as their names' agreement.

    ``russian`` and ``english`` are the stems of the names' words, those of the
    nomenclature's generic words left out (see :func:`name_stems`)."""
    found: list[str] = []
    if runs:
        chinese = chinese_hs_bridge(runs, glossary)
        if chinese is not None:
            # Only where the head word itself reads: 注射器生产线 is a production line,
            # not the syringes (9018 31) its modifier reads as.
            found.extend(code for code in chinese.codes if _head_reads(chinese.words[-1], code))
    if russian:
        found.extend(_russian_name_codes(russian))
    if english:
        found.extend(_english_name_codes(english))
    return tuple(dict.fromkeys(code[:6] for code in found if len(code) >= 6))


# Where a Russian name's stems (name_stems) pass from the good to what it is for; a
# generic word, so never a stem of its own there.
PURPOSE = "для"


def name_stems(words: Iterable[Word], script: str) -> tuple[str, ...]:
    """The stems :func:`name_subheadings` reads of a name's words in ``script``: in
    order, once each, the nomenclature's generic words (and, in English, stems under
    three letters) left out; a Russian name's head noun stem first and the purpose
    marker :data:`PURPOSE` before what the good is for. Cheap: what the names read as is
    looked up only for the records of pairs that need it."""
    words = tuple(w for w in words if w.script == script)
    if script != "ru":
        return tuple(
            dict.fromkeys(
                w.stem for w in words if w.surface not in GENERIC_WORDS and len(w.stem) > 2
            )
        )
    # Russian: the head noun's stem first ("" when the name has none), then the stems
    # before "для", then, after a "для" marker, those of what the good is for: the TN VED
    # reading stops at the marker (what a good is for is never the good), the trade names
    # read the whole name ("тоник для лица").
    before = _before_purpose(words)
    head = _head_stem(before)

    def kept(part: tuple[Word, ...]) -> list[str]:
        return [w.stem for w in part if w.surface not in GENERIC_WORDS]

    own = kept(before)
    if not own:
        return ()
    after = kept(words[len(before) :])
    first = head if head is not None and head in own else ""
    return tuple(dict.fromkeys((first, *own, *((PURPOSE, *after) if after else ()))))


def _head_reads(head: str, code: str) -> bool:
    """Whether a Chinese head word reads as subheading ``code`` by itself: through the
    tariff's Chinese names or one of its dictionary senses."""
    if code in chinese_subheadings().word_scores(head):
        return True
    index = english_subheadings()
    return any(
        code in index.scores(_sense_stems(sense), 1.0)
        for sense in english_senses(head)[:SENSES_PER_WORD]
    )


class RussianTradeIndex:
    """The names Russian exporters write for HS codes (``resources/hs/hs2022_ru_trade.csv``:
    рохля 8427 90, шпатель медицинский деревянный 4421 99, тоник для лица 3304 99) by
    their stems, so a name is found in any case and number and word order ("Шпатели
    деревянные медицинские"); a heading's names stand for its subheadings."""

    def __init__(self, rows: list[tuple[str, str]], subheadings: dict[str, list[str]]) -> None:
        """Index ``(code, name)`` rows; ``subheadings`` lists each heading's subheadings."""
        self._index(((code, trade_name_stems(name)) for code, name in rows), subheadings)

    @classmethod
    def from_stems(
        cls, rows: Iterable[tuple[str, tuple[str, ...]]], subheadings: dict[str, list[str]]
    ) -> RussianTradeIndex:
        """The index of ``(code, the name's stems)`` rows, as :func:`trade_name_stems`
        gives them (the shipped ``ru_trade_stems.tsv.gz``): nothing is stemmed."""
        index = cls.__new__(cls)
        index._index(rows, subheadings)
        return index

    def _index(
        self, rows: Iterable[tuple[str, tuple[str, ...]]], subheadings: dict[str, list[str]]
    ) -> None:
        codes_of: dict[frozenset[str], set[str]] = defaultdict(set)
        for code, name_stems in rows:
            stems = frozenset(name_stems)
            if stems:
                codes_of[stems].update(subheadings.get(code, []) if len(code) == 4 else [code])
        self.names: dict[str, list[tuple[frozenset[str], tuple[str, ...]]]] = defaultdict(list)
        headings: dict[str, set[str]] = defaultdict(set)
        for stems, codes in codes_of.items():
            if not codes:
                continue
            for stem in stems:
                self.names[stem].append((stems, tuple(sorted(codes))))
                headings[stem].update(code[:4] for code in codes)
        # Under how many headings the names using a stem lie: a lone "пруток" (bars of
        # plastics, steel, stainless steel ...) says no heading by itself.
        self.spread = {stem: len(found) for stem, found in headings.items()}

    def read(self, words: tuple[Word, ...]) -> tuple[str, ...]:
        """The subheadings of the longest trade names a Russian name holds (all their
        stems among the name's) that hold its head noun (the first word before "для"
        that is no adjective); a name of one word only where its names lie under one
        heading. Empty when none does."""
        head = _head_stem(words)
        if head is None:
            return ()
        return self._codes(head, {w.stem for w in words if w.surface not in GENERIC_WORDS})

    def read_stems(self, stems: tuple[str, ...]) -> tuple[str, ...]:
        """:meth:`read` for a name's stems as :func:`name_stems` gives them: its head
        noun's stem first (``""`` when the name has none to read), the purpose marker
        among them."""
        if not stems or not stems[0]:
            return ()
        return self._codes(stems[0], set(stems) - {PURPOSE})

    def longest(self, words: tuple[Word, ...]) -> tuple[int, tuple[str, ...]]:
        """:meth:`read` with the number of words of the longest names read (0 when none)."""
        head = _head_stem(words)
        if head is None:
            return 0, ()
        stems = {w.stem for w in words if w.surface not in GENERIC_WORDS}
        found = [(names, codes) for names, codes in self.names.get(head, ()) if names <= stems]
        codes = self._codes(head, stems)
        return (max(len(names) for names, _ in found) if codes else 0), codes

    def _codes(self, head: str, stems: set[str]) -> tuple[str, ...]:
        found = [(names, codes) for names, codes in self.names.get(head, ()) if names <= stems]
        if not found:
            return ()
        longest = max(len(names) for names, _ in found)
        if longest == 1 and self.spread.get(head, 0) > 1:
            return ()
        codes = {code for names, listed in found if len(names) == longest for code in listed}
        return tuple(sorted(codes))


def _head_stem(words: tuple[Word, ...]) -> str | None:
    """The stem of a Russian name's head noun: its first word before "для" that is no
    adjective (and longer than three letters); ``None`` when there is none."""
    return next(
        (w.stem for w in _before_purpose(words) if not _is_adjective(w) and len(w.surface) > 3),
        None,
    )


def trade_name_stems(name: str) -> tuple[str, ...]:
    """The stems a Russian trade name is indexed by (its words' but the nomenclature's
    generic words and one-letter stems), in order of first use."""
    return tuple(
        dict.fromkeys(
            w.stem
            for w in normalize_text(name).words
            if w.surface not in GENERIC_WORDS and len(w.stem) > 1
        )
    )


def shipped_trade_name_stems() -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(code, stems)`` of every Russian trade name, from the shipped
    ``resources/matching/ru_trade_stems.tsv.gz`` (written by its build script from
    ``resources/hs/hs2022_ru_trade.csv`` with :func:`trade_name_stems`): stemming the
    15,000 names cost each name-reading process over a second of CPU."""
    path = resource("matching", "ru_trade_stems.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            code, stems = line.rstrip("\n").split("\t")
            yield code, tuple(sys.intern(stem) for stem in stems.split())


@lru_cache(maxsize=1)
def russian_trade_index() -> RussianTradeIndex:
    """The Russian trade names, indexed once per process from their shipped stems."""
    subheadings: dict[str, list[str]] = defaultdict(list)
    for code in hs2022_texts():
        if len(code) == 6:
            subheadings[code[:4]].append(code)
    return RussianTradeIndex.from_stems(shipped_trade_name_stems(), subheadings)


@lru_cache(maxsize=65536)
def _russian_trade_codes(words: tuple[Word, ...]) -> tuple[str, ...]:
    return russian_trade_index().read(words)


def trade_checked_concepts(analysis: TextAnalysis, glossary: Glossary) -> tuple[str, ...]:
    """The goods the glossary reads in a name, less those a longer Russian trade name
    contradicts: where the name holds, with its head noun, a name exporters write of two
    words or more (``resources/hs/hs2022_ru_trade.csv``) for goods filed in chapters where
    none of the glossary's goods is, the glossary's one-word term is a homonym or a
    modifier of that name ("Сыворотка для лица" is a face serum, 3304 99, not the whey
    "сыворотка" names; "Кольца колодезные" are well rings of concrete, 6810 91, not
    jewellery). The name is then read by the HS bridge."""
    if not analysis.concepts or not analysis.stems["ru"]:
        return analysis.concepts
    # Only a name the glossary reads by one word, its head noun: a longer term ("иван-чай",
    # "молочные конфеты") already says which good, and a term that is not the head
    # ("Чехлы на сиденья") is left to the rules of purposes.
    terms = [normalize_text(hit.term).words for hit in analysis.concept_hits]
    russian = tuple(w for w in analysis.text.words if w.script == "ru")
    head = _head_stem(russian)
    if head is None or any(len(term) != 1 for term in terms):
        return analysis.concepts
    if not any(term[0].stem == head for term in terms):
        return analysis.concepts
    return _trade_checked(russian, analysis.concepts, glossary)


@per_glossary(maxsize=65536)
def _trade_checked(
    words: tuple[Word, ...], concepts: tuple[str, ...], glossary: Glossary
) -> tuple[str, ...]:
    size, codes = _russian_trade_longest(words)
    if size < 2:
        return concepts
    chapters = {code[:2] for code in codes}
    if any(code[:2] in chapters for c in concepts for code in glossary.hs_of(c)):
        return concepts
    return ()


@lru_cache(maxsize=65536)
def _russian_trade_longest(words: tuple[Word, ...]) -> tuple[int, tuple[str, ...]]:
    return russian_trade_index().longest(words)


@lru_cache(maxsize=65536)
def _russian_name_codes(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The subheadings a Russian name's words (their stems, see :func:`name_stems`) read
    as in the TN VED. Unlike the bridge to a good (:func:`russian_hs_bridge`), a head noun
    too common to be indexed ("кислота", used under more than 120 subheadings) leaves the
    name to its other words ("борная"): this reading counts only where the other side's
    name reads as the same subheading."""
    # The trade names exporters write and the TN VED's words, both: this reading counts
    # only where the other side's name or code meets it.
    traded = russian_trade_index().read_stems(stems)
    if PURPOSE in stems:
        stems = stems[: stems.index(PURPOSE)]
    index = russian_subheadings()
    weighted = {stem: 1.0 for stem in stems if stem in index.postings}
    codes, _ = index.pick(_weighted(index, weighted)) if weighted else ((), False)
    return tuple(dict.fromkeys((*traded, *codes)))


@lru_cache(maxsize=65536)
def _english_name_codes(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The subheadings an English name's words (their stems, see :func:`name_stems`)
    read as in the HS 2022 texts."""
    index = english_subheadings()
    found = {stem for stem in stems if stem in index.postings}
    codes, _ = index.pick(index.scores(found, 1.0)) if found else ((), False)
    return codes


def _is_adjective(word: Word) -> bool:
    return word.surface.endswith(_ADJECTIVE_ENDINGS)


def _before_purpose(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The words of a Russian name before "для" (what the good is for is never the good:
    "вода для снятия макияжа" is no hoist "для снятия"), when a word precedes it."""
    for position, word in enumerate(words):
        if word.surface == "для" and position > 0:
            return words[:position]
    return words


def russian_hs_bridge(words: tuple[Word, ...], glossary: Glossary) -> HsBridged | None:
    """Subheadings (and a good) for a Russian name the glossary reads nothing in, through
    the complete TN VED's words; the head noun (the first word that is not an adjective)
    counts most. ``None`` when nothing is found."""
    return _russian_hs_bridge(tuple(w for w in words if w.script == "ru"), glossary)


@per_glossary(maxsize=65536)
def _russian_hs_bridge(words: tuple[Word, ...], glossary: Glossary) -> HsBridged | None:
    # The names exporters write first: "Тележки гидравлические (рохли)" is a hand pallet
    # truck (8427 90) by its trade name, whatever "гидравлические" reads in the TN VED.
    traded = _russian_trade_codes(words)
    if traded:
        one_heading = len({code[:4] for code in traded}) == 1
        named = tuple(w.surface for w in words if not _is_adjective(w))[:1]
        return HsBridged(traded, concept_on(traded, glossary) if one_heading else (), named)
    index = russian_subheadings()
    weighted: dict[str, float] = {}
    head: str | None = None
    for word in _before_purpose(words):
        if word.surface in GENERIC_WORDS:
            continue
        if head is None and not _is_adjective(word) and len(word.surface) > 3:
            # The head noun names the good: when the nomenclature does not know it
            # ("Тонометр механический (измеритель …)"), the other words do not say what
            # the good is.
            if word.stem not in index.postings:
                return None
            head = word.stem
            weighted[word.stem] = HEAD_WEIGHT
        elif word.stem in index.postings:
            weighted.setdefault(word.stem, 1.0)
    if head is None:
        return None  # adjectives alone name no good
    # Only subheadings whose lines use the head noun: "Тележки гидравлические" are
    # trucks wherever "гидравлические" leads.
    scores = _weighted(index, weighted)
    codes, one_heading = index.pick({c: v for c, v in scores.items() if c in index.postings[head]})
    if not codes:
        return None
    return HsBridged(codes, concept_on(codes, glossary) if one_heading else (), (head,))


def _weighted(index: SubheadingIndex, weighted: dict[str, float]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for stem, weight in weighted.items():
        for code, score in index.scores({stem}, weight).items():
            scores[code] += score
    return scores
