"""A bridge from Chinese words the glossary does not know to its goods, through English.

The glossary is curated and never complete; buyers write colloquial and regional names
(毛绒公仔, 洗髮精 after conversion 洗发精, 煞车皮) and kinds it lacks. CC-CEDICT
(``resources/matching/cedict_bridge.tsv.gz``, built by ``build_cedict_bridge.py`` beside
it, CC BY-SA 4.0) gives such a word its English senses; the senses are read by the
glossary's English terms, and the HS 2022 descriptions order them, so the sense a trade
text means comes first (阀 is a valve, not "a powerful person"). A name the glossary
reads nothing in is read through the bridge, head first: the good of a Chinese compound
is its last word (毛绒公仔 is a doll, plush its material), and a word that a packaging or
purpose marker follows (纸杯装, 汽车启动用) is not the good.

The dictionary is loaded on first use, never at import or application start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from desktop_app.core.matching.chinese import (
    chinese_dictionary,
    mainland_phrases,
    to_simplified,
)
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.matching.goods_words import relational
from desktop_app.core.matching.hs_inference import GENERIC_WORDS, nomenclature_index
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.matching.senses import MODIFIER_AFTER, english_senses
from desktop_app.core.matching.term_lookup import (
    analyse_text,
    english_concept_hits,
    most_specific,
)


@dataclass(frozen=True)
class BridgedWord:
    """A Chinese word read through its English sense: the concepts that sense names in
    the glossary (possibly none) and the sense's English word stems."""

    word: str
    sense: str
    concepts: tuple[str, ...]
    stems: tuple[str, ...]
    # Whether the word is the whole end of its compound (毛绒公仔's 公仔), not a lone
    # character (管 in 导尿管) or a word before the compound's last morpheme (脱毛 in
    # 脱毛膏): only then is its good surely the compound's.
    head: bool = True


def bridge_word(word: str, glossary: Glossary) -> BridgedWord | None:
    """The first sense of ``word`` the glossary reads as a good, else its first sense the
    HS texts know, with its stems; ``None`` for a word the dictionary lacks."""
    return _bridge_word(word, glossary)


@per_glossary(maxsize=65536)
def _bridge_word(word: str, glossary: Glossary) -> BridgedWord | None:
    senses = english_senses(word)
    if not senses:
        return None
    for sense in senses:
        concepts = sense_concepts(sense, glossary)
        if concepts:
            stems = tuple(w.stem for w in normalize_text(sense).words)
            return BridgedWord(word, sense, concepts, stems)
    stems = tuple(w.stem for w in normalize_text(senses[0]).words)
    return BridgedWord(word, senses[0], (), stems)


# Where an English noun phrase ends and what it is for, of or with begins: the head
# noun of "bottle of wine" is "bottle", of "tubing for cables" "tubing".
_PHRASE_END = re.compile(
    r"\b(?:of|for|with|used|to|in|on|from|by|made|as|that|which)\b|[,;:(\[/]", re.IGNORECASE
)


def sense_head(sense: str) -> int:
    """The position (among the sense's normalized words) of the head noun of an English
    dictionary sense: the last word before a preposition or a bracket ("cable tie" ->
    "tie", "bottle of wine" -> "bottle"); -1 when the sense opens with one."""
    chunk = _PHRASE_END.split(sense, maxsplit=1)[0]
    return len(normalize_text(chunk).words) - 1


def sense_concepts(sense: str, glossary: Glossary) -> tuple[str, ...]:
    """The goods an English dictionary sense names, checked against the whole sense:

    - a good counts only where its term covers the sense's head noun: "cable tie" is a
      tie, whatever "cable" names (the glossary's cables);
    - a word before the head that the term does not cover must be one the nomenclature
      uses under that good's headings: "heat shrink tubing" says "heat" and "shrink",
      which HS 2022 and TN VED never write under steel tubes (7304-7306), so the sense
      names other tubing; "seamless steel tube" stays a steel tube.

    A sense opening with a preposition or verb ("to boil") is read as before, whole."""
    words, pairs = english_concept_hits(sense, glossary)
    if not pairs:
        return ()
    head = sense_head(sense)
    if head < 0 or head >= len(words):
        return most_specific(glossary, [t for _, hit in pairs for t in hit.targets])
    index = nomenclature_index()
    found: list[str] = []
    for covered, hit in pairs:
        if head not in covered:
            continue
        modifiers = {
            words[p].stem
            for p in range(head)
            if p not in covered
            and words[p].surface not in GENERIC_WORDS
            and words[p].stem in index.postings
        }
        for target in hit.targets:
            headings = {code[:4] for code in glossary.hs_of(target) if len(code) >= 4}
            if headings and any(not headings & index.postings[m] for m in modifiers):
                continue
            found.append(target)
    return most_specific(glossary, found)


