"""Finding glossary terms, attributes and stop words in a normalized text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop_app.core.matching.chinese import chinese_dictionary, longest_matches
from desktop_app.core.matching.glossary import Glossary, TermIndex
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.matching.goods_words import category_of, names_a_good, relational
from desktop_app.core.matching.normalize import NormalizedText, Word, normalize_text
from desktop_app.core.matching.senses import MODIFIER_AFTER, english_senses
from desktop_app.core.matching.tariff_names import chinese_subheadings, tariff_good
from desktop_app.core.validation.hs_chinese import russian_trade_name_rows


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in a text and the concepts or attributes it names."""

    term: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class TextAnalysis:
    """What the glossary recognises in one text, and the words left for fuzzy comparison."""

    text: NormalizedText
    concept_hits: tuple[TermHit, ...]
    attribute_hits: tuple[TermHit, ...]
    concepts: tuple[str, ...]
    attributes: tuple[str, ...]
    # Content words per script ("ru", "en") as stems, stop words set aside.
    stems: dict[str, tuple[str, ...]]
    han: tuple[str, ...]
    stop_words: tuple[str, ...]
    # Head words of Chinese compounds the glossary does not know, after the terms that
    # modify them (湿巾 in 异丙醇消毒湿巾): the good, to be read through the dictionary.
    heads: tuple[str, ...] = ()


def _word_hits(words: tuple[Word, ...], index: TermIndex) -> list[tuple[frozenset[int], TermHit]]:
    stems = [_corrected(word, index) for word in words]
    positions: dict[str, list[int]] = defaultdict(list)
    for position, stem in enumerate(stems):
        positions[stem].append(position)
    hits: list[tuple[frozenset[int], TermHit]] = []
    for position, stem in enumerate(stems):
        for term_stems, term, targets in index.by_stem.get(stem, ()):
            # Words of a term may come in any order and with a few words between them
            # ("масло подсолнечное" in "подсолнечное нерафинированное масло").
            window = len(term_stems) + 2
            covered = {position}
            for other in term_stems:
                if other == stem:
                    continue
                near = [p for p in positions.get(other, ()) if abs(p - position) <= window]
                if not near:
                    break
                covered.add(min(near, key=lambda p: abs(p - position)))
            else:
                hits.append((frozenset(covered), TermHit(term, targets)))
    return _drop_nested(hits)


def _corrected(word: Word, index: TermIndex) -> str:
    """The word's stem as the glossary reads it (:meth:`TermIndex.correct`), but a
    Russian word that exporters write in a name of goods is a word of its own, never a
    typo of a glossary word one letter away ("шапочки", caps, are no "тапочки")."""
    corrected = index.correct(word)
    if corrected == index.aliases.get(word.stem, word.stem) or word.script != "ru":
        return corrected
    return word.stem if word.stem in russian_trade_stems() else corrected


@lru_cache(maxsize=1)
def russian_trade_stems() -> frozenset[str]:
    """The stems of the words of the Russian trade names (``resources/hs/hs2022_ru_trade.csv``)."""
    return frozenset(
        w.stem
        for row in russian_trade_name_rows()
        for w in normalize_text(row.name).words
        if w.script == "ru"
    )


def _drop_nested(
    hits: list[tuple[frozenset[int], TermHit]],
) -> list[tuple[frozenset[int], TermHit]]:
    hits.sort(key=lambda hit: -len(hit[0]))
    kept: list[tuple[frozenset[int], TermHit]] = []
    for covered, hit in hits:
        if any(
            covered < other or (covered == other and hit.targets == seen.targets)
            for other, seen in kept
        ):
            continue
        kept.append((covered, hit))
    return kept


_ADJECTIVE_ENDINGS = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ых", "их", "ую",
    "ed", "en",
)  # fmt: skip


def _is_adjective(word: Word) -> bool:
    return word.surface.endswith(_ADJECTIVE_ENDINGS)


