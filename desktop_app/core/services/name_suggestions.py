"""Suggested Chinese and English names for products the exporter named in Russian only.

A suggestion is built from what the matcher's glossary reads in the Russian name (its
good, most specific first, and processing attributes: frozen, refined, ...) and the
pack size written in it, through the glossary's Chinese and English terms and the unit
table: «Масло подсолнечное рафинированное, 5 л» -> 精炼葵花籽油 5升 / refined sunflower
oil 5 l. A name the glossary reads no good in falls back to a good of the product's HS
heading (the glossary's HS codes) and, for English, to the HS text of the subheading.

Suggestions are stored beside the exporter's names (``suggested_name_zh`` / ``_en``),
never in their place: the exporter accepts one (it becomes the name, origin
``accepted``) or edits it (origin ``entered``). Exports show an entered or accepted
name, else the suggestion, marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import NameOrigin
from desktop_app.core.domain.models import Product
from desktop_app.core.errors import InputError
from desktop_app.core.i18n import tr
from desktop_app.core.matching.glossary import Glossary, load_glossary
from desktop_app.core.matching.term_lookup import analyse_text
from desktop_app.core.services.forms import check_version
from desktop_app.core.text import detect_language
from desktop_app.core.validation.reference_tables import unit_table

# At most this many attributes ahead of the good: more reads as a list, not a name.
MAX_ATTRIBUTES = 3
ENTITY = "product"
# A pack size in a name: "5 л", "0,5 л", "380 г", "20 кг", "1 т".
_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d]{1,6})\.?(?=$|[\s,;)])", re.UNICODE)


@dataclass(frozen=True)
class NameSuggestion:
    """The names suggested for one product; empty strings when none could be built."""

    zh: str
    en: str


@dataclass(frozen=True)
class Proposal:
    """A suggestion for one product, for review before it is stored."""

    product_id: int
    version: int
    name_ru: str
    zh: str
    en: str


@dataclass(frozen=True)
class _Terms:
    zh: dict[str, str]
    en: dict[str, str]


@cache
def _attribute_terms(glossary: Glossary) -> _Terms:
    """The first Chinese and the first English term of each attribute in the glossary."""
    index = glossary.attribute_terms
    zh: dict[str, str] = {}
    for term, targets in index.han.items():
        for target in targets:
            zh.setdefault(target, term)
    en: dict[str, str] = {}
    for entries in index.by_stem.values():
        for _stems, term, targets in entries:
            if term.isascii():
                for target in targets:
                    # The shortest English word is the plainest ("frozen", not
                    # "deep-frozen"), but not a trade abbreviation (IQF, RBD, WMP).
                    known = en.get(target)
                    if known is None or _plainer(term, known):
                        en[target] = term
    return _Terms(zh, en)


def _plainer(term: str, than: str) -> bool:
    short, known_short = len(term) < 4, len(than) < 4
    if short != known_short:
        return known_short
    return len(term) < len(than)


def _size(text: str) -> tuple[str, str]:
    """The last pack size of ``text`` in Chinese and English units: ("5升", "5 l")."""
    table = unit_table()
    for number, word in reversed(_SIZE.findall(text)):
        unit = table.find(word)
        if unit is None:
            continue
        value = number.replace(",", ".")
        chinese = _first([name for name in unit.spellings if detect_language(name) == "zh"])
        return (f"{value}{chinese}" if chinese else "", f"{value} {unit.code}")
    return "", ""


def _first(names: Sequence[str]) -> str:
    return names[0] if names else ""


def _concept_for_hs(glossary: Glossary, hs_code: str | None) -> str | None:
    if not hs_code or len(hs_code) < 4:
        return None
    best: tuple[int, str] | None = None
    for concept in glossary.concepts.values():
        for code in concept.hs:
            if hs_code.startswith(code) and (best is None or len(code) > best[0]):
                best = (len(code), concept.id)
    return best[1] if best else None


def suggest_name(
    glossary: Glossary, name_ru: str | None, name_en: str | None = None, hs_code: str | None = None
) -> NameSuggestion:
    """Chinese and English names for a product from its Russian (or English) name."""
    source = (name_ru or name_en or "").strip()
    if not source:
        return NameSuggestion("", "")
    analysis = analyse_text(source, glossary)
    concept_ids = list(analysis.concepts)
    if not concept_ids:
        found = _concept_for_hs(glossary, hs_code)
        if found is not None:
            concept_ids = [found]
    if not concept_ids:
        return NameSuggestion("", "")
    concept = glossary.concepts[concept_ids[0]]
    terms = _attribute_terms(glossary)
    attributes = list(analysis.attributes)[:MAX_ATTRIBUTES]
    good_zh = _first(concept.terms.get("zh", ()))
    good_en = _first(concept.terms.get("en", ()))
    size_zh, size_en = _size(source)
    zh = ""
    if good_zh:
        prefix = "".join(
            terms.zh[a] for a in attributes if a in terms.zh and terms.zh[a] not in good_zh
        )
        zh = " ".join(part for part in (prefix + good_zh, size_zh) if part)
    en = ""
    if good_en:
        words = [terms.en[a] for a in attributes if a in terms.en and terms.en[a] not in good_en]
        en = " ".join(part for part in (" ".join(words), good_en, size_en) if part)
    return NameSuggestion(zh, en)


def _missing(session: Session, product_ids: Iterable[int] | None) -> list[Product]:
    stmt = select(Product).where(
        or_(Product.name_zh.is_(None), Product.name_zh == "", Product.name_en.is_(None))
    )
    if product_ids is not None:
        stmt = stmt.where(Product.id.in_(list(product_ids)))
    return list(session.scalars(stmt.order_by(Product.id)))


def propose_missing_names(
    session: Session, product_ids: Iterable[int] | None = None, glossary: Glossary | None = None
) -> list[Proposal]:
    """Suggestions for the products with no Chinese or no English name; nothing is written.

    Only the missing names are proposed (a product with an English name gets a Chinese
    one only); products for which nothing could be built are left out.
    """
    glossary = glossary or load_glossary(session)
    proposals: list[Proposal] = []
    for product in _missing(session, product_ids):
        suggestion = suggest_name(glossary, product.name_ru, product.name_en, product.hs_code)
        zh = suggestion.zh if not product.name_zh else ""
        en = suggestion.en if not product.name_en else ""
        if not zh and not en:
            continue
        if zh == (product.suggested_name_zh or "") and en == (product.suggested_name_en or ""):
            continue
        proposals.append(Proposal(product.id, product.version, product.name_ru or "", zh, en))
    return proposals


def store_suggestions(session: Session, proposals: Sequence[Proposal]) -> int:
    """Store reviewed proposals as suggestions; each checks the version it was made at."""
    stored = 0
    for proposal in proposals:
        product = session.get(Product, proposal.product_id, with_for_update=True)
        if product is None:
            raise InputError(
                tr("Product {id} does not exist (it may have been deleted)").format(
                    id=proposal.product_id
                )
            )
        check_version(session, ENTITY, product.id, product.version, proposal.version)
        if proposal.zh and not product.name_zh:
            product.suggested_name_zh = proposal.zh
        if proposal.en and not product.name_en:
            product.suggested_name_en = proposal.en
        stored += 1
    session.flush()
    return stored


def accept_suggestion(
    session: Session,
    product_id: int,
    expected_version: int,
    zh: str | None = None,
    en: str | None = None,
) -> None:
    """The exporter takes the suggested names as the product's own.

    A name given unchanged is stored as ``accepted``; an edited one as ``entered``.
    """
    product = session.get(Product, product_id, with_for_update=True)
    if product is None:
        raise InputError(
            tr("Product {id} does not exist (it may have been deleted)").format(id=product_id)
        )
    check_version(session, ENTITY, product_id, product.version, expected_version)
    for language, given in (("zh", zh), ("en", en)):
        if given is None or not given.strip():
            continue
        suggested = getattr(product, f"suggested_name_{language}")
        text = " ".join(given.split())
        origin = NameOrigin.ACCEPTED if text == suggested else NameOrigin.ENTERED
        setattr(product, f"name_{language}", text)
        setattr(product, f"name_{language}_origin", origin.value)
        setattr(product, f"suggested_name_{language}", None)
    session.flush()


def suggestion_for_form(
    session: Session, name_ru: str, name_en: str = "", hs_code: str = ""
) -> NameSuggestion:
    """The names suggested for what the product form holds (the glossary is read once)."""
    return suggest_name(load_glossary(session), name_ru, name_en or None, hs_code or None)


def stored_suggestion(session: Session, product_id: int) -> NameSuggestion:
    """The suggestion stored for a product (empty strings when there is none)."""
    product = session.get(Product, product_id)
    if product is None:
        return NameSuggestion("", "")
    return NameSuggestion(product.suggested_name_zh or "", product.suggested_name_en or "")
