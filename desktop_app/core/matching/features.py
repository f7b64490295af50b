"""Per-record features: everything the scorer compares, computed once per product or line."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop_app.core.matching.bridge import bridge_heads, english_stems
from desktop_app.core.matching.chinese import char_ngrams, to_simplified
from desktop_app.core.matching.glossary import Glossary, kind_code
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.matching.hs_bridge import (
    HsBridged,
    broader_concepts,
    checked_bridge_runs,
    chinese_hs_bridge,
    name_stems,
    name_subheadings,
    russian_hs_bridge,
    trade_checked_concepts,
)
from desktop_app.core.matching.hs_inference import HsGuess, hs_digits, infer_hs
from desktop_app.core.matching.nomenclature_kinds import (
    cyrillic,
    declared_kind,
    kind_index,
    lumped_concept,
    term_kinds,
)
from desktop_app.core.matching.normalize import _STANDARD, Word, normalize_text
from desktop_app.core.matching.term_lookup import TextAnalysis, analyse_text
from desktop_app.core.validation.hs_chinese import TradePair, trade_pair_rows

SCRIPTS = ("ru", "en", "zh")

# A record's Chinese runs (of names written in Chinese only), and the stems of its
# Russian and English names, as hs_bridge.name_subheadings reads them.
NameWords = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class RecordFeatures:
    """A product (up to three names) or a demand line (one text), ready to compare.

    Only what scoring and explanations read is kept, not the full text analyses: a run
    holds some 100,000 of these, and worker processes send them back pickled.
    """

    concepts: frozenset[str]
    # The concepts with all their broader concepts: "crab" is in the family of "king_crab".
    family: frozenset[str]
    attributes: frozenset[str]
    # Fuzzy-comparison strings per script: stems for ru/en, character bigrams for zh.
    strings: dict[str, str]
    codes: frozenset[str]
    hs_declared: str
    hs_guess: HsGuess
    keys: tuple[str, ...]
    # The concepts rest only on single Latin-script words ("media", "corded", "channel"),
    # which in English product names are as often something else: weak evidence.
    weak_concepts: bool = False
    # The concepts are the HS bridge's reading of a subheading where the glossary files
    # several kinds of the good (3304 99: creams, lotions, masks), none of whose terms the
    # names use: the names name a kind the glossary does not know, not the broader good
    # (see :func:`.part_rules.concept_part`).
    wide_concepts: bool = False
    # The goods read are materials only (a wood species, a plastic, a rubber) and explain
    # under half of the name's Chinese text: the name's own good (楼梯, stairs, in
    # 实木楼梯 松木) is unread, and the material is what it is made of.
    goods_unread: bool = False
    # For a wide reading: the Chinese names of the goods the names name there, from the
    # trade pairs of that subheading (resources/hs/hs2022_trade_pairs.csv: "тоник для
    # лица" and 爽肤水 are one good, 精华 another): two wide readings agree on a kind
    # where these meet, and name two kinds where both have some and they do not.
    kinds: frozenset[str] = frozenset()
    # For explanations: glossary terms of concepts and of states, measures, words set aside.
    concept_terms: tuple[str, ...] = ()
    state_terms: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()
    # Bare numbers and versions ("7.2", "2007", "v8"): editions of one article differ here.
    numbers: frozenset[str] = frozenset()
    # Grade words among those set aside ("высш", "сорт", "premium", "特级"), as stems or Han
    # strings: they order offers of one good by the grade a request asks for.
    grades: frozenset[str] = frozenset()
    # Ranges and lists of values the name offers ("6200-6312", "0.37–315 кВт",
    # "2/5/10/20 ml"), as (low, high): a number of the other side inside one agrees.
    ranges: frozenset[tuple[float, float]] = frozenset()
    # What the names themselves read as through the nomenclature's texts in their own
    # language is looked up from these words (Chinese runs, Russian and English stems),
    # only for the records of pairs that need it (see :class:`NameCodes`).
    name_words: NameWords = ((), (), ())

    @property
    def hs_codes(self) -> tuple[str, ...]:
        """The declared code, else the inferred headings."""
        return (self.hs_declared,) if self.hs_declared else self.hs_guess.codes

    @property
    def hs_source(self) -> str:
        """``declared``, ``glossary``, ``nomenclature`` or empty."""
        return "declared" if self.hs_declared else self.hs_guess.source

    def terms(self) -> list[str]:
        """The glossary terms recognised in the texts, for explanations."""
        return list(self.concept_terms)

    def attribute_terms(self) -> list[str]:
        """The processing-state terms recognised in the texts."""
        return list(self.state_terms)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct values in order, interned: the same words recur across a catalogue."""
    return tuple(sys.intern(value) for value in dict.fromkeys(values))


