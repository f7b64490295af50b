"""Terms people add to the glossary, most often from an accepted cross-language match.

When a reviewer accepts a Chinese request for a product that has no Chinese name, and no
glossary concept explained the match, the pair of names is worth teaching the matcher:
:func:`suggest_term_pair` proposes it and :func:`add_term_pair` stores it as
``GlossaryTerm`` rows of one concept, which the matcher merges into the curated glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import Language
from desktop_app.core.domain.models import GlossaryTerm
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.review import CandidateView
from desktop_app.core.text import fold
from desktop_app.core.validation.columns import table_bounds

TERM_LANGUAGES = (Language.EN, Language.RU, Language.ZH)
USER_CONCEPT_PREFIX = "user_"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# The longest term the glossary column holds (GlossaryTerm.term).
TERM_CHARS = 200


@dataclass(frozen=True)
class TermPair:
    """Terms naming one good in several languages, filed under ``concept``."""

    concept: str
    terms: dict[Language, str]
    hs_headings: str | None = None


def fold_term(term: str) -> str:
    """A term as the glossary writes it: NFKC, lower case, ``ё`` as ``е``, single spaces."""
    return " ".join(fold(term).split())


def _concept_id(view: CandidateView) -> str:
    base = _NOT_SLUG.sub("_", fold_term(view.product_name_en or "")).strip("_")
    return f"{USER_CONCEPT_PREFIX}{base or 'product'}_{view.product_id}"


def _product_name_in(view: CandidateView, language: Language) -> str | None:
    return {
        Language.RU: view.product_name_ru,
        Language.EN: view.product_name_en,
        Language.ZH: view.product_name_zh,
    }.get(language)


def suggest_term_pair(view: CandidateView) -> TermPair | None:
    """The term pair to offer after accepting ``view``, or ``None`` when nothing is to learn.

    Something is to learn when the request's language is not one the product is named in
    (the match crossed languages) and no glossary concept met on both sides.
    """
    language = view.demand_language
    if language not in TERM_LANGUAGES or _product_name_in(view, language):
        return None
    if view.evidence.pair.concepts_met:
        return None
    terms = {language: fold_term(view.demand_text)}
    for other in TERM_LANGUAGES:
        name = _product_name_in(view, other)
        if name and other is not language:
            terms[other] = fold_term(name)
    if len(terms) < 2:
        return None
    code = view.product_hs or view.demand_hs
    return TermPair(_concept_id(view), terms, code[:4] if code else None)


def add_term_pair(session: Session, pair: TermPair, added_by: str) -> list[int]:
    """Store the pair's terms under its concept; terms already there are skipped.

    Returns the ids of the rows added. Raises :class:`InputError` for an empty concept or
    fewer than two terms.
    """
    concept = fold_term(pair.concept).replace(" ", "_")
    if not concept:
        raise InputError(tr("The concept needs a name"), Location(field="concept"))
    # Cut to the column before looking it up: a longer term (a buyer's whole line) is stored
    # cut, and looked up whole it was never found again, so adding it twice broke the
    # unique term.
    terms = {
        language: fold_term(term)[:TERM_CHARS]
        for language, term in pair.terms.items()
        if term.strip()
    }
    if len(terms) < 2:
        raise InputError(tr("Give the term in at least two languages"), Location(field="terms"))
    added: list[int] = []
    for language, term in terms.items():
        exists = session.scalar(
            select(GlossaryTerm.id).where(
                GlossaryTerm.concept == concept,
                GlossaryTerm.language == language,
                GlossaryTerm.term == term,
            )
        )
        if exists is not None:
            continue
        values = {
            "concept": concept,
            "language": language,
            "term": term,
            "hs_headings": pair.hs_headings,
            "added_by": added_by or None,
        }
        for field, reason in table_bounds(GlossaryTerm.__table__).problems(values):
            raise InputError(reason, Location(field=field))
        row = GlossaryTerm(**values)
        try:
            # In a savepoint: a colleague adding the same term at the same moment
            # (PostgreSQL) leaves it there once, as a term already there is skipped.
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            continue
        added.append(row.id)
    return added


def user_terms(session: Session) -> list[tuple[str, Language, str]]:
    """(concept, language, term) of every user-added term, by concept."""
    rows = session.execute(
        select(GlossaryTerm.concept, GlossaryTerm.language, GlossaryTerm.term).order_by(
            GlossaryTerm.concept, GlossaryTerm.language
        )
    )
    return [(row[0], row[1], row[2]) for row in rows]


def concept_title(concept_id: str, language: str) -> str:
    """A concept as people call it in ``language`` ("ru", "en", "zh"): its first term.

    The concept's key ("sunflower_oil") is for the program; a concept the curated glossary
    does not have (one a user added) is named by its key with spaces.
    """
    # The glossary (and RapidFuzz with it) loads on first use, not on the start path.
    from desktop_app.core.matching.glossary import shipped_glossary

    return shipped_glossary().title(concept_id, language) or concept_words(concept_id)


def concept_words(concept_id: str) -> str:
    """A concept's key as words ("sunflower_oil" -> "sunflower oil"), without the glossary."""
    return concept_id.removeprefix(USER_CONCEPT_PREFIX).replace("_", " ")
