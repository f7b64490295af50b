"""Suggested Chinese and English names for products the exporter named in Russian only.

A suggestion is built by :func:`desktop_app.core.services.naming.suggest_name` from what the
matcher's glossary reads in the Russian name and its HS code.

Suggestions are stored beside the exporter's names (``suggested_name_zh`` / ``_en``),
never in their place: the exporter accepts one (it becomes the name, origin
``accepted``) or edits it (origin ``entered``). Exports show an entered or accepted
name, else the suggestion, marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import NameOrigin
from desktop_app.core.domain.models import Product
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.forms import check_version
from desktop_app.core.services.naming import NameSuggestion, suggest_name
from desktop_app.core.validation.columns import table_bounds

if TYPE_CHECKING:
    from desktop_app.core.matching.glossary import Glossary

ENTITY = "product"


@dataclass(frozen=True)
class Proposal:
    """A suggestion for one product, for review before it is stored."""

    product_id: int
    version: int
    name_ru: str
    zh: str
    en: str
    source: str = ""
    """Where the Chinese name came from: ``glossary`` or ``nomenclature`` (empty when
    only an English name is proposed)."""


def _missing(session: Session, product_ids: Iterable[int] | None) -> list[Product]:
    stmt = select(Product).where(
        or_(
            Product.name_zh.is_(None),
            Product.name_zh == "",
            Product.name_en.is_(None),
            Product.name_en == "",
        )
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
    from desktop_app.core.matching.glossary import load_glossary  # the matcher, on first use

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
        proposals.append(
            Proposal(
                product.id,
                product.version,
                product.name_ru or "",
                zh,
                en,
                suggestion.source if zh else "",
            )
        )
    return proposals


def _check_fits(product_id: int, values: dict[str, str | None]) -> None:
    """Names edited in the review table fit their columns (PostgreSQL refused longer ones
    as a bug report; SQLite stored them whole)."""
    for field, reason in table_bounds(Product.__table__).problems(values):
        raise InputError(
            tr("product {id}: {reason}").format(id=product_id, reason=reason),
            Location(field=field),
        )


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
        _check_fits(
            product.id, {"suggested_name_zh": proposal.zh, "suggested_name_en": proposal.en}
        )
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
        _check_fits(product_id, {f"name_{language}": text})
        origin = NameOrigin.ACCEPTED if text == suggested else NameOrigin.ENTERED
        setattr(product, f"name_{language}", text)
        setattr(product, f"name_{language}_origin", origin.value)
        setattr(product, f"suggested_name_{language}", None)
    session.flush()


def suggestion_for_form(
    session: Session, name_ru: str, name_en: str = "", hs_code: str = ""
) -> NameSuggestion:
    """The names suggested for what the product form holds (the glossary is read once)."""
    from desktop_app.core.matching.glossary import load_glossary  # the matcher, on first use

    return suggest_name(load_glossary(session), name_ru, name_en or None, hs_code or None)


def stored_suggestion(session: Session, product_id: int) -> NameSuggestion:
    """The suggestion stored for a product (empty strings when there is none)."""
    product = session.get(Product, product_id)
    if product is None:
        return NameSuggestion("", "")
    return NameSuggestion(product.suggested_name_zh or "", product.suggested_name_en or "")
