"""Two app processes deciding the same matches at once: exactly one decision per match wins.

Each process reads every candidate's version before the other decides, then decides all of
them (one accepting, one rejecting), each decision in its own unit of work. Optimistic
locking must let exactly one decision per candidate through and refuse the other with a
ConflictError; the review trail must hold exactly the winning decisions.
"""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, insert, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product, ReviewEvent
from desktop_app.core.services.demo import load_demo_data
from tests.reliability.figures import record
from tests.reliability.workers import decide_all

PROCESSES = 2
CANDIDATES = 40


def _suggest(database: Database) -> dict[int, int]:
    """Suggested candidates to decide: id -> version as the reviewers read it."""
    with database.session(actor="test") as session:
        load_demo_data(session)
        lines = list(session.scalars(select(DemandLine.id).order_by(DemandLine.id).limit(8)))
        products = list(session.scalars(select(Product.id).order_by(Product.id).limit(5)))
        session.execute(
            insert(MatchCandidate),
            [
                {"demand_line_id": line, "product_id": product, "rank": 1, "score": 70.0,
                 "parts": {}, "evidence": {}, "verdict": Verdict.SUGGESTED,
                 "status": MatchStatus.SUGGESTED, "version": 1}
                for line in lines
                for product in products
            ][:CANDIDATES],
        )  # fmt: skip
    with database.session() as session:
        return {
            row.id: row.version
            for row in session.execute(select(MatchCandidate.id, MatchCandidate.version))
        }


@pytest.mark.slow
def test_two_processes_deciding_the_same_matches(database: Database) -> None:
    versions = _suggest(database)
    assert len(versions) == CANDIDATES
    url = database.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=decide_all, args=(url, n, versions, barrier, results))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    winners: dict[int, list[int]] = {candidate: [] for candidate in versions}
    conflicts = 0
    for worker, decided in outcomes.items():
        assert [candidate for candidate, _ in decided] == list(versions)
        for candidate, outcome in decided:
            if outcome == "won":
                winners[candidate].append(worker)
            else:
                conflicts += 1
    assert all(len(won) == 1 for won in winners.values()), winners
    assert conflicts == CANDIDATES * (PROCESSES - 1)

    with database.session() as session:
        for candidate in session.scalars(select(MatchCandidate)):
            (winner,) = winners[candidate.id]
            expected = MatchStatus.ACCEPTED if winner % 2 == 0 else MatchStatus.REJECTED
            assert (candidate.status, candidate.reviewer, candidate.version) == (
                expected,
                f"reviewer-{winner}",
                versions[candidate.id] + 1,
            )
        events = session.execute(
            select(ReviewEvent.candidate_id, ReviewEvent.actor, ReviewEvent.to_status)
        ).all()
        assert sorted(events) == sorted(
            (cid, f"reviewer-{w}", MatchStatus.ACCEPTED if w % 2 == 0 else MatchStatus.REJECTED)
            for cid, (w,) in winners.items()
        )
        assert session.scalar(select(func.count()).select_from(ReviewEvent)) == CANDIDATES
    record("processes deciding the same matches", PROCESSES, backend=database.backend)
    record("conflicts detected", conflicts, area="match decisions from two processes",
           backend=database.backend)  # fmt: skip
