"""Scoring many demand lines at once, without any database: features in, ranked pairs out.

The engine (:mod:`.engine`) feeds it from the database; the benchmark and the tests feed
it directly. Work is done in chunks of demand lines so progress can be reported and
Cancel honoured between chunks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import SCRIPTS, RecordFeatures
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.scoring import PairScore, score_pair
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

CHUNK = 2000


@dataclass(frozen=True)
class ScoredPair:
    """One scored (demand row, product row) pair."""

    demand_row: int
    product_row: int
    result: PairScore


def name_similarities(
    demand: Sequence[RecordFeatures],
    products: Sequence[RecordFeatures],
    demand_rows: np.ndarray,
    product_rows: np.ndarray,
    cosine: np.ndarray,
) -> list[float | None]:
    """Name similarity (0..100) of each pair, ``None`` when the two share no script.

    Per script, RapidFuzz ``token_set_ratio`` over the stems (or Chinese bigrams) of both
    sides is computed for all pairs at once with ``process.cpdist`` on every core; it
    forgives word order and extra words. It is blended with the TF-IDF cosine, which
    knows that a rare word (a model, a species) matters more than a common one.
    """
    best = np.full(len(demand_rows), -1.0)
    for script in SCRIPTS:
        left = [demand[row].strings[script] for row in demand_rows]
        right = [products[row].strings[script] for row in product_rows]
        present = np.asarray([bool(a) and bool(b) for a, b in zip(left, right, strict=True)])
        if not present.any():
            continue
        where = np.flatnonzero(present)
        ratios = process.cpdist(
            [left[i] for i in where],
            [right[i] for i in where],
            scorer=fuzz.token_set_ratio,
            workers=-1,
        )
        best[where] = np.maximum(best[where], ratios)
    return [
        None if ratio < 0 else float(0.5 * ratio + 50.0 * min(1.0, float(cos)))
        for ratio, cos in zip(best, cosine, strict=True)
    ]


def score_candidates(
    index: CandidateIndex,
    demand: Sequence[RecordFeatures],
    products: Sequence[RecordFeatures],
    demand_rows: Sequence[int],
    glossary: Glossary,
    settings: MatchSettings,
    allowed: np.ndarray | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
) -> dict[int, list[ScoredPair]]:
    """For each demand row, its retrieved candidates fully scored, best first."""
    result: dict[int, list[ScoredPair]] = {}
    rows = np.asarray(list(demand_rows), dtype=np.int64)
    progress.start(len(rows), "Scoring candidates")
    for start in range(0, len(rows), CHUNK):
        progress.check_cancelled()
        chunk = rows[start : start + CHUNK]
        found = index.candidates(chunk, settings.retrieval_pool, allowed)
        pair_demand = np.repeat(chunk, [len(c) for c in found])
        pair_product = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        cosine = index.text_cosine(pair_demand, pair_product)
        names = name_similarities(demand, products, pair_demand, pair_product, cosine)
        for d_row, p_row, name in zip(
            pair_demand.tolist(), pair_product.tolist(), names, strict=True
        ):
            scored = score_pair(demand[d_row], products[p_row], name, glossary, settings)
            result.setdefault(int(d_row), []).append(ScoredPair(int(d_row), int(p_row), scored))
        for row in chunk:
            result.setdefault(int(row), []).sort(key=lambda pair: -pair.result.score)
        progress.advance(min(len(rows), start + CHUNK))
    return result
