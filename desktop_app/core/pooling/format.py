"""A proposed pooled offer as text for the terminal."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.domain.enums import PoolRanking
from desktop_app.core.i18n import money_text, quantity_text, tr
from desktop_app.core.pooling.offer import PoolProposal


def _price(low: Decimal | None, high: Decimal | None, currency: str | None) -> str:
    if low is None and high is None:
        return "—"
    values = dict.fromkeys(money_text(v) for v in (low, high) if v is not None)
    return f"{'–'.join(values)} {currency or ''}".strip()


def _ranking(ranking: PoolRanking) -> str:
    """How the suppliers were ordered, in words (the stored key is for the program)."""
    if ranking is PoolRanking.PRICE:
        return tr("cheapest first")
    return tr("best match first")


def format_proposal(proposal: PoolProposal) -> str:
    """The line, each supplier with its share (or why it has none), totals and shortfall."""
    unit = proposal.unit or ""
    out = [
        tr("Request {ref}: {text}").format(
            ref=proposal.demand_ref or proposal.demand_line_id, text=proposal.demand_text
        ),
        tr("  {buyer} wants {quantity} {unit} by {deadline}, prices in {currency}; {by}").format(
            buyer=proposal.buyer_name or "—",
            quantity=quantity_text(proposal.quantity),
            unit=unit,
            deadline=proposal.deadline.isoformat() if proposal.deadline else "—",
            currency=proposal.currency,
            by=_ranking(proposal.ranking),
        ),
    ]
    if proposal.single_supplier:
        out.append(
            tr("  {company} alone can deliver the whole quantity").format(
                company=proposal.single_supplier
            )
        )
    if not proposal.suppliers:
        out.append(tr("  no accepted or suggested supplier; run the matcher or link one"))
    for supplier in proposal.suppliers:
        ref = supplier.product_ref or supplier.product_id
        name = f"{supplier.company_name} / {supplier.product_name} [{ref}]"
        if supplier.excluded:
            out.append(
                tr("  -  {name}: no share, {reason}").format(name=name, reason=supplier.excluded)
            )
            continue
        out.append(
            tr(
                "  {share:>12} {unit}  {name}  MOQ {moq}, can make {capacity}; "
                "{price}/{unit} {terms}"
            )
            .format(
                share=quantity_text(supplier.share),
                unit=unit,
                name=name,
                moq=quantity_text(supplier.moq),
                capacity=quantity_text(supplier.capacity) if supplier.capacity is not None else "—",
                price=_price(supplier.buyer_price_min, supplier.buyer_price_max, proposal.currency),
                terms=" ".join(
                    part for part in (supplier.incoterms, supplier.incoterms_place) if part
                ),
            )
            .rstrip()
        )
    out.append(
        tr("  covered {covered} of {quantity} {unit}, shortfall {shortfall} {unit}").format(
            covered=quantity_text(proposal.covered),
            quantity=quantity_text(proposal.quantity),
            unit=unit,
            shortfall=quantity_text(proposal.shortfall),
        )
    )
    out.append(
        tr("  price range {range}/{unit}, total {total}").format(
            range=_price(proposal.price_min, proposal.price_max, proposal.currency),
            unit=unit,
            total=_price(proposal.total(high=False), proposal.total(high=True), proposal.currency),
        )
    )
    if proposal.rate_warning:
        out.append(f"  ! {proposal.rate_warning}")
    return "\n".join(out)
