"""Deal fit: can this offer meet this request, apart from naming the same good?

The relevance score says whether two names are one good; deal fit is a second, separate
judgement of the deal, row by row as Picard compares a file's tags with a release:
quantity against the minimum order and against what the supplier makes by the deadline,
the buyer's target price against the offer's range (converted with the office's exchange
rates), the units, the Incoterms, and whether a food supplier has its GACC registration.
Each row agrees, conflicts or is unknown, always with a reason. Nothing here changes a
score or a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.core.i18n import money_text, quantity_text, tr
from desktop_app.core.services.exchange_rates import RateBook
from desktop_app.core.text import fold
from desktop_app.core.validation.trade import convert_quantity

# Average days in a month, for capacity per month times the months to the deadline.
DAYS_PER_MONTH = Decimal("30.4375")
# HS chapters of food and agricultural goods whose foreign makers China's customs (GACC,
# Decrees 248/249) registers before import: live animals to prepared foodstuffs.
FOOD_CHAPTERS = frozenset(f"{chapter:02d}" for chapter in range(1, 25))


class Fit(StrEnum):
    """One comparison's outcome."""

    AGREE = "agree"
    CONFLICT = "conflict"
    UNKNOWN = "unknown"


class Aspect(StrEnum):
    """What a deal-fit row compares."""

    MOQ = "moq"
    CAPACITY = "capacity"
    PRICE = "price"
    UNIT = "unit"
    INCOTERMS = "incoterms"
    ELIGIBILITY = "eligibility"


ASPECT_TITLES: dict[Aspect, Callable[[], str]] = {
    Aspect.MOQ: lambda: tr("Quantity vs MOQ"),
    Aspect.CAPACITY: lambda: tr("Quantity vs capacity by deadline"),
    Aspect.PRICE: lambda: tr("Target price vs price range"),
    Aspect.UNIT: lambda: tr("Units"),
    Aspect.INCOTERMS: lambda: tr("Incoterms"),
    Aspect.ELIGIBILITY: lambda: tr("Eligibility (GACC)"),
}

FIT_TITLES: dict[Fit, Callable[[], str]] = {
    Fit.AGREE: lambda: tr("fits"),
    Fit.CONFLICT: lambda: tr("conflict"),
    Fit.UNKNOWN: lambda: tr("unknown"),
}


@dataclass(frozen=True)
class RequestTerms:
    """What the buyer asks: quantity and unit, target price, Incoterms, deadline."""

    quantity: Decimal | None
    unit: str | None
    target_price: Decimal | None
    currency: str | None
    incoterms: str | None
    incoterms_place: str | None
    deadline: date | None
    hs_code: str | None


@dataclass(frozen=True)
class OfferTerms:
    """What the supplier offers, and whether it is registered with GACC."""

    unit: str | None
    moq: Decimal | None
    capacity_monthly: Decimal | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str | None
    incoterms: str | None
    incoterms_place: str | None
    hs_code: str | None
    gacc_registration: str | None


@dataclass(frozen=True)
class FitRow:
    """One side-by-side comparison: the request's side, the offer's, the outcome, why."""

    aspect: Aspect
    request: str
    offer: str
    fit: Fit
    reason: str
    # Something to check even when the rows agree: an old exchange rate.
    warning: str = ""

    @property
    def title(self) -> str:
        """The row's title in the interface language."""
        return ASPECT_TITLES[self.aspect]()


@dataclass(frozen=True)
class DealFit:
    """Every row for one request and one offer."""

    rows: tuple[FitRow, ...]

    @property
    def overall(self) -> Fit:
        """Conflict if any row conflicts, fits if every row fits, else unknown."""
        fits = {row.fit for row in self.rows}
        if Fit.CONFLICT in fits:
            return Fit.CONFLICT
        if fits == {Fit.AGREE}:
            return Fit.AGREE
        return Fit.UNKNOWN

    @property
    def conflicts(self) -> list[FitRow]:
        """The rows that conflict."""
        return [row for row in self.rows if row.fit is Fit.CONFLICT]


