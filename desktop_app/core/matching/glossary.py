"""The trilingual glossary: concepts, processing attributes and stop words, and look-ups.

The curated part ships in ``resources/glossary`` (see its README); terms people add in the
application are ``GlossaryTerm`` rows and are merged in by :func:`load_glossary`. A text is
mapped to concepts by longest match: Russian and English terms as sets of word stems (so
"масло подсолнечное" also finds "подсолнечного масла"), Chinese terms as substrings.
Russian words the stemmer leaves whole or cuts apart ("мясо" / "мяса", "семя" / "семена")
are joined to their case forms, English words to their other spelling ("tyres" / "tires"),
when the glossary is built.
"""

from __future__ import annotations

import csv
import logging
import re
import threading
from bisect import bisect_right
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
from desktop_app.core.matching.glossary_reader import GlossaryReader
from desktop_app.core.matching.normalize import Word, fold, normalize_text, stem
from desktop_app.core.paths import resource

LANGUAGES = ("en", "ru", "zh")
# States that are kinds the nomenclature tells apart ("kind:8481806 задвижки").
KIND_PREFIX = "kind:"
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


@dataclass(frozen=True, eq=False)
class TermIndex:
    """Terms of one kind (concepts or attributes) ready for matching; built once by a
    :class:`TermIndexBuilder` and never changed after."""

    # Russian/English: first stem -> [(all stems of the term, term, target ids)], keyed
    # by the one stem each word shares with its case forms (see _case_form_aliases).
    by_stem: dict[str, tuple[tuple[frozenset[str], str, tuple[str, ...]], ...]]
    # Chinese: term -> target ids.
    han: dict[str, tuple[str, ...]]
    han_max: int
    # The stems of all term words.
    vocabulary: frozenset[str]
    # Folded term words -> their stems, for reading typos; the longer ones listed.
    surfaces: dict[str, str]
    surface_list: tuple[str, ...]
    # Russian case forms and English spellings: their stems -> the one stem they share.
    aliases: dict[str, str]
    # Per target: the HS sections of its goods (see hs_sections); a target without any
    # counts as a kind of its own.
    kinds: dict[str, frozenset[str]]
    # Typos read so far (surface -> stem): a memo of :meth:`correct`, owned by the index
    # and so by its glossary, never shared with another.
    _corrections: dict[str, str] = field(default_factory=dict, repr=False)

    def correct(self, word: Word) -> str:
        """The word's stem when a term uses it, else the stem of the term word it misspells.

        Requests are typed in a hurry ("sunflwer", "choclate"); a word of seven letters or
        more one edit (or one swap of neighbours) away from exactly one glossary word is
        taken as that word. Shorter words and larger distances turn real words into
        others ("number" -> "lumber", "skinless" -> "stainless", "инулин" -> "инсулин"),
        so they are left alone.
        """
        stem = self.aliases.get(word.stem, word.stem)
        if len(word.surface) < TYPO_MIN_LENGTH or stem in self.vocabulary:
            return stem
        cached = self._corrections.get(word.surface)
        if cached is None:
            found = process.extract(
                word.surface,
                self.surface_list,
                scorer=OSA.distance,
                score_cutoff=1,
                limit=None,
            )
            stems = {self._canonical(self.surfaces[hit[0]]) for hit in found}
            # Two glossary words one edit away: the typo is ambiguous, keep the word.
            cached = stems.pop() if len(stems) == 1 else stem
            self._corrections[word.surface] = cached
        return cached

    def _canonical(self, stem: str) -> str:
        return self.aliases.get(stem, stem)


