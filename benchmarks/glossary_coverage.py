"""Generalization check of the trilingual glossary that uses no gold rows.

Every term of every concept is read back through the matcher's own look-up
(``term_lookup.analyse_text``, the one that reads product names and requests) and must
name its concept again, and so must the forms a trader writes it in:

- **self**: the term itself (a term hidden by a longer term of another concept, by an
  attribute or by the stop words fails here);
- **collisions**: a term that also names a concept of another HS heading, neither broader
  nor narrower than its own (the same word for two different goods);
- **traditional**: Chinese terms written in Traditional characters (OpenCC ``s2t``,
  ``s2tw``, ``s2hk``: Taiwan and Hong Kong buyers);
- **russian forms**: the genitive singular and nominative plural of a Russian term
  ("масла подсолнечного", "семена льна"), made by the rules of :func:`russian_forms`;
- **english plurals**: the plural of an English term's last word ("sunflower seeds");
- **spelling**: an English term in the other spelling, British or American ("tires",
  "galvanized"), by the loader's own list (``glossary.english_spellings``);
- **padded**: a Chinese term that is an origin, trade or logistics stop word plus another
  term of its concept (俄罗斯伏特加 beside 伏特加): the stop word inside a term is not
  set aside, so such a term keeps trade noise in the compared text.

    .venv/bin/python benchmarks/glossary_coverage.py [--show N] [--strict]

The last line is ``terms=<n> self=<a> collisions=<b> traditional=<c> russian=<d>
english=<e> spelling=<f>
padded=<g>`` (failures per check); ``--strict`` exits 1 when any is above zero.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from opencc import OpenCC

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.matching.glossary import Glossary, english_spellings, shipped_glossary
from desktop_app.core.matching.term_lookup import analyse_text
from desktop_app.core.paths import resource

TRADITIONAL = ("s2t", "s2tw", "s2hk")

_VELAR_SIBILANT = "гкхжшщч"
_SIBILANT = "жшщчц"
# Nouns that do not decline ("филе минтая", "кофе растворимый").
_INDECLINABLE = frozenset(
    [
        "кофе",
        "какао",
        "филе",
        "пюре",
        "кешью",
        "киви",
        "манго",
        "авокадо",
        "бренди",
        "виски",
        "мюсли",
        "желе",
        "саке",
        "эскимо",
        "кольраби",
        "пони",
        "кимчи",
        "тофу",
        "суши",
        "сакура",
        "соба",
    ]
)
# Plurals in -а ("белила цинковые"; "леса строительные", scaffolding).
_PLURAL = frozenset(("белила", "чернила", "дрова", "леса", "одеяла", "ворота"))
# Adjectives in -ний (soft stem); other words in -ий are nouns (алюминий, магний, калий).
_SOFT_ADJECTIVES = ("нний", "хний", "жний", "дний", "синий", "летний", "зимний")
_PREPOSITIONS = frozenset(
    ["в", "во", "с", "со", "из", "на", "для", "без", "под", "по", "от", "до", "и", "или"]
)


def _adjective_forms(word: str) -> tuple[str, ...] | None:
    """Genitive singular and nominative plural of an adjective, or None for a noun."""
    stem, ending = word[:-2], word[-2:]
    hard_plural = "ие" if stem[-1:] in _VELAR_SIBILANT else "ые"
    if ending == "ые" or (ending == "ие" and stem[-1:] in _VELAR_SIBILANT and word != "оружие"):
        return stem + "ых", word  # already plural ("свиные ребра")
    if ending == "ый":
        return stem + "ого", stem + "ые"
    if ending == "ой" and len(word) > 4:
        return stem + "ого", stem + hard_plural
    if ending == "ий" and (stem[-1:] in _VELAR_SIBILANT or word.endswith(_SOFT_ADJECTIVES)):
        genitive = "ого" if stem[-1:] in "гкх" else "его"
        return stem + genitive, stem + "ие"
    if ending == "ая":
        genitive = "ей" if stem[-1:] in _SIBILANT else "ой"
        return stem + genitive, stem + hard_plural
    if ending == "яя":
        return stem + "ей", stem + "ие"
    if ending == "ое" and len(word) > 4:
        return stem + "ого", stem + hard_plural
    if ending == "ее" and len(word) > 4:
        return stem + "его", stem + "ие"
    return None


def _noun_forms(word: str) -> tuple[str, ...]:
    """Genitive singular and nominative plural of a noun (no fleeting vowels)."""
    if word in _INDECLINABLE or word in _PLURAL or word.endswith(("ы", "и")):
        return ()
    last, before = word[-1], word[-2:-1]
    soft_or_hard = "и" if before in _VELAR_SIBILANT else "ы"
    consonant_plural = "и" if last in _VELAR_SIBILANT else "ы"
    if word.endswith("мя"):
        return word[:-1] + "ени", word[:-1] + "ена"
    if word.endswith("ие"):
        return (word[:-1] + "я",)
    if word.endswith("ий"):
        return word[:-1] + "я", word[:-1] + "и"
    if last == "а":
        return (word[:-1] + soft_or_hard,)
    if last == "я":
        return (word[:-1] + "и",)
    if last == "о":
        return (word[:-1] + "а",)
    if last == "е":
        return (word[:-1] + ("а" if before in _SIBILANT else "я"),)
    if last == "ь":
        return (word[:-1] + "и",)
    if last == "й":
        return word[:-1] + "я", word[:-1] + "и"
    if last in "бвгджзклмнпрстфхцчшщ":
        return word + "а", word + consonant_plural
    return ()


def russian_forms(term: str) -> list[str]:
    """The genitive singular and nominative plural of a Russian term.

    Adjectives agree with the head noun, which is the first noun; words after it
    (a genitive complement: "филе минтая") and after a preposition ("в скорлупе")
    stay as they are. Fleeting vowels ("лен" -> "льна") are beyond these rules.
    """
    words = term.split()
    forms: list[list[str]] = [[], []]
    head_done = False
    frozen = False
    for word in words:
        vowels = [char in "аеиоуыэюя" for char in word]
        abbreviation = not any(vowels) or (len(word) == 3 and vowels == [True, False, False])
        if word in _PREPOSITIONS or "-" in word or not word.isalpha() or abbreviation:
            frozen = frozen or word in _PREPOSITIONS
            for form in forms:
                form.append(word)
            continue
        found: tuple[str, ...] | None = None
        if not frozen:
            found = _adjective_forms(word)
            if found is None and not head_done:
                head_done = True
                found = _noun_forms(word)
        for index, form in enumerate(forms):
            form.append(found[min(index, len(found) - 1)] if found else word)
    return [text for text in dict.fromkeys(" ".join(form) for form in forms) if text != term]


_F_PLURALS = {"leaf": "leaves", "loaf": "loaves", "knife": "knives", "shelf": "shelves"}
_OES = ("tomato", "potato")
_UNCHANGED = ("fish", "sheep", "deer", "salmon", "trout", "cod", "squid", "equipment")


def english_plural(term: str) -> str | None:
    """The term with its last word in the plural, or None when it has no other plural."""
    head, _, last = term.rpartition(" ")
    vowels = sum(char in "aeiouy" for char in last)
    if not last.isalpha() or last.endswith(_UNCHANGED) or len(last) < 3:
        return None
    if (len(last) <= 5 and vowels <= 1) or last.endswith("u"):
        return None  # an abbreviation ("hdpe", "lpg") or a loanword ("kombu")
    if last in _F_PLURALS:
        plural = _F_PLURALS[last]
    elif last.endswith(("ss", "x", "z", "ch", "sh")) or last in _OES:
        plural = last + "es"
    elif last.endswith("s"):
        return None  # already a plural or a mass noun ("oats", "molasses")
    elif last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@dataclass
class Report:
    """Terms checked and the failures of each check, as readable lines."""

    terms: int = 0
    failures: dict[str, list[str]] = field(
        default_factory=lambda: {
            "self": [],
            "collisions": [],
            "traditional": [],
            "russian": [],
            "english": [],
            "spelling": [],
            "padded": [],
        }
    )

    def summary(self) -> str:
        counts = " ".join(f"{name}={len(lines)}" for name, lines in self.failures.items())
        return f"terms={self.terms} {counts}"


def _terms(glossary: Glossary) -> Iterator[tuple[str, str, str]]:
    for concept in glossary.concepts.values():
        for language, terms in concept.terms.items():
            for term in terms:
                yield concept.id, language, term


def _headings(glossary: Glossary, concept_id: str) -> frozenset[str]:
    return frozenset(code[:4] for code in glossary.hs_of(concept_id))


def _related(glossary: Glossary, first: str, second: str) -> bool:
    return first in glossary.ancestors(second) or second in glossary.ancestors(first)


def check_glossary(glossary: Glossary) -> Report:
    """Read every term and its written variants back through the look-up."""
    report = Report()
    converters = {name: OpenCC(name) for name in TRADITIONAL}

    def names(text: str) -> tuple[str, ...]:
        return analyse_text(text, glossary).concepts

    def finds(text: str, concept_id: str) -> bool:
        found = names(text)
        # A form read as a narrower concept of the one meant still reaches its offers.
        return any(c == concept_id or concept_id in glossary.ancestors(c) for c in found)

    def record(kind: str, concept_id: str, term: str, variant: str | None = None) -> None:
        shown = f"{term!r} -> {variant!r}" if variant else repr(term)
        report.failures[kind].append(f"{concept_id}: {shown} reads as {names(variant or term)}")

    variants: dict[str, Callable[[str], list[str]]] = {
        "zh": lambda term: list(
            dict.fromkeys(v for c in converters.values() if (v := c.convert(term)) != term)
        ),
        "ru": russian_forms,
        "en": lambda term: [plural] if (plural := english_plural(term)) else [],
    }
    kinds = {"zh": "traditional", "ru": "russian", "en": "english"}
    noise = _noise_words()
    for concept_id, language, term in _terms(glossary):
        report.terms += 1
        if not finds(term, concept_id):
            record("self", concept_id, term)
            continue
        own = _headings(glossary, concept_id)
        for other in names(term):
            other_headings = _headings(glossary, other)
            if (
                other != concept_id
                and own
                and other_headings
                and not own & other_headings
                and not _related(glossary, concept_id, other)
            ):
                report.failures["collisions"].append(
                    f"{term!r} names {concept_id} ({' '.join(sorted(own))})"
                    f" and {other} ({' '.join(sorted(other_headings))})"
                )
        for variant in variants[language](term):
            if not finds(variant, concept_id):
                record(kinds[language], concept_id, term, variant)
        if language == "zh":
            own_terms = set(glossary.concepts[concept_id].terms["zh"])
            for word in noise:
                if word in term and term.replace(word, "", 1) in own_terms:
                    report.failures["padded"].append(f"{concept_id}: {term!r} = {word} + term")
        if language == "en":
            for variant in _other_spellings(term):
                if not finds(variant, concept_id):
                    record("spelling", concept_id, term, variant)
    return report


def _noise_words() -> list[str]:
    """Chinese stop words of origin, trade and logistics (not marketing or packaging,
    which can name the good: 天然橡胶 is natural rubber, 包装纸板 packaging board)."""
    with resource("glossary", "stopwords.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        word
        for row in rows
        if row["language"] == "zh" and row["kind"] in ("origin", "trade", "logistics")
        for word in row["terms"].split("|")
    ]


def _other_spellings(term: str) -> list[str]:
    """The term with each of its words in the other spelling, one word at a time."""
    words = term.split()
    return [
        " ".join((*words[:index], form, *words[index + 1 :]))
        for index, word in enumerate(words)
        for form in english_spellings(word)
    ]


def main() -> int:
    """Check the shipped glossary and print the failures of each check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="failures shown per check")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any failure")
    args = parser.parse_args()
    report = check_glossary(shipped_glossary())
    for kind, lines in report.failures.items():
        print(f"== {kind}: {len(lines)}")
        for line in lines[: args.show]:
            print(f"  {line}")
    print(report.summary())
    return 1 if args.strict and any(report.failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