@dataclass(frozen=True)
class FitContext:
    """What deal fit needs besides the two sides: rates, today, and the defaults."""

    rates: RateBook
    today: date
    buyer_currency: str = "CNY"
    months_without_deadline: Decimal = Decimal(1)


def _qty(value: Decimal | None, unit: str | None) -> str:
    if value is None:
        return "—"
    return f"{quantity_text(value)} {unit or ''}".strip()


def _money(value: Decimal, currency: str | None) -> str:
    return f"{money_text(value)} {currency or ''}".strip()


def _range(
    low: Decimal | None, high: Decimal | None, currency: str | None, unit: str | None
) -> str:
    if low is None and high is None:
        return "—"
    values = [v for v in (low, high) if v is not None]
    shown = "–".join(money_text(v) for v in dict.fromkeys(values))
    per = f"/{unit}" if unit else ""
    return f"{shown} {currency or ''}{per}".strip()


def in_offer_unit(request: RequestTerms, offer: OfferTerms) -> Decimal | None:
    """The requested quantity in the offer's unit, when the units convert."""
    if request.quantity is None:
        return None
    if not request.unit or not offer.unit:
        return request.quantity if request.unit == offer.unit else None
    return convert_quantity(request.quantity, request.unit, offer.unit)


def months_to_deadline(deadline: date | None, context: FitContext) -> Decimal:
    """Months from today to the deadline (none past it; the default with no deadline)."""
    if deadline is None:
        return context.months_without_deadline
    days = max((deadline - context.today).days, 0)
    return Decimal(days) / DAYS_PER_MONTH


def _unit_row(request: RequestTerms, offer: OfferTerms) -> FitRow:
    shown = (request.unit or "—", offer.unit or "—")
    if not request.unit or not offer.unit:
        reason = tr("a unit is missing; the quantities cannot be compared safely")
        return FitRow(Aspect.UNIT, *shown, Fit.UNKNOWN, reason)
    if request.unit == offer.unit:
        return FitRow(Aspect.UNIT, *shown, Fit.AGREE, tr("same unit"))
    factor = convert_quantity(Decimal(1), request.unit, offer.unit)
    if factor is None:
        reason = tr(
            "{request} cannot be converted to {offer}: ask the buyer or the supplier"
        ).format(request=request.unit, offer=offer.unit)
        return FitRow(Aspect.UNIT, *shown, Fit.CONFLICT, reason)
    reason = tr("converted: 1 {request} = {factor} {offer}").format(
        request=request.unit, factor=quantity_text(factor), offer=offer.unit
    )
    return FitRow(Aspect.UNIT, *shown, Fit.AGREE, reason)


def _moq_row(request: RequestTerms, offer: OfferTerms) -> FitRow:
    shown = (_qty(request.quantity, request.unit), _qty(offer.moq, offer.unit))
    if request.quantity is None or offer.moq is None:
        reason = tr("no quantity asked") if request.quantity is None else tr("no MOQ given")
        return FitRow(Aspect.MOQ, *shown, Fit.UNKNOWN, reason)
    wanted = in_offer_unit(request, offer)
    if wanted is None:
        return FitRow(Aspect.MOQ, *shown, Fit.UNKNOWN, tr("the units do not convert"))
    if wanted >= offer.moq:
        return FitRow(Aspect.MOQ, *shown, Fit.AGREE, tr("the quantity reaches the MOQ"))
    reason = tr("{wanted} {unit} asked is below the MOQ of {moq} {unit}").format(
        wanted=quantity_text(wanted), unit=offer.unit or "", moq=quantity_text(offer.moq)
    )
    return FitRow(Aspect.MOQ, *shown, Fit.CONFLICT, reason)


def capacity_by_deadline(
    request: RequestTerms, offer: OfferTerms, context: FitContext
) -> Decimal | None:
    """What the supplier makes by the request's deadline, in the offer's unit."""
    if offer.capacity_monthly is None:
        return None
    return offer.capacity_monthly * months_to_deadline(request.deadline, context)


