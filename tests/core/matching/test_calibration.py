"""The calibration by the runner-up: between articles, a pair that stands out from the
line's other offers gains points and one among look-alikes loses them, so a score means
the same on a catalogue full of look-alikes; a partial run calibrates as a full run."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from sqlalchemy import select, update

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.evaluate import load_gold_set
from desktop_app.core.matching.explain import pair_reasons, read_evidence
from desktop_app.core.matching.scoring import MARGIN_CAP, margin_points

PRODUCTS = [
    ("E-P1", "Sony MDR-EX55 in-ear headphones black"),
    ("E-P2", "Sony MDR-EX55 in-ear headphones pink"),
    ("E-P3", "Canon PowerShot SX200IS 12MP digital camera"),
    ("E-P4", "Garmin nuvi 660 portable GPS navigator"),
    ("E-P5", "Panasonic KX-TG6432 cordless phone"),
]
DEMAND = [
    ("E-D1", "Sony MDR EX55 in-ear headphones"),
    ("E-D2", "Canon PowerShot SX200IS digital camera"),
    ("E-D3", "Garmin nuvi 660 GPS"),
]


def test_margin_points_reward_a_clear_best_and_lower_ties() -> None:
    lines = np.asarray([0, 0, 0, 1, 1, 2, 3, 3])
    scores = np.asarray([80.0, 60.0, 75.0, 70.0, 70.0, 50.0, 90.0, 88.0])
    article = np.asarray([True, True, True, True, True, True, False, False])
    points = margin_points(lines, scores, article)
    half = MARGIN_CAP / 2
    # Line 0: the best is 5 ahead of the next; the others lose their distance (capped).
    assert points[0] == 5.0 - half
    assert points[2] == -5.0 - half
    assert points[1] == -10.0 - half
    # Line 1: a tie is no evidence for either offer.
    assert points[3] == points[4] == -half
    # Line 2: an article alone on its line (nothing else reads like it) stands out.
    assert points[5] == half
    # Pairs of goods the glossary reads are not calibrated (offers of one good tie).
    assert points[6] == points[7] == 0.0
    # The order within a line never changes.
    assert np.argmax(scores[:3] + points[:3]) == 0


def _write(folder: Path) -> tuple[Path, Path]:
    products, demand = folder / "products.csv", folder / "demand.csv"
    with products.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product_ref", "product_name_en"])
        writer.writerows(PRODUCTS)
    with demand.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["demand_ref", "product_name"])
        writer.writerows(DEMAND)
    return products, demand


def _stored(database: Database) -> dict[tuple[str, str], tuple[float, float | None]]:
    with database.session() as session:
        rows = session.execute(
            select(DemandLine.ref, Product.ref, MatchCandidate.score, MatchCandidate.evidence)
            .join(Product, Product.id == MatchCandidate.product_id)
            .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
        ).all()
    return {(d, p): (score, (evidence or {}).get("calibration")) for d, p, score, evidence in rows}


def test_look_alikes_score_lower_than_an_article_that_stands_out(
    sqlite_database: Database, tmp_path: Path
) -> None:
    with sqlite_database.session(actor="test") as session:
        load_gold_set(session, *_write(tmp_path))
        run_matching(session)
    stored = _stored(sqlite_database)
    # Two colours of one model tie for the request naming none: neither stands out.
    black, pink = stored[("E-D1", "E-P1")], stored[("E-D1", "E-P2")]
    assert black[1] is not None and black[1] < 0 and pink[1] is not None and pink[1] < 0
    # The camera has no look-alike in the catalogue: its score is raised.
    camera = stored[("E-D2", "E-P3")]
    assert camera[1] is not None and camera[1] > 0
    # The person reading the candidate is told why.
    agreeing, lowering = pair_reasons(read_evidence({"calibration": black[1]}))
    assert not agreeing and "other offers" in lowering[0]
    assert "stands out" in pair_reasons(read_evidence({"calibration": camera[1]}))[0][0]


def test_a_partial_run_calibrates_as_a_full_run(sqlite_database: Database, tmp_path: Path) -> None:
    with sqlite_database.session(actor="test") as session:
        load_gold_set(session, *_write(tmp_path))
        run_matching(session)
    alone = _stored(sqlite_database)[("E-D2", "E-P3")][0]
    with sqlite_database.session(actor="test") as session:
        # A new look-alike of the camera reaches the unchanged camera line only through
        # the partial run, which must lower the camera's stored score as a full run does.
        session.execute(
            update(Product)
            .where(Product.ref == "E-P5")
            .values(name_en="Canon PowerShot SX200IS 12MP digital camera red")
        )
        run_matching(session, changed_only=True)
    partial = _stored(sqlite_database)
    with sqlite_database.session(actor="test") as session:
        run_matching(session)
    full = _stored(sqlite_database)
    assert partial.keys() == full.keys()
    # The camera line, unchanged, now has a look-alike: its best no longer stands out.
    camera, look_alike = partial[("E-D2", "E-P3")], partial[("E-D2", "E-P5")]
    assert camera[0] < alone and camera[1] is not None and camera[1] < 0
    # Calibrated over the merged list: the stored totals before calibration give back
    # the stored points, as a full run's pool would.
    raw = np.asarray([camera[0] - camera[1], look_alike[0] - look_alike[1]])
    points = margin_points(np.zeros(2, dtype=np.int64), raw, np.ones(2, dtype=bool))
    assert points.tolist() == [camera[1], look_alike[1]]
    # A partial run keeps the stored totals of unchanged products (the word weights of
    # the catalogue moved a little with the new product, and the margin with them);
    # the calibration agrees.
    for pair, (score, calibration) in full.items():
        assert abs(partial[pair][0] - score) <= 3.0, pair  # 7 points without recalibrating
        if calibration is None:  # a good the glossary reads: not calibrated
            assert partial[pair][1] is None, pair
        else:
            assert partial[pair][1] is not None, pair
            assert np.sign(partial[pair][1]) == np.sign(calibration), pair


def test_the_user_is_told_what_a_score_means_and_where_it_was_measured() -> None:
    from desktop_app.core.matching.explain import score_meaning

    shown = score_meaning(90.0)
    assert "98%" in shown and "six hold-outs" in shown
    assert "63%" in score_meaning(70.0)
