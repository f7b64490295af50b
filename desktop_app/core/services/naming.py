"""Product names across languages from the matcher's glossary: suggested Chinese and
English names for a product named in Russian, and a gloss of a buyer's request in the
interface language.

Both read what the glossary recognises in a text (its good, most specific first, and
processing attributes: frozen, refined, ...) and write the glossary's terms for them in
another language, with a pack size through the unit table:
«Масло подсолнечное рафинированное, 5 л» -> 精炼葵花籽油 5升 / refined sunflower oil 5 l;
精炼葵花籽油 -> «рафинированное масло подсолнечное». A text the glossary reads no good in
falls back to a good of the HS heading (suggestions) or gives no gloss. Read-only use of
:mod:`desktop_app.core.matching`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.models import GlossaryTerm
from desktop_app.core.i18n import tr
from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.services.name_parts import designations, pack_size
from desktop_app.core.services.nomenclature_names import (
    check_against_tariff,
    head_noun_code,
    head_nouns,
    head_phrase,
    names_a_member,
    nomenclature_name,
    product_subheadings,
    read_tariff_code,
    tariff_agrees,
    tariff_name,
    with_cation,
)
from desktop_app.core.services.trade_pair_names import TradeName, trade_name
from desktop_app.core.text import detect_language

if TYPE_CHECKING:
    from desktop_app.core.matching.glossary import Glossary
    from desktop_app.core.matching.term_lookup import TermHit, TextAnalysis

# At most this many attributes ahead of the good: more reads as a list, not a name.
MAX_ATTRIBUTES = 3


@dataclass(frozen=True)
class NameSuggestion:
    """The names suggested for one product; empty strings when none could be built.

    ``source`` says where the Chinese name came from: ``trade_name`` (the Chinese name of
    the good the Russian trade name heading the name names), ``glossary`` (the glossary's
    good read in the name) or ``nomenclature`` (the Chinese name of the product's HS
    code)."""

    zh: str
    en: str
    source: str = ""


GLOSSARY = "glossary"
NOMENCLATURE = "nomenclature"
TRADE_NAME = "trade_name"
# Written after a kind of goods named for one of its members: 乐器类, the class of
# musical instruments.
KIND_MARK_ZH = "类"


@dataclass(frozen=True)
class _Terms:
    zh: dict[str, str]
    en: dict[str, str]


@per_glossary(maxsize=8, at=0)
def _attribute_terms(glossary: Glossary) -> _Terms:
    """The Chinese and the English word of each attribute used in a suggested name.

    A term that itself names a good is never taken (片碱 is caustic soda flakes, "rose
    wine" a wine: a flake or a pink colour of anything else is 片状, "rosé"). The English
    word is the plainest (:func:`_plainness`): "granular urea", not "prills urea"."""
    from desktop_app.core.matching.term_lookup import analyse_text  # the matcher, on first use

    def names_good(term: str) -> bool:
        folded = term.casefold()
        return any(
            hit.term.casefold() in folded for hit in analyse_text(term, glossary).concept_hits
        )

    index = glossary.attribute_terms
    zh: dict[str, str] = {}
    for term, targets in index.han.items():
        for target in targets:
            if target not in zh and not names_good(term):
                zh[target] = term
    candidates: dict[str, list[str]] = {}
    for entries in index.by_stem.values():
        for _stems, term, targets in entries:
            if term.isascii() and not names_good(term):
                for target in targets:
                    candidates.setdefault(target, []).append(term)
    en = {
        target: min(terms, key=lambda t: _plainness(t, target))
        for target, terms in candidates.items()
    }
    return _Terms(zh, en)


# English adjective endings: "granular", "flaked", "frozen", "refined".
_ADJECTIVE_EN = ("ed", "en", "ar", "al", "ic")


def _plainness(term: str, attribute: str) -> tuple[bool, bool, bool, bool, int, str]:
    """How to rank an attribute's English terms, plainest first: no trade abbreviation
    (IQF, RBD, "cu"); an adjective of the attribute's own name ("granular", "flaked" for
    granules, flakes), else that name itself ("white", "headed gutted", not "dry white",
    "gutted"); one word; shorter."""
    name = attribute.replace("_", " ")
    abbreviation = len(term) < 4 or any(len(word) < 3 for word in term.split())
    own_adjective = term.endswith(_ADJECTIVE_EN) and term[:4] == name[:4]
    return (abbreviation, not own_adjective, term != name, " " in term, len(term), term)


def _first(names: Sequence[str]) -> str:
    return names[0] if names else ""


# A glossary term's word is written in a text when a word of the text starts like it:
# all its letters but an ending of up to this many (фара, фары; сосна, сосны).
_ENDING = 2


def _written(term: str, words: frozenset[str]) -> bool:
    """True when every word of a Russian or English ``term`` begins a word of the text
    (``words``, folded), not only within the matcher's typo tolerance: "двойные" is no
    misspelt "хвойные" (softwood) in a product's name. Chinese terms are taken as found."""
    from desktop_app.core.matching.normalize import normalize_text  # the matcher, on first use

    for word in normalize_text(term).words:
        start = word.surface[: max(3, len(word.surface) - _ENDING)]
        if not any(candidate.startswith(start) for candidate in words):
            return False
    return True