def _capacity_row(request: RequestTerms, offer: OfferTerms, context: FitContext) -> FitRow:
    months = months_to_deadline(request.deadline, context)
    can_make = capacity_by_deadline(request, offer, context)
    offer_side = (
        tr("{monthly} a month × {months} months").format(
            monthly=_qty(offer.capacity_monthly, offer.unit), months=f"{months:.1f}"
        )
        if offer.capacity_monthly is not None
        else "—"
    )
    shown = (_qty(request.quantity, request.unit), offer_side)
    if request.quantity is None or can_make is None:
        reason = tr("no quantity asked") if request.quantity is None else tr("no capacity given")
        return FitRow(Aspect.CAPACITY, *shown, Fit.UNKNOWN, reason)
    wanted = in_offer_unit(request, offer)
    if wanted is None:
        return FitRow(Aspect.CAPACITY, *shown, Fit.UNKNOWN, tr("the units do not convert"))
    if request.deadline is not None and request.deadline < context.today:
        reason = tr("the deadline {date} has passed").format(date=request.deadline.isoformat())
        return FitRow(Aspect.CAPACITY, *shown, Fit.CONFLICT, reason)
    if wanted <= can_make:
        reason = tr("makes {amount} {unit} by the deadline").format(
            amount=quantity_text(can_make), unit=offer.unit or ""
        )
        return FitRow(Aspect.CAPACITY, *shown, Fit.AGREE, reason)
    reason = tr(
        "makes only {amount} {unit} of {wanted} by the deadline: a pooled offer may cover it"
    ).format(
        amount=quantity_text(can_make),
        unit=offer.unit or "",
        wanted=quantity_text(wanted),
    )
    return FitRow(Aspect.CAPACITY, *shown, Fit.CONFLICT, reason)


@dataclass(frozen=True)
class BuyerPrice:
    """An offer's price range per the request's unit in the buyer's currency."""

    low: Decimal | None
    high: Decimal | None
    currency: str
    note: str
    stale: bool


def buyer_price(request: RequestTerms, offer: OfferTerms, context: FitContext) -> BuyerPrice | None:
    """The offer's range as the buyer reads it, or ``None`` when units or rates are missing."""
    target_currency = (request.currency or context.buyer_currency).upper()
    if offer.price_min is None and offer.price_max is None:
        return None
    if request.unit and offer.unit:
        per_unit = convert_quantity(Decimal(1), request.unit, offer.unit)
        if per_unit is None:
            return None
    elif not request.unit and not offer.unit:
        per_unit = Decimal(1)
    else:
        return None
    source_currency = (offer.currency or target_currency).upper()
    converted: list[Decimal | None] = []
    note, stale = "", False
    for value in (offer.price_min, offer.price_max):
        if value is None:
            converted.append(None)
            continue
        conversion = context.rates.convert(value * per_unit, source_currency, target_currency)
        if conversion is None:
            return None
        converted.append(conversion.value)
        note, stale = conversion.describe(), conversion.stale
    low, high = converted
    return BuyerPrice(
        low if low is not None else high,
        high if high is not None else low,
        target_currency,
        note,
        stale,
    )


def _price_row(request: RequestTerms, offer: OfferTerms, context: FitContext) -> FitRow:
    currency = (request.currency or context.buyer_currency).upper()
    request_side = (
        _money(request.target_price, currency) + (f"/{request.unit}" if request.unit else "")
        if request.target_price is not None
        else "—"
    )
    offer_side = _range(offer.price_min, offer.price_max, offer.currency, offer.unit)
    shown = (request_side, offer_side)
    if request.target_price is None:
        return FitRow(Aspect.PRICE, *shown, Fit.UNKNOWN, tr("no target price"))
    if offer.price_min is None and offer.price_max is None:
        return FitRow(Aspect.PRICE, *shown, Fit.UNKNOWN, tr("no price offered"))
    if request.unit != offer.unit and (
        not request.unit
        or not offer.unit
        or convert_quantity(Decimal(1), request.unit, offer.unit) is None
    ):
        reason = tr("a price per {request} cannot be compared with a price per {offer}").format(
            request=request.unit or "?", offer=offer.unit or "?"
        )
        return FitRow(Aspect.PRICE, *shown, Fit.UNKNOWN, reason)
    price = buyer_price(request, offer, context)
    if price is None or price.low is None or price.high is None:
        reason = tr("no exchange rate from {source} to {target}: add one in Settings").format(
            source=(offer.currency or "?").upper(), target=currency
        )
        return FitRow(Aspect.PRICE, *shown, Fit.UNKNOWN, reason)
    in_buyer_terms = _range(price.low, price.high, currency, request.unit)
    warning = price.note if price.stale else ""
    rate_note = f" ({price.note})" if price.note else ""
    if request.target_price >= price.low:
        reason = tr("the target reaches the offer: {range}").format(range=in_buyer_terms)
        return FitRow(Aspect.PRICE, *shown, Fit.AGREE, reason + rate_note, warning)
    reason = tr("the target is below the offer's lowest price: {range}").format(
        range=in_buyer_terms
    )
    return FitRow(Aspect.PRICE, *shown, Fit.CONFLICT, reason + rate_note, warning)


