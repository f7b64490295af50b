"""The review queue: decide on match candidates, undo, bulk accept, count progress.

Each decision is a new :class:`ReviewEvent` (rows are only added) plus an
:class:`AuditEvent`, stamped with the reviewer's name, in the same transaction as the
candidate's new status. A decision carries the candidate's ``version`` as it was read; if
somebody decided the same candidate meanwhile, :class:`ConflictError` says who and how.
Like the browsing tables, the queue is a list of ids sorted by SQL with the candidates
loaded by id when they are shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.core.database.conflicts import match_status_title
from desktop_app.core.domain.enums import (
    AuditAction,
    DemandStatus,
    Language,
    MatchSource,
    MatchStatus,
    ProductStatus,
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
from desktop_app.core.domain.types import local_minute, utcnow
from desktop_app.core.errors import ConflictError, InputError
from desktop_app.core.i18n import tr
from desktop_app.core.matching.explain import StoredEvidence, read_evidence, read_parts
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter
from desktop_app.core.services.labels import choice_title

ENTITY = "match_candidate"
BULK_CHUNK = 500
# How many candidates the bulk-accept confirmation lists (it counts them all).
BULK_PREVIEW_ROWS = 1000


def shown_score(score: float) -> int:
    """The whole score people see for a stored ``score`` (half up: 77.5 and 77.7 show 78).

    Every screen and every threshold a person types compares this number, never the
    stored fraction, so "minimum 78" takes exactly the rows shown as 78 or more.
    """
    return math.floor(score + 0.5)


def _lowest_stored(threshold: float) -> float:
    """The lowest stored score that :func:`shown_score` shows as ``threshold`` or more."""
    return math.ceil(threshold) - 0.5


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
    evidence: StoredEvidence
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
        return list(self.evidence.demand.terms), list(self.evidence.product.terms)


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
        conditions.append(MatchCandidate.score >= _lowest_stored(filters.min_score))
    if filters.max_score is not None:
        conditions.append(MatchCandidate.score < math.floor(filters.max_score) + 0.5)
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
            parts=read_parts(candidate.parts).as_json(),
            evidence=read_evidence(candidate.evidence),
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


def _last_decision(session: Session, candidate_id: int) -> ReviewEvent | None:
    return session.scalars(
        select(ReviewEvent)
        .where(ReviewEvent.candidate_id == candidate_id)
        .order_by(ReviewEvent.id.desc())
        .limit(1)
    ).first()


def _conflict(session: Session, candidate_id: int) -> ConflictError:
    last = _last_decision(session, candidate_id)
    if last is None:
        return ConflictError(
            tr("Match {id} changed since you opened it; your decision was not saved.").format(
                id=candidate_id
            )
        )
    return ConflictError(
        tr(
            "{actor} already set match {id} to {status} at {when}; your decision was not "
            "saved. The queue was reloaded."
        ).format(
            actor=last.actor,
            id=candidate_id,
            status=match_status_title(last.to_status),
            when=local_minute(last.at),
        )
    )


# One statement for every decision: it only lands on the version and status the person saw.
_CONDITIONAL_UPDATE = (
    update(MatchCandidate)
    .where(
        MatchCandidate.id == bindparam("b_id"),
        MatchCandidate.version == bindparam("b_version"),
        MatchCandidate.status == bindparam("b_status"),
    )
    .values(
        status=bindparam("status"),
        reviewer=bindparam("reviewer"),
        decided_at=bindparam("decided_at"),
        note=bindparam("note"),
        updated_at=bindparam("updated_at"),
        version=MatchCandidate.version + 1,
    )
)


# A bulk accept lands only on a product still active for a request still open.
_BULK_UPDATE = _CONDITIONAL_UPDATE.where(
    select(Product.id)
    .where(Product.id == MatchCandidate.product_id, Product.status == ProductStatus.ACTIVE)
    .exists(),
    select(DemandLine.id)
    .where(DemandLine.id == MatchCandidate.demand_line_id, DemandLine.status == DemandStatus.OPEN)
    .exists(),
)


@dataclass(frozen=True)
class _Seen:
    """A candidate as the person saw it: what the update is conditional on."""

    id: int
    version: int
    status: MatchStatus
    reviewer: str | None
    decided_at: datetime | None
    note: str | None


def _read(session: Session, candidate_id: int) -> _Seen:
    row = session.execute(
        select(
            MatchCandidate.id,
            MatchCandidate.version,
            MatchCandidate.status,
            MatchCandidate.reviewer,
            MatchCandidate.decided_at,
            MatchCandidate.note,
        ).where(MatchCandidate.id == candidate_id)
    ).first()
    if row is None:
        raise InputError(
            tr("Match {id} no longer exists (matching may have run again)").format(id=candidate_id)
        )
    return _Seen(*row)


def _update_if_unchanged(
    session: Session,
    seen: tuple[int, int, MatchStatus],
    status: MatchStatus,
    stamp: tuple[str | None, datetime | None],
    note: str | None,
    now: datetime,
    statement: Any = _CONDITIONAL_UPDATE,
) -> bool:
    candidate_id, version, seen_status = seen
    result = session.connection().execute(
        statement,
        {
            "b_id": candidate_id,
            "b_version": version,
            "b_status": seen_status,
            "status": status,
            "reviewer": stamp[0],
            "decided_at": stamp[1],
            "note": note,
            "updated_at": now,
        },
    )
    return bool(result.rowcount == 1)


def _write(
    session: Session,
    current: _Seen,
    status: MatchStatus,
    reviewer: str,
    note: str | None,
    stamp: tuple[str | None, datetime | None],
) -> Decision:
    now = utcnow()
    seen = (current.id, current.version, current.status)
    kept_note = note if note is not None else current.note
    if not _update_if_unchanged(session, seen, status, stamp, kept_note, now):
        # Somebody decided between our read and our write (PostgreSQL re-checks the
        # condition once their transaction committed).
        raise _conflict(session, current.id)
    session.expire_all()
    event = ReviewEvent(
        candidate_id=current.id,
        actor=reviewer,
        at=now,
        from_status=current.status,
        to_status=status,
        note=note,
    )
    session.add(event)
    session.add(
        AuditEvent(
            entity_type=ENTITY,
            entity_id=current.id,
            action=AuditAction.UPDATE,
            actor=reviewer,
            at=now,
            changes={
                "status": [current.status.value, status.value],
                "reviewer": [current.reviewer, stamp[0]],
            },
        )
    )
    session.flush()
    return Decision(
        current.id,
        event.id,
        current.status,
        status,
        current.version + 1,
        reviewer,
        current.reviewer,
        current.decided_at,
    )


def _check_seen(session: Session, current: _Seen, version: int, status: MatchStatus | None) -> None:
    if current.version != version or (status is not None and current.status != status):
        raise _conflict(session, current.id)


def _status_set_by(session: Session, entity_type: str, entity_id: int) -> AuditEvent | None:
    """The newest audit row of a record that changed its status: who archived or closed it."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
        .limit(50)
    )
    return next((event for event in events if "status" in (event.changes or {})), None)


