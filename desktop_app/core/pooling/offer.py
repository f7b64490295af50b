"""A pooled offer as proposed: the suppliers of a line with their limits and shares, and
the officer's own shares, checked against each supplier's MOQ and capacity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from desktop_app.core.domain.enums import MatchStatus, PoolRanking
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr

QUANTUM = Decimal("0.001")
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class PoolSupplier:
    """One supplier of the line's good, its limits in the line's unit, and its share."""

    product_id: int
    product_ref: str | None
    product_name: str
    company_name: str
    score: float
    status: MatchStatus
    offer_unit: str | None
    moq: Decimal
    capacity: Decimal | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str | None
    # The offer's range per the line's unit in the buyer's currency, when it converts.
    buyer_price_min: Decimal | None
    buyer_price_max: Decimal | None
    incoterms: str | None
    incoterms_place: str | None
    share: Decimal = Decimal(0)
    # Why the supplier cannot take a share; empty when it can.
    excluded: str = ""
    # The product's version as the proposal read its prices and limits.
    product_version: int = 0


@dataclass(frozen=True)
class PoolProposal:
    """A line and its suppliers with their shares, what they cover and cost together."""

    demand_line_id: int
    demand_ref: str | None
    demand_text: str
    buyer_id: int | None
    buyer_name: str
    line_version: int
    quantity: Decimal
    unit: str | None
    currency: str
    deadline: date | None
    incoterms: str | None
    ranking: PoolRanking
    suppliers: tuple[PoolSupplier, ...]
    # A supplier that could deliver the whole quantity alone, if any.
    single_supplier: str | None
    rate_warning: str = ""
    # The pooled offer in force when the proposal was read (None: none was): accepting
    # replaces it, so a pool a colleague stored meanwhile is never replaced unseen.
    in_force_id: int | None = None

    @property
    def shares(self) -> list[PoolSupplier]:
        """The suppliers with a share, in the order shown."""
        return [supplier for supplier in self.suppliers if supplier.share > 0]

    @property
    def covered(self) -> Decimal:
        """The quantity the shares add up to."""
        return sum((s.share for s in self.shares), Decimal(0))

    @property
    def shortfall(self) -> Decimal:
        """What the shares leave uncovered."""
        return max(self.quantity - self.covered, Decimal(0))

    @property
    def price_min(self) -> Decimal | None:
        """The lowest price among the shares, in the buyer's currency per the line's unit."""
        prices = [s.buyer_price_min for s in self.shares if s.buyer_price_min is not None]
        return min(prices) if prices else None

    @property
    def price_max(self) -> Decimal | None:
        """The highest price among the shares."""
        prices = [s.buyer_price_max for s in self.shares if s.buyer_price_max is not None]
        return max(prices) if prices else None

    def total(self, high: bool) -> Decimal | None:
        """What the shares cost together at the low or high end; ``None`` if a price is missing."""
        total = Decimal(0)
        for supplier in self.shares:
            price = supplier.buyer_price_max if high else supplier.buyer_price_min
            if price is None:
                return None
            total += supplier.share * price
        return total.quantize(CENTS)


def with_shares(proposal: PoolProposal, shares: Mapping[int, Decimal]) -> PoolProposal:
    """The proposal with the officer's shares (by product id), checked against each
    supplier's MOQ and capacity; a share of zero leaves the supplier out."""
    # Here, not at the top: the importing package loads its readers (NumPy among them,
    # 0.23 s of CPU), and Review and Matches import this module on their first show.
    from desktop_app.core.importing.quantity_units import shown_number

    suppliers: list[PoolSupplier] = []
    known = {supplier.product_id for supplier in proposal.suppliers}
    unknown = [product_id for product_id in shares if product_id not in known]
    if unknown:
        raise InputError(
            tr("product {id} is not a supplier of this request").format(id=unknown[0]),
            Location(field="shares"),
        )
    for supplier in proposal.suppliers:
        share = Decimal(shares.get(supplier.product_id, 0)).quantize(QUANTUM)
        where = Location(field=supplier.product_ref or str(supplier.product_id))
        if share < 0:
            raise InputError(tr("a share cannot be negative"), where)
        if share > 0:
            if supplier.excluded:
                raise InputError(
                    tr("{company} cannot take a share: {reason}").format(
                        company=supplier.company_name, reason=supplier.excluded
                    ),
                    where,
                )
            if share < supplier.moq:
                raise InputError(
                    tr("{company}'s share {share} is below its MOQ of {moq} {unit}").format(
                        company=supplier.company_name,
                        share=shown_number(share),
                        moq=shown_number(supplier.moq),
                        unit=proposal.unit or "",
                    ),
                    where,
                )
            if supplier.capacity is not None and share > supplier.capacity:
                raise InputError(
                    tr(
                        "{company}'s share {share} is more than the {capacity} {unit} it makes "
                        "by the deadline"
                    ).format(
                        company=supplier.company_name,
                        share=shown_number(share),
                        capacity=shown_number(supplier.capacity),
                        unit=proposal.unit or "",
                    ),
                    where,
                )
        suppliers.append(replace(supplier, share=share))
    result = replace(proposal, suppliers=tuple(suppliers))
    # Round-off of three-decimal shares may pass the quantity by a thousandth or two.
    if result.covered > proposal.quantity + Decimal("0.01"):
        raise InputError(
            tr("the shares add up to {covered}, more than the {quantity} {unit} asked").format(
                covered=shown_number(result.covered),
                quantity=shown_number(proposal.quantity),
                unit=proposal.unit or "",
            ),
            Location(field="shares"),
        )
    return result