def _written_targets(hits: Sequence[TermHit], words: frozenset[str]) -> set[str]:
    """The concepts or attributes of ``hits`` named by a term written in the text."""
    return {target for hit in hits if _written(hit.term, words) for target in hit.targets}


def _words(analysis: TextAnalysis) -> frozenset[str]:
    return frozenset(word.surface for word in analysis.text.words)


# HS subheadings ending so are "other": such a code names no particular good.
_RESIDUAL = ("9", "90")


def _concept_for_hs(glossary: Glossary, hs_code: str | None) -> str | None:
    """The good of the glossary with the longest HS code the product's code starts with,
    when the product's code names a good (a subheading that is not "other") and the
    Chinese tariff names that good at the code too (:func:`tariff_agrees`): two sources
    agreeing. A glossary good filed at a code names one good of it (粉饼 of 香粉, 口红 of
    唇用化妆品, 木屋 of 木制的活动房屋), not necessarily the product's."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    digits = hs_digits(hs_code)
    if len(digits) < 6 or digits[:6].endswith(_RESIDUAL):
        return None
    best: tuple[int, str] | None = None
    for concept in glossary.concepts.values():
        for code in concept.hs:
            if len(code) >= 6 and digits.startswith(code) and (best is None or len(code) > best[0]):
                best = (len(code), concept.id)
    if best is None or not tariff_agrees(glossary, best[1], digits):
        return None
    return best[1]


def _agrees(glossary: Glossary, concept_id: str, digits: str) -> bool:
    """True when one of the concept's HS codes has the heading of ``digits`` (or the
    concept has no code)."""
    own = glossary.hs_of(concept_id)
    return not own or any(code[:4] == digits[:4] for code in own)


def _headed_targets(hits: Sequence[TermHit], heads: frozenset[str]) -> set[str]:
    """The concepts of ``hits`` named by a term holding one of the name's head nouns
    (:func:`head_nouns`): «Тросы сцепления» names a cable, not the clutch (сцепление) it
    is for; «Столешницы из массива дуба» a worktop, not oak."""
    from desktop_app.core.matching.normalize import normalize_text  # the matcher, on first use

    found: set[str] = set()
    for hit in hits:
        if hit.term.isascii():
            found.update(hit.targets)  # a Latin designation of the good: «Плита OSB-3»
            continue
        for word in normalize_text(hit.term).words:
            start = word.surface[: max(3, len(word.surface) - _ENDING)]
            if any(head.startswith(start) or word.surface.startswith(head) for head in heads):
                found.update(hit.targets)
                break
    return found


def _good_of(
    glossary: Glossary, analysis: TextAnalysis, hs_code: str | None, source: str = ""
) -> str | None:
    """The good a product name means: the glossary's reading, checked against the HS
    code the product carries. A reading of another heading than the code's is dropped
    ("Уголь древесный", 4402, is charcoal, not the anthracite "уголь" alone reads as);
    with no reading left, a code that names a good gives it. (Headings guessed from the
    words by the HS 2022 and TN VED texts were tried as a check too: on the cross-sector
    catalogue they dropped eight right names for each wrong one, so they are not used.)"""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    written = _written_targets(analysis.concept_hits, _words(analysis))
    concepts = [concept for concept in analysis.concepts if concept in written]
    heads = head_nouns(source)
    if heads:
        headed = _headed_targets(analysis.concept_hits, heads)
        # A material or a food read in the head noun's own phrase is the good in a form
        # or a cut (Филе минтая, Раствор гипохлорита натрия), unlike an article's part.
        phrase = head_phrase(source) - _abbreviations(source)
        within = _written_targets(analysis.concept_hits, phrase)
        headed |= {c for c in within if not _is_article(glossary, c)}
        concepts = [concept for concept in concepts if concept in headed]
    digits = hs_digits(hs_code)
    if len(digits) >= 4:
        agreeing = [c for c in concepts if _agrees(glossary, c, digits)]
        return agreeing[0] if agreeing else _concept_for_hs(glossary, digits)
    return concepts[0] if concepts else None


# A material's abbreviation written in capitals: ПВХ, ПНД, ПЭТ, ПП.
_ABBREVIATION = re.compile(r"\b[А-ЯЁ]{2,5}\b")


def _abbreviations(source: str) -> frozenset[str]:
    """The words of ``source`` written as a capitalised abbreviation (ПВХ, ПНД): in a
    name's head phrase a material the good is made of («Скакалки спортивные ПВХ»), never
    the good in a form, as a material's own word is («Филе минтая»)."""
    return frozenset(word.casefold() for word in _ABBREVIATION.findall(source))