def _check_still_offered(session: Session, candidate_id: int) -> None:
    """Raise the refusal of :func:`_not_offered` if there is one."""
    message = _not_offered(session, candidate_id)
    if message is not None:
        raise ConflictError(message)


def _not_offered(session: Session, candidate_id: int) -> str | None:
    """Why a match cannot be accepted, or ``None``: its product is no longer active or its
    request is closed (a colleague archived or closed it while the card was on screen),
    as :func:`~desktop_app.core.services.workbench.link_product` refuses to link them.

    The product and the request are read with a share lock on PostgreSQL, so neither
    can be archived or closed between this check and the decision's commit.
    """
    row = session.execute(
        select(Product.id, Product.status, Product.ref, DemandLine.id, DemandLine.status)
        .join(MatchCandidate, MatchCandidate.product_id == Product.id)
        .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
        .where(MatchCandidate.id == candidate_id)
        .with_for_update(read=True)
    ).one()
    product_id, product_status, product_ref, line_id, line_status = row
    if product_status is not ProductStatus.ACTIVE:
        event = _status_set_by(session, "product", product_id)
        if event is None:
            message = tr("Product {ref} is no longer active; match {id} was not accepted.").format(
                ref=product_ref or product_id, id=candidate_id
            )
        else:
            message = tr(
                "{actor} set product {ref} to {status} at {when}; match {id} was not "
                "accepted. The queue was reloaded."
            ).format(
                actor=event.actor,
                ref=product_ref or product_id,
                status=choice_title(product_status),
                when=local_minute(event.at),
                id=candidate_id,
            )
        return message
    if line_status is not DemandStatus.OPEN:
        line = session.get(DemandLine, line_id)
        ref = (line.ref if line is not None else None) or line_id
        event = _status_set_by(session, "demand_line", line_id)
        if event is None:
            message = tr("The request {ref} is closed; match {id} was not accepted.").format(
                ref=ref, id=candidate_id
            )
        else:
            message = tr(
                "{actor} closed the request {ref} at {when}; match {id} was not accepted. "
                "Reopen the request to accept it."
            ).format(actor=event.actor, ref=ref, when=local_minute(event.at), id=candidate_id)
        return message
    return None


