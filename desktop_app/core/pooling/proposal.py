"""Propose a pooled offer for one demand line: which suppliers, how much each, at what price.

The suppliers of the line's good are its accepted candidates and the undecided ones the
matcher suggests (rejected ones never). Each one's share is bounded by its MOQ and by
what it makes by the deadline (monthly capacity times the months left), both in the
line's unit; one whose unit does not convert, that gives no capacity, or that a food line
may not take (no GACC registration) is listed with the reason and gets no share. The
allocation (see :mod:`desktop_app.core.pooling.allocation`) fills the cheapest offers
first, in the buyer's currency per the line's unit, or the best-scored ones.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import (
    DemandStatus,
    MatchStatus,
    PoolRanking,
    PoolStatus,
    ProductStatus,
    Verdict,
)
from desktop_app.core.domain.models import (
    Buyer,
    Company,
    DemandLine,
    MatchCandidate,
    PooledOffer,
    Product,
)
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.pooling.allocation import SupplierLimit, allocate
from desktop_app.core.pooling.deal_fit import (
    FitContext,
    OfferTerms,
    RequestTerms,
    buyer_price,
    capacity_by_deadline,
    is_food,
)
from desktop_app.core.pooling.offer import CENTS, QUANTUM, PoolProposal, PoolSupplier, with_shares
from desktop_app.core.services.exchange_rates import rate_book
from desktop_app.core.settings import BUYER_CURRENCY, MONTHS_WITHOUT_DEADLINE, get_setting
from desktop_app.core.validation.trade import convert_quantity


def find_line(session: Session, ref: str) -> DemandLine:
    """The demand line with this reference (or numeric id)."""
    line = session.scalars(select(DemandLine).where(DemandLine.ref == ref)).first()
    if line is None and ref.isdigit():
        line = session.get(DemandLine, int(ref))
    if line is None:
        raise InputError(
            tr("no demand line has the reference {ref}").format(ref=ref), Location(field="REF")
        )
    return line


def fit_context(session: Session, today: date | None = None) -> FitContext:
    """Rates, today and the office's defaults, read once for many comparisons."""
    book = rate_book(session, today)
    return FitContext(
        rates=book,
        today=book.today,
        buyer_currency=str(get_setting(session, BUYER_CURRENCY)).upper(),
        months_without_deadline=Decimal(str(get_setting(session, MONTHS_WITHOUT_DEADLINE))),
    )


def request_terms(line: DemandLine) -> RequestTerms:
    """A demand line's side of a deal."""
    return RequestTerms(
        quantity=line.quantity,
        unit=line.unit,
        target_price=line.target_price,
        currency=line.currency,
        incoterms=line.incoterms,
        incoterms_place=line.incoterms_place,
        deadline=line.deadline,
        hs_code=line.hs_code,
    )


def offer_terms(product: Product, company: Company) -> OfferTerms:
    """A product's side of a deal."""
    return OfferTerms(
        unit=product.unit,
        moq=product.moq,
        capacity_monthly=product.capacity_monthly,
        price_min=product.price_min,
        price_max=product.price_max,
        currency=product.currency,
        incoterms=product.incoterms,
        incoterms_place=product.incoterms_place,
        hs_code=product.hs_code,
        gacc_registration=company.gacc_registration,
    )


def _supplier(
    line: DemandLine,
    candidate: MatchCandidate,
    product: Product,
    company: Company,
    context: FitContext,
) -> PoolSupplier:
    request, offer = request_terms(line), offer_terms(product, company)
    price = buyer_price(request, offer, context)
    excluded = ""
    moq = Decimal(0)
    capacity: Decimal | None = None
    to_line = (
        convert_quantity(Decimal(1), product.unit, line.unit)
        if product.unit and line.unit
        else (Decimal(1) if product.unit == line.unit else None)
    )
    if to_line is None:
        excluded = tr("its unit {offer} does not convert to {request}").format(
            offer=product.unit or "?", request=line.unit or "?"
        )
    else:
        moq = (product.moq or Decimal(0)) * to_line
        can_make = capacity_by_deadline(request, offer, context)
        if can_make is None:
            excluded = tr("no monthly capacity given")
        else:
            capacity = (can_make * to_line).quantize(QUANTUM)
            if capacity <= 0:
                excluded = tr("can make nothing before the deadline")
            elif moq > capacity:
                excluded = tr("its MOQ is more than it makes by the deadline")
    food = is_food(product.hs_code) or is_food(line.hs_code)
    if not excluded and food and not (company.gacc_registration or "").strip():
        excluded = tr("a food good, and the supplier has no GACC registration")
    return PoolSupplier(
        product_id=product.id,
        product_ref=product.ref,
        product_name=product.name_ru or product.name_en or product.name_zh or "",
        company_name=company.name_ru,
        score=candidate.score,
        status=candidate.status,
        offer_unit=product.unit,
        moq=moq.quantize(QUANTUM),
        capacity=capacity,
        price_min=product.price_min,
        price_max=product.price_max,
        currency=product.currency,
        buyer_price_min=None if price is None or price.low is None else price.low.quantize(CENTS),
        buyer_price_max=None if price is None or price.high is None else price.high.quantize(CENTS),
        incoterms=product.incoterms,
        incoterms_place=product.incoterms_place,
        excluded=excluded,
        product_version=product.version,
    )