def _settle_word_overlaps(
    words: tuple[Word, ...],
    concepts: list[tuple[frozenset[int], TermHit]],
    attributes: list[tuple[frozenset[int], TermHit]],
) -> tuple[list[tuple[frozenset[int], TermHit]], list[tuple[frozenset[int], TermHit]]]:
    """One word read as both a concept and an attribute ("мороженое" is ice cream and the
    neuter of "frozen", "сырое" raw and a form of "сыр", cheese): a Russian or English
    product name starts with its good ("Мороженое пломбир"), so the first word is the
    concept and a later one the state ("Филе минтая мороженое") - unless the first word is
    an adjective and a noun later in the name names a good ("Сырое молоко",
    "Замороженный минтай"): then the first word is the state of that good."""
    kept_concepts: list[tuple[frozenset[int], TermHit]] = []
    dropped_attribute_positions: set[int] = set()
    for covered, hit in concepts:
        rivals = [pos for pos, _ in attributes if covered <= pos]
        if len(covered) == 1 and rivals:
            if min(covered) == 0 and not _names_later_good(words, covered, concepts):
                dropped_attribute_positions |= set(covered)
                kept_concepts.append((covered, hit))
            continue
        kept_concepts.append((covered, hit))
    kept_attributes = [
        (pos, hit) for pos, hit in attributes if not pos <= dropped_attribute_positions
    ]
    return kept_concepts, kept_attributes


def _names_later_good(
    words: tuple[Word, ...],
    covered: frozenset[int],
    concepts: list[tuple[frozenset[int], TermHit]],
) -> bool:
    if not _is_adjective(words[min(covered)]):
        return False
    return any(
        not other & covered and any(not _is_adjective(words[p]) for p in other)
        for other, _ in concepts
    )


# Words that open what a good is made with or of, or what it is for, after the good
# itself: "Шоколад молочный с цельным фундуком", "Вермишель из твёрдой пшеницы", "Wafers
# with chocolate", "Мука для выпечки хлеба", "Activated carbon for water treatment".
INGREDIENT_MARKERS = frozenset({"с", "со", "из", "with", "для", "for"})
# What follows a Chinese concept term that is a flavour, a filling or a use, not the
# good: 蜂蜜口味 (honey flavoured), 巧克力夹心 (chocolate filled), 豆沙馅, 饲料用 (for
# feed), 饲料级 (feed grade), 化妆品原料 (raw material for cosmetics).
# Packaging, kind and material markers work alike: 纸杯装 (packed in paper cups), 化肥包装用
# (for packing fertilizer), 活塞式 (piston-type), 纸杯原纸 (base paper for cups), 管材专用料
# (resin for pipes): the good comes after them.
FLAVOUR_MARKERS = (
    "口味", "风味", "味", "夹心", "馅", "用", "级", "原料", "装", "包装", "式", "原纸", "专用",
)  # fmt: skip
# What precedes a Chinese concept term that is a use or an accessory: 用于精炼 (for
# refining), 配15kW电机 (with a 15 kW motor), 带驱动器 (with a driver).
USE_MARKERS = ("用于", "适用于", "供", "配", "带", "附")
# A purpose or packaging phrase ending a gap between two terms: 汽车启动用蓄电池 (a battery
# for starting cars), 药品装瓶 ...: the term before the gap is what the good is for.
GAP_MARKERS = ("用", "装")
# The end of a run that is a purpose phrase as a whole.
PURPOSE_END = ("用",)
GAP_LENGTH = 4


