"""Buyers' demand lines for the Demand screen: filters and the detail of one line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import DemandStatus, MatchStatus
from desktop_app.core.domain.models import Buyer, Company, DemandLine, MatchCandidate, Product
from desktop_app.core.errors import InputError
from desktop_app.core.i18n import tr


@dataclass(frozen=True)
class DemandFilters:
    """What the Demand screen narrows to; empty fields do not filter."""

    buyer_id: int | None = None
    province: str | None = None
    hs_chapter: str | None = None
    # True: only lines with candidates; False: only lines without; None: all.
    has_matches: bool | None = None
    deadline_before: date | None = None
    open_only: bool = False


@dataclass(frozen=True)
class CandidateSummary:
    """One candidate of a demand line, in short."""

    product: str
    company: str
    score: float
    status: MatchStatus


@dataclass(frozen=True)
class DemandDetail:
    """Everything the detail pane shows about one demand line."""

    id: int
    product_text: str
    buyer: str
    province: str | None
    city: str | None
    contact: str | None
    hs_code: str | None
    quantity: Decimal | None
    unit: str | None
    target_price: Decimal | None
    currency: str | None
    # The unit the target price is quoted per: its own ("kg" for 45元/公斤) or the line's.
    price_unit: str | None
    incoterms: str | None
    deadline: date | None
    notes: str | None
    source: str | None
    status: DemandStatus
    candidates: tuple[CandidateSummary, ...]


def demand_conditions(filters: DemandFilters) -> list[ColumnElement[bool]]:
    """SQL conditions over the Demand table (demand lines outer-joined to buyers)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.buyer_id is not None:
        conditions.append(DemandLine.buyer_id == filters.buyer_id)
    if filters.province:
        conditions.append(Buyer.province == filters.province)
    if filters.hs_chapter:
        conditions.append(DemandLine.hs_code.like(f"{filters.hs_chapter[:2]}%"))
    if filters.has_matches is not None:
        has = exists().where(MatchCandidate.demand_line_id == DemandLine.id)
        conditions.append(has if filters.has_matches else ~has)
    if filters.deadline_before is not None:
        conditions.append(DemandLine.deadline <= filters.deadline_before)
    if filters.open_only:
        conditions.append(DemandLine.status == DemandStatus.OPEN)
    return conditions


def buyer_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every buyer, by name."""
    rows = session.execute(select(Buyer.id, Buyer.name_zh, Buyer.name_en).order_by(Buyer.name_zh))
    return [(row[0], row[1] or row[2] or "") for row in rows]


def province_choices(session: Session) -> list[str]:
    """The provinces buyers are in, sorted."""
    rows = session.scalars(
        select(Buyer.province)
        .where(Buyer.province.is_not(None))
        .distinct()
        .order_by(Buyer.province)
    )
    return [row for row in rows if row]


def demand_detail(session: Session, line_id: int) -> DemandDetail:
    """The demand line ``line_id`` with its buyer and its candidates, best first."""
    line = session.get(DemandLine, line_id)
    if line is None:
        raise InputError(tr("Demand line {id} does not exist").format(id=line_id))
    buyer = line.buyer
    rows = session.execute(
        select(
            Product.name_ru,
            Product.name_en,
            Company.name_ru,
            MatchCandidate.score,
            MatchCandidate.status,
        )
        .join(Product, Product.id == MatchCandidate.product_id)
        .join(Company, Company.id == Product.company_id)
        .where(MatchCandidate.demand_line_id == line_id)
        .order_by(MatchCandidate.score.desc())
    )
    candidates = tuple(
        CandidateSummary(row[0] or row[1] or "", row[2], row[3], row[4]) for row in rows
    )
    source = None
    if line.source_file and line.source_row is not None:
        source = tr("{file}, row {row}").format(file=line.source_file, row=line.source_row)
    elif line.source_file:
        source = line.source_file
    incoterms = " ".join(part for part in (line.incoterms, line.incoterms_place) if part)
    return DemandDetail(
        id=line.id,
        product_text=line.product_text,
        buyer=(buyer.name_zh or buyer.name_en or "") if buyer else "",
        province=buyer.province if buyer else None,
        city=buyer.city if buyer else None,
        contact=buyer.contact_person if buyer else None,
        hs_code=line.hs_code,
        quantity=line.quantity,
        unit=line.unit,
        target_price=line.target_price,
        currency=line.currency,
        price_unit=line.price_unit or line.unit,
        incoterms=incoterms or None,
        deadline=line.deadline,
        notes=line.notes,
        source=source,
        status=line.status,
        candidates=candidates,
    )