def _unit_costs(suppliers: list[PoolSupplier], ranking: PoolRanking) -> list[float]:
    if ranking is PoolRanking.SCORE:
        return [100.0 - supplier.score for supplier in suppliers]
    known = [float(s.buyer_price_min) for s in suppliers if s.buyer_price_min is not None]
    # An offer without a price the buyer can read goes after every priced one.
    unknown = (max(known) if known else 0.0) * 2 + 1
    return [
        float(s.buyer_price_min) if s.buyer_price_min is not None else unknown for s in suppliers
    ]


def propose_pool(
    session: Session,
    ref: str,
    ranking: PoolRanking = PoolRanking.PRICE,
    today: date | None = None,
) -> PoolProposal:
    """The cheapest (or best-scored) split of the line's quantity among its suppliers."""
    return propose_for_line(session, find_line(session, ref), ranking, today)


def propose_pool_by_id(
    session: Session,
    demand_line_id: int,
    ranking: PoolRanking = PoolRanking.PRICE,
    today: date | None = None,
) -> PoolProposal:
    """:func:`propose_pool` for the demand line with this id."""
    line = session.get(DemandLine, demand_line_id)
    if line is None:
        raise InputError(tr("the request no longer exists"), Location(field="REF"))
    return propose_for_line(session, line, ranking, today)


def propose_for_line(
    session: Session, line: DemandLine, ranking: PoolRanking, today: date | None = None
) -> PoolProposal:
    """The proposal for a loaded demand line."""
    if line.quantity is None or line.quantity <= 0:
        raise InputError(
            tr("the request {ref} gives no quantity to pool").format(ref=line.ref or line.id),
            Location(field="quantity"),
        )
    context = fit_context(session, today)
    rows = session.execute(
        select(MatchCandidate, Product, Company)
        .join(Product, Product.id == MatchCandidate.product_id)
        .join(Company, Company.id == Product.company_id)
        .where(
            MatchCandidate.demand_line_id == line.id,
            Product.status == ProductStatus.ACTIVE,
            Company.archived.is_(False),
            or_(
                MatchCandidate.status == MatchStatus.ACCEPTED,
                (MatchCandidate.status == MatchStatus.SUGGESTED)
                & (MatchCandidate.verdict == Verdict.SUGGESTED),
            ),
        )
        .order_by(MatchCandidate.score.desc(), MatchCandidate.id)
    ).all()
    suppliers = [_supplier(line, *row, context) for row in rows]
    usable = [s for s in suppliers if not s.excluded]
    costs = _unit_costs(usable, ranking)
    limits = [
        SupplierLimit(position, float(s.moq), float(s.capacity or 0), cost)
        for position, (s, cost) in enumerate(zip(usable, costs, strict=True))
    ]
    allocation = allocate(float(line.quantity), limits)
    shares = {
        usable[key].product_id: Decimal(str(value)).quantize(QUANTUM)
        for key, value in allocation.shares.items()
    }
    alone = next(
        (
            s.company_name
            for s in usable
            if s.capacity is not None and s.capacity >= line.quantity and s.moq <= line.quantity
        ),
        None,
    )
    buyer = session.get(Buyer, line.buyer_id) if line.buyer_id is not None else None
    converted = [s for s in usable if s.currency and s.currency.upper() != _currency(line, context)]
    proposal = PoolProposal(
        demand_line_id=line.id,
        demand_ref=line.ref,
        demand_text=line.product_text,
        buyer_id=line.buyer_id,
        buyer_name=(buyer.name_zh or buyer.name_en or "") if buyer else "",
        line_version=line.version,
        quantity=line.quantity,
        unit=line.unit,
        currency=_currency(line, context),
        deadline=line.deadline,
        incoterms=line.incoterms,
        ranking=ranking,
        suppliers=tuple(suppliers),
        single_supplier=alone,
        rate_warning=_rate_warning(converted, _currency(line, context), context),
        in_force_id=session.scalars(
            select(PooledOffer.id).where(
                PooledOffer.demand_line_id == line.id,
                PooledOffer.status == PoolStatus.ACCEPTED,
            )
        ).first(),
    )
    return with_shares(proposal, shares)


def _currency(line: DemandLine, context: FitContext) -> str:
    return (line.currency or context.buyer_currency).upper()


def _rate_warning(converted: list[PoolSupplier], target: str, context: FitContext) -> str:
    for supplier in converted:
        conversion = context.rates.convert(Decimal(1), supplier.currency or target, target)
        if conversion is not None and conversion.stale:
            return tr("prices converted with an old exchange rate: {rate}").format(
                rate=conversion.describe()
            )
    return ""


def line_is_open(line: DemandLine) -> bool:
    """Whether a line may still get offers."""
    return line.status is DemandStatus.OPEN