def decide(
    session: Session,
    candidate_id: int,
    status: MatchStatus,
    reviewer: str,
    expected_version: int,
    note: str | None = None,
    expected_status: MatchStatus | None = None,
) -> Decision:
    """Set a candidate's status as ``reviewer``.

    ``expected_version`` (and ``expected_status``, when given) are what the reviewer saw;
    the update is conditional on them, so a decision somebody made meanwhile is never
    overwritten: :class:`ConflictError` names who made it and when.
    """
    if not reviewer.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    current = _read(session, candidate_id)
    _check_seen(session, current, expected_version, expected_status)
    if status is MatchStatus.ACCEPTED:
        _check_still_offered(session, candidate_id)
    stamp = (reviewer, utcnow()) if status is not MatchStatus.SUGGESTED else (None, None)
    return _write(session, current, status, reviewer, note, stamp)


def undo(session: Session, decision: Decision, reviewer: str) -> Decision:
    """Put the candidate back as it was before ``decision`` (a new event, history kept).

    Only while the candidate still holds ``decision`` (its status and version): a later
    decision by anybody is never undone silently.
    """
    current = _read(session, decision.candidate_id)
    _check_seen(session, current, decision.version, decision.to_status)
    if decision.from_status is MatchStatus.ACCEPTED:
        _check_still_offered(session, decision.candidate_id)
    note = tr("undo of decision {event}").format(event=decision.event_id)
    stamp = (decision.previous_reviewer, decision.previous_decided_at)
    return _write(session, current, decision.from_status, reviewer, note, stamp)


def undo_all(session: Session, decisions: Sequence[Decision], reviewer: str) -> list[Decision]:
    """Undo one action made of ``decisions`` (a bulk accept) in one transaction.

    Each candidate goes back as it was before; if any of them changed since, nothing is
    undone and :class:`ConflictError` says which.
    """
    return [undo(session, decision, reviewer) for decision in reversed(decisions)]


@dataclass(frozen=True)
class BulkPreviewRow:
    """One candidate a bulk accept would take, as the queue lists it."""

    candidate_id: int
    demand_text: str
    product_name: str
    score: int