def _without_ingredients(
    words: tuple[Word, ...],
    concepts: list[tuple[frozenset[int], TermHit]],
    attributes: list[tuple[frozenset[int], TermHit]],
) -> tuple[list[tuple[frozenset[int], TermHit]], list[tuple[frozenset[int], TermHit]]]:
    """Concepts (and their states) named after "с", "из", "для", "with", "for" are what
    the good is made with, of or for, not the good: a request for hazelnuts is not one
    for chocolate with hazelnuts. They are dropped, and so are terms read across the
    marker, when a concept before the first marker names the good."""
    markers = [p for p, word in enumerate(words) if word.surface in INGREDIENT_MARKERS]
    if not markers or not concepts:
        return concepts, attributes
    first = markers[0]
    if not any(max(covered) < first for covered, _ in concepts):
        return concepts, attributes
    kept: list[tuple[frozenset[int], TermHit]] = []
    spans: list[tuple[int, int]] = []
    for covered, hit in concepts:
        last = max(covered)
        if last <= first:
            kept.append((covered, hit))  # before the marker, or a term ending with it
        else:
            # After the marker, or a term read across it ("carbon ... water" in
            # "Activated carbon for water treatment").
            opener = max(p for p in markers if p < last)
            spans.append((opener, last))
    states = [
        (covered, hit)
        for covered, hit in attributes
        if not any(start < min(covered) and max(covered) <= end for start, end in spans)
    ]
    return kept, states


# The word that opens what a Russian good is for: never the good ("Черенки для лопат",
# handles for shovels; "Крем для депиляции"). English "for" is left as it was: an
# article "for" a model line is read by the English rules (Amazon-Google 0.729 -> 0.727
# with it).
PURPOSE_MARKERS = frozenset({"для"})


def _without_purposes(
    words: tuple[Word, ...],
    concepts: list[tuple[frozenset[int], TermHit]],
    glossary: Glossary,
) -> list[tuple[frozenset[int], TermHit]]:
    """A Russian name opens with its good: when the glossary does not know that opening
    noun ("Черенки для лопат и граблей", "Мицеллярная вода для снятия
    макияжа"), goods named only after "для" are what it is for, not the good
    (shovels, hoists "для снятия"); the name names a good the glossary lacks. A term that
    covers the opening word ("Средство для мытья посуды") is read as before."""
    markers = [p for p, word in enumerate(words) if word.surface in PURPOSE_MARKERS]
    if not markers or not concepts:
        return concepts
    first = markers[0]
    opening = [
        p
        for p in range(first)
        if not _is_adjective(words[p]) and words[p].stem not in glossary.stop_stems
    ]
    if not opening or any(min(covered) < first for covered, _ in concepts):
        return concepts
    return [(covered, hit) for covered, hit in concepts if min(covered) < first]


def _without_material_adjectives(
    words: tuple[Word, ...],
    concepts: list[tuple[frozenset[int], TermHit]],
    attributes: list[tuple[frozenset[int], TermHit]],
    glossary: Glossary,
) -> list[tuple[frozenset[int], TermHit]]:
    """A Russian name opens with its good, a noun; a material read only from an adjective
    after it ("Мясорубка ручная чугунная": cast-iron, not pig iron) is what the good is
    made of. When the glossary does not know the opening noun, such a material is not
    read as the good: the name names a good the glossary lacks."""
    if not words or words[0].script != "ru" or _is_adjective(words[0]):
        return concepts
    if words[0].stem in glossary.stop_stems:
        return concepts
    if any(0 in covered for covered, _ in (*concepts, *attributes)):
        return concepts
    return [
        (covered, hit)
        for covered, hit in concepts
        if not (all(_is_adjective(words[p]) for p in covered) and _material(hit, glossary))
    ]


def _code_hits(codes: tuple[str, ...], index: TermIndex) -> list[TermHit]:
    # A glossary term may itself be a code-like token ("npk", "m00k" rarely); look it up.
    found: list[TermHit] = []
    for code in codes:
        for term_stems, term, targets in index.by_stem.get(code, ()):
            if term_stems == frozenset((code,)):
                found.append(TermHit(term, targets))
    return found


def _han_hits(
    runs: tuple[str, ...], index: TermIndex
) -> tuple[list[tuple[int, int, int, TermHit]], list[list[tuple[int, int]]]]:
    hits: list[tuple[int, int, int, TermHit]] = []
    spans: list[list[tuple[int, int]]] = []
    for run_index, run in enumerate(runs):
        run_spans: list[tuple[int, int]] = []
        for start, end, term in longest_matches(run, index.han, index.han_max):
            hits.append((run_index, start, end, TermHit(term, index.han[term])))
            run_spans.append((start, end))
        spans.append(run_spans)
    return hits, spans


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s <= start and end <= e for s, e in spans)


