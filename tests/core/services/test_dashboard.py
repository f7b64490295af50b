"""The dashboard's figures count what a trade officer cares about."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.services.dashboard import dashboard_figures


def test_counts_charts_and_what_is_left_out(demo_database: Database) -> None:
    with demo_database.session() as session:
        lines = session.scalars(select(DemandLine).order_by(DemandLine.id)).all()
        products = {p.ref: p for p in session.scalars(select(Product))}
        rows = [
            (lines[0], products["P001"], 95.0, Verdict.SUGGESTED, MatchStatus.ACCEPTED),
            (lines[1], products["P002"], 88.0, Verdict.SUGGESTED, MatchStatus.SUGGESTED),
            (lines[2], products["P003"], 72.0, Verdict.AMBIGUOUS, MatchStatus.SUGGESTED),
            (lines[2], products["P001"], 12.0, Verdict.BELOW_FLOOR, MatchStatus.SUGGESTED),
            (lines[4], products["P009"], 40.0, Verdict.BELOW_FLOOR, MatchStatus.REJECTED),
        ]
        for line, product, score, verdict, status in rows:
            session.add(
                MatchCandidate(
                    demand_line=line, product=product, score=score, verdict=verdict, status=status
                )
            )
    with demo_database.session() as session:
        figures = dashboard_figures(session)
    assert (figures.companies, figures.products, figures.active_products) == (8, 28, 27)
    assert figures.open_demand_lines == 30
    # Only the undecided candidates the matcher stands behind are "suggested".
    assert figures.suggested_matches == 1
    assert (figures.accepted_matches, figures.rejected_matches) == (1, 1)
    # Accepted pollock (03) and the suggested king crab (03); runners-up are left out.
    assert figures.matches_by_chapter == [("03", 2)]
    assert figures.score_histogram == [0, 1, 0, 0, 1, 0, 0, 1, 1, 1]