def _key_list(
    analyses: Sequence[TextAnalysis],
    family: frozenset[str],
    codes: frozenset[str],
    hs_codes: tuple[str, ...],
) -> tuple[str, ...]:
    keys: list[str] = []
    for analysis in analyses:
        for script in ("ru", "en"):
            keys.extend(f"w:{stem}" for stem in analysis.stems[script] if len(stem) > 1)
        keys.extend(f"z:{gram}" for gram in char_ngrams(list(analysis.han)))
    keys.extend(f"m:{code}" for code in sorted(codes))
    keys.extend(f"k:{concept}" for concept in sorted(family))
    keys.extend(f"h:{code[:4]}" for code in hs_codes if len(code) >= 4)
    # Interned: the same few thousand keys recur in every record of a large catalogue.
    return tuple(sys.intern(key) for key in dict.fromkeys(keys))


@per_glossary(maxsize=300_000)
def record_features(
    names: tuple[str, ...], hs_code: str | None, glossary: Glossary
) -> RecordFeatures:
    """Features of a record with these names (any languages) and declared HS code."""
    analyses = tuple(analyse_text(name, glossary) for name in names if name and name.strip())
    concepts = frozenset(c for a in analyses for c in trade_checked_concepts(a, glossary))
    # A Chinese name the glossary reads no good in is read through the dictionary bridge:
    # its head word's English sense names the good, or at least gives words for the HS
    # inference.
    bridged = None
    heads = tuple(head for a in analyses for head in a.heads)
    if not concepts and heads:
        # The head of a compound the glossary does not know (消毒湿巾 after 异丙醇): the
        # terms before it are what it is for or made of, not the good.
        bridged = bridge_heads(heads, glossary)
        if bridged is not None:
            concepts = frozenset(bridged.concepts)
    elif not concepts and any(a.han for a in analyses):
        bridged = checked_bridge_runs(tuple(h for a in analyses for h in a.han), glossary)
        if bridged is not None:
            concepts = frozenset(bridged.concepts)
    # Still no good: the HS bridge reads the name's words against the nomenclature's
    # subheadings (Chinese through the dictionary's English senses, Russian through the
    # complete TN VED) and takes the good the glossary files there, if one.
    hs_bridged = _hs_bridge(analyses, glossary) if not concepts else None
    if hs_bridged is not None:
        concepts = frozenset(_within_declared(hs_bridged.concepts, hs_code, glossary))
    family = frozenset(
        (*concepts, *(ancestor for c in concepts for ancestor in glossary.ancestors(c)))
    )
    attributes = frozenset(attr for a in analyses for attr in a.attributes)
    main = [_main_scripts(a) for a in analyses]
    strings = {
        script: " ".join(
            dict.fromkeys(
                s
                for a, scripts in zip(analyses, main, strict=True)
                if script in scripts
                for s in a.stems[script]
            )
        )
        for script in ("ru", "en")
    }
    strings["zh"] = " ".join(
        dict.fromkeys(
            g
            for a, scripts in zip(analyses, main, strict=True)
            if "zh" in scripts
            for g in char_ngrams(list(a.han))
        )
    )
    # Interned: requests that read alike carry equal strings, kept once.
    strings = {script: sys.intern(text) for script, text in strings.items()}
    codes = frozenset(
        (
            *(code for a in analyses for code in a.text.codes),
            *(number for a in analyses for number in catalogue_numbers(a.text.folded)),
        )
    )
    declared = hs_digits(hs_code)
    declared = declared if len(declared) >= 2 else ""
    stems = {s for a in analyses for script in ("ru", "en") for s in a.stems[script]}
    if bridged is not None and not bridged.concepts:
        stems.update(bridged.stems)
    if declared:
        guess = HsGuess((), "")
    elif hs_bridged is not None:
        guess = HsGuess(hs_bridged.codes, "nomenclature")
    else:
        guess = infer_hs(tuple(sorted(concepts)), stems, glossary)
    hs_codes = (declared,) if declared else guess.codes
    attributes |= _nomenclature_kinds(analyses, concepts, hs_codes, declared, glossary)
    wide = _wide_reading(hs_bridged, concepts, glossary)
    return RecordFeatures(
        concepts=concepts,
        family=family,
        attributes=attributes,
        strings=strings,
        codes=codes,
        hs_declared=declared,
        hs_guess=guess,
        keys=_key_list(analyses, family, codes, hs_codes),
        weak_concepts=bool(concepts)
        and not declared
        and not (bridged and bridged.concepts)
        and all(_single_latin_word(hit.term) for a in analyses for hit in a.concept_hits),
        wide_concepts=wide,
        goods_unread=_material_of_unread_good(analyses, concepts, glossary),
        kinds=_paired_kinds(analyses, hs_bridged) if wide else frozenset(),
        concept_terms=_unique(
            [hit.term for a in analyses for hit in a.concept_hits]
            + ([f"{bridged.word} ({bridged.sense})"] if bridged and bridged.concepts else [])
            + (
                [f"{' '.join(hs_bridged.words)} (HS {hs_bridged.codes[0]})"]
                if hs_bridged and hs_bridged.concepts
                else []
            )
        ),
        state_terms=_unique(hit.term for a in analyses for hit in a.attribute_hits),
        measures=_unique(m for a in analyses for m in a.text.measures),
        set_aside=_unique(w for a in analyses for w in a.stop_words),
        numbers=frozenset(n for a in analyses for n in a.text.numbers),
        grades=_grades(analyses, glossary),
        ranges=frozenset(r for a in analyses for r in a.text.ranges),
        name_words=_name_words(analyses, main),
    )