class TermIndexBuilder:
    """Collects the terms of one kind (concepts or attributes); :meth:`build` makes the
    :class:`TermIndex` a glossary holds."""

    def __init__(self) -> None:
        """An empty builder."""
        self.by_stem: dict[str, list[tuple[frozenset[str], str, tuple[str, ...]]]] = {}
        self.han: dict[str, tuple[str, ...]] = {}
        self.han_max = 1
        self.surfaces: dict[str, str] = {}
        # Per surface word: the targets it names, and those of the terms it opens.
        self.surface_targets: dict[str, set[str]] = {}
        self.head_targets: dict[str, set[str]] = {}

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
            self.surfaces.setdefault(word.surface, word.stem)
            self.surface_targets.setdefault(word.surface, set()).add(target)
        if words:
            self.head_targets.setdefault(words[0].surface, set()).add(target)
        stems = [word.stem for word in words]
        stems += list(normalize_text(term).codes)
        if not stems:
            return
        entries = self.by_stem.setdefault(stems[0], [])
        for index, (known, text, targets) in enumerate(entries):
            if known == frozenset(stems) and text == term:
                entries[index] = (known, text, (*targets, target))
                return
        entries.append((frozenset(stems), term, (target,)))

    def build(self, kinds: dict[str, frozenset[str]] | None = None) -> TermIndex:
        """The index of the terms added, each word's case forms joined to it (see
        :func:`_case_form_aliases`); ``kinds`` are the HS sections of each target."""
        kinds = dict(kinds or {})
        vocabulary = {
            stem for entries in self.by_stem.values() for stems, _, _ in entries for stem in stems
        }
        aliases = _case_form_aliases(
            self.surfaces, self.surface_targets, self.head_targets, kinds, vocabulary
        )

        def canonical(stem: str) -> str:
            return aliases.get(stem, stem)

        by_stem: dict[str, list[tuple[frozenset[str], str, tuple[str, ...]]]] = {}
        for key, entries in self.by_stem.items():
            for stems, term, targets in entries:
                by_stem.setdefault(canonical(key), []).append(
                    (frozenset(canonical(s) for s in stems), term, targets)
                )
        return TermIndex(
            by_stem={key: tuple(entries) for key, entries in by_stem.items()},
            han=dict(self.han),
            han_max=self.han_max,
            vocabulary=frozenset(canonical(stem) for stem in vocabulary),
            surfaces=dict(self.surfaces),
            surface_list=tuple(sorted(s for s in self.surfaces if len(s) >= TYPO_MIN_LENGTH - 1)),
            aliases=aliases,
            kinds=kinds,
        )


_HARD_AFTER = "гкхжшщч"
_RUSSIAN_VOWELS = frozenset("аеиоуыэюя")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
# Short nouns that do not decline: their "forms" would be other words ("поло" / "пола").
_INDECLINABLE = frozenset(
    "поло кофе филе пюре киви тофу саке желе суши мисо пони манго соба".split()  # noqa: SIM905
)


def _stems_regularly(word: str, own: str) -> bool:
    """True when the stemmer takes off no more than the word's ending ("масло" -> "масл");
    "состав" -> "соста" or "массив" -> "масс" are irregular, and so are their forms."""
    if word[-1] in _CONSONANTS:
        return own == word
    return own in (word[:-1], word[:-2])


def _russian_case_forms(word: str, own: str) -> tuple[str, ...]:
    """Case forms of a Russian noun in the singular and plural, by its ending.

    Only for the words the stemmer cannot join to their forms: words of three or four
    letters, which are kept unstemmed ("мясо" / "мяса", "икра" / "икры", "хек" / "хека"),
    nouns in -ь, -й and -мя, whose forms Snowball stems apart ("лосось" / "лососи",
    "кипрей" / "кипрея", "семя" / "семена"), and words it cuts short ("состав" /
    "состава"). Fleeting vowels ("лен" / "льна") are beyond the rule.
    """
    if len(word) < 3 or word in _INDECLINABLE or not _RUSSIAN_VOWELS.intersection(word):
        return ()  # abbreviations ("пвх", "дт") do not decline
    irregular = word.endswith(("ь", "мя", "ей", "ай")) or not _stems_regularly(word, own)
    if len(word) > 4 and not irregular:
        return ()
    base, last = word[:-1], word[-1]
    plural = "и" if word[-2:-1] in _HARD_AFTER else "ы"
    # The genitive, the plural and the instrumental first: the forms names use most.
    if word.endswith("мя"):
        endings: tuple[str, ...] = ("ени", "ена", "енем", "ян")
    elif last == "а":
        endings = (plural, "ой", "е", "у")
    elif last == "я":
        endings = ("и", "ей", "е", "ю")
    elif last == "о":
        endings = ("а", "ом", "е", "у")
    elif last == "е":
        endings = ("я", "ем", "ю")
    elif last in "ьй":
        endings = ("и", "я", "ем", "ью", "ю", "ей")
    elif last in _CONSONANTS:
        base = word
        plural = "и" if last in _HARD_AFTER else "ы"
        sibilant = last in "жшщчц"
        endings = ("а", plural, "ем" if sibilant else "ом", "у", "е", "ей" if sibilant else "ов")
    else:
        return ()
    if len(word) > 4:
        endings = endings[:3]  # stemming is slow in pure Python: the commonest forms only
    return tuple(base + ending for ending in endings)


