"""The trilingual glossary: concepts, processing attributes and stop words, and look-ups.

The curated part ships in ``resources/glossary`` (see its README); terms people add in the
application are ``GlossaryTerm`` rows and are merged in by :func:`load_glossary`. A text is
mapped to concepts by longest match: Russian and English terms as sets of word stems (so
"масло подсолнечное" also finds "подсолнечного масла"), Chinese terms as substrings.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.domain.models import GlossaryTerm
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.matching.normalize import Word, fold, normalize_text
from desktop_app.core.paths import resource

LANGUAGES = ("en", "ru", "zh")
# Words shorter than this are never read as a typo of a glossary word.
TYPO_MIN_LENGTH = 7
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Concept:
    """One good with its terms per language and its HS headings."""

    id: str
    broader: str | None
    hs: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Attribute:
    """A processing state or form (frozen, refined, shelled) in a group of rivals."""

    id: str
    group: str
    compatible: frozenset[str]


@dataclass
class TermIndex:
    """Terms of one kind (concepts or attributes) ready for matching."""

    # Russian/English: first stem -> [(all stems of the term, term, target ids)].
    by_stem: dict[str, list[tuple[frozenset[str], str, tuple[str, ...]]]] = field(
        default_factory=dict
    )
    # Chinese: term -> target ids.
    han: dict[str, tuple[str, ...]] = field(default_factory=dict)
    han_max: int = 1
    _vocabulary_set: set[str] | None = None
    # Folded term words -> their stems, for reading typos.
    _surfaces: dict[str, str] = field(default_factory=dict)
    _surface_list: list[str] = field(default_factory=list)
    _corrections: dict[str, str] = field(default_factory=dict)

    def correct(self, word: Word) -> str:
        """The word's stem when a term uses it, else the stem of the term word it misspells.

        Requests are typed in a hurry ("sunflwer", "choclate"); a word of seven letters or
        more one edit (or one swap of neighbours) away from exactly one glossary word is
        taken as that word. Shorter words and larger distances turn real words into
        others ("number" -> "lumber", "skinless" -> "stainless", "инулин" -> "инсулин"),
        so they are left alone.
        """
        stem = word.stem
        if len(word.surface) < TYPO_MIN_LENGTH or stem in self._vocabulary():
            return stem
        cached = self._corrections.get(word.surface)
        if cached is None:
            found = process.extract(
                word.surface,
                self._surface_list,
                scorer=OSA.distance,
                score_cutoff=1,
                limit=None,
            )
            stems = {self._surfaces[hit[0]] for hit in found}
            # Two glossary words one edit away: the typo is ambiguous, keep the word.
            cached = stems.pop() if len(stems) == 1 else stem
            self._corrections[word.surface] = cached
        return cached

    def _vocabulary(self) -> set[str]:
        if self._vocabulary_set is None:
            self._vocabulary_set = {
                stem
                for entries in self.by_stem.values()
                for stems, _, _ in entries
                for stem in stems
            }
            self._surface_list = sorted(s for s in self._surfaces if len(s) >= TYPO_MIN_LENGTH - 1)
        return self._vocabulary_set

    def add(self, language: str, term: str, target: str) -> None:
        """Index ``term`` of ``language`` as a name of ``target``."""
        term = fold(term).strip()
        if not term:
            return
        if language == "zh":
            self.han[term] = (*self.han.get(term, ()), target)
            self.han_max = max(self.han_max, len(term))
            return
        words = normalize_text(term).words
        for word in words:
            self._surfaces.setdefault(word.surface, word.stem)
        stems = [word.stem for word in words]
        stems += list(normalize_text(term).codes)
        if not stems:
            return
        self._vocabulary_set = None
        entries = self.by_stem.setdefault(stems[0], [])
        for index, (known, text, targets) in enumerate(entries):
            if known == frozenset(stems) and text == term:
                entries[index] = (known, text, (*targets, target))
                return
        entries.append((frozenset(stems), term, (target,)))


@dataclass
class Glossary:
    """Concepts, attributes and stop words with their term indexes."""

    concepts: dict[str, Concept]
    attributes: dict[str, Attribute]
    concept_terms: TermIndex
    attribute_terms: TermIndex
    stop_stems: frozenset[str]
    stop_han: tuple[str, ...]

    def ancestors(self, concept_id: str) -> tuple[str, ...]:
        """The broader concepts of ``concept_id``, nearest first (cycles are cut)."""
        # Asked for millions of times while scoring; the hierarchy never changes.
        cache = self.__dict__.setdefault("_ancestor_cache", {})
        found = cache.get(concept_id)
        if found is None:
            found = cache[concept_id] = _ancestors(self, concept_id)
        return found

    def hs_of(self, concept_id: str) -> tuple[str, ...]:
        """HS codes of a concept, or of its nearest broader concept that has some."""
        for current in (concept_id, *self.ancestors(concept_id)):
            concept = self.concepts.get(current)
            if concept is not None and concept.hs:
                return concept.hs
        return ()

    def compatible(self, first: str, second: str) -> bool:
        """True when two attributes of one group do not separate goods."""
        if first == second:
            return True
        a, b = self.attributes.get(first), self.attributes.get(second)
        if a is None or b is None or a.group != b.group:
            return True
        return second in a.compatible or first in b.compatible

    def __hash__(self) -> int:
        return id(self)


def _ancestors(glossary: Glossary, concept_id: str) -> tuple[str, ...]:
    chain: list[str] = []
    current = glossary.concepts.get(concept_id)
    while current is not None and current.broader and current.broader not in chain:
        chain.append(current.broader)
        current = glossary.concepts.get(current.broader)
    return tuple(chain)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _read_rows(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or ())]
            if missing:
                raise InputError(
                    tr("the glossary file lacks the columns {columns}").format(
                        columns=", ".join(missing)
                    ),
                    Location(file=str(path)),
                )
            return list(reader)
    except OSError as exc:
        raise InputError(
            tr("cannot read the glossary file: {reason}").format(reason=exc.strerror or exc),
            Location(file=str(path)),
        ) from exc


def read_concepts(folder: Path) -> dict[str, Concept]:
    """Every concept of the ``NN-topic.csv`` files in ``folder``; duplicate ids are merged."""
    concepts: dict[str, Concept] = {}
    for path in sorted(folder.glob("*.csv")):
        for row_number, row in enumerate(_read_rows(path, ("concept", "hs", "en", "ru", "zh")), 2):
            concept_id = (row.get("concept") or "").strip()
            if not concept_id:
                continue
            concept = Concept(
                id=concept_id,
                broader=(row.get("broader") or "").strip() or None,
                hs=tuple((row.get("hs") or "").split()),
                terms={language: _split(row.get(language)) for language in LANGUAGES},
            )
            known = concepts.get(concept_id)
            if known is not None:
                # The glossary tests reject duplicates; a user's copy with one should still
                # match, so the two rows are merged and the problem is logged.
                log.warning(
                    "%s row %d: concept %s defined twice", path.name, row_number, concept_id
                )
                concept = Concept(
                    id=concept_id,
                    broader=known.broader or concept.broader,
                    hs=tuple(dict.fromkeys((*known.hs, *concept.hs))),
                    terms={
                        language: tuple(dict.fromkeys((*known.terms[language], *terms)))
                        for language, terms in concept.terms.items()
                    },
                )
            concepts[concept_id] = concept
    return concepts


def read_attributes(path: Path) -> dict[str, Attribute]:
    """The processing attributes of ``attributes.csv``, with their terms kept aside."""
    attributes: dict[str, Attribute] = {}
    for row in _read_rows(path, ("attribute", "group", "compatible", *LANGUAGES)):
        attributes[row["attribute"].strip()] = Attribute(
            id=row["attribute"].strip(),
            group=row["group"].strip(),
            compatible=frozenset(_split(row.get("compatible"))),
        )
    return attributes


def build_glossary(
    folder: Path, extra_terms: Iterable[tuple[str, str, str, str | None]] = ()
) -> Glossary:
    """A glossary from the files in ``folder`` plus ``(concept, language, term, hs)`` rows."""
    concepts = read_concepts(folder / "concepts")
    for concept_id, language, term, hs in extra_terms:
        known = concepts.get(concept_id)
        empty: tuple[str, ...] = ()
        terms: dict[str, tuple[str, ...]] = (
            dict(known.terms) if known else dict.fromkeys(LANGUAGES, empty)
        )
        terms[language] = (*terms.get(language, ()), term)
        concepts[concept_id] = Concept(
            id=concept_id,
            broader=known.broader if known else None,
            hs=known.hs if known and known.hs else tuple((hs or "").split()),
            terms=terms,
        )
    concept_terms = TermIndex()
    for concept in concepts.values():
        for language, names in concept.terms.items():
            for term in names:
                concept_terms.add(language, term, concept.id)
    attribute_path = folder / "attributes.csv"
    attributes = read_attributes(attribute_path)
    attribute_terms = TermIndex()
    for row in _read_rows(attribute_path, ("attribute", *LANGUAGES)):
        for language in LANGUAGES:
            for term in _split(row.get(language)):
                attribute_terms.add(language, term, row["attribute"].strip())
    stop_stems: set[str] = set()
    stop_han: list[str] = []
    for row in _read_rows(folder / "stopwords.csv", ("language", "terms")):
        for term in _split(row.get("terms")):
            if row["language"].strip() == "zh":
                stop_han.append(fold(term))
            else:
                stop_stems.update(word.stem for word in normalize_text(term).words)
    return Glossary(
        concepts=concepts,
        attributes=attributes,
        concept_terms=concept_terms,
        attribute_terms=attribute_terms,
        stop_stems=frozenset(stop_stems),
        # Longest first, so 原装进口 is removed before 进口.
        stop_han=tuple(sorted(set(stop_han), key=len, reverse=True)),
    )


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The curated glossary of ``resources/glossary``, read once."""
    return build_glossary(resource("glossary"))


def load_glossary(session: Session | None = None) -> Glossary:
    """The curated glossary plus the terms users added to this database."""
    if session is None:
        return shipped_glossary()
    rows = session.execute(
        select(
            GlossaryTerm.concept, GlossaryTerm.language, GlossaryTerm.term, GlossaryTerm.hs_headings
        )
    ).all()
    if not rows:
        return shipped_glossary()
    return build_glossary(
        resource("glossary"), [(r[0], str(r[1]), r[2], r[3]) for r in rows if r[2]]
    )