def _wide_reading(
    hs_bridged: HsBridged | None, concepts: frozenset[str], glossary: Glossary
) -> bool:
    """Whether the goods read are the HS bridge's reading of a subheading where the
    glossary files several kinds of the good (3304 99: creams, lotions, masks): the
    names then name one kind of it that the glossary does not know, not the good the
    glossary files there."""
    if hs_bridged is None or not concepts:
        return False
    return any(c in broader_concepts(glossary) for c in concepts)


def _paired_kinds(analyses: Sequence[TextAnalysis], hs_bridged: HsBridged | None) -> frozenset[str]:
    """The Chinese names of the trade pairs of the bridged subheading whose names the
    record's names hold: a Chinese name within a Han run (卸妆水 in 卸妆水 胶束水), a
    Russian one as whole words («мицеллярная вода» in «Мицеллярная вода для снятия
    макияжа»). Empty where none is held."""
    if hs_bridged is None or not hs_bridged.codes:
        return frozenset()
    pairs = _pairs_of_subheading(hs_bridged.codes[0][:6])
    runs = [run for a in analyses for run in a.text.han]
    words = {w.surface for a in analyses for w in a.text.words if w.script == "ru"}
    found: set[str] = set()
    for russian, chinese in pairs:
        if any(name in run for name in chinese for run in runs) or (
            russian and set(russian) <= words
        ):
            found.update(chinese)
    return frozenset(found)


@lru_cache(maxsize=1)
def _pair_rows_by_subheading() -> dict[str, tuple[TradePair, ...]]:
    found: dict[str, list[TradePair]] = {}
    for pair in trade_pair_rows():
        found.setdefault(pair.code[:6], []).append(pair)
    return {code: tuple(rows) for code, rows in found.items()}