# British and American spellings of one word ("fertiliser" / "fertilizer" is the -ise rule).
BRITISH_AMERICAN = (
    ("aluminium", "aluminum"), ("fibre", "fiber"), ("sulph", "sulf"), ("tyre", "tire"),
    ("colour", "color"), ("grey", "gray"), ("yoghurt", "yogurt"), ("mould", "mold"),
    ("flavour", "flavor"), ("jewellery", "jewelry"), ("plough", "plow"), ("odour", "odor"),
    ("catalogue", "catalog"), ("centre", "center"), ("draught", "draft"),
)  # fmt: skip
_ISE_IZE = re.compile(r"(?<=[a-z]{3})i([sz])(e|ed|es|ing|ation|ations|er|ers)$")


def english_spellings(word: str) -> tuple[str, ...]:
    """The word in the other spelling, British or American ("tyres" / "tires",
    "galvanised" / "galvanized"); none when it has no other."""
    forms = []
    for british, american in BRITISH_AMERICAN:
        if british in word:
            forms.append(word.replace(british, american))
        elif american in word:
            forms.append(word.replace(american, british))
    match = _ISE_IZE.search(word)
    if match:
        other = "z" if match.group(1) == "s" else "s"
        forms.append(f"{word[: match.start()]}i{other}{match.group(2)}")
    return tuple(forms)


def _kinds(targets: set[str], kinds: dict[str, frozenset[str]]) -> set[str]:
    return {kind for target in targets for kind in kinds.get(target) or (target,)}


# The first chapter of each HS section (I: 01-05 animals, II: 06-14 vegetables, ...).
_SECTION_STARTS = (1, 6, 15, 16, 25, 28, 39, 41, 44, 47, 50, 64, 68, 71, 72, 84, 86, 90, 93, 94, 97)


def hs_sections(concepts: dict[str, Concept]) -> dict[str, frozenset[str]]:
    """The HS sections (numbered from 1) of each concept's headings, or of its nearest
    broader concept's."""
    found: dict[str, frozenset[str]] = {}
    for concept_id, concept in concepts.items():
        seen = {concept_id}
        current: Concept | None = concept
        while current is not None and not current.hs and current.broader not in seen:
            seen.add(current.broader or "")
            current = concepts.get(current.broader or "")
        codes = current.hs if current is not None else ()
        found[concept_id] = frozenset(
            str(bisect_right(_SECTION_STARTS, int(code[:2])))
            for code in codes
            if code[:2].isdigit()
        )
    return found