# HS chapters of articles, machines and vehicles (tools 82 to toys and sundries 96):
# what a part belongs to. Below them, materials and foods come in forms and cuts.
_ARTICLE_CHAPTERS = range(82, 97)


def _is_article(glossary: Glossary, concept_id: str) -> bool:
    """True when the glossary files the good only in the chapters of articles, machines
    and vehicles (:data:`_ARTICLE_CHAPTERS`)."""
    codes = glossary.hs_of(concept_id)
    return bool(codes) and all(int(code[:2]) in _ARTICLE_CHAPTERS for code in codes)


# The Chinese word for a part of a good: 犁配件, a plough part.
PART_ZH = "配件"


def _whole_of(
    glossary: Glossary, analysis: TextAnalysis, hs_code: str | None, source: str
) -> NameSuggestion | None:
    """A part named with the good it belongs to (the noun after the head, in the genitive:
    «Лемех плуга» is a plough's share, «Крестовина карданного вала» a drive shaft's):
    the good's name and 配件 (part), true where the good alone would name another good.
    Only for a good read in the head noun's own phrase (:func:`head_phrase`), agreeing
    with the code's heading when there is a code; ``None`` otherwise."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    phrase = head_phrase(source)
    if not head_nouns(source) or not phrase:
        return None
    written = _written_targets(analysis.concept_hits, _words(analysis))
    within = _written_targets(analysis.concept_hits, phrase)
    digits = hs_digits(hs_code)
    for concept_id in analysis.concepts:
        if concept_id not in written or concept_id not in within:
            continue
        if not _is_article(glossary, concept_id):
            return None
        if len(digits) >= 4 and not _agrees(glossary, concept_id, digits):
            continue
        concept = glossary.concepts[concept_id]
        good_zh = _first(concept.terms.get("zh", ()))
        if not good_zh or good_zh.endswith(PART_ZH):
            return None
        marks = " ".join(designations(source))
        zh = " ".join(p for p in (good_zh + PART_ZH, marks, pack_size(source).zh) if p)
        # No English: "clutch kit part" is how a glossary's term reads, not a part's name.
        return NameSuggestion(zh, "", GLOSSARY)
    return None


def suggest_name(
    glossary: Glossary, name_ru: str | None, name_en: str | None = None, hs_code: str | None = None
) -> NameSuggestion:
    """Chinese and English names for a product from its Russian (or English) name: the
    good of the Russian trade name heading it (:func:`trade_name`, agreeing with the HS
    code), else the glossary's good (checked against the code) with up to three
    attributes, else the code's tariff name; with the Latin designations as written and
    the pack size."""
    source = (name_ru or name_en or "").strip()
    if not source:
        return NameSuggestion("", "")
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    # The Russian trade name heading the name gives the Chinese name of that same good
    # first: on every set it turned wrong glossary and tariff names right (a group's first
    # term, 压缩机 for a vacuum pump; 阀门 of 其他阀门 for a mixer tap) and named nothing
    # wrongly that was right (docs/exporting.md, *The same good's trade names*).
    pair = trade_name(source, hs_digits(hs_code))
    named = glossary_name(glossary, source, hs_code)
    if pair is None:
        return named
    if named.source == GLOSSARY and pair.zh in named.zh.split(" ")[0]:
        # Both name the same good and the glossary's name says more (精炼葵花籽油 of
        # 葵花籽油: its attributes); a trade name's own attributes are the buyer's words.
        return named
    return _from_trade_name(pair, source)


def _from_trade_name(pair: TradeName, source: str) -> NameSuggestion:
    """The names of the good the Russian trade name heading ``source`` names, with its
    Latin designations and pack size."""
    marks = " ".join(designations(source))
    size = pack_size(source)
    zh = " ".join(part for part in (pair.zh, marks, size.zh) if part)
    en = " ".join(part for part in (pair.en, marks, size.en) if part) if pair.en else ""
    return NameSuggestion(zh, en, TRADE_NAME)


def glossary_name(glossary: Glossary, source: str, hs_code: str | None = None) -> NameSuggestion:
    """The names :func:`suggest_name` gives a product no Russian trade name heads: the
    glossary's good read in ``source`` (checked against the code and the tariff), else
    the code's tariff name."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use
    from desktop_app.core.matching.term_lookup import analyse_text

    analysis = analyse_text(source, glossary)
    concept_id = _good_of(glossary, analysis, hs_code, source)
    if concept_id is None:
        whole = _whole_of(glossary, analysis, hs_code, source)
        if whole:
            return whole
        return _from_nomenclature(glossary, source, hs_code)
    if not hs_digits(hs_code):
        # No code: the heading the name's head noun reads as in the TN VED, checked as a
        # code would be, but only where the glossary files its good in that heading.
        read = head_noun_code(source)
        if read and _agrees(glossary, concept_id, read):
            hs_code = read
    check = check_against_tariff(glossary, concept_id, hs_code)
    if check.tariff_name:
        return _from_nomenclature(glossary, source, hs_code, whole=True)
    if check.refused:
        return NameSuggestion("", "")
    specific = len(hs_digits(hs_code)) >= 6
    if specific and not check.member and names_a_member(glossary, concept_id, source):
        # A kind of goods of several codes (机床, 木制餐具) for one of its members: the
        # subheading says which, so its tariff name or none. Without a subheading the
        # kind's name stays, broader but true (玩具 for a doll); refusing it there too was
        # measured (README, buyer-facing exports) and took the goal's share of names below
        # 95 % on the sets it is tested on.
        return _from_nomenclature(glossary, source, hs_code, whole=True)
    concept = glossary.concepts[concept_id]
    terms = _attribute_terms(glossary)
    written = _written_targets(analysis.attribute_hits, _words(analysis))
    attributes = [a for a in analysis.attributes if a in written][:MAX_ATTRIBUTES]
    good_zh = check.member or _first(concept.terms.get("zh", ()))
    if good_zh and not check.member and names_a_member(glossary, concept_id, source, False):
        # A kind for one of its members (乐器 for a balalaika, 体育用品 for footballs),
        # reached only where no trade name of the good itself heads the name: given, but
        # marked as a kind (乐器类, "musical instruments, the class"), so that the buyer
        # does not read it as the good. Refusing it instead was measured (docs/exporting.md).
        good_zh = good_zh if good_zh.endswith(KIND_MARK_ZH) else good_zh + KIND_MARK_ZH
    # The English term of a group names its first member: not for another member.
    good_en = "" if check.member else _first(concept.terms.get("en", ()))
    size = pack_size(source)
    marks = " ".join(designations(source))
    zh = ""
    if good_zh:
        prefix = "".join(
            terms.zh[a] for a in attributes if a in terms.zh and terms.zh[a] not in good_zh
        )
        zh = " ".join(part for part in (prefix + good_zh, marks, size.zh) if part)
    en = ""
    if good_en:
        words = [
            terms.en[a]
            for a in attributes
            if a in terms.en and terms.en[a][:4].casefold() not in good_en.casefold()
        ]
        en = " ".join(part for part in (" ".join(words), good_en, marks, size.en) if part)
    return NameSuggestion(zh, en, GLOSSARY if zh else "")


