"""The officer's actions on a whole request: every candidate of it, a product linked by
hand, and closing it (fulfilled, withdrawn, expired, or no supplier) with a reason.

Like review decisions, each carries the version of the record as it was read, writes an
audit row with the officer's name, and can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.core.database.audit import last_audit_event, set_actor
from desktop_app.core.database.search_index import matching_ids
from desktop_app.core.domain.enums import (
    AuditAction,
    DemandStatus,
    LineOutcome,
    MatchSource,
    MatchStatus,
    ProductStatus,
    Verdict,
)
from desktop_app.core.domain.models import (
    AuditEvent,
    Company,
    DemandLine,
    MatchCandidate,
    Product,
)
from desktop_app.core.domain.types import local_minute, utcnow
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.labels import field_label
from desktop_app.core.services.review import CandidateView, Decision, decide, load_candidates

SEARCH_LIMIT = 50


def line_candidates(session: Session, demand_line_id: int) -> list[CandidateView]:
    """Every candidate of one request, best score first, whatever the queue's filters."""
    ids = list(
        session.scalars(
            select(MatchCandidate.id)
            .where(MatchCandidate.demand_line_id == demand_line_id)
            .order_by(MatchCandidate.score.desc(), MatchCandidate.id)
        )
    )
    views = load_candidates(session, ids)
    return [views[i] for i in ids if i in views]


@dataclass(frozen=True)
class ProductHit:
    """A product found by a search, to link by hand."""

    id: int
    ref: str | None
    name: str
    company_name: str
    hs_code: str | None
    unit: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str | None


def search_products(session: Session, query: str, limit: int = SEARCH_LIMIT) -> list[ProductHit]:
    """Active products whose names, codes or supplier match ``query`` (full-text)."""
    ids = matching_ids(session, "product", query)
    if ids is None:
        return []
    rows = session.execute(
        select(Product, Company)
        .join(Company, Company.id == Product.company_id)
        .where(Product.id.in_(ids), Product.status == ProductStatus.ACTIVE)
        .order_by(Product.id)
        .limit(limit)
    )
    return [
        ProductHit(
            product.id,
            product.ref,
            product.name_ru or product.name_en or product.name_zh or "",
            company.name_ru,
            product.hs_code,
            product.unit,
            product.price_min,
            product.price_max,
            product.currency,
        )
        for product, company in rows
    ]


def _line(session: Session, demand_line_id: int, expected_version: int | None) -> DemandLine:
    line = session.get(DemandLine, demand_line_id)
    if line is None:
        raise InputError(tr("the request no longer exists"), Location(field="REF"))
    if expected_version is not None and line.version != expected_version:
        last = last_audit_event(session, "demand_line", line.id)
        if last is None:
            raise ConflictError(
                tr("The request {ref} changed since you opened it; it was reloaded.").format(
                    ref=line.ref or line.id
                )
            )
        raise ConflictError(
            tr(
                "{actor} changed the request {ref} at {when} ({fields}) since you opened it; "
                "nothing was saved. It was reloaded."
            ).format(
                actor=last.actor,
                ref=line.ref or line.id,
                when=local_minute(last.at),
                fields=", ".join(sorted(field_label("demand_line", key) for key in last.changes))
                or "-",
            )
        )
    return line