def _case_form_aliases(
    surfaces: dict[str, str],
    targets: dict[str, set[str]],
    heads: dict[str, set[str]],
    kinds: dict[str, frozenset[str]],
    vocabulary: set[str],
) -> dict[str, str]:
    """Stems of term words and of their other forms -> one stem per word: the case
    forms of Russian words, the other spelling of English ones ("tyres" / "tires").

    A form that the glossary also lists as a word is joined to it ("мяса" in "фарш из
    мяса" and "мясо"; "воды" in "счетчик воды" and "вода"; "козы" and "коз"), unless
    the form opens terms only of goods of other HS sections than the word names: then
    it is a word of its own, a homonym ("туши" in "туши бараньи", carcasses, is also the
    genitive of "тушь", mascara; "леса строительные", scaffolding, of "лес"). A form
    whose stem is another term word's stem ("медями" stems to "мед", honey, not "медь",
    copper), or a form of two different term words, is left out: the look-up never
    reads one word of the glossary as another.
    """
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    forms_of: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for surface, own in surfaces.items():
        by_stem.setdefault(own, set()).add(surface)
    for surface, own in surfaces.items():
        if "а" <= surface[:1] <= "я":
            forms = _russian_case_forms(surface, own)
            if not _stems_regularly(surface, own) and by_stem[own] - {surface, *forms}:
                forms = ()  # cut short to another word's stem ("магнит" -> "магн", as "магний")
        else:
            forms = english_spellings(surface)
        for form in forms:
            form_stem = stem(form)
            if form_stem == own:
                continue
            if form_stem not in vocabulary:
                forms_of.setdefault(form_stem, set()).add(own)
            elif surfaces.get(form) == form_stem and (
                not heads.get(form) or _kinds(heads[form], kinds) & _kinds(targets[surface], kinds)
            ):
                first, second = sorted((root(own), root(form_stem)), key=lambda s: (len(s), s))
                if first != second:
                    parent[second] = first
    aliases = {item: root(item) for item in parent}
    for form_stem, owners in forms_of.items():
        roots = {root(own) for own in owners}
        if len(roots) == 1:
            aliases[form_stem] = roots.pop()
    return aliases


@dataclass(frozen=True, eq=False)
class Glossary:
    """Concepts, attributes and stop words with their term indexes: frozen once built.

    A term a user adds builds a new glossary (:func:`load_glossary`), so a run holds
    the one it started with. Equality and hashing are by identity; the analyses made
    with it are memoized in its own :attr:`reader`.
    """

    concepts: dict[str, Concept]
    attributes: dict[str, Attribute]
    concept_terms: TermIndex
    attribute_terms: TermIndex
    stop_stems: frozenset[str]
    stop_han: tuple[str, ...]
    # Stop words of the kind ``grade`` ("высший сорт", "premium", "特级"): set aside from
    # the names like all stop words, but kept to order offers of one good by the grade
    # the request asks for.
    grade_stems: frozenset[str] = frozenset()
    grade_han: frozenset[str] = frozenset()
    # Each concept's broader concepts, nearest first (asked for millions of times while
    # scoring); made by build_glossary, computed on demand when empty.
    ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    reader: GlossaryReader = field(default_factory=GlossaryReader, repr=False)

    def ancestors(self, concept_id: str) -> tuple[str, ...]:
        """The broader concepts of ``concept_id``, nearest first (cycles are cut)."""
        found = self.ancestry.get(concept_id)
        if found is None:
            found = _ancestors(self.concepts, concept_id)
        return found

    def hs_of(self, concept_id: str) -> tuple[str, ...]:
        """HS codes of a concept, or of its nearest broader concept that has some."""
        for current in (concept_id, *self.ancestors(concept_id)):
            concept = self.concepts.get(current)
            if concept is not None and concept.hs:
                return concept.hs
        return ()

    def title(self, concept_id: str, language: str = "en") -> str | None:
        """A concept as people call it in ``language`` ("ru", "en", "zh"): its first term
        there, else in English, Russian or Chinese; ``None`` for a concept not held."""
        concept = self.concepts.get(concept_id)
        if concept is None:
            return None
        for code in (language, "en", "ru", "zh"):
            if terms := concept.terms.get(code):
                return terms[0]
        return None

    def attribute_group(self, attribute: str) -> str | None:
        """The group of rival states an attribute belongs to; a kind the nomenclature
        tells apart (``kind:8481806 задвижки``) is in the group of its heading."""
        if attribute.startswith(KIND_PREFIX):
            return KIND_PREFIX + attribute[len(KIND_PREFIX) :][:4]
        known = self.attributes.get(attribute)
        return known.group if known is not None else None

    def compatible(self, first: str, second: str) -> bool:
        """True when two attributes of one group do not separate goods."""
        if first == second:
            return True
        if first.startswith(KIND_PREFIX) and second.startswith(KIND_PREFIX):
            # A kind and a narrower line of it (8481 80 and 8481 80 6) agree.
            a_code, b_code = kind_code(first), kind_code(second)
            return a_code.startswith(b_code) or b_code.startswith(a_code)
        a, b = self.attributes.get(first), self.attributes.get(second)
        if a is None or b is None or a.group != b.group:
            return True
        return second in a.compatible or first in b.compatible