@lru_cache(maxsize=4096)
def _pairs_of_subheading(code: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The trade pairs of a six-digit code: the Russian name's folded words and the
    Chinese names (in mainland characters, as Han runs are read); read for the codes
    wide readings meet only."""
    return tuple(
        (
            tuple(w.surface for w in normalize_text(pair.russian).words),
            tuple(to_simplified(name) for name in pair.chinese),
        )
        for pair in _pair_rows_by_subheading().get(code, ())
    )


# Headings of wood as a material: fuel wood, chips, logs, sawn timber (4401-4407). A
# wood species read alone is such a material.
_RAW_WOOD_HEADINGS = frozenset(f"44{n:02d}" for n in range(1, 8))
# Chapters of materials goods are made of (plastics, rubber) rather than goods traded
# as such: steel plate or ferrosilicon (chapters 72-76) is the good its name asks for,
# whatever form words follow it (硅铁 自然块, ferrosilicon in natural lumps).
_MATERIAL_OF_GOODS_CHAPTERS = frozenset({39, 40})
# The share of a name's Chinese text its goods must explain to be its goods when they
# are materials only.
MATERIAL_EXPLAINS = 0.5


@per_glossary(maxsize=65536)
def _materials_only(concepts: frozenset[str], glossary: Glossary) -> bool:
    """Whether every HS code of each concept is wood as a material or in plastics or
    rubber (see :func:`_material_of_unread_good`)."""
    for concept in concepts:
        codes = glossary.hs_of(concept)
        if not codes or not all(
            code[:4] in _RAW_WOOD_HEADINGS
            or (code[:2].isdigit() and int(code[:2]) in _MATERIAL_OF_GOODS_CHAPTERS)
            for code in codes
        ):
            return False
    return True


def _material_of_unread_good(
    analyses: Sequence[TextAnalysis], concepts: frozenset[str], glossary: Glossary
) -> bool:
    """Whether the goods read are materials only (every HS code of each in plastics or
    rubber, or wood as a material, 4401-4407) while the Chinese text they and the
    states and trade words explain is under :data:`MATERIAL_EXPLAINS` of the name (木柵欄
    尖頭圍欄板 松木: pine explains 2 of 10 characters; the fence pickets are unread)."""
    if not concepts or not _materials_only(concepts, glossary):
        return False
    total = explained = 0
    for analysis in analyses:
        words = [
            *(hit.term for hit in analysis.concept_hits),
            *(hit.term for hit in analysis.attribute_hits),
            *analysis.stop_words,
        ]
        for run in analysis.text.han:
            covered = [False] * len(run)
            for word in words:
                start = run.find(word) if word else -1
                while start >= 0:
                    covered[start : start + len(word)] = [True] * len(word)
                    start = run.find(word, start + 1)
            total += len(run)
            explained += sum(covered)
    return total > 0 and explained < MATERIAL_EXPLAINS * total


def _within_declared(
    concepts: tuple[str, ...], hs_code: str | None, glossary: Glossary
) -> tuple[str, ...]:
    """The goods the HS bridge read, unless a declared code's chapter is none of theirs:
    the person's code outranks a reading of the words ("Черенки для лопат" declared
    4417 00, tool handles, reads as cuttings, 0602, by "черенки")."""
    declared = hs_digits(hs_code)
    if len(declared) < 2:
        return concepts
    return tuple(c for c in concepts if any(code[:2] == declared[:2] for code in glossary.hs_of(c)))


def _name_words(analyses: Sequence[TextAnalysis], main: Sequence[frozenset[str]]) -> NameWords:
    """The words :class:`NameCodes` reads a record's names by: the Chinese runs of its
    names written in Chinese only, and the stems of its Russian and English names
    (``main``: the main scripts of each analysis)."""
    runs = tuple(
        h for a, scripts in zip(analyses, main, strict=True) if scripts == {"zh"} for h in a.han
    )
    words: list[Word] = []
    for analysis, main_scripts in zip(analyses, main, strict=True):
        scripts = main_scripts & {"ru", "en"}
        content = {s for script in scripts for s in analysis.stems[script]}
        # "для" kept: what follows it is the good's purpose (hs_bridge reads up to it).
        words.extend(
            w
            for w in analysis.text.words
            if w.script in scripts and (w.stem in content or w.surface == "для")
        )
    return (
        _unique(runs),
        _unique(name_stems(words, "ru")),
        _unique(name_stems(words, "en")),
    )


class NameCodes:
    """The HS subheadings records' names read as through the nomenclature's texts in their
    own language (Chinese: the tariff's Chinese names and the dictionary's English senses;
    Russian: the TN VED; English: the HS texts), whatever the glossary reads: names in two
    languages that read as one subheading say the same thing (see
    :func:`.hs_bridge.name_subheadings`).

    Read on demand and kept for the owner's lifetime (a scoring run): only pairs whose
    names share no script and whose goods the glossary does not read on both sides need
    it, and reading it costs about a quarter of a millisecond per record, more than the
    rest of a record's features on a large catalogue.
    """

    def __init__(self, glossary: Glossary) -> None:
        """An empty cache for records read with ``glossary``."""
        self.glossary = glossary
        self._found: dict[tuple[NameWords, str], tuple[str, ...]] = {}
        # How many distinct records' names were read (tests count the laziness).
        self.computed = 0

    def of(self, features: RecordFeatures) -> tuple[str, ...]:
        """The subheadings the record's names read as; with a declared code, only those
        within it: the person's code outranks a reading of the words (冷冻猪舌 declared
        0206 49, pig tongues, reads as 0206 21 by "tongues", which the HS texts name for
        cattle only)."""
        key = (features.name_words, features.hs_declared[:6])
        found = self._found.get(key)
        if found is None:
            runs, russian, english = features.name_words
            found = name_subheadings(runs, russian, english, self.glossary)
            if features.hs_declared:
                within = features.hs_declared[:6]
                found = tuple(code for code in found if code.startswith(within))
            self._found[key] = found
            self.computed += 1
        return found


def _nomenclature_kinds(
    analyses: Sequence[TextAnalysis],
    concepts: frozenset[str],
    hs_codes: tuple[str, ...],
    declared: str,
    glossary: Glossary,
) -> frozenset[str]:
    """The kinds the nomenclature tells apart that the names give, within the headings of
    their goods, and the subheading of a declared code (see :mod:`.nomenclature_kinds`),
    as states of the heading's group."""
    headings = {code[:4] for code in hs_codes if len(code) >= 4}
    headings.update(code[:4] for c in concepts for code in glossary.hs_of(c) if len(code) >= 4)
    if not headings:
        return frozenset()
    stems = {s for a in analyses for script in ("ru", "en") for s in a.stems[script]}
    han = tuple(h for a in analyses for h in a.han)
    if han:
        stems |= english_stems(han)
    named = kind_index().named(headings, stems)
    # The subheadings the concept terms name (熔断器 "fuse", 8536 10, in a concept that
    # also holds relays and sockets): see nomenclature_kinds.term_kind.
    # A declared subheading says which kind it is: a term read inside its heading does
    # not (多聚甲醛 declared 2912 60 holds 甲醛, formaldehyde, 2912 11).
    named |= {
        kind
        for kind in term_kinds(
            tuple(
                (hit.term, tuple(code for target in hit.targets for code in glossary.hs_of(target)))
                for a in analyses
                for hit in a.concept_hits
                # A Russian term is read only in a concept of several goods.
                if not cyrillic(hit.term)
                or any(lumped_concept(target, glossary) for target in hit.targets)
            )
        )
        if len(declared) < 6 or kind_code(kind)[:4] != declared[:4]
    }
    if declared:
        named |= declared_kind(declared)
    return named


