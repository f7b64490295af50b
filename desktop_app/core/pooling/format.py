"""A proposed pooled offer as text for the terminal."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.i18n import tr
from desktop_app.core.importing.quantity_units import shown_number
from desktop_app.core.pooling.offer import PoolProposal


def _price(low: Decimal | None, high: Decimal | None, currency: str | None) -> str:
    if low is None and high is None:
        return "—"
    values = dict.fromkeys(str(v) for v in (low, high) if v is not None)
    return f"{'–'.join(values)} {currency or ''}".strip()


def format_proposal(proposal: PoolProposal) -> str:
    """The line, each supplier with its share (or why it has none), totals and shortfall."""
    unit = proposal.unit or ""
    out = [
        tr("Request {ref}: {text}").format(
            ref=proposal.demand_ref or proposal.demand_line_id, text=proposal.demand_text
        ),
        tr("  {buyer} wants {quantity} {unit} by {deadline}, prices in {currency}; by {by}").format(
            buyer=proposal.buyer_name or "—",
            quantity=shown_number(proposal.quantity),
            unit=unit,
            deadline=proposal.deadline.isoformat() if proposal.deadline else "—",
            currency=proposal.currency,
            by=proposal.ranking.value,
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
                share=shown_number(supplier.share),
                unit=unit,
                name=name,
                moq=shown_number(supplier.moq),
                capacity=shown_number(supplier.capacity) if supplier.capacity is not None else "—",
                price=_price(supplier.buyer_price_min, supplier.buyer_price_max, proposal.currency),
                terms=" ".join(
                    part for part in (supplier.incoterms, supplier.incoterms_place) if part
                ),
            )
            .rstrip()
        )
    out.append(
        tr("  covered {covered} of {quantity} {unit}, shortfall {shortfall} {unit}").format(
            covered=shown_number(proposal.covered),
            quantity=shown_number(proposal.quantity),
            unit=unit,
            shortfall=shown_number(proposal.shortfall),
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