def link_product(
    session: Session,
    demand_line_id: int,
    product_id: int,
    reviewer: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Link a product the matcher missed to a request, accepted, as a "manual" match.

    ``expected_version`` is the request's version as the officer saw it: a request a
    colleague closed or changed meanwhile is named, not linked to. Undoing the returned
    decision leaves the link as an undecided candidate.
    """
    if not reviewer.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    line = _line(session, demand_line_id, expected_version)
    if line.status is not DemandStatus.OPEN:
        raise InputError(
            tr("the request {ref} is closed; reopen it before linking a product").format(
                ref=line.ref or line.id
            ),
            Location(field="REF"),
        )
    product = session.get(Product, product_id)
    if product is None or product.status is not ProductStatus.ACTIVE:
        raise InputError(tr("only an active product can be linked"), Location(field="product"))
    existing = session.scalars(
        select(MatchCandidate).where(
            MatchCandidate.demand_line_id == line.id, MatchCandidate.product_id == product_id
        )
    ).first()
    if existing is not None:
        raise InputError(
            tr("this product is already a candidate of the request: accept it from the list"),
            Location(field="product"),
        )
    rank = session.scalar(
        select(func.coalesce(func.max(MatchCandidate.rank), 0)).where(
            MatchCandidate.demand_line_id == line.id
        )
    )
    candidate = MatchCandidate(
        demand_line_id=line.id,
        product_id=product_id,
        rank=int(rank or 0) + 1,
        # No score: a person, not the matcher, says these are one good.
        score=0.0,
        parts={},
        evidence={},
        verdict=Verdict.BELOW_FLOOR,
        status=MatchStatus.SUGGESTED,
        source=MatchSource.MANUAL,
    )
    try:
        # In a savepoint: a refused insert leaves the unit of work usable, so the message
        # below reaches the officer instead of a "closed transaction" error.
        with session.begin_nested():
            session.add(candidate)
    except IntegrityError as exc:
        # PostgreSQL: a colleague linked (or a matching run suggested) the same product for
        # this request after the check above, in a transaction that committed first.
        raise ConflictError(
            tr(
                "Somebody else linked this product to the request {ref} at the same moment; "
                "nothing was saved. The candidates were reloaded."
            ).format(ref=line.ref or line.id)
        ) from exc
    session.add(
        AuditEvent(
            entity_type="match_candidate",
            entity_id=candidate.id,
            action=AuditAction.CREATE,
            actor=reviewer,
            changes={"source": [None, MatchSource.MANUAL.value], "product_id": [None, product_id]},
        )
    )
    note = note or tr("linked by hand")
    return decide(session, candidate.id, MatchStatus.ACCEPTED, reviewer, candidate.version, note)


@dataclass(frozen=True)
class LineChange:
    """A request closed or reopened, with what it replaced (for undo)."""

    demand_line_id: int
    version: int
    status: DemandStatus
    outcome: LineOutcome | None
    reason: str | None
    previous_status: DemandStatus
    previous_outcome: LineOutcome | None
    previous_reason: str | None
    actor: str
    at: datetime


def _set_outcome(
    session: Session,
    line: DemandLine,
    status: DemandStatus,
    outcome: LineOutcome | None,
    reason: str | None,
    actor: str,
) -> LineChange:
    # The session's audit listener records the change with the session's actor.
    set_actor(session, actor)
    previous = (line.status, line.outcome, line.outcome_reason)
    line.status, line.outcome, line.outcome_reason = status, outcome, reason
    session.flush()
    return LineChange(
        line.id,
        line.version,
        status,
        outcome,
        reason,
        *previous,
        actor,
        utcnow(),
    )


def close_line(
    session: Session,
    demand_line_id: int,
    outcome: LineOutcome,
    reason: str,
    actor: str,
    expected_version: int,
) -> LineChange:
    """Close a request as fulfilled, withdrawn, expired or with no supplier, saying why.

    A closed request leaves the matcher's runs; "no supplier" records that nobody offers
    the good, so the office can tell exporters what is asked for.
    """
    if not actor.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    if not reason.strip():
        raise InputError(tr("say why the request is closed"), Location(field="reason"))
    line = _line(session, demand_line_id, expected_version)
    return _set_outcome(session, line, DemandStatus.CLOSED, outcome, reason.strip(), actor)


def undo_line_change(session: Session, change: LineChange, actor: str) -> LineChange:
    """Put a request back as it was before ``change``."""
    line = _line(session, change.demand_line_id, change.version)
    return _set_outcome(
        session,
        line,
        change.previous_status,
        change.previous_outcome,
        change.previous_reason,
        actor,
    )


def line_version(session: Session, demand_line_id: int) -> int:
    """The request's version now, for a write that follows what the officer sees."""
    return _line(session, demand_line_id, None).version