def _place_key(place: str | None) -> str:
    return " ".join(fold(place or "").split())


def _incoterms_row(request: RequestTerms, offer: OfferTerms) -> FitRow:
    def side(term: str | None, place: str | None) -> str:
        return " ".join(part for part in (term, place) if part) or "—"

    shown = (
        side(request.incoterms, request.incoterms_place),
        side(offer.incoterms, offer.incoterms_place),
    )
    if not request.incoterms or not offer.incoterms:
        return FitRow(Aspect.INCOTERMS, *shown, Fit.UNKNOWN, tr("a side names no Incoterms rule"))
    if request.incoterms != offer.incoterms:
        reason = tr("the buyer asks {request}, the offer is {offer}: the price covers other costs")
        return FitRow(
            Aspect.INCOTERMS,
            *shown,
            Fit.CONFLICT,
            reason.format(request=request.incoterms, offer=offer.incoterms),
        )
    if not request.incoterms_place or not offer.incoterms_place:
        return FitRow(Aspect.INCOTERMS, *shown, Fit.AGREE, tr("same rule; a place is not named"))
    if _place_key(request.incoterms_place) == _place_key(offer.incoterms_place):
        return FitRow(Aspect.INCOTERMS, *shown, Fit.AGREE, tr("same rule and place"))
    # "Manzhouli" and "满洲里" are one place written twice: only a person can tell.
    reason = tr("same rule; the places are written differently: check they are one place")
    return FitRow(Aspect.INCOTERMS, *shown, Fit.UNKNOWN, reason)


def is_food(hs_code: str | None) -> bool | None:
    """Whether an HS code is of a food good (chapters 01-24); ``None`` without a code."""
    if not hs_code or len(hs_code) < 2:
        return None
    return hs_code[:2] in FOOD_CHAPTERS


def _eligibility_row(request: RequestTerms, offer: OfferTerms) -> FitRow:
    registration = (offer.gacc_registration or "").strip()
    shown = (request.hs_code or "—", registration or tr("no GACC registration"))
    food = is_food(offer.hs_code)
    if food is None:
        food = is_food(request.hs_code)
    if food is None:
        reason = tr("no HS code: whether GACC registration is needed is unknown")
        return FitRow(Aspect.ELIGIBILITY, *shown, Fit.UNKNOWN, reason)
    if not food:
        return FitRow(Aspect.ELIGIBILITY, *shown, Fit.AGREE, tr("not a food good"))
    if registration:
        return FitRow(Aspect.ELIGIBILITY, *shown, Fit.AGREE, tr("food good, supplier registered"))
    reason = tr("a food good needs the supplier's GACC registration, and it has none")
    return FitRow(Aspect.ELIGIBILITY, *shown, Fit.CONFLICT, reason)


def deal_fit(request: RequestTerms, offer: OfferTerms, context: FitContext) -> DealFit:
    """Every deal-fit row for one request and one offer."""
    return DealFit(
        (
            _moq_row(request, offer),
            _capacity_row(request, offer, context),
            _price_row(request, offer, context),
            _unit_row(request, offer),
            _incoterms_row(request, offer),
            _eligibility_row(request, offer),
        )
    )
