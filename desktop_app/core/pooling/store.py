"""Accepted pooled offers: stored with their shares, versioned, audited and undoable.

Accepting a pool for a line that already has one supersedes the older pool in the same
transaction; undoing the newer one withdraws it and puts the older one back in force.
Accepting carries the line's version as the proposal read it, undoing the pool's version:
if somebody changed either meanwhile, :class:`ConflictError` says so and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.core.database.audit import last_audit_event
from desktop_app.core.domain.enums import AuditAction, PoolStatus, ProductStatus
from desktop_app.core.domain.models import (
    AuditEvent,
    DemandLine,
    PooledOffer,
    PooledShare,
    Product,
)
from desktop_app.core.domain.types import local_minute
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.pooling.offer import PoolProposal
from desktop_app.core.pooling.proposal import line_is_open
from desktop_app.core.services.labels import choice_title, field_label

ENTITY = "pooled_offer"


@dataclass(frozen=True)
class StoredShare:
    """One supplier's share of a stored pool."""

    product_id: int
    quantity: Decimal
    offer_unit: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str | None
    buyer_price_min: Decimal | None
    buyer_price_max: Decimal | None
    incoterms: str | None
    incoterms_place: str | None


@dataclass(frozen=True)
class PoolView:
    """A stored pool as the interface and the exports read it."""

    id: int
    version: int
    demand_line_id: int
    status: PoolStatus
    ranking: str
    quantity: Decimal
    unit: str | None
    covered: Decimal
    shortfall: Decimal
    currency: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    total_min: Decimal | None
    total_max: Decimal | None
    created_by: str
    created_at: datetime
    supersedes_id: int | None
    shares: tuple[StoredShare, ...]


def _view(pool: PooledOffer) -> PoolView:
    return PoolView(
        id=pool.id,
        version=pool.version,
        demand_line_id=pool.demand_line_id,
        status=pool.status,
        ranking=pool.ranking.value,
        quantity=pool.quantity,
        unit=pool.unit,
        covered=pool.covered,
        shortfall=pool.shortfall,
        currency=pool.currency,
        price_min=pool.price_min,
        price_max=pool.price_max,
        total_min=pool.total_min,
        total_max=pool.total_max,
        created_by=pool.created_by,
        created_at=pool.created_at,
        supersedes_id=pool.supersedes_id,
        shares=tuple(
            StoredShare(
                share.product_id,
                share.quantity,
                share.offer_unit,
                share.price_min,
                share.price_max,
                share.currency,
                share.buyer_price_min,
                share.buyer_price_max,
                share.incoterms,
                share.incoterms_place,
            )
            for share in pool.shares
        ),
    )


def _audit(
    session: Session, pool: PooledOffer, action: AuditAction, actor: str, **changes: list[object]
) -> None:
    session.add(
        AuditEvent(
            entity_type=ENTITY, entity_id=pool.id, action=action, actor=actor, changes=changes
        )
    )


def accept_pool(session: Session, proposal: PoolProposal, actor: str) -> PoolView:
    """Store ``proposal`` with its shares as the line's pooled offer."""
    if not actor.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    if not proposal.shares:
        raise InputError(tr("a pooled offer needs at least one share"), Location(field="shares"))
    # Locked as it is read (PostgreSQL; SQLite's write session holds the file's write
    # lock): two officers accepting pools for one line at once are served one by one.
    line = session.get(DemandLine, proposal.demand_line_id, with_for_update=True)
    if line is None:
        raise InputError(tr("the request no longer exists"), Location(field="REF"))
    if line.version != proposal.line_version:
        raise ConflictError(_changed_since(session, "demand_line", line.id, line.ref))
    if not line_is_open(line):
        raise InputError(
            tr("the request {ref} is closed").format(ref=line.ref or line.id),
            Location(field="REF"),
        )
    current = session.scalars(
        select(PooledOffer).where(
            PooledOffer.demand_line_id == line.id, PooledOffer.status == PoolStatus.ACCEPTED
        )
    ).first()
    in_force_id = current.id if current is not None else None
    if in_force_id != proposal.in_force_id:
        raise ConflictError(_pool_changed(session, line, current, proposal.in_force_id))
    _check_products(session, proposal, line)
    pool = PooledOffer(
        demand_line_id=line.id,
        status=PoolStatus.ACCEPTED,
        ranking=proposal.ranking,
        quantity=proposal.quantity,
        unit=proposal.unit,
        covered=proposal.covered,
        shortfall=proposal.shortfall,
        currency=proposal.currency,
        price_min=proposal.price_min,
        price_max=proposal.price_max,
        total_min=proposal.total(high=False),
        total_max=proposal.total(high=True),
        created_by=actor,
        supersedes_id=current.id if current is not None else None,
    )
    for position, supplier in enumerate(proposal.shares, 1):
        pool.shares.append(
            PooledShare(
                product_id=supplier.product_id,
                position=position,
                quantity=supplier.share,
                offer_unit=supplier.offer_unit,
                price_min=supplier.price_min,
                price_max=supplier.price_max,
                currency=supplier.currency,
                buyer_price_min=supplier.buyer_price_min,
                buyer_price_max=supplier.buyer_price_max,
                incoterms=supplier.incoterms,
                incoterms_place=supplier.incoterms_place,
            )
        )
    if current is not None:
        current.status = PoolStatus.SUPERSEDED
    session.add(pool)
    session.flush()
    if current is not None:
        _audit(session, current, AuditAction.UPDATE, actor, status=["accepted", "superseded"])
    _audit(
        session,
        pool,
        AuditAction.CREATE,
        actor,
        demand_line=[None, line.id],
        shares=[None, {str(s.product_id): str(s.share) for s in proposal.shares}],
        shortfall=[None, str(proposal.shortfall)],
    )
    session.flush()
    return _view(pool)


