"""The review queue: decide on match candidates, undo, bulk accept, count progress.

Each decision is a new :class:`ReviewEvent` (rows are only added) plus an
:class:`AuditEvent`, stamped with the reviewer's name, in the same transaction as the
candidate's new status. A decision carries the candidate's ``version`` as it was read; if
somebody decided the same candidate meanwhile, :class:`ConflictError` says who and how.
Like the browsing tables, the queue is a list of ids sorted by SQL with the candidates
loaded by id when they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import (
    AuditAction,
    Language,
    MatchSource,
    MatchStatus,
    Verdict,
)
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    MatchCandidate,
    Product,
    ReviewEvent,
)
from desktop_app.core.domain.types import utcnow
from desktop_app.core.errors import ConflictError, InputError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

ENTITY = "match_candidate"
BULK_CHUNK = 500


@dataclass(frozen=True)
class ReviewFilters:
    """Which candidates the queue shows; empty fields do not filter."""

    statuses: tuple[MatchStatus, ...] = ()
    min_score: float | None = None
    max_score: float | None = None
    verdicts: tuple[Verdict, ...] = ()
    hs_chapter: str | None = None
    buyer_id: int | None = None
    # The exporter's region or the buyer's province.
    region: str | None = None


@dataclass(frozen=True)
class CandidateView:
    """One candidate with both sides, for the queue and the side-by-side card."""

    id: int
    version: int
    rank: int
    score: float
    parts: dict[str, float]
    evidence: dict[str, Any]
    verdict: Verdict
    status: MatchStatus
    reviewer: str | None
    decided_at: datetime | None
    demand_line_id: int
    demand_text: str
    demand_language: Language
    demand_hs: str | None
    quantity: Decimal | None
    demand_unit: str | None
    deadline: date | None
    buyer_name: str
    province: str | None
    product_id: int
    product_name_ru: str | None
    product_name_en: str | None
    product_name_zh: str | None
    product_hs: str | None
    company_name: str
    region: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str | None
    # "manual" when a person linked the product by hand.
    source: MatchSource = MatchSource.MATCHER

    @property
    def product_name(self) -> str:
        """The product's name in the first language it has."""
        return self.product_name_ru or self.product_name_en or self.product_name_zh or ""

    def highlighted_terms(self) -> tuple[list[str], list[str]]:
        """The terms the matcher recognised on the demand side and on the product side."""
        demand = self.evidence.get("demand") or {}
        product = self.evidence.get("product") or {}
        return list(demand.get("terms") or []), list(product.get("terms") or [])


@dataclass(frozen=True)
class Decision:
    """A decision as written, with what it replaced (for undo)."""

    candidate_id: int
    event_id: int
    from_status: MatchStatus
    to_status: MatchStatus
    version: int
    reviewer: str
    previous_reviewer: str | None
    previous_decided_at: datetime | None


@dataclass(frozen=True)
class ReviewCounts:
    """Progress of the review under the current filters (the status filter ignored)."""

    reviewed: int
    total: int


def _base() -> Select[Any]:
    return (
        select(MatchCandidate.id)
        .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
        .join(Product, Product.id == MatchCandidate.product_id)
        .join(Company, Company.id == Product.company_id)
        .outerjoin(Buyer, Buyer.id == DemandLine.buyer_id)
    )


def filter_conditions(filters: ReviewFilters, statuses: bool = True) -> list[ColumnElement[bool]]:
    """SQL conditions for ``filters`` over the queue's joined tables."""
    conditions: list[ColumnElement[bool]] = []
    if statuses and filters.statuses:
        conditions.append(MatchCandidate.status.in_(filters.statuses))
    if filters.min_score is not None:
        conditions.append(MatchCandidate.score >= filters.min_score)
    if filters.max_score is not None:
        conditions.append(MatchCandidate.score <= filters.max_score)
    if filters.verdicts:
        conditions.append(MatchCandidate.verdict.in_(filters.verdicts))
    if filters.hs_chapter:
        pattern = f"{filters.hs_chapter[:2]}%"
        conditions.append(or_(DemandLine.hs_code.like(pattern), Product.hs_code.like(pattern)))
    if filters.buyer_id is not None:
        conditions.append(DemandLine.buyer_id == filters.buyer_id)
    if filters.region:
        conditions.append(or_(Company.region == filters.region, Buyer.province == filters.region))
    return conditions


