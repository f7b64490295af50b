"""HS inference: likely headings of a text that came without an HS code.

Two sources, in order of trust. The glossary's concepts carry their headings, so any
language (Chinese included) that names a known good gets the headings of that good. When
no concept is recognised, the Russian and English words are looked up in the descriptions
of HS 2022 (English) and TN VED (Russian) that ship in ``resources/``: each heading is
scored by the IDF-weighted share of its description words the text contains, and the
best ones are kept when they clearly stand out.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.nomenclature_stems import nomenclature_stems

_DIGITS = re.compile(r"\D")
# Words of the nomenclature that name no good ("other", "prepared", "whether or not").
GENERIC_WORDS = frozenset(
    [
        "other",
        "or",
        "not",
        "whether",
        "than",
        "and",
        "of",
        "the",
        "for",
        "in",
        "with",
        "its",
        "their",
        "thereof",
        "excluding",
        "including",
        "n.e.c",
        "nes",
        "прочие",
        "прочий",
        "прочее",
        "или",
        "не",
        "кроме",
        "для",
        "из",
        "с",
        "в",
        "на",
        "и",
        "их",
        "без",
        "части",
    ]
)


def hs_digits(code: str | None) -> str:
    """The digits of an HS or TN VED code ("1512 19 900 2" -> "1512199002")."""
    return _DIGITS.sub("", code or "")


@dataclass(frozen=True)
class HsGuess:
    """Headings inferred for a text and where they came from."""

    codes: tuple[str, ...]
    source: str  # "glossary", "nomenclature" or "" when nothing was inferred


class NomenclatureIndex:
    """Stems of HS 2022 and TN VED descriptions, per heading, with IDF weights."""

    def __init__(self, descriptions: dict[str, list[frozenset[str]]]) -> None:
        """Index ``{heading: [the stems of a description, ...]}`` (stems of three letters
        or more, of words other than :data:`GENERIC_WORDS`)."""
        postings: dict[str, set[str]] = defaultdict(set)
        for heading, texts in descriptions.items():
            for stems in texts:
                for stem in stems:
                    postings[stem].add(heading)
        total = max(1, len(descriptions))
        self.idf = {stem: math.log(total / len(headings)) for stem, headings in postings.items()}
        self.postings = {stem: frozenset(headings) for stem, headings in postings.items()}

    def guess(self, stems: set[str], limit: int = 3) -> tuple[str, ...]:
        """Headings whose descriptions share the most informative words with ``stems``."""
        scores: dict[str, float] = defaultdict(float)
        for stem in stems:
            for heading in self.postings.get(stem, ()):
                scores[heading] += self.idf[stem]
        if not scores:
            return ()
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        best = ranked[0][1]
        # One common word ("oil", "масло") is no evidence: ask for two rare-ish words' worth.
        if best < 6.0:
            return ()
        return tuple(code for code, score in ranked[:limit] if score >= 0.8 * best)


@lru_cache(maxsize=1)
def nomenclature_index() -> NomenclatureIndex:
    """The shipped HS 2022 and TN VED descriptions, indexed once per process from their
    shipped stems (see :mod:`.nomenclature_stems`)."""
    shipped = nomenclature_stems()
    descriptions: dict[str, list[frozenset[str]]] = defaultdict(list)
    for code, stems in shipped.hs.items():
        descriptions[code[:4]].append(stems.content)
    for code, stems in shipped.tnved_headings:
        descriptions[code].append(stems.content)
    return NomenclatureIndex(descriptions)


def infer_hs(concepts: tuple[str, ...], stems: set[str], glossary: Glossary) -> HsGuess:
    """Likely HS headings or subheadings of a text from its concepts, else its words."""
    from_glossary = tuple(
        dict.fromkeys(code for concept in concepts for code in glossary.hs_of(concept))
    )
    if from_glossary:
        return HsGuess(from_glossary, "glossary")
    if stems:
        guessed = nomenclature_index().guess(stems)
        if guessed:
            return HsGuess(guessed, "nomenclature")
    return HsGuess((), "")


def hs_agreement(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """Digits two sets of codes share at best: 6 subheading, 4 heading, 2 chapter, 0 none."""
    best = 0
    for a in first:
        for b in second:
            for level in (6, 4, 2):
                if len(a) >= level and len(b) >= level and a[:level] == b[:level]:
                    best = max(best, level)
                    break
            # A heading on one side and a subheading under it on the other agree at 4.
    return best