def _from_nomenclature(
    glossary: Glossary, source: str, hs_code: str | None, whole: bool = False
) -> NameSuggestion:
    """A Chinese name for a product the glossary reads no good in, from its HS code: the
    Chinese tariff's name of its subheading or heading (:func:`tariff_name`), else, for a
    subheading, a CC-CEDICT word for its English text that reads back to it. Without a
    code no name is given: guessing the heading from the Russian words was measured
    (README, buyer-facing exports) and named too many goods wrongly."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    digits = hs_digits(hs_code)
    if len(digits) < 4:
        return NameSuggestion("", "")
    good, _code = tariff_name(digits, whole)
    good = with_cation(good, source)
    if not good and len(digits) >= 6 and not whole:
        good = nomenclature_name(glossary, product_subheadings(glossary, source, hs_code))
    if not good:
        return NameSuggestion("", "")
    marks = " ".join(designations(source))
    zh = " ".join(p for p in (good, marks, pack_size(source).zh) if p)
    return NameSuggestion(zh, "", NOMENCLATURE)


# Languages a gloss can be written in (the glossary's term languages).
GLOSS_LANGUAGES = ("ru", "en", "zh")


@per_glossary(maxsize=8, at=0)
def _attribute_terms_in(glossary: Glossary, language: str) -> dict[str, str]:
    """The plainest term of each attribute in ``language`` (``ru`` or ``en``)."""
    if language == "zh":
        return _attribute_terms(glossary).zh
    if language == "en":
        return _attribute_terms(glossary).en
    found: dict[str, str] = {}
    for target, forms in _russian_forms(glossary).items():
        found[target] = min(forms, key=len)
    return found


@per_glossary(maxsize=8, at=0)
def _russian_forms(glossary: Glossary) -> dict[str, tuple[str, ...]]:
    """The one-word Russian terms of each attribute (its gender and number forms)."""
    forms: dict[str, list[str]] = {}
    for entries in glossary.attribute_terms.by_stem.values():
        for _stems, term, targets in entries:
            if " " not in term and detect_language(term) == "ru":
                for target in targets:
                    forms.setdefault(target, []).append(term)
    return {target: tuple(sorted(set(terms))) for target, terms in forms.items()}


# Adjective endings by the gender or number of the noun they go with.
_ENDINGS = {
    "n": ("ое", "ее"),
    "f": ("ая", "яя"),
    "p": ("ые", "ие"),
    "m": ("ый", "ий", "ой"),
}


_ADJECTIVE = tuple(ending for endings in _ENDINGS.values() for ending in endings)


def _gender(phrase: str) -> str:
    """The gender or number of the noun of ``phrase`` (its first word not an adjective)."""
    words = phrase.split()
    word = next((w for w in words if not w.endswith(_ADJECTIVE)), words[0] if words else "")
    if word.endswith(("о", "е")):
        return "n"
    if word.endswith(("ы", "и")):
        return "p"
    if word.endswith(("а", "я")):
        return "f"
    return "m"


def _russian_attribute(glossary: Glossary, attribute: str, noun: str) -> str:
    """The attribute's Russian adjective agreeing with ``noun``: мороженое филе."""
    forms = _russian_forms(glossary).get(attribute, ())
    if not forms:
        return ""
    # The word the attribute is most often written with (рафинированн- over
    # дезодорированн-), then the shorter (мороженое over замороженное).
    stems = [form[:-2] for form in forms]
    ranked = sorted(forms, key=lambda form: (-stems.count(form[:-2]), len(form), form))
    endings = _ENDINGS[_gender(noun)]
    return next((form for form in ranked if form.endswith(endings)), ranked[0])