def queue_ids(session: Session, filters: ReviewFilters) -> list[int]:
    """Candidate ids in review order: by demand line, best score first."""
    stmt = (
        _base()
        .where(*filter_conditions(filters))
        .order_by(MatchCandidate.demand_line_id, MatchCandidate.score.desc(), MatchCandidate.id)
    )
    return list(session.scalars(stmt))


def load_candidates(session: Session, ids: Sequence[int]) -> dict[int, CandidateView]:
    """The candidates with ``ids``, by id."""
    if not ids:
        return {}
    stmt = (
        select(MatchCandidate, DemandLine, Product, Company, Buyer)
        .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
        .join(Product, Product.id == MatchCandidate.product_id)
        .join(Company, Company.id == Product.company_id)
        .outerjoin(Buyer, Buyer.id == DemandLine.buyer_id)
        .where(MatchCandidate.id.in_(list(ids)))
    )
    result: dict[int, CandidateView] = {}
    for candidate, line, product, company, buyer in session.execute(stmt):
        result[candidate.id] = CandidateView(
            id=candidate.id,
            version=candidate.version,
            rank=candidate.rank,
            score=candidate.score,
            parts=dict(candidate.parts or {}),
            evidence=dict(candidate.evidence or {}),
            verdict=candidate.verdict,
            status=candidate.status,
            reviewer=candidate.reviewer,
            decided_at=candidate.decided_at,
            demand_line_id=line.id,
            demand_text=line.product_text,
            demand_language=line.language,
            demand_hs=line.hs_code,
            quantity=line.quantity,
            demand_unit=line.unit,
            deadline=line.deadline,
            buyer_name=(buyer.name_zh or buyer.name_en or "") if buyer else "",
            province=buyer.province if buyer else None,
            product_id=product.id,
            product_name_ru=product.name_ru,
            product_name_en=product.name_en,
            product_name_zh=product.name_zh,
            product_hs=product.hs_code,
            company_name=company.name_ru,
            region=company.region,
            price_min=product.price_min,
            price_max=product.price_max,
            currency=product.currency,
            source=candidate.source,
        )
    return result


def review_counts(session: Session, filters: ReviewFilters) -> ReviewCounts:
    """How many of the filtered candidates have a decision, and how many there are."""
    stmt = _base().where(*filter_conditions(filters, statuses=False))
    reviewed_flag = func.sum(case((MatchCandidate.status != MatchStatus.SUGGESTED, 1), else_=0))
    row = session.execute(
        stmt.with_only_columns(func.count(MatchCandidate.id), reviewed_flag)
    ).one()
    return ReviewCounts(reviewed=int(row[1] or 0), total=int(row[0] or 0))