def bulk_preview_rows(
    session: Session, threshold: float, filters: ReviewFilters, limit: int = BULK_PREVIEW_ROWS
) -> list[BulkPreviewRow]:
    """The first ``limit`` candidates :func:`select_for_bulk_accept` takes, best first,
    with their demand line, product and shown score: what the confirmation lists."""
    stmt = (
        _bulk_stmt(threshold, filters)
        .with_only_columns(
            MatchCandidate.id,
            DemandLine.product_text,
            Product.name_ru,
            Product.name_en,
            Product.name_zh,
            MatchCandidate.score,
        )
        .order_by(MatchCandidate.score.desc(), MatchCandidate.demand_line_id, MatchCandidate.id)
        .limit(limit)
    )
    return [
        BulkPreviewRow(
            candidate_id=row[0],
            demand_text=row[1] or "",
            product_name=row[2] or row[3] or row[4] or "",
            score=shown_score(row[5]),
        )
        for row in session.execute(stmt)
    ]


def _bulk_stmt(threshold: float, filters: ReviewFilters) -> Select[Any]:
    return _base().where(
        *filter_conditions(replace(filters, statuses=())),
        MatchCandidate.status == MatchStatus.SUGGESTED,
        MatchCandidate.verdict == Verdict.SUGGESTED,
        MatchCandidate.score >= _lowest_stored(threshold),
        # Only what is still on offer for a request still open, as a single accept.
        Product.status == ProductStatus.ACTIVE,
        DemandLine.status == DemandStatus.OPEN,
    )


@dataclass(frozen=True)
class BulkSelection:
    """The candidates a bulk accept previewed, each with the version it was read at."""

    threshold: float
    seen: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.seen)


@dataclass(frozen=True)
class BulkConflict:
    """A previewed candidate somebody else decided (or matching replaced) meanwhile."""

    candidate_id: int
    actor: str | None
    status: MatchStatus | None
    at: datetime | None
    # Why it was not accepted when nobody decided it: its product archived or its
    # request closed meanwhile, named as a single accept names it.
    reason: str | None = None

    def describe(self) -> str:
        """ "boris set match 12 to rejected at …", or that the match is gone or changed."""
        if self.reason is not None:
            return self.reason
        if self.actor is None or self.status is None or self.at is None:
            return tr("match {id} changed or was replaced by a matching run").format(
                id=self.candidate_id
            )
        return tr("{actor} set match {id} to {status} at {when}").format(
            actor=self.actor,
            id=self.candidate_id,
            status=match_status_title(self.status),
            when=local_minute(self.at),
        )


@dataclass(frozen=True)
class BulkResult:
    """What a bulk accept did: the decisions written and the candidates left alone."""

    decisions: list[Decision]
    conflicts: list[BulkConflict]

    def describe(self) -> str:
        """The outcome in one message, naming the first few conflicts."""
        text = tr("{count} matches accepted.").format(count=len(self.decisions))
        if not self.conflicts:
            return text
        names = "; ".join(conflict.describe() for conflict in self.conflicts[:3])
        more = len(self.conflicts) - 3
        if more > 0:
            names += tr("; and {count} more").format(count=more)
        return (
            text
            + " "
            + tr(
                "{count} were decided by someone else, or their product archived or request "
                "closed, since the preview and were left as they are: {names}."
            ).format(count=len(self.conflicts), names=names)
        )


def select_for_bulk_accept(
    session: Session, threshold: float, filters: ReviewFilters
) -> BulkSelection:
    """The undecided candidates with the verdict ``suggested`` scoring ``threshold`` or
    more, with their versions: what the confirmation shows and :func:`bulk_accept` takes."""
    subquery = _bulk_stmt(threshold, filters).subquery()
    rows = session.execute(
        select(MatchCandidate.id, MatchCandidate.version)
        .where(MatchCandidate.id.in_(select(subquery.c.id)))
        .order_by(MatchCandidate.id)
    )
    return BulkSelection(threshold, tuple((int(id_), int(v)) for id_, v in rows))


def bulk_accept_preview(session: Session, threshold: float, filters: ReviewFilters) -> int:
    """How many undecided candidates with the verdict ``suggested`` score ``threshold`` or more."""
    subquery = _bulk_stmt(threshold, filters).subquery()
    return int(session.scalar(select(func.count()).select_from(subquery)) or 0)


