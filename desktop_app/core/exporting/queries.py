"""The rows of an export, read from the database as plain tuples, with their filters.

Only the columns a template shows are selected, and rows are streamed in chunks
(``yield_per``) so a 100,000-product catalogue never sits in memory as ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus, ProductStatus
from desktop_app.core.domain.models import Buyer, Company, DemandLine, MatchCandidate, Product
from desktop_app.core.errors import InputError, Location
from desktop_app.core.exporting.fields import ExportKind, SuggestedText
from desktop_app.core.i18n import tr
from desktop_app.core.text import fold
from desktop_app.core.transliteration import transliterate
from desktop_app.core.validation.buyer_language import (
    Rendered,
    company_for_buyer,
    free_text_for_buyer,
    incoterms_for_buyer,
    person_for_buyer,
    region_for_buyer,
)

FETCH_CHUNK = 2_000
# How many known regions or buyers an error message lists.
KNOWN_SHOWN = 12
# Always selected, whatever the template shows: the summary counts by them and
# per-buyer exports group by the buyer.
GROUP_KEYS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.CATALOGUE: ("_chapter", "_region"),
    ExportKind.MATCHES: ("_chapter", "_region", "_buyer_id", "_buyer"),
}


@dataclass(frozen=True)
class ExportFilters:
    """Which records an export holds; empty tuples mean "no restriction"."""

    hs_chapters: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    buyers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    # Filled by resolve_filters: the database values the user's words matched.
    region_values: tuple[str, ...] = field(default=(), compare=False)
    buyer_ids: tuple[int, ...] = field(default=(), compare=False)

    def describe(self) -> dict[str, list[str]]:
        """The filters as given, for the summary sheet and the ExportRun record."""
        shown: dict[str, list[str]] = {}
        for name in ("hs_chapters", "regions", "buyers", "statuses"):
            values = getattr(self, name)
            if values:
                shown[name] = list(values)
        if self.region_values:
            shown["matched_regions"] = list(self.region_values)
        return shown


def _incoterms_with_place(code: Any, place: Any) -> ColumnElement[Any]:
    # The importer reads "FOB Qingdao" from one cell, so the export writes it that way.
    return case((place.is_(None), code), (code.is_(None), place), else_=code + " " + place)


def _chapter(code: Any) -> ColumnElement[Any]:
    return func.substr(code, 1, 2)


def _buyer_name(buyer: type[Buyer]) -> ColumnElement[Any]:
    return func.coalesce(buyer.name_zh, buyer.name_en)


def _named(name: str | None, suggested: str | None) -> str | None:
    if name:
        return name
    return SuggestedText(suggested) if suggested else None


class NameSource(StrEnum):
    """Where an exported product name comes from (the CSV's origin columns)."""

    ENTERED = "entered"
    SUGGESTED = "suggested"
    TRANSLITERATED = "transliterated"


def _origin(name: str | None, suggested: str | None) -> str | None:
    if name:
        return NameSource.ENTERED.value
    return NameSource.SUGGESTED.value if suggested else None


def _text(rendered: Rendered | None) -> str | None:
    return None if rendered is None else rendered.text


# Columns worked out in Python after the query: key -> (hidden source keys, function of
# the column's own value and the sources' values). They are what a buyer abroad reads.
DERIVED: dict[str, tuple[tuple[str, ...], Any]] = {
    "company_name_intl": (
        ("_company_name_en",),
        lambda name_ru, name_en: _text(company_for_buyer(name_ru, name_en)),
    ),
    "company_region_intl": ((), lambda region: _text(region_for_buyer(region))),
    "packaging_intl": ((), lambda text: _text(free_text_for_buyer(text))),
    "certificates_intl": ((), lambda text: _text(free_text_for_buyer(text))),
    "company_contact_intl": ((), lambda name: _text(person_for_buyer(name))),
    # The exporter's Chinese name, else the suggested one (marked in the workbook).
    "product_name_zh": (("_suggested_name_zh",), lambda name, suggested: _named(name, suggested)),
    # English, else the suggested English, else Chinese (entered or suggested); a name in
    # Russian only is transliterated so the row stays findable, and the pre-export check
    # (exporting.buyer_check) counts it as untranslated.
    "product_name_intl": (
        ("_product_name_zh", "_suggested_name_en", "_suggested_name_zh", "_product_name_ru"),
        lambda name_en, name_zh, suggested_en, suggested_zh, name_ru: (
            _named(name_en, suggested_en)
            or _named(name_zh, suggested_zh)
            or (transliterate(name_ru) if name_ru else None)
        ),
    ),
    # Where the two names above come from, for a CSV (a workbook marks it by cell style).
    "product_name_zh_origin": (
        ("_suggested_name_zh",),
        lambda name, suggested: _origin(name, suggested),
    ),
    "product_name_intl_origin": (
        ("_product_name_zh", "_suggested_name_en", "_suggested_name_zh", "_product_name_ru"),
        lambda name_en, name_zh, suggested_en, suggested_zh, name_ru: (
            _origin(name_en, suggested_en)
            or _origin(name_zh, suggested_zh)
            or (NameSource.TRANSLITERATED.value if name_ru else None)
        ),
    ),
    "incoterms_intl": (
        ("_incoterms_place",),
        lambda code, place: _text(incoterms_for_buyer(code, place)),
    ),
}
# A gloss function for a session: (text, language, the line's HS code) -> what the text
# means in that language. Given by the caller (services.naming.glosser): exporting may
# not read the matcher's glossary itself.
Glosser = Callable[[Session], Callable[[str, str, str | None], str]]
# Columns holding a gloss of the buyer's request, by language; empty without a glosser.
GLOSSED = {"demand_product_ru": "ru", "demand_product_en": "en"}
DERIVED_SOURCES = {source for sources, _function in DERIVED.values() for source in sources}

CATALOGUE_COLUMNS: dict[str, Any] = {
    "product_ref": Product.ref,
    "company_name": Company.name_ru,
    "company_name_en": Company.name_en,
    # For lists read abroad: see DERIVED (English name, else transliteration + legal form).
    "company_name_intl": Company.name_ru,
    "company_name_zh": Company.name_zh,
    "company_inn": Company.inn,
    "company_ogrn": Company.ogrn,
    "company_region": Company.region,
    "company_address": Company.address,
    "company_contact": Company.contact_person,
    "company_email": Company.email,
    "company_phone": Company.phone,
    "company_website": Company.website,
    "company_gacc": Company.gacc_registration,
    "product_name_ru": Product.name_ru,
    "product_name_en": Product.name_en,
    # For lists read abroad: see DERIVED (English, else Chinese, else transliterated).
    "product_name_intl": Product.name_en,
    "_product_name_ru": Product.name_ru,
    "_product_name_zh": Product.name_zh,
    "_suggested_name_zh": Product.suggested_name_zh,
    "_suggested_name_en": Product.suggested_name_en,
    "product_name_zh": Product.name_zh,
    "product_name_intl_origin": Product.name_en,
    "product_name_zh_origin": Product.name_zh,
    "description": Product.description,
    "hs_code": Product.hs_code,
    "unit": Product.unit,
    "moq": Product.moq,
    "capacity_monthly": Product.capacity_monthly,
    "price_min": Product.price_min,
    "price_max": Product.price_max,
    "currency": Product.currency,
    # A price is quoted per the product's unit unless it names its own (45元/公斤).
    "price_unit": func.coalesce(Product.price_unit, Product.unit),
    "incoterms": _incoterms_with_place(Product.incoterms, Product.incoterms_place),
    "incoterms_place": Product.incoterms_place,
    "incoterms_intl": Product.incoterms,
    "company_region_intl": Company.region,
    "_company_name_en": Company.name_en,
    "_incoterms_place": Product.incoterms_place,
    "packaging_intl": Product.packaging,
    "certificates_intl": Product.certificates,
    "company_contact_intl": Company.contact_person,
    "shelf_life_days": Product.shelf_life_days,
    "packaging": Product.packaging,
    "certificates": Product.certificates,
    "status": Product.status,
    "_chapter": _chapter(Product.hs_code),
    "_region": Company.region,
}

MATCH_COLUMNS: dict[str, Any] = {
    **{
        key: value
        for key, value in CATALOGUE_COLUMNS.items()
        if not key.startswith("_") or key in DERIVED_SOURCES
    },
    "buyer_name": _buyer_name(Buyer),
    "buyer_name_en": Buyer.name_en,
    "buyer_uscc": Buyer.uscc,
    "province": Buyer.province,
    "city": Buyer.city,
    "buyer_contact": Buyer.contact_person,
    "buyer_email": Buyer.email,
    "buyer_phone": Buyer.phone,
    "demand_ref": DemandLine.ref,
    "demand_product": DemandLine.product_text,
    # Glossed in stream_rows (GLOSSED): what the buyer asks for, in Russian or English.
    "demand_product_ru": DemandLine.product_text,
    "demand_product_en": DemandLine.product_text,
    "demand_hs_code": DemandLine.hs_code,
    "quantity": DemandLine.quantity,
    "demand_unit": DemandLine.unit,
    "target_price": DemandLine.target_price,
    "demand_currency": DemandLine.currency,
    "demand_price_unit": func.coalesce(DemandLine.price_unit, DemandLine.unit),
    "demand_incoterms": _incoterms_with_place(DemandLine.incoterms, DemandLine.incoterms_place),
    "deadline": DemandLine.deadline,
    "score": MatchCandidate.score,
    "reviewer": MatchCandidate.reviewer,
    "decided_at": MatchCandidate.decided_at,
    "note": MatchCandidate.note,
    "_chapter": _chapter(Product.hs_code),
    "_region": Company.region,
    "_buyer_id": DemandLine.buyer_id,
    "_buyer": _buyer_name(Buyer),
}


def normalize_hs_chapter(text: str) -> str:
    """``3``, ``03`` or ``0303`` as the two-digit chapter ``03``; anything else is refused."""
    digits = "".join(char for char in text if char.isdigit())
    if len(digits) == 1:
        digits = "0" + digits
    if len(digits) < 2 or not 1 <= int(digits[:2]) <= 99:
        raise InputError(
            tr("{value!r} is not an HS chapter: give two digits such as 03").format(value=text),
            Location(field="hs_chapter"),
        )
    return digits[:2]


def _match_names(
    wanted: Sequence[str], known: dict[str, Any], what: str, shown_names: Sequence[str]
) -> list[Any]:
    """Values of ``known`` (name -> value) whose name contains one of the wanted words."""
    found: list[Any] = []
    for word in wanted:
        folded = fold(word.strip())
        hits = [v for name, v in known.items() if folded and folded in name]
        if not hits:
            names = sorted(set(shown_names))
            shown = ", ".join(names[:KNOWN_SHOWN]) + (", ..." if len(names) > KNOWN_SHOWN else "")
            raise InputError(
                tr("no {what} matches {value!r}; known: {known}").format(
                    what=what, value=word, known=shown or tr("none")
                ),
                Location(field=what),
            )
        found.extend(hit for hit in hits if hit not in found)
    return found


def resolve_filters(session: Session, kind: ExportKind, filters: ExportFilters) -> ExportFilters:
    """Check the filters and find the regions and buyers the user's words name.

    A region or buyer is given as any part of its name, in any case ("приморский"
    finds "Приморский край"); a buyer may also be given by its id. A word that names
    nothing is an error rather than an empty export.
    """
    chapters = tuple(normalize_hs_chapter(chapter) for chapter in filters.hs_chapters)
    status_enum = ProductStatus if kind is ExportKind.CATALOGUE else MatchStatus
    allowed = {status.value for status in status_enum}
    for status in filters.statuses:
        if status not in allowed:
            raise InputError(
                tr("unknown status {value!r}; use {known}").format(
                    value=status, known=", ".join(sorted(allowed))
                ),
                Location(field="status"),
            )
    regions: list[str] = []
    if filters.regions:
        rows = session.scalars(select(Company.region).where(Company.region.is_not(None)).distinct())
        known = {fold(region): region for region in rows if region}
        regions = _match_names(filters.regions, known, tr("region"), list(known.values()))
    buyer_ids: list[int] = []
    if filters.buyers and kind is ExportKind.CATALOGUE:
        raise InputError(
            tr("a catalogue lists every buyer's suppliers: --buyer applies to matches only"),
            Location(field="buyer"),
        )
    if filters.buyers:
        by_name: dict[str, int] = {}
        names: list[str] = []
        for buyer_id, name_zh, name_en in session.execute(
            select(Buyer.id, Buyer.name_zh, Buyer.name_en)
        ):
            by_name[f"#{buyer_id}"] = buyer_id
            for name in (name_zh, name_en):
                if name:
                    by_name[name.casefold()] = buyer_id
                    names.append(name)
        words = [f"#{w.strip()}" if w.strip().isdigit() else w for w in filters.buyers]
        buyer_ids = _match_names(words, by_name, tr("buyer"), names)
    return ExportFilters(
        hs_chapters=chapters,
        regions=filters.regions,
        buyers=filters.buyers,
        statuses=filters.statuses,
        region_values=tuple(regions),
        buyer_ids=tuple(buyer_ids),
    )


def _common_where(stmt: Select[Any], filters: ExportFilters) -> Select[Any]:
    if filters.hs_chapters:
        stmt = stmt.where(or_(*(Product.hs_code.startswith(c) for c in filters.hs_chapters)))
    if filters.region_values:
        stmt = stmt.where(Company.region.in_(filters.region_values))
    return stmt


def catalogue_query(keys: Sequence[str], filters: ExportFilters) -> Select[Any]:
    """Products with their company, one row per product, the columns in ``keys`` order."""
    statuses = filters.statuses or (ProductStatus.ACTIVE.value,)
    stmt = (
        select(*(CATALOGUE_COLUMNS[key] for key in keys))
        .select_from(Product)
        .join(Company, Product.company_id == Company.id)
        .where(Product.status.in_([ProductStatus(s) for s in statuses]))
        .where(Company.archived.is_(False))
        .order_by(Company.name_ru, Product.ref, Product.id)
    )
    return _common_where(stmt, filters)


def matches_query(keys: Sequence[str], filters: ExportFilters) -> Select[Any]:
    """Decided matches, one row per (demand line, product), grouped by buyer."""
    statuses = filters.statuses or (MatchStatus.ACCEPTED.value,)
    stmt = (
        select(*(MATCH_COLUMNS[key] for key in keys))
        .select_from(MatchCandidate)
        .join(DemandLine, MatchCandidate.demand_line_id == DemandLine.id)
        .join(Product, MatchCandidate.product_id == Product.id)
        .join(Company, Product.company_id == Company.id)
        .outerjoin(Buyer, DemandLine.buyer_id == Buyer.id)
        .where(MatchCandidate.status.in_([MatchStatus(s) for s in statuses]))
        .order_by(
            _buyer_name(Buyer),
            DemandLine.buyer_id,
            DemandLine.ref,
            DemandLine.id,
            MatchCandidate.score.desc(),
            MatchCandidate.id,
        )
    )
    if filters.buyer_ids:
        stmt = stmt.where(and_(DemandLine.buyer_id.in_(filters.buyer_ids)))
    return _common_where(stmt, filters)


def export_query(kind: ExportKind, keys: Sequence[str], filters: ExportFilters) -> Select[Any]:
    """The query of ``kind`` selecting ``keys``."""
    if kind is ExportKind.CATALOGUE:
        return catalogue_query(keys, filters)
    return matches_query(keys, filters)


def count_rows(session: Session, kind: ExportKind, filters: ExportFilters) -> int:
    """How many rows the export will have, for the progress bar."""
    inner = export_query(kind, ["_chapter"], filters).order_by(None).subquery()
    return int(session.scalar(select(func.count()).select_from(inner)) or 0)


def stream_rows(
    session: Session,
    kind: ExportKind,
    keys: Sequence[str],
    filters: ExportFilters,
    glosser: Glosser | None = None,
) -> Iterator[Sequence[Any]]:
    """The export's rows as tuples in ``keys`` order, fetched in chunks.

    Derived columns (:data:`DERIVED`) are computed from their sources, selected after
    ``keys`` and cut off again; :data:`GLOSSED` columns hold a gloss of the request.
    """
    derived = [(position, key) for position, key in enumerate(keys) if key in DERIVED]
    glossed = [(position, GLOSSED[key]) for position, key in enumerate(keys) if key in GLOSSED]
    if not glossed:
        yield from _stream_derived(session, kind, keys, filters, derived)
        return
    # A gloss of the buyer's request in Russian or English, or nothing without a glosser;
    # the line's HS code is selected after the keys and cut off again.
    rows = _stream_derived(session, kind, [*keys, "demand_hs_code"], filters, derived)
    gloss = glosser(session) if glosser is not None else None
    width = len(keys)
    for row in rows:
        values = list(row[:width])
        hs_code = row[width]
        for position, language in glossed:
            text = values[position]
            glossed_text = gloss(str(text), language, hs_code) if gloss and text else ""
            values[position] = glossed_text or None
        yield values


def _stream_derived(
    session: Session,
    kind: ExportKind,
    keys: Sequence[str],
    filters: ExportFilters,
    derived: list[tuple[int, str]],
) -> Iterator[Sequence[Any]]:
    if not derived:
        stmt = export_query(kind, keys, filters).execution_options(yield_per=FETCH_CHUNK)
        yield from session.execute(stmt)
        return
    extra: list[str] = []
    for _position, key in derived:
        extra.extend(source for source in DERIVED[key][0] if source not in extra)
    selected = [*keys, *extra]
    where = {key: position for position, key in enumerate(selected)}
    plans = [
        (position, DERIVED[key][1], [where[source] for source in DERIVED[key][0]])
        for position, key in derived
    ]
    width = len(keys)
    stmt = export_query(kind, selected, filters).execution_options(yield_per=FETCH_CHUNK)
    for row in session.execute(stmt):
        values = list(row[:width])
        for position, function, sources in plans:
            values[position] = function(row[position], *(row[index] for index in sources))
        yield values
