"""Scoring many demand lines at once, without any database: features in, ranked pairs out.

The engine (:mod:`.engine`) feeds it from the database; the benchmark and the tests feed
it directly. Work is done in chunks of demand records so progress can be reported,
Cancel honoured and memory freed between chunks.

Per pair only arrays are touched: the name similarity comes from RapidFuzz ``cpdist`` on
all cores, and the concept, HS, attribute and model parts depend on nothing but the two
sides' concept sets, HS codes, states and codes, which repeat endlessly across a catalogue.
Those are interned to integers once (:class:`~.parts.PartTables`), each distinct
combination met is scored once, and the totals are NumPy arithmetic. Parts and evidence
dictionaries are built only for the few candidates a line keeps.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process

from desktop_app.core.i18n import tr
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evidence import PairEvidence, ScoreParts
from desktop_app.core.matching.features import NameCodes, RecordFeatures
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.parts import PartTables
from desktop_app.core.matching.scoring import margin_points
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

CHUNK = 2000


@dataclass(frozen=True)
class Candidate:
    """One kept (demand row, product row) pair with its score, parts and pair evidence."""

    product_row: int
    score: float
    parts: ScoreParts
    evidence: PairEvidence


def token_set_ratios(
    strings: dict[str, tuple[np.ndarray, np.ndarray]],
    demand_rows: np.ndarray,
    product_rows: np.ndarray,
) -> np.ndarray:
    """Best ``token_set_ratio`` over the scripts both sides use, -1 where they share none."""
    best = np.full(len(demand_rows), -1.0)
    for left_all, right_all in strings.values():
        left = left_all[demand_rows]
        right = right_all[product_rows]
        where = np.flatnonzero((left != "") & (right != ""))
        if not len(where):
            continue
        ratios = process.cpdist(
            left[where].tolist(),
            right[where].tolist(),
            scorer=fuzz.token_set_ratio,
            workers=-1,
        )
        best[where] = np.maximum(best[where], ratios)
    return best


def name_similarities(ratios: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    """Name similarity (0..100) of each pair, NaN when the two share no script.

    ``ratios`` are :func:`token_set_ratios`: RapidFuzz ``token_set_ratio`` over the
    stems (or Chinese bigrams) of both sides, computed for all pairs at once with
    ``process.cpdist`` on every core; it forgives word order and extra words. It is
    blended with the TF-IDF ``cosine``, which knows that a rare word (a model, a
    species) matters more than a common one.
    """
    blended = 0.5 * ratios + 50.0 * np.minimum(1.0, cosine.astype(np.float64))
    return np.where(ratios < 0, np.nan, blended)


def _select(
    pair_demand: np.ndarray,
    pair_product: np.ndarray,
    scores: np.ndarray,
    keep: np.ndarray,
    closeness: np.ndarray,
) -> np.ndarray:
    """Indexes of the best ``keep[row]`` pairs of each demand row.

    Equal scores are ordered by ``closeness`` (the wording in the request's own script),
    then by the lower product row, so the order never depends on retrieval.
    """
    order = np.lexsort((pair_product, -closeness, -scores, pair_demand))
    grouped = pair_demand[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    lengths = np.diff(np.r_[starts, len(grouped)])
    rank = np.arange(len(grouped)) - np.repeat(starts, lengths)
    return np.asarray(order[rank < keep[grouped]], dtype=np.int64)


def score_candidates(
    index: CandidateIndex,
    demand: Sequence[RecordFeatures],
    products: Sequence[RecordFeatures],
    demand_rows: Sequence[int],
    glossary: Glossary,
    settings: MatchSettings,
    allowed: np.ndarray | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
    keep: np.ndarray | None = None,
    name_codes: NameCodes | None = None,
) -> Iterator[dict[int, list[Candidate]]]:
    """Per chunk of demand rows, each row's best candidates fully scored, best first.

    ``keep`` (per demand row) says how many candidates to keep, ``settings.top_k`` when
    not given; candidates scoring under ``settings.store_floor`` are left out. Rows
    without any candidate are present with an empty list. ``name_codes`` (optional)
    keeps what the records' names read as across several calls of one run.
    """
    tables = PartTables(demand, products, glossary, name_codes)
    wanted = keep if keep is not None else np.full(len(demand), settings.top_k, dtype=np.int64)
    rows = np.asarray(list(demand_rows), dtype=np.int64)
    progress.start(len(rows), tr("Scoring candidates"))
    for start in range(0, len(rows), CHUNK):
        progress.check_cancelled()
        chunk = rows[start : start + CHUNK]
        found = index.candidates(chunk, settings.retrieval_pool, allowed)
        pair_demand = np.repeat(chunk, [len(c) for c in found])
        pair_product = (
            np.concatenate(found).astype(np.int64) if found else np.zeros(0, dtype=np.int64)
        )
        result: dict[int, list[Candidate]] = {int(row): [] for row in chunk}
        if len(pair_demand):
            ratios = token_set_ratios(tables.strings, pair_demand, pair_product)
            cosine = index.text_cosine(pair_demand, pair_product)
            names = name_similarities(ratios, cosine)
            # Within the script both sides use: how closely the wording reads.
            script_names = name_similarities(ratios, index.script_cosine(pair_demand, pair_product))
            values = tables.values(pair_demand, pair_product, names, settings, script_names)
            # Between articles, what a score means depends on the catalogue: calibrated
            # by the margin to the line's best other article (see scoring.margin_points).
            calibration = margin_points(pair_demand, values.score, values.article)
            score_all = np.round(np.clip(values.score + calibration, 0.0, 100.0), 1)
            # Among equal scores (equal evidence), the offer whose name in the request's
            # own script reads closest comes first; an unread name (-1) comes last.
            closeness = np.where(ratios < 0, -1.0, script_names)
            # Candidates under the store floor are never shown, so never explained.
            above = score_all >= settings.store_floor
            picked = _select(pair_demand, pair_product, score_all, wanted, closeness)
            picked = picked[above[picked]].tolist()
            scores = score_all[picked].tolist()
            for at, score, (parts, evidence) in zip(
                picked, scores, values.explain(picked), strict=True
            ):
                if values.article[at]:
                    # The points applied (the total clipped to 0..100): stored, so a
                    # partial run can take them off and calibrate its merged list again.
                    applied = round(score - float(values.score[at]), 1)
                    evidence = replace(evidence, calibration=applied)
                candidate = Candidate(int(pair_product[at]), score, parts, evidence)
                result[int(pair_demand[at])].append(candidate)
        yield result
        progress.advance(min(len(rows), start + CHUNK))
