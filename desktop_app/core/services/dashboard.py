"""Figures for the start screen: counts, matches by HS chapter, score distribution."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from desktop_app.core.domain.enums import DemandStatus, MatchStatus, ProductStatus, Verdict
from desktop_app.core.domain.models import Company, DemandLine, MatchCandidate, Product


@dataclass(frozen=True)
class DashboardFigures:
    """What the dashboard shows."""

    companies: int
    products: int
    active_products: int
    open_demand_lines: int
    # Undecided candidates the matcher stands behind (verdict "suggested").
    suggested_matches: int
    accepted_matches: int
    rejected_matches: int
    # (HS chapter, number of accepted or suggested matches), most first.
    matches_by_chapter: list[tuple[str, int]]
    # Counts of candidates per score band of ten: index 0 is 0-9, index 9 is 90-100.
    score_histogram: list[int]


def dashboard_figures(session: Session, top_chapters: int = 12) -> DashboardFigures:
    """Count what is in the database for the dashboard."""

    def count(stmt: Select[int]) -> int:
        return int(session.scalar(stmt) or 0)

    # Accepted matches and the suggestions still waiting: not the runners-up below the floor.
    worth_showing = or_(
        MatchCandidate.status == MatchStatus.ACCEPTED,
        and_(
            MatchCandidate.status == MatchStatus.SUGGESTED,
            MatchCandidate.verdict == Verdict.SUGGESTED,
        ),
    )
    status_counts = dict(
        session.execute(
            select(MatchCandidate.status, func.count()).group_by(MatchCandidate.status)
        ).all()
    )
    chapter = func.substr(Product.hs_code, 1, 2)
    by_chapter = session.execute(
        select(chapter, func.count())
        .select_from(MatchCandidate)
        .join(Product, Product.id == MatchCandidate.product_id)
        .where(worth_showing, Product.hs_code.is_not(None))
        .group_by(chapter)
        .order_by(func.count().desc(), chapter)
        .limit(top_chapters)
    ).all()
    band = case(
        *[(MatchCandidate.score >= 10 * index, index) for index in range(9, 0, -1)], else_=0
    )
    histogram = [0] * 10
    for index, number in session.execute(
        select(band, func.count()).select_from(MatchCandidate).group_by(band)
    ).all():
        histogram[max(0, min(9, int(index)))] += int(number)
    return DashboardFigures(
        companies=count(select(func.count()).select_from(Company).where(~Company.archived)),
        products=count(select(func.count()).select_from(Product)),
        active_products=count(
            select(func.count()).select_from(Product).where(Product.status == ProductStatus.ACTIVE)
        ),
        open_demand_lines=count(
            select(func.count())
            .select_from(DemandLine)
            .where(DemandLine.status == DemandStatus.OPEN)
        ),
        suggested_matches=count(
            select(func.count())
            .select_from(MatchCandidate)
            .where(
                MatchCandidate.status == MatchStatus.SUGGESTED,
                MatchCandidate.verdict == Verdict.SUGGESTED,
            )
        ),
        accepted_matches=int(status_counts.get(MatchStatus.ACCEPTED, 0)),
        rejected_matches=int(status_counts.get(MatchStatus.REJECTED, 0)),
        matches_by_chapter=[(str(ch), int(n)) for ch, n in by_chapter],
        score_histogram=histogram,
    )