def _hs_bridge(analyses: Sequence[TextAnalysis], glossary: Glossary) -> HsBridged | None:
    runs = tuple(h for a in analyses for h in a.han)
    # The Chinese words only where the record has no Russian or English name (a stray
    # code or brand aside): a product's own Russian or English name says more than a
    # dictionary's senses.
    latin_or_cyrillic = any(_main_scripts(a) & {"ru", "en"} for a in analyses)
    found = chinese_hs_bridge(runs, glossary) if runs and not latin_or_cyrillic else None
    if found is None:
        content = {s for a in analyses for s in a.stems["ru"]}
        words = tuple(
            w
            for a in analyses
            for w in a.text.words
            if w.script == "ru" and (w.stem in content or w.surface == "для")
        )
        found = russian_hs_bridge(words, glossary) if words else None
    return found


# A number of digits only, in groups joined by hyphens ("010-10823-01", "0101082301").
_DIGIT_GROUPS = re.compile(r"(?<![\w.,/])\d+(?:-\d+)*(?![\w.,/-])")


def catalogue_numbers(folded: str) -> tuple[str, ...]:
    """Article and catalogue numbers written in digits only, as codes without their
    hyphens: "010-10823-01" and "0101082301" are one Garmin part.

    Kept: one number of six digits or more, three groups or more ("7-11719-70670-0"), or
    two groups one of which opens with a zero ("130-00360"). Two plain groups are a range
    or years ("6200-6312", "95-98"), shorter numbers versions or sizes, and the numbers of
    standards (ГОСТ 31449-2013) are the standard's.
    """
    found: list[str] = []
    for match in _DIGIT_GROUPS.finditer(_STANDARD.sub(" ", folded)):
        groups = match.group(0).split("-")
        digits = "".join(groups)
        if len(digits) < 6:
            continue
        if len(groups) == 1 or len(groups) >= 3 or any(g.startswith("0") for g in groups):
            found.append(digits)
    return tuple(dict.fromkeys(found))


