"""Kinds of a good as the nomenclature tells them apart, read in a name.

``resources/matching/nomenclature_kinds.csv`` (built by a program from the ten-digit
TN VED lines and the HS 2022 subheadings, see ``build_nomenclature_kinds.py`` beside it)
lists per heading the words that tell its lines apart: 8481 "задвижки", "клапаны
обратные", "затворы дисковые поворотные"; 8413 "насосы винтовые", "centrifugal"; 2523
"цемент белый", "aluminous". A name that reads as a good of a heading is looked up for
the kinds of that heading it names: Russian and English words directly, Chinese words
through their English senses (CC-CEDICT, the dictionary bridge: 离心泵 "centrifugal
pump"). Each kind becomes a state of the group of its heading, so two sides naming
different kinds of one heading conflict like two processing states, and a side naming
none (a generic request, 阀门, "valves") meets every kind.

A kind is named only by its distinguishing words: words most kinds of the heading share
(насосы in 8413) and the words of the heading's own title are not kinds. A Russian kind is
a modifier of a good (at least one adjective) and needs all its nouns and one of its
adjectives ("насосы винтовые" from "насос винтовой"); a noun alone ("палтус", "вино",
"задвижки") is a good of its own or another name of the heading's, left to the glossary's
concepts. An English kind needs one of its words found in at most two kinds of the
heading.
Of two kinds a name gives, one inside the other (8481 80 and its line 8481 80 6), the
narrower is kept.

A declared code of six digits or more states its subheading as a kind (see
:func:`declared_kind`), unless its TN VED line is a residual one or a size or power band.

Where one glossary concept holds several goods, the line each of its terms names is a kind
too (see :func:`term_kind`): Chinese and English terms in the HS 2022 six-digit texts,
Russian ones in the ten-digit TN VED lines read through their parent levels
(``resources/matching/tnved_paths.tsv.gz``), the latter only in a concept whose Russian
terms name kinds that exclude each other (:func:`lumped_concept`).
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.matching.glossary import KIND_PREFIX, TERM_KIND_MARK, Glossary
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.matching.nomenclature_stems import nomenclature_stems
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_texts import hs2022_texts

# A stem in this share of a heading's kinds or more is the heading's good, not a kind.
GENERIC_SHARE = 0.4
# An English kind word found in more kinds of its heading than this tells none apart.
ENGLISH_MAX_KINDS = 2
_ADJECTIVE_ENDINGS = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ых", "их", "ую",
)  # fmt: skip
# Words of a Chinese name read through the dictionary: its first senses only.
SENSES_PER_WORD = 2


@dataclass(frozen=True, slots=True)
class NomenclatureKind:
    """One kind of a heading: its code, a label and the stems that name it."""

    code: str
    label: str
    # Russian: nouns all needed, one adjective needed when there are any. English:
    # any one of ``adjectives`` (its distinguishing words), ``nouns`` empty.
    nouns: frozenset[str]
    adjectives: frozenset[str]

    @property
    def heading(self) -> str:
        """The four-digit heading the kind belongs to."""
        return self.code[:4]

    def named_by(self, stems: set[str] | frozenset[str]) -> bool:
        """Whether a text with these stems names this kind."""
        if self.adjectives.isdisjoint(stems):
            return False
        return all(noun in stems or _short_form_in(noun, stems) for noun in self.nouns)


@dataclass(frozen=True)
class KindIndex:
    """The kinds per heading, and each kind's attribute id and group."""

    by_heading: dict[str, tuple[NomenclatureKind, ...]]

    def named(self, headings: set[str], stems: set[str] | frozenset[str]) -> frozenset[str]:
        """The kinds these stems name within these headings, as states, the narrowest of
        each line (a kind whose code holds another named kind's is dropped)."""
        found = {
            kind.code: kind
            for heading in headings
            for kind in self.by_heading.get(heading, ())
            if kind.named_by(stems)
        }
        return frozenset(
            kind_attribute(kind)
            for code, kind in found.items()
            if not any(other != code and other.startswith(code) for other in found)
        )


def _short_form_in(noun: str, stems: set[str] | frozenset[str]) -> bool:
    """Words of up to four letters are not stemmed: "вина" is met by "вино" (same length,
    all but the last letter shared)."""
    if len(noun) > 4:
        return False
    return any(len(s) == len(noun) and s[:-1] == noun[:-1] for s in stems)


