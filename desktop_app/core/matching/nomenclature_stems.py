"""The stems of the HS 2022 and TN VED heading texts, as shipped (read, never stemmed here).

``resources/matching/nomenclature_stems.tsv.gz``, written by
``resources/matching/build_nomenclature_stems.py`` from ``hs2022.csv`` and ``tnved.csv``
with the matcher's own stemming, feeds the indexes that read those texts
(:func:`.hs_inference.nomenclature_index`, :func:`.hs_bridge.english_subheadings`, the
kinds' subheading words): stemming them cost every name-reading process some two seconds
of CPU; reading the file costs a few hundredths. Loaded on first use.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.paths import resource


@dataclass(frozen=True, slots=True)
class TextStems:
    """The stems (three letters or more) of one nomenclature text's words."""

    # Of words that are not among the nomenclature's generic words (hs_inference).
    content: frozenset[str]
    # Those only generic words give ("other", "whether", "проч").
    other: frozenset[str]

    @property
    def every(self) -> frozenset[str]:
        """All the text's stems of three letters or more."""
        return self.content | self.other


@dataclass(frozen=True)
class NomenclatureStems:
    """The shipped stems: HS 2022 texts by four- or six-digit code (the file's order), and
    the TN VED's four-digit heading texts in order."""

    hs: dict[str, TextStems]
    tnved_headings: tuple[tuple[str, TextStems], ...]


def _stem_set(field: str) -> frozenset[str]:
    # Interned: a few thousand stems recur across the texts.
    return frozenset(sys.intern(stem) for stem in field.split())


@lru_cache(maxsize=1)
def nomenclature_stems() -> NomenclatureStems:
    """The shipped file, read once per process."""
    hs: dict[str, TextStems] = {}
    tnved: list[tuple[str, TextStems]] = []
    path = resource("matching", "nomenclature_stems.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            source, code, content, other = line.rstrip("\n").split("\t")
            stems = TextStems(_stem_set(content), _stem_set(other))
            if source == "hs":
                hs[code] = stems
            else:
                tnved.append((code, stems))
    return NomenclatureStems(hs, tuple(tnved))