# A script holding less than this share of a text's words is a stray word in it ("flexi"
# in "高油酸葵花籽油 散装 flexi", a Latin brand in a Chinese request): comparing names in
# that script would judge the whole text by it, so it is left out of the name strings.
MINOR_SCRIPT_SHARE = 0.25
# A Han character carries about as much as three Latin or Cyrillic letters ("葵花籽油",
# "sunflower oil").
HAN_WEIGHT = 3


def _main_scripts(analysis: TextAnalysis) -> frozenset[str]:
    sizes = {
        "ru": sum(len(s) for s in analysis.stems["ru"]),
        "en": sum(len(s) for s in analysis.stems["en"]),
        "zh": HAN_WEIGHT * sum(len(h) for h in analysis.han),
    }
    total = sum(sizes.values())
    return frozenset(s for s, n in sizes.items() if n and n >= MINOR_SCRIPT_SHARE * total)


# Words that say a grade follows without naming one ("horticultural grade", "сорт 1"):
# a request holding only these asks for no grade an offer could lack (round 12).
GRADE_CARRIERS = ("grade", "class", "sort", "quality", "сорт", "класс", "категория", "кат")


@lru_cache(maxsize=1)
def _carrier_stems() -> frozenset[str]:
    return frozenset(stem for word in GRADE_CARRIERS for stem in word_stems(word))


def _grades(analyses: Sequence[TextAnalysis], glossary: Glossary) -> frozenset[str]:
    found: set[str] = set()
    carriers = _carrier_stems()
    for analysis in analyses:
        for word in analysis.stop_words:
            if word in glossary.grade_han:
                found.add(word)
            else:
                found.update(
                    s for s in word_stems(word) if s in glossary.grade_stems and s not in carriers
                )
    return frozenset(found)


@lru_cache(maxsize=4096)
def word_stems(surface: str) -> tuple[str, ...]:
    """The stems of a set-aside word, as the glossary keeps its stop words."""
    return tuple(word.stem for word in normalize_text(surface).words)


def _single_latin_word(term: str) -> bool:
    return " " not in term.strip() and term.isascii()


class SharedParts:
    """Keeps one copy of the equal parts of many records (concept sets, strings, keys).

    Records read in worker processes come back as separate copies of everything; in a
    catalogue thousands of records share a concept set, an HS guess or a comparison
    string, so keeping one copy of each cuts the memory of a large run by half or more.
    """

    def __init__(self) -> None:
        """An empty pool."""
        self._pool: dict[object, object] = {}

    def _one(self, value: object) -> Any:
        return self._pool.setdefault(value, value)

    def compact(self, features: RecordFeatures) -> RecordFeatures:
        """The same record, its parts shared with the records compacted before."""
        one = self._one
        # Keys already met need no interning: the pooled tuple's keys are interned.
        keys: Any = self._pool.get(features.keys)
        if keys is None:
            keys = one(tuple(sys.intern(key) for key in features.keys))
        return RecordFeatures(
            concepts=one(features.concepts),
            family=one(features.family),
            attributes=one(features.attributes),
            strings={script: sys.intern(text) for script, text in features.strings.items()},
            codes=one(features.codes),
            hs_declared=sys.intern(features.hs_declared),
            hs_guess=one(features.hs_guess),
            keys=keys,
            weak_concepts=features.weak_concepts,
            wide_concepts=features.wide_concepts,
            goods_unread=features.goods_unread,
            kinds=one(features.kinds),
            concept_terms=one(features.concept_terms),
            state_terms=one(features.state_terms),
            measures=one(features.measures),
            set_aside=one(features.set_aside),
            numbers=one(features.numbers),
            grades=one(features.grades),
            ranges=one(features.ranges),
            name_words=one(features.name_words),
        )