def declared_kind_state(attribute: str) -> bool:
    """Whether a state is the kind of a declared code ("kind:854460 (HS 854460)")."""
    return attribute.startswith(KIND_PREFIX) and attribute.endswith(")") and "(HS " in attribute


# How the kind a concept term names is marked ("kind:853610 熔断器 (term)").
TERM_KIND_MARK = " (term)"


def kind_agrees_elsewhere(attribute: str) -> bool:
    """Whether a kind's agreement is counted by another part already, so that it only
    ever separates: a declared subheading's (the HS part) and a concept term's (the
    concept part: both sides named the concept)."""
    return declared_kind_state(attribute) or (
        attribute.startswith(KIND_PREFIX) and attribute.endswith(TERM_KIND_MARK)
    )


def kind_code(attribute: str) -> str:
    """The nomenclature code of a kind state ("kind:8481806 задвижки" -> "8481806")."""
    return attribute[len(KIND_PREFIX) :].split(" ", 1)[0]


def _ancestors(concepts: dict[str, Concept], concept_id: str) -> tuple[str, ...]:
    chain: list[str] = []
    current = concepts.get(concept_id)
    while current is not None and current.broader and current.broader not in chain:
        chain.append(current.broader)
        current = concepts.get(current.broader)
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
    concept_builder = TermIndexBuilder()
    for concept in concepts.values():
        for language, names in concept.terms.items():
            for term in names:
                concept_builder.add(language, term, concept.id)
    concept_terms = concept_builder.build(hs_sections(concepts))
    attribute_path = folder / "attributes.csv"
    attributes = read_attributes(attribute_path)
    attribute_builder = TermIndexBuilder()
    for row in _read_rows(attribute_path, ("attribute", *LANGUAGES)):
        for language in LANGUAGES:
            for term in _split(row.get(language)):
                attribute_builder.add(language, term, row["attribute"].strip())
    attribute_terms = attribute_builder.build()
    stop_stems: set[str] = set()
    stop_han: list[str] = []
    grade_stems: set[str] = set()
    grade_han: set[str] = set()
    for row in _read_rows(folder / "stopwords.csv", ("language", "terms")):
        grade = (row.get("kind") or "").strip() == "grade"
        for term in _split(row.get("terms")):
            if row["language"].strip() == "zh":
                stop_han.append(fold(term))
                if grade:
                    grade_han.add(fold(term))
            else:
                found = {word.stem for word in normalize_text(term).words}
                stop_stems.update(found)
                if grade:
                    grade_stems.update(found)
    return Glossary(
        concepts=concepts,
        attributes=attributes,
        concept_terms=concept_terms,
        attribute_terms=attribute_terms,
        stop_stems=frozenset(stop_stems),
        # Longest first, so 原装进口 is removed before 进口.
        stop_han=tuple(sorted(set(stop_han), key=len, reverse=True)),
        grade_stems=frozenset(grade_stems),
        grade_han=frozenset(grade_han),
        ancestry={concept_id: _ancestors(concepts, concept_id) for concept_id in concepts},
    )


_building = threading.RLock()


def shipped_glossary() -> Glossary:
    """The curated glossary of ``resources/glossary``, read once.

    Built by one thread at a time: the GUI's preload, a screen's concept titles and a
    task on the worker may all ask first, and each build takes seconds of CPU.
    """
    with _building:
        return _read_shipped_glossary()


@lru_cache(maxsize=1)
def _read_shipped_glossary() -> Glossary:
    # Read from the user's cache when this version was built before (2 s of CPU saved).
    from desktop_app.core.matching.glossary_cache import cached

    return cached(lambda: build_glossary(resource("glossary")), Glossary)


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