def _conflict(session: Session, candidate: MatchCandidate) -> ConflictError:
    last = session.scalars(
        select(ReviewEvent)
        .where(ReviewEvent.candidate_id == candidate.id)
        .order_by(ReviewEvent.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return ConflictError(tr("This match changed since you opened it; it was reloaded."))
    return ConflictError(
        tr(
            "{actor} already set this match to {status} at {when}; your decision was not "
            "saved. The queue was reloaded."
        ).format(
            actor=last.actor, status=last.to_status.value, when=last.at.strftime("%Y-%m-%d %H:%M")
        )
    )


def _write(
    session: Session,
    candidate: MatchCandidate,
    status: MatchStatus,
    reviewer: str,
    note: str | None,
    stamp: tuple[str | None, datetime | None],
) -> Decision:
    previous = (candidate.status, candidate.reviewer, candidate.decided_at)
    candidate.status = status
    candidate.reviewer, candidate.decided_at = stamp
    if note is not None:
        candidate.note = note
    event = ReviewEvent(
        candidate_id=candidate.id,
        actor=reviewer,
        from_status=previous[0],
        to_status=status,
        note=note,
    )
    session.add(event)
    session.add(
        AuditEvent(
            entity_type=ENTITY,
            entity_id=candidate.id,
            action=AuditAction.UPDATE,
            actor=reviewer,
            changes={
                "status": [previous[0].value, status.value],
                "reviewer": [previous[1], stamp[0]],
            },
        )
    )
    session.flush()
    return Decision(
        candidate.id, event.id, previous[0], status, candidate.version, reviewer, *previous[1:]
    )


def _candidate(session: Session, candidate_id: int) -> MatchCandidate:
    candidate = session.get(MatchCandidate, candidate_id)
    if candidate is None:
        raise InputError(
            tr("Match {id} no longer exists (matching may have run again)").format(id=candidate_id)
        )
    return candidate


def decide(
    session: Session,
    candidate_id: int,
    status: MatchStatus,
    reviewer: str,
    expected_version: int,
    note: str | None = None,
) -> Decision:
    """Set a candidate's status as ``reviewer``; ``expected_version`` is the one read."""
    if not reviewer.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    candidate = _candidate(session, candidate_id)
    if candidate.version != expected_version:
        raise _conflict(session, candidate)
    stamp = (reviewer, utcnow()) if status is not MatchStatus.SUGGESTED else (None, None)
    return _write(session, candidate, status, reviewer, note, stamp)


def undo(session: Session, decision: Decision, reviewer: str) -> Decision:
    """Put the candidate back as it was before ``decision`` (a new event, history kept)."""
    candidate = _candidate(session, decision.candidate_id)
    if candidate.version != decision.version:
        raise _conflict(session, candidate)
    note = tr("undo of decision {event}").format(event=decision.event_id)
    stamp = (decision.previous_reviewer, decision.previous_decided_at)
    return _write(session, candidate, decision.from_status, reviewer, note, stamp)


def _bulk_stmt(threshold: float, filters: ReviewFilters) -> Select[Any]:
    return _base().where(
        *filter_conditions(replace(filters, statuses=())),
        MatchCandidate.status == MatchStatus.SUGGESTED,
        MatchCandidate.verdict == Verdict.SUGGESTED,
        MatchCandidate.score >= threshold,
    )


def bulk_accept_preview(session: Session, threshold: float, filters: ReviewFilters) -> int:
    """How many undecided candidates with the verdict ``suggested`` score ``threshold`` or more."""
    subquery = _bulk_stmt(threshold, filters).subquery()
    return int(session.scalar(select(func.count()).select_from(subquery)) or 0)


def bulk_accept(
    session: Session,
    threshold: float,
    filters: ReviewFilters,
    reviewer: str,
    progress: ProgressReporter = NULL_PROGRESS,
) -> list[Decision]:
    """Accept every candidate :func:`bulk_accept_preview` counts, in one transaction."""
    if not reviewer.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    ids = list(session.scalars(_bulk_stmt(threshold, filters).order_by(MatchCandidate.id)))
    progress.start(len(ids), tr("Accepting matches…"))
    decisions: list[Decision] = []
    note = tr("bulk accept at score {threshold} or more").format(threshold=threshold)
    now = utcnow()
    for start in range(0, len(ids), BULK_CHUNK):
        progress.check_cancelled()
        for candidate_id in ids[start : start + BULK_CHUNK]:
            candidate = _candidate(session, candidate_id)
            decisions.append(
                _write(session, candidate, MatchStatus.ACCEPTED, reviewer, note, (reviewer, now))
            )
        progress.advance(len(decisions))
    return decisions


def region_choices(session: Session) -> list[str]:
    """Exporters' regions and buyers' provinces that occur, sorted, for the region filter."""
    regions = session.scalars(select(Company.region).where(Company.region.is_not(None)).distinct())
    provinces = session.scalars(
        select(Buyer.province).where(Buyer.province.is_not(None)).distinct()
    )
    return sorted({value for value in (*regions, *provinces) if value})