@per_glossary(maxsize=4096, at=0)
def gloss(glossary: Glossary, text: str, language: str, hs_code: str | None = None) -> str:
    """What a buyer's request asks for, in ``language``: 精炼葵花籽油 -> «рафинированное
    масло подсолнечное» (``ru``). Where the glossary recognises no good in it and the
    line carries an HS code of six digits or more, the nomenclature's text of that code
    in ``language`` (:func:`hs_gloss`); else, for a Chinese request holding the Chinese
    tariff's name of a good (XJ-200型离心泵), the nomenclature's text of the code that
    name reads as (:func:`_read_gloss`). Empty when the text is in ``language`` already
    or none of them says what it is."""
    text = (text or "").strip()
    if not text or language not in GLOSS_LANGUAGES or detect_language(text) == language:
        return ""
    from desktop_app.core.matching.term_lookup import analyse_text  # the matcher, on first use

    analysis = analyse_text(text, glossary)
    if not analysis.concepts:
        return hs_gloss(hs_code, language) or _read_gloss(text, language)
    concept = glossary.concepts[analysis.concepts[0]]
    good = _first(concept.terms.get(language, ()))
    if not good:
        return ""
    terms = _attribute_terms_in(glossary, language)
    attributes = list(analysis.attributes)[:MAX_ATTRIBUTES]
    if language == "ru":
        agreeing = (_russian_attribute(glossary, a, good) for a in attributes)
        words = [word for word in agreeing if word and word not in good]
    else:
        words = [terms[a] for a in attributes if a in terms and terms[a] not in good]
    if language == "zh":
        return "".join(words) + good
    return " ".join([*words, good])