def _plural_noun(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ous", "ss", "is", "us"))


def _stems(text: str) -> list[tuple[str, str]]:
    return [(word.surface, word.stem) for word in normalize_text(text).words]


def build_kind_index(rows: list[tuple[str, str, str]], titles: dict[str, str]) -> KindIndex:
    """A kind index from ``(code, language, words)`` rows and the heading titles."""
    by_heading: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = defaultdict(list)
    for code, language, words in rows:
        by_heading[code[:4]].append((code, language, _stems(words)))
    index: dict[str, tuple[NomenclatureKind, ...]] = {}
    for heading, entries in by_heading.items():
        title = {stem for _, stem in _stems(titles.get(heading, ""))}
        for language in ("ru", "en"):
            own = [(c, w) for c, lang, w in entries if lang == language]
            if not own:
                continue
            counts = Counter(stem for _, pairs in own for stem in {s for _, s in pairs})
            generic = {
                s for s, n in counts.items() if len(own) >= 3 and n >= GENERIC_SHARE * len(own)
            }
            merged: dict[frozenset[str], set[str]] = defaultdict(set)
            nouns_of: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}
            labels: dict[frozenset[str], str] = {}
            for code, pairs in own:
                kept = [(s, st) for s, st in pairs if st not in generic and len(st) > 2]
                if language == "en":
                    # Modifiers, not nouns: HS names goods in the plural ("turbots",
                    # "clinkers"), their kinds by adjectives ("centrifugal", "white").
                    distinct = {
                        st
                        for surface, st in kept
                        if counts[st] <= ENGLISH_MAX_KINDS and not _plural_noun(surface)
                    } - title
                    nouns: frozenset[str] = frozenset()
                    adjectives = frozenset(distinct)
                else:
                    nouns = frozenset(st for s, st in kept if not s.endswith(_ADJECTIVE_ENDINGS))
                    adjectives = frozenset(st for s, st in kept if s.endswith(_ADJECTIVE_ENDINGS))
                    if not adjectives - title:
                        # A kind is a modifier of the heading's good ("насосы винтовые",
                        # "цемент белый"); a noun alone is a good of its own or another
                        # word for the heading's ("палтус", "вино", "задвижки"), which
                        # the glossary's concepts tell apart.
                        continue
                if not nouns and not adjectives:
                    continue
                key = nouns | adjectives | frozenset({language})
                merged[key].add(code)
                nouns_of[key] = (nouns, adjectives)
                labels.setdefault(key, " ".join(s for s, _ in pairs))
            kinds = list(index.get(heading, ()))
            for key, codes in merged.items():
                code = _common_prefix(codes)
                if len(code) < 5:
                    continue
                nouns, adjectives = nouns_of[key]
                kinds.append(NomenclatureKind(code, labels[key], nouns, adjectives))
            index[heading] = tuple(kinds)
    return KindIndex(index)