def _changed_since(session: Session, entity_type: str, entity_id: int, ref: str | None) -> str:
    """Who changed a request or a product since the pool was proposed, and which fields."""
    last = last_audit_event(session, entity_type, entity_id)
    name = (
        tr("The request {ref}") if entity_type == "demand_line" else tr("The product {ref}")
    ).format(ref=ref or entity_id)
    if last is None:
        return tr("{name} changed since the pool was proposed; propose it again.").format(name=name)
    return tr(
        "{name} was changed by {actor} at {when} ({fields}) since the pool was proposed; "
        "nothing was stored. Propose it again."
    ).format(
        name=name,
        actor=last.actor,
        when=local_minute(last.at),
        fields=", ".join(sorted(field_label(entity_type, key) for key in last.changes)) or "-",
    )


def _pool_changed(
    session: Session, line: DemandLine, current: PooledOffer | None, seen_id: int | None
) -> str:
    """A colleague stored or withdrew the line's pool since this one was proposed."""
    ref = line.ref or line.id
    if current is not None:
        return tr(
            "{actor} stored pooled offer {id} for request {ref} at {when} since yours was "
            "proposed; yours was not stored. Look at theirs, then propose again."
        ).format(
            actor=current.created_by, id=current.id, ref=ref, when=local_minute(current.created_at)
        )
    assert seen_id is not None
    last = last_audit_event(session, ENTITY, seen_id)
    if last is None:
        return tr(
            "The pooled offer {id} of request {ref} was withdrawn since yours was proposed; "
            "yours was not stored. Propose it again."
        ).format(id=seen_id, ref=ref)
    return tr(
        "{actor} withdrew pooled offer {id} of request {ref} at {when} since yours was "
        "proposed; yours was not stored. Propose it again."
    ).format(actor=last.actor, id=seen_id, ref=ref, when=local_minute(last.at))


def _check_products(session: Session, proposal: PoolProposal, line: DemandLine) -> None:
    """Each share's product still offered as the proposal read it (prices, limits)."""
    shares = proposal.shares
    products = {
        product.id: product
        for product in session.scalars(
            select(Product).where(Product.id.in_([s.product_id for s in shares]))
        )
    }
    for supplier in shares:
        product = products.get(supplier.product_id)
        if product is None:
            raise ConflictError(
                tr(
                    "The product {ref} was deleted since the pool was proposed; nothing was "
                    "stored. Propose it again."
                ).format(ref=supplier.product_ref or supplier.product_id)
            )
        if product.version != supplier.product_version:
            raise ConflictError(
                _changed_since(session, "product", product.id, product.ref or product.name_ru)
            )
        if product.status is not ProductStatus.ACTIVE:
            raise ConflictError(
                tr(
                    "The product {ref} is no longer active; nothing was stored. "
                    "Propose the pool for request {line} again."
                ).format(ref=product.ref or product.id, line=line.ref or line.id)
            )


def undo_pool(session: Session, pool_id: int, expected_version: int, actor: str) -> PoolView:
    """Withdraw a pool (a new audit event, the rows kept) and restore the one it replaced."""
    pool = session.get(PooledOffer, pool_id)
    if pool is None:
        raise InputError(tr("pooled offer {id} no longer exists").format(id=pool_id))
    if pool.version != expected_version or pool.status is not PoolStatus.ACCEPTED:
        last = last_audit_event(session, ENTITY, pool_id)
        if last is None:
            raise ConflictError(
                tr("The pooled offer {id} changed since you read it; it was reloaded.").format(
                    id=pool_id
                )
            )
        raise ConflictError(
            tr(
                "{actor} set pooled offer {id} to {status} at {when} since you read it; "
                "nothing was changed. It was reloaded."
            ).format(
                actor=last.actor,
                id=pool_id,
                status=choice_title(pool.status),
                when=local_minute(last.at),
            )
        )
    pool.status = PoolStatus.WITHDRAWN
    _audit(session, pool, AuditAction.UPDATE, actor, status=["accepted", "withdrawn"])
    if pool.supersedes_id is not None:
        older = session.get(PooledOffer, pool.supersedes_id)
        if older is not None and older.status is PoolStatus.SUPERSEDED:
            older.status = PoolStatus.ACCEPTED
            _audit(session, older, AuditAction.UPDATE, actor, status=["superseded", "accepted"])
    session.flush()
    return _view(pool)


def list_pools(
    session: Session,
    demand_line_id: int | None = None,
    statuses: tuple[PoolStatus, ...] = (PoolStatus.ACCEPTED,),
) -> list[PoolView]:
    """Stored pools, of one line or all, newest first."""
    stmt = (
        select(PooledOffer)
        .options(selectinload(PooledOffer.shares))
        .where(PooledOffer.status.in_(statuses))
        .order_by(PooledOffer.id.desc())
    )
    if demand_line_id is not None:
        stmt = stmt.where(PooledOffer.demand_line_id == demand_line_id)
    return [_view(pool) for pool in session.scalars(stmt)]