def _read_gloss(text: str, language: str) -> str:
    """The nomenclature's text, in ``language``, of the code whose Chinese tariff name a
    Chinese request holds (:func:`read_tariff_code`: 数字助听器 -> 9021 40, «ТН ВЭД
    9021 40 по китайскому названию: …аппараты слуховые…»); a heading is enough here,
    since the name read is the heading's own. Empty when the text holds no such name."""
    if detect_language(text) != "zh":
        return ""
    code = read_tariff_code(text)
    if not code:
        return ""
    return hs_gloss(code, language, read=True)


def hs_gloss(hs_code: str | None, language: str, read: bool = False) -> str:
    """The nomenclature's text of a buyer's HS code in ``language``, for a request the
    glossary cannot read: "ТН ВЭД 8413 70: Насосы жидкостные …: насосы центробежные
    прочие" (``ru``, the TN VED chain of the most specific level known) or the HS 2022
    English text (``en``). Only for a code of six digits or more: a heading alone says
    too little about the good to stand for the buyer's words. With ``read``, the code was
    read from the request's Chinese name (:func:`_read_gloss`) and a heading will do; the
    label says so. Empty otherwise."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use
    from desktop_app.core.validation import format_hs_code
    from desktop_app.core.validation.hs_catalog import hs_catalog

    digits = hs_digits(hs_code)
    if len(digits) < (4 if read else 6):
        return ""
    catalog = hs_catalog()
    if not catalog.exists(digits[:6]):
        return ""
    if language == "ru":
        described = catalog.describe_ru(digits) or ""
        label = tr("TN VED {code} by the Chinese name") if read else tr("TN VED {code}")
    elif language == "en":
        described = catalog.describe(digits) or ""
        label = tr("HS {code} by the Chinese name") if read else tr("HS {code}")
    else:
        return ""
    if not described:
        return ""
    return f"{label.format(code=format_hs_code(digits))}: {described}"


# The glossary with this database's own terms, rebuilt only when those terms change.
_GLOSSARIES: dict[tuple[int, int, str], Glossary] = {}


def glossary_for(session: Session) -> Glossary:
    """The glossary of ``session``'s database (curated plus users' terms), kept while the
    users' terms stay as they are (their count, highest id and last change)."""
    count, highest, changed = session.execute(
        select(func.count(), func.max(GlossaryTerm.id), func.max(GlossaryTerm.updated_at))
    ).one()
    key = (int(count or 0), int(highest or 0), str(changed))
    glossary = _GLOSSARIES.get(key)
    if glossary is None:
        from desktop_app.core.matching.glossary import load_glossary

        glossary = load_glossary(session) if count else load_glossary()
        _GLOSSARIES.clear()
        _GLOSSARIES[key] = glossary
    return glossary


def gloss_for(session: Session, text: str, language: str, hs_code: str | None = None) -> str:
    """:func:`gloss` with the glossary of ``session``'s database."""
    if not text or language not in GLOSS_LANGUAGES or detect_language(text) == language:
        return ""
    return gloss(glossary_for(session), text, language, hs_code)


def glosser(session: Session) -> Callable[[str, str, str | None], str]:
    """A gloss function ``(text, language, hs_code)`` bound to ``session``'s glossary, for
    an export's gloss columns (``exporting`` may not read the glossary itself: see the
    layer contract)."""
    glossary = glossary_for(session)

    def gloss_line(text: str, language: str, hs_code: str | None = None) -> str:
        return gloss(glossary, text, language, hs_code)

    return gloss_line