def bulk_accept(
    session: Session,
    selection: BulkSelection,
    reviewer: str,
    progress: ProgressReporter = NULL_PROGRESS,
) -> BulkResult:
    """Accept the candidates of ``selection`` that are still as they were previewed.

    Each update is conditional on the candidate being undecided at the version in
    ``selection``; a candidate somebody decided meanwhile keeps that decision and is
    reported in :attr:`BulkResult.conflicts`. One transaction; Cancel rolls it back.
    """
    if not reviewer.strip():
        raise InputError(tr("Enter your name as reviewer in Settings before deciding."))
    progress.start(len(selection.seen), tr("Accepting matches…"))
    note = tr("bulk accept at score {threshold} or more").format(
        threshold=math.ceil(selection.threshold)
    )
    now = utcnow()
    accepted_status, stamp = MatchStatus.ACCEPTED, (reviewer, now)
    accepted: list[tuple[int, int, str | None, datetime | None]] = []
    missed: list[int] = []
    done = 0
    for start in range(0, len(selection.seen), BULK_CHUNK):
        progress.check_cancelled()
        chunk = selection.seen[start : start + BULK_CHUNK]
        for candidate_id, version in chunk:
            seen = (candidate_id, version, MatchStatus.SUGGESTED)
            if _update_if_unchanged(session, seen, accepted_status, stamp, note, now, _BULK_UPDATE):
                # Previewed as undecided: no reviewer or time to restore on undo.
                accepted.append((candidate_id, version + 1, None, None))
            else:
                missed.append(candidate_id)
        done += len(chunk)
        progress.advance(done)
    session.expire_all()
    decisions = _record_bulk(session, accepted, reviewer, note, now)
    conflicts = [_bulk_conflict(session, candidate_id) for candidate_id in missed]
    return BulkResult(decisions, conflicts)


def _record_bulk(
    session: Session,
    accepted: list[tuple[int, int, str | None, datetime | None]],
    reviewer: str,
    note: str,
    now: datetime,
) -> list[Decision]:
    if not accepted:
        return []
    suggested, status = MatchStatus.SUGGESTED, MatchStatus.ACCEPTED
    events = [
        ReviewEvent(
            candidate_id=candidate_id,
            actor=reviewer,
            at=now,
            from_status=suggested,
            to_status=status,
            note=note,
        )
        for candidate_id, *_ in accepted
    ]
    session.add_all(events)
    session.add_all(
        AuditEvent(
            entity_type=ENTITY,
            entity_id=candidate_id,
            action=AuditAction.UPDATE,
            actor=reviewer,
            at=now,
            changes={"status": [suggested.value, status.value], "reviewer": [None, reviewer]},
        )
        for candidate_id, *_ in accepted
    )
    session.flush()
    return [
        Decision(candidate_id, event.id, suggested, status, version, reviewer, before, when)
        for (candidate_id, version, before, when), event in zip(accepted, events, strict=True)
    ]


def _bulk_conflict(session: Session, candidate_id: int) -> BulkConflict:
    exists = session.scalar(select(MatchCandidate.id).where(MatchCandidate.id == candidate_id))
    reason = _not_offered(session, candidate_id) if exists is not None else None
    if reason is not None:
        return BulkConflict(candidate_id, None, None, None, reason)
    last = _last_decision(session, candidate_id)
    if last is None:
        return BulkConflict(candidate_id, None, None, None)
    return BulkConflict(candidate_id, last.actor, last.to_status, last.at)


def region_choices(session: Session) -> list[str]:
    """Exporters' regions and buyers' provinces that occur, sorted, for the region filter."""
    regions = session.scalars(select(Company.region).where(Company.region.is_not(None)).distinct())
    provinces = session.scalars(
        select(Buyer.province).where(Buyer.province.is_not(None)).distinct()
    )
    return sorted({value for value in (*regions, *provinces) if value})