def bridge_runs(runs: tuple[str, ...], glossary: Glossary) -> BridgedWord | None:
    """The head of a Chinese name the glossary reads nothing in, through the dictionary;
    Taiwan and Hong Kong words are tried in their mainland form too (打印机 for 印表机)."""
    found = _bridge_runs(runs, glossary)
    if found is not None and found.concepts:
        return found
    mainland = tuple(mainland_phrases(run) for run in runs)
    if mainland != runs:
        from_mainland = _bridge_runs(mainland, glossary)
        if from_mainland is not None and (from_mainland.concepts or found is None):
            return from_mainland
    return found


def bridge_heads(heads: tuple[str, ...], glossary: Glossary) -> BridgedWord | None:
    """The head words of Chinese compounds the glossary does not know (see
    :attr:`TextAnalysis.heads`) read through the dictionary: the first naming a good, else
    the first the dictionary knows (for its English words); the terms before them are
    their modifiers and are not read again."""
    found = [b for head in heads if (b := bridge_word(head, glossary)) is not None]
    return next((b for b in found if b.concepts), found[0] if found else None)


@lru_cache(maxsize=65536)
def without_collection_word(run: str) -> str:
    """A Chinese compound without a last word that names a set or a kit of what comes
    before it (化妆刷套装, a set of make-up brushes: 套装 "outfit or suit", "set of
    coordinated items"): the good is what the set holds. The run itself otherwise."""
    words = chinese_dictionary().segment(run)
    if not words:
        return run
    start, end, word = words[-1]
    if end != len(run) or start < 2 or len(word) < 2:
        return run
    return run[:start] if relational(english_senses(word)) else run


def _bridge_runs(runs: tuple[str, ...], glossary: Glossary) -> BridgedWord | None:
    """The head of a Chinese name the glossary reads nothing in: its last dictionary word
    (the good of a compound comes last) that is not followed by a packaging or purpose
    marker, read through its English senses; a head naming no good of the glossary is
    kept for its English words (HS inference), but an earlier word naming one wins."""
    runs = tuple(without_collection_word(run) for run in runs)
    dictionary = chinese_dictionary()
    fallback: BridgedWord | None = None
    # Words of two characters or more first: a lone character is a word of its own only
    # when nothing longer is known (皮 in 煞车皮 is a pad, not leather).
    for shortest in (2, 1):
        for run in reversed(runs):
            for _, end, word in reversed(dictionary.segment(run)):
                if len(word) < shortest or (shortest == 1 and len(word) > 1):
                    continue
                if run.startswith(MODIFIER_AFTER, end) and end < len(run):
                    continue
                if end < len(run) and _material_word(word):
                    continue  # 钢制防火门: a door made of steel, not steel
                found = bridge_word(word, glossary)
                if found is None:
                    continue
                if len(word) < 2 or (end < len(run) and not run.startswith(MODIFIER_AFTER, end)):
                    found = replace(found, head=False)
                if found.concepts:
                    return found
                if fallback is None:
                    fallback = found
        if fallback is not None:
            break  # a longer word was read (for its HS words): no lone character after it
    return fallback


def _material_word(word: str) -> bool:
    """Whether a word says what a good is made of (钢制 "made of steel", 木制 "wooden"
    when its first sense reads so): before another word it is the good's material."""
    senses = english_senses(word)[:1]
    return bool(senses) and senses[0].startswith(("made of ", "made from "))


# Senses of each word read for the kinds a Chinese name names (离心泵 "centrifugal pump").
KIND_SENSES = 2


def english_stems(runs: tuple[str, ...]) -> frozenset[str]:
    """The English stems of the dictionary words of Chinese runs (words of two characters
    or more, their first senses), for the kinds of a good the nomenclature tells apart."""
    return frozenset(stem for run in runs for stem in _run_stems(run))


@lru_cache(maxsize=65536)
def _run_stems(run: str) -> frozenset[str]:
    found: set[str] = set()
    for _, _, word in chinese_dictionary().segment(run):
        if len(word) < 2:
            continue
        for sense in english_senses(word)[:KIND_SENSES]:
            found.update(w.stem for w in normalize_text(sense).words)
    return frozenset(found)


def chinese_names_for(text: str, glossary: Glossary) -> tuple[str, ...]:
    """Chinese names of the goods the glossary reads in a Russian or English product name
    (its concepts' Chinese terms, most specific good first, the glossary's first term of
    each first): "Задвижка клиновая стальная" -> 闸阀, 闸板阀 ... For suggesting Chinese
    product names; empty when the glossary reads no good in the text."""
    names: list[str] = []
    for concept_id in analyse_text(text, glossary).concepts:
        concept = glossary.concepts.get(concept_id)
        if concept is not None:
            names.extend(concept.terms.get("zh", ()))
    return tuple(dict.fromkeys(names))


def concepts_of_chinese(word: str, glossary: Glossary) -> tuple[str, ...]:
    """The goods a Chinese word names: by the glossary's own terms, else through its
    English senses (the dictionary bridge); Traditional input is converted first."""
    simplified = to_simplified(word)
    found = analyse_text(simplified, glossary).concepts
    if found:
        return found
    bridged = bridge_runs((simplified,), glossary)
    return bridged.concepts if bridged is not None else ()


def clear_caches() -> None:
    """Forget the words bridged so far (after a large run)."""
    _run_stems.cache_clear()