def _remove_han_stop_words(
    run: str, spans: list[tuple[int, int]], stop_han: tuple[str, ...], removed: list[str]
) -> str:
    keep = [True] * len(run)
    for word in stop_han:
        start = run.find(word)
        while start >= 0:
            end = start + len(word)
            inside_term = not _outside(spans, start, end) or any(
                s < end and start < e and not (start <= s and e <= end) for s, e in spans
            )
            if not inside_term and all(keep[start:end]):
                keep[start:end] = [False] * len(word)
                removed.append(word)
            start = run.find(word, start + 1)
    return "".join(char for char, flag in zip(run, keep, strict=True) if flag)


def _most_specific(glossary: Glossary, found: list[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(found))
    broader = {ancestor for concept in unique for ancestor in glossary.ancestors(concept)}
    return tuple(concept for concept in unique if concept not in broader)


@per_glossary(maxsize=200_000)
def analyse_text(text: str, glossary: Glossary) -> TextAnalysis:
    """Concepts, attributes, content words and Han text of one name or request."""
    normalized = normalize_text(text)
    # Names that differ only in pack size, standard or word spacing share the analysis.
    found = _analyse_content(normalized.words, normalized.han, normalized.codes, glossary)
    return TextAnalysis(text=normalized, **found)


@per_glossary(maxsize=200_000)
def _analyse_content(
    words: tuple[Word, ...], han_runs: tuple[str, ...], codes: tuple[str, ...], glossary: Glossary
) -> dict[str, Any]:  # the fields of TextAnalysis but its text
    concept_pairs = _word_hits(words, glossary.concept_terms)
    attribute_pairs = _word_hits(words, glossary.attribute_terms)
    concept_pairs, attribute_pairs = _settle_word_overlaps(words, concept_pairs, attribute_pairs)
    # A concept named only by words that carry no product meaning in trade text ("мешок",
    # "стекло" in "мешок 50 кг", "ст/б") is the packaging, not the good.
    concept_pairs = [
        (covered, hit)
        for covered, hit in concept_pairs
        if not all(words[p].stem in glossary.stop_stems for p in covered)
    ]
    concept_pairs.sort(key=lambda pair: min(pair[0]))
    concept_pairs, attribute_pairs = _without_ingredients(words, concept_pairs, attribute_pairs)
    concept_pairs = _without_purposes(words, concept_pairs, glossary)
    concept_pairs = _without_material_adjectives(words, concept_pairs, attribute_pairs, glossary)
    concept_hits = [hit for _, hit in concept_pairs] + _code_hits(codes, glossary.concept_terms)
    attribute_hits = [hit for _, hit in attribute_pairs]
    stop_words: list[str] = []
    han: list[str] = []
    flavours: list[TermHit] = []
    heads: list[str] = []
    lead = _traded_lead(han_runs, glossary)
    for run in han_runs:
        run_concepts, run_attributes, kept, removed, head = _analyse_han_run(run, glossary)
        if head:
            heads.append(head)
        if lead and run != lead[0]:
            # The good is the lead run's; a term here is its fuel, material or grade
            # (树枝粉碎机 柴油动力: a branch shredder, diesel-driven).
            run_concepts = [
                (hit, role)
                for hit, role in run_concepts
                if lead[1] & {code[:2] for code in _codes([hit], glossary)}
            ]
        concept_hits += [hit for hit, role in run_concepts if role == GOOD]
        flavours += [hit for hit, role in run_concepts if role == FLAVOUR]
        attribute_hits += run_attributes
        stop_words += removed
        if kept:
            han.append(kept)
    # A flavour, filling or use (蜂蜜口味, 巧克力夹心, 饲料用) names the good only when
    # nothing else does: not where another word is the head of a compound the glossary
    # does not know (海藻酸钠 化妆品级: sodium alginate of cosmetic grade).
    if flavours and not concept_hits and not heads and not lead:
        concept_hits = flavours
    concept_hits = _without_packaging_mentions(concept_hits, glossary)
    in_terms = {p for covered, _ in concept_pairs + attribute_pairs for p in covered}
    stems: dict[str, list[str]] = {"ru": [], "en": []}
    word_stop_words: list[str] = []
    for position, word in enumerate(words):
        if word.stem in glossary.stop_stems and position not in in_terms:
            word_stop_words.append(word.surface)
        else:
            stems[word.script].append(word.stem)
    concepts = _most_specific(glossary, [target for hit in concept_hits for target in hit.targets])
    attributes = tuple(dict.fromkeys(t for hit in attribute_hits for t in hit.targets))
    return {
        "concept_hits": tuple(concept_hits),
        "attribute_hits": tuple(attribute_hits),
        "concepts": concepts,
        "attributes": attributes,
        "stems": {script: tuple(found) for script, found in stems.items()},
        "han": tuple(han),
        "stop_words": (*word_stop_words, *stop_words),
        "heads": tuple(heads),
    }


# HS headings of containers and packing materials: paper bags and boxes, sacks, glass
# jars and bottles, plastic packing, cans and drums, pallets.
PACKAGING_HEADINGS = frozenset({"4819", "6305", "7010", "3923", "7310", "7612", "4415"})


def _without_packaging_mentions(hits: list[TermHit], glossary: Glossary) -> list[TermHit]:
    """Packaging named after the good ("сахар в бумажных мешках", 蜂蜜 玻璃瓶, 吨袋) is how
    it ships, not what it is: a packaging concept counts only as the head of the name."""

    def packaging(hit: TermHit) -> bool:
        return all(
            any(code[:4] in PACKAGING_HEADINGS for code in glossary.hs_of(target))
            for target in hit.targets
        )

    if not hits or all(packaging(hit) for hit in hits):
        return hits
    # Packaging named with nothing but materials ("PP编织袋", "PP woven sacks", "мешок
    # полипропиленовый") is the good itself: sacks made of polypropylene.
    if all(packaging(hit) or _material(hit, glossary) for hit in hits):
        return hits
    return [hit for position, hit in enumerate(hits) if position == 0 or not packaging(hit)]


def _without_split_words(
    run: str, hits: list[tuple[int, int, int, TermHit]]
) -> list[tuple[int, int, int, TermHit]]:
    """Of two terms of one length that overlap, the earlier is dropped when the later is
    a dictionary word and the earlier is none (六角螺母: 螺母, a nut, is a word, 角螺, a
    whelk, is read across 六角 "hexagonal"); both are kept otherwise (鲑鱼籽: salmon, roe)."""
    words = chinese_dictionary().senses
    dropped: set[int] = set()
    for position, (_, start, end, hit) in enumerate(hits):
        if hit.term in words:
            continue
        for _, other_start, other_end, other in hits:
            if (
                start < other_start < end
                and other_end - other_start == end - start
                and other.term in words
            ):
                dropped.add(position)
    return [hit for position, hit in enumerate(hits) if position not in dropped]


# HS chapters of machines, electrical apparatus, vehicles, aircraft, ships and
# instruments: named right before another good, they are what it is for.
MACHINE_CHAPTERS = frozenset({"84", "85", "86", "87", "88", "89", "90"})


def _codes(hits: list[TermHit], glossary: Glossary) -> set[str]:
    """The HS codes of every concept these terms name."""
    return {code for hit in hits for target in hit.targets for code in glossary.hs_of(target)}


# HS chapters of materials that goods are made of: plastics and rubber, pulp and paper,
# textile fibres, iron, steel, copper, nickel and aluminium.
MATERIAL_CHAPTERS = frozenset({39, 40, 47, 48, 50, 51, 52, 53, 54, 55, 72, 74, 75, 76})


def _material(hit: TermHit, glossary: Glossary) -> bool:
    """Whether every good a term names is a material (all its HS codes in
    :data:`MATERIAL_CHAPTERS`)."""
    for target in hit.targets:
        codes = glossary.hs_of(target)
        if not codes or any(int(code[:2]) not in MATERIAL_CHAPTERS for code in codes):
            return False
    return True


@per_glossary(maxsize=100_000)
def _analyse_han_run(
    run: str, glossary: Glossary
) -> tuple[list[tuple[TermHit, int]], list[TermHit], str, list[str], str]:
    """Concept terms of one run of Han characters (each with its role: the good, a
    flavour, filling or use, or a modifier of an unknown head), its attribute terms, the
    run without its stop words, the stop words removed, and the unknown head word (see
    :func:`_unknown_head`): runs repeat across requests."""
    hits, _ = _han_hits((run,), glossary.concept_terms)
    hits = _without_split_words(run, hits)
    run_spans = [(start, end) for _, start, end, _ in hits]
    attribute_hits: list[TermHit] = []
    attribute_spans: list[tuple[int, int]] = []
    # A one-character attribute inside a concept's term is part of the name (干 in 饼干,
    # biscuit), a longer one names the state of the good as well (全脂 in 全脂乳粉, whole
    # milk powder; 液碱, liquid caustic soda); a concept inside a longer attribute term
    # is not meant (内脏 in 去头去内脏).
    for start, end, term in longest_matches(
        run, glossary.attribute_terms.han, glossary.attribute_terms.han_max
    ):
        attribute_spans.append((start, end))
        if _outside(run_spans, start, end):
            attribute_hits.append(TermHit(term, glossary.attribute_terms.han[term]))
            hits = [hit for hit in hits if not (start <= hit[1] and hit[2] <= end)]
        elif end - start >= 2:
            attribute_hits.append(TermHit(term, glossary.attribute_terms.han[term]))
    removed: list[str] = []
    kept = _remove_han_stop_words(run, run_spans, glossary.stop_han, removed)
    starts = sorted(start for _, start, _, _ in hits)

    def modifier(start: int, end: int) -> bool:
        if run.startswith(FLAVOUR_MARKERS, end) or run[:start].endswith(USE_MARKERS):
            return True
        if made_of(run, end):
            return True
        if _machine_purpose(start, end):
            return True
        if end < len(run) and run.endswith(PURPOSE_END):
            # A run ending with "for …" is a purpose phrase as a whole (石料厂用: for
            # stone quarries, 園藝用: for gardening, 雕刻用): no term of it is the good.
            return True
        following = [s for s in starts if s >= end]
        if not following:
            return False
        gap = run[end : following[0]]
        return 0 < len(gap) <= GAP_LENGTH and gap.endswith(GAP_MARKERS)

    def _machine_purpose(start: int, end: int) -> bool:
        # A machine, apparatus or vehicle right before another good of another heading is
        # what that good is for (球磨机钢球: steel balls for ball mills, 汽车轮胎: tyres for
        # cars, 变压器油: oil for transformers): the head, the last term, is the good.
        this = [hit for _, s, e, hit in hits if (s, e) == (start, end)]
        after = [hit for _, s, _, hit in hits if s == end]
        if not this or not after:
            return False
        own = _codes(this, glossary)
        following = _codes(after, glossary)
        return (
            bool(own)
            and bool(following)
            and all(code[:2] in MACHINE_CHAPTERS for code in own)
            and not {code[:4] for code in own} & {code[:4] for code in following}
        )

    covered = run_spans + attribute_spans
    last_end = max((end for _, _, end, _ in hits), default=0)
    head = _unknown_head(run, last_end, covered, glossary.stop_han)
    if head and _category_of_terms(head, [hit for _, _, _, hit in hits], glossary):
        head = ""
    if _named_whole_elsewhere(run, hits, glossary):
        # The whole compound is a name buyers write for a good of another chapter
        # (石膏砌块, gypsum blocks 6809; 后视镜 ...): its terms are what it is made of or
        # for, or homonyms, and the compound is read whole.
        head = run

    def role(start: int, end: int) -> int:
        if head and end <= last_end:
            return HEAD_ELSEWHERE
        return FLAVOUR if modifier(start, end) else GOOD

    flagged = [(hit, role(start, end)) for _, start, end, hit in hits]
    return flagged, attribute_hits, kept, removed, head if hits else ""


def _traded_lead(
    han_runs: tuple[str, ...], glossary: Glossary
) -> tuple[str, frozenset[str]] | None:
    """The run naming a Chinese name's good when it is, whole, a name buyers write for
    goods (``resources/hs/hs2022_zh_trade.csv``) and the glossary reads no good in it,
    with the chapters of those goods: the first run that is not a purpose, packaging
    or grade (中空玻璃用 丁基胶: butyl sealant for insulating glass). ``None`` otherwise:
    then every run is read as before."""
    traded = chinese_subheadings().trade
    for run in han_runs:
        if run.endswith(MODIFIER_AFTER) or run.startswith(USE_MARKERS):
            continue
        codes = traded.get(run)
        if not codes or len(run) < 3:
            return None
        hits, _ = _han_hits((run,), glossary.concept_terms)
        if any(start == 0 and end == len(run) for _, start, end, _ in hits):
            return None
        if hits and not _named_whole_elsewhere(run, hits, glossary):
            return None
        return run, frozenset(code[:2] for code in codes)
    return None


def _named_whole_elsewhere(
    run: str, hits: list[tuple[int, int, int, TermHit]], glossary: Glossary
) -> bool:
    """Whether a name buyers write for goods (``resources/hs/hs2022_zh_trade.csv``) reads
    a run otherwise than its glossary terms do, so the name, not a term inside it, says
    what the good is:

    - the whole run, longer than each term, is such a name for goods filed in chapters
      where none of its terms' goods is filed (石膏砌块 is a gypsum block of 6809, not the
      gypsum of 2520);
    - such a name ends the run and begins inside its last term, for goods of headings
      where none of that term's goods is filed: the term's characters belong to another
      word (电线耳 is 电 + 线耳, a cable lug of 8536, not 电线, cables of 8544)."""
    if not hits or any(start == 0 and end == len(run) for _, start, end, _ in hits):
        return False
    traded = chinese_subheadings().trade
    codes = traded.get(run)
    if codes:
        chapters = {code[:2] for code in codes}
        own = _codes([hit for _, _, _, hit in hits], glossary)
        return bool(own) and not any(code[:2] in chapters for code in own)
    _, start, end, last = max(hits, key=lambda found: found[2])
    if end >= len(run):
        # A name ending the run that holds its last term and more before it (气动冲击扳手
        # ends in 冲击扳手, an impact wrench of 8467, not the hand wrench 扳手 of 8204).
        for before in range(1, start):
            codes = traded.get(run[before:])
            if codes:
                chapters = {code[:2] for code in codes}
                own = _codes([last], glossary)
                return bool(own) and not any(code[:2] in chapters for code in own)
        return False
    for inside in range(start + 1, end):
        codes = traded.get(run[inside:])
        if codes:
            headings = {code[:4] for code in codes}
            own = _codes([last], glossary)
            return bool(own) and not any(code[:4] in headings for code in own)
    return False


# The role of a Chinese concept term in its run: the good, a flavour, use or packaging
# (the good when nothing else is), or the purpose of a good the glossary does not know
# (齿轮泵用 before 骨架油封, an oil seal): never the good.
GOOD, FLAVOUR, HEAD_ELSEWHERE = 0, 1, 2
# Purpose markers between a term and the good after it.
_HEAD_MARKERS = ("专用", "用")


def _unknown_head(
    run: str, start: int, covered: list[tuple[int, int]], stop_han: tuple[str, ...]
) -> str:
    """The good of a Chinese compound after its last glossary term, when the glossary
    does not know it: after a purpose marker (齿轮泵用骨架油封: an oil seal for gear pumps)
    the last dictionary word of two characters or more, else all that follows; without a
    marker (异丙醇消毒湿巾, 注射器生产线) the compound's last dictionary word, only when
    it names a good: its head noun is one the nomenclature names goods with
    (:mod:`goods_words`; "wipe", "line", not "either will do", "parts", "fuel"). Empty
    when a glossary term, a state or a stop word follows the term (then the glossary's
    own rules apply).
    """
    if start <= 0 or start >= len(run):
        return ""
    if any(s < len(run) and e > start for s, e in covered):
        return ""
    rest = run[start:]
    marker = next((m for m in _HEAD_MARKERS if rest.startswith(m)), "")
    if not marker and made_of(run, start):
        marker = MADE_OF
    rest = rest[len(marker) :]
    if len(rest) < 2 or any(word in rest for word in stop_han):
        return ""
    words = chinese_dictionary().segment(rest)
    long_words = [(end, word) for _, end, word in words if len(word) >= 2]
    if marker:
        return long_words[-1][1] if long_words else rest
    if rest.startswith(MODIFIER_AFTER):
        return ""
    if not long_words or long_words[-1][0] != len(rest):
        # No dictionary word ends the compound (路面砖 after 水泥: 路面 + 砖): it is the
        # good when the Chinese tariff names read it as one (铺面砖).
        return rest if tariff_good(rest) else ""
    head = long_words[-1][1]
    senses = english_senses(head)[:HEAD_SENSES]
    return head if names_a_good(senses) and not relational(senses) else ""


# The material marker: 钢制防火门 is a door made of steel, 不锈钢制保温杯 a vacuum flask.
MADE_OF = "制"


def made_of(run: str, end: int) -> bool:
    """Whether the term ending at ``end`` is followed by the material marker 制 ("made
    of") standing alone, not opening a word of its own (制品 "products", 制动 "brake",
    制冷 "refrigeration"): a material the good is made of, never the good while another
    term or an unknown head follows."""
    if not run.startswith(MADE_OF, end) or end + 1 >= len(run):
        return False
    words = chinese_dictionary().segment(run[end:])
    return bool(words) and words[0][1] - words[0][0] == 1


# Senses of a head word read to tell whether it names a good (its first ones).
HEAD_SENSES = 2


def _category_of_terms(head: str, hits: list[TermHit], glossary: Glossary) -> bool:
    """Whether an unknown head after glossary terms is only the category the
    nomenclature files one of their goods under (木质压块燃料: wood briquettes are a fuel
    in 4401), so the term stays the good."""
    senses = english_senses(head)[:HEAD_SENSES]
    codes = tuple(code for hit in hits for target in hit.targets for code in glossary.hs_of(target))
    return category_of(senses, codes)


def english_concepts(text: str, glossary: Glossary) -> tuple[str, ...]:
    """The goods the glossary's terms name in an English or Russian phrase (a dictionary
    sense such as "radio-controlled car"), most specific first; packaging words alone
    name none."""
    _, pairs = english_concept_hits(text, glossary)
    return _most_specific(glossary, [t for _, hit in pairs for t in hit.targets])


def english_concept_hits(
    text: str, glossary: Glossary
) -> tuple[tuple[Word, ...], list[tuple[frozenset[int], TermHit]]]:
    """The words of an English or Russian phrase and the glossary's concept terms found
    in them, each with the positions of the words it covers (packaging words alone name
    no good)."""
    words = normalize_text(text).words
    pairs = [
        (covered, hit)
        for covered, hit in _word_hits(words, glossary.concept_terms)
        if not all(words[p].stem in glossary.stop_stems for p in covered)
    ]
    return words, pairs


def most_specific(glossary: Glossary, found: list[str]) -> tuple[str, ...]:
    """Concepts in order, those broader than another of them left out."""
    return _most_specific(glossary, found)