def _common_prefix(codes: set[str]) -> str:
    first, last = min(codes), max(codes)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def heading_titles() -> dict[str, str]:
    """The TN VED and HS 2022 texts of each heading (the generator's input: words of a
    heading's own title name its good, not a kind)."""
    titles: dict[str, str] = defaultdict(str)
    with resource("tnved", "tnved.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("code", "")
            if code.isdigit() and len(code) == 4:
                titles[code] += " " + row.get("description", "")
    for code, text in hs2022_texts().items():
        if len(code) == 4:
            titles[code] += " " + text
    return titles


@lru_cache(maxsize=1)
def kind_index() -> KindIndex:
    """The shipped kinds, read once per process; their stems were computed when the file
    was built, so nothing is stemmed here."""
    by_heading: dict[str, list[NomenclatureKind]] = defaultdict(list)
    with resource("matching", "nomenclature_kinds.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            kind = NomenclatureKind(
                row["code"],
                row["label"],
                frozenset(row["nouns"].split()),
                frozenset(row["adjectives"].split()),
            )
            by_heading[kind.heading].append(kind)
    return KindIndex({heading: tuple(kinds) for heading, kinds in by_heading.items()})


# How the TN VED line of a subheading opens when it is a residual one ("прочие": sellers
# declare propane-butane mixtures in 2711 19 that a buyer asks for as propane, 2711 12) or
# a size, power or content band of one good (8504 21 "мощностью не более 650 кВА", 8504 22
# "мощностью более 650 кВА"): such a line states no kind.
_NO_KIND_OPENERS = (
    "проч", "мощност", "масс", "вес", "толщин", "ширин", "диаметр", "длин", "напряжен",
    "емкост", "объем", "содержан", "с содержанием", "не ", "более", "менее", "до ", "от ",
    "с ", "в ", "на ", "для ", "из ", "кроме",
)  # fmt: skip


@lru_cache(maxsize=1)
def _subheading_lines() -> dict[str, str]:
    """The own line of each TN VED subheading (the last level of its description)."""
    lines: dict[str, str] = {}
    with resource("tnved", "tnved.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("code", "")
            if code.isdigit() and len(code) == 6:
                own = row.get("description", "").rsplit(":", 1)[-1]
                lines[code] = own.strip().lower().lstrip("–- ")
    return lines


def declared_kind(code: str) -> frozenset[str]:
    """The kind a declared code of six digits or more states: its subheading
    ("kind:854460 (HS 854460)"), unless the subheading's TN VED line is a residual one or
    a size or power band of one good (see ``_NO_KIND_OPENERS``): a designation or band
    orders the offers of one good, it does not make them another good."""
    if len(code) < 6 or not code[:6].isdigit():
        return frozenset()
    line = _subheading_lines().get(code[:6])
    if line is None or not line or line.startswith(_NO_KIND_OPENERS):
        return frozenset()
    return frozenset({f"{KIND_PREFIX}{code[:6]} (HS {code[:6]})"})


def kind_attribute(kind: NomenclatureKind) -> str:
    """The state id of a kind ("kind:848130 клапаны обратные"); its group is the heading
    (see :meth:`Glossary.attribute_group`)."""
    return f"{KIND_PREFIX}{kind.code} {kind.label}"


# A word found in this share of a heading's subheadings or more names the heading's good
# (or a condition: "voltage", "exceeding"), not one subheading's.
TERM_GENERIC_SHARE = 0.4
# English senses of a Chinese term read for its subheading (its first ones).
TERM_SENSES = 2


@lru_cache(maxsize=1)
def _english_subheading_stems() -> dict[str, dict[str, frozenset[str]]]:
    """Per HS heading, the distinguishing stems of each of its subheadings' English texts
    (the part after the good's name, "Electrical apparatus; fuses, ..."), without the
    stems most of the heading's subheadings share."""
    texts: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    # The texts' stems as shipped (nomenclature_stems): stemming them cost every reading
    # process about a second.
    for code, stems in nomenclature_stems().hs.items():
        if len(code) == 6:
            texts[code[:4]][code] = stems.every
    found: dict[str, dict[str, frozenset[str]]] = {}
    for heading, codes in texts.items():
        counts = Counter(stem for stems in codes.values() for stem in stems)
        generic = {s for s, n in counts.items() if n >= TERM_GENERIC_SHARE * len(codes)}
        found[heading] = {code: frozenset(stems - generic) for code, stems in codes.items()}
    return found


@lru_cache(maxsize=1)
def _russian_line_stems() -> dict[str, dict[str, frozenset[str]]]:
    """Per heading, the stems of each ten-digit TN VED line's levels below the heading
    ("реле: прочие" for 8536 49 000 0), as ``build_tnved_paths.py`` wrote them."""
    found: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    with gzip.open(resource("matching", "tnved_paths.tsv.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            code, _path, stems = line.rstrip("\n").split("\t")
            # Interned: a few thousand stems recur across the 13,289 lines.
            found[code[:4]][code] = frozenset(sys.intern(stem) for stem in stems.split())
    return dict(found)


def _is_adjective(surface: str) -> bool:
    return surface.endswith(_ADJECTIVE_ENDINGS)


def _russian_term_lines(term: str, headings: tuple[str, ...]) -> tuple[set[str], int]:
    """The ten-digit lines of these headings whose levels name a Russian term, and how many
    lines the headings have. Every noun of the term must be in a line (a short word in a
    form of the same length: "таль" / "тали"); an adjective no line of the headings uses
    ("реле промежуточное") is left out, one that a line uses must be there too
    ("выключатель автоматический" is 8536 20, "выключатель" also 8536 50)."""
    index = _russian_line_stems()
    lines = {code: stems for h in headings for code, stems in index.get(h, {}).items()}
    if len(lines) < 2:
        return set(), len(lines)
    words = [(w.surface, w.stem) for w in normalize_text(term).words if w.script == "ru"]
    known = set().union(*lines.values())
    needed = [
        stem
        for surface, stem in words
        if len(stem) > 2 and not (_is_adjective(surface) and stem not in known)
    ]
    if not needed or not any(not _is_adjective(s) for s, st in words if st in needed):
        return set(), len(lines)
    matched = {
        code
        for code, stems in lines.items()
        if all(stem in stems or _short_form_in(stem, stems) for stem in needed)
    }
    return matched, len(lines)


@lru_cache(maxsize=65536)
def term_kind(term: str, headings: tuple[str, ...]) -> str:
    """The subheading or line (five digits or more) a concept term names within the
    headings of its good: 熔断器 "fuse" is 8536 10, 继电器 "relay" 8536 4, "sockets"
    8536 69, "таль" 8425 1, "домкрат" 8425 4 — the glossary files them as one concept, the
    nomenclature tells them apart. Chinese and English terms are read in the HS 2022
    six-digit texts (a Chinese term through its English senses), Russian ones in the
    ten-digit TN VED lines read through their parent levels (8536 49 is "реле: прочие").
    Empty when the term names none, every line, or lines of more than one five-digit group
    (a generic term: "выключатель" is in 8536 20 "выключатели автоматические" and 8536 50)."""
    if cyrillic(term):
        lines, total = _russian_term_lines(term, headings)
        if not lines or len(lines) == total:
            return ""
        line = _common_prefix(lines)
        return line if len(line) >= 5 else ""
    index = _english_subheading_stems()
    subheadings = {code: stems for h in headings for code, stems in index.get(h, {}).items()}
    if len(subheadings) < 2:
        return ""
    if any("\u4e00" <= char <= "\u9fff" for char in term):
        from desktop_app.core.matching.senses import english_senses

        readings = english_senses(term)[:TERM_SENSES]
    elif term.isascii():
        readings = (term,)
    else:
        return ""
    words = set().union(*subheadings.values())
    matched: set[str] = set()
    for reading in readings:
        stems = {w.stem for w in normalize_text(reading).words if len(w.stem) > 2}
        stems &= words
        if stems:
            matched |= {code for code, own in subheadings.items() if stems <= own}
    if not matched or len(matched) == len(subheadings):
        return ""
    code = _common_prefix(matched)
    return code if len(code) >= 5 else ""


def cyrillic(term: str) -> bool:
    """Whether a term is written in Cyrillic (read in the TN VED lines)."""
    return any("\u0400" <= char <= "\u04ff" for char in term)


@per_glossary(maxsize=65536)
def lumped_concept(concept_id: str, glossary: Glossary) -> bool:
    """Whether a concept's Russian terms name kinds that exclude each other (one concept
    holding several goods: "реле", "розетки" and "предохранители" in low-voltage devices;
    "таль" and "домкрат" in hoists). Only there a Russian term's kind is read: where the
    Russian terms name one kind or none, the concept is the good already, and reading its
    kind could only set it against the other languages' readings of the same good."""
    concept = glossary.concepts.get(concept_id)
    if concept is None:
        return False
    headings = tuple(sorted({code[:4] for code in glossary.hs_of(concept_id) if len(code) >= 4}))
    if not headings:
        return False
    codes = {term_kind(term, headings) for term in concept.terms.get("ru", ())} - {""}
    return any(not (a.startswith(b) or b.startswith(a)) for a in codes for b in codes)


def term_kinds(terms: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    """The kinds (states of their heading's group) the concept terms of a name give,
    each ``(term, HS codes of its concept)``: see :func:`term_kind`."""
    found = set()
    for term, codes in terms:
        headings = tuple(sorted({code[:4] for code in codes if len(code) >= 4}))
        code = term_kind(term, headings) if headings else ""
        if code:
            found.add(f"{KIND_PREFIX}{code} {term}{TERM_KIND_MARK}")
    return frozenset(found)
