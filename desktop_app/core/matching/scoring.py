"""Scoring one (demand line, product) pair, and verdicts per demand line.

The parts of a pair (:mod:`.part_rules`) are each a number from 0 to 100 or absent
(nothing to compare: no shared language, no concept on either side, no HS code anywhere).
The total is the weighted mean of the parts present, minus penalties for clear conflicts
(different goods, different HS chapters, incompatible processing states), clipped to
0..100. There is one implementation of that total, the batch one of
:class:`~.parts.PartTables`; :func:`score_pair` is a batch of one pair, so what a test or
an explanation of one pair sees is what a run computes.

**Calibration by the runner-up** (:func:`margin_points`, round 11). Between articles
(names compared in one script, neither side a good the glossary reads) a name similarity means
something else on every catalogue: a catalogue holding many look-alikes (one model in
four colours, a product line in ten sizes) lifts some wrong article to a high score for
every request whose own article is missing. What carries over is whether the line's best
article stands out from the next one. So, per demand line, an article pair gains or loses
its margin to the line's best other article, capped at ``MARGIN_CAP`` points and
centred: a clear best (10 points ahead, or alone) gains 5 points, a tie loses 5, and
the others lose their distance to the best plus 5 (at most ``-MARGIN_FLOOR`` + 5). The order
within a line is unchanged. A pair where either side is a good the glossary reads (trade
data) is not calibrated: there the offers of one good tie by design, every supplier
being forwarded, and the line's best offer is often named in another script, out of
the articles' comparison (DEV: "cod fillet", read from one English word, against the
one English-named offer, "pollock fillet" read from its Russian name, was raised over
the threshold while the cod offers, named in Russian, were no rival).
:func:`score_pair` scores one pair without its line, i.e. before this step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from desktop_app.core.domain.enums import Verdict
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evidence import PairEvidence, ScoreParts
from desktop_app.core.matching.features import RecordFeatures
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.parts import PartTables

# The margin to the line's best other article counts up to this many points, centred on
# half of it (chosen on Amazon-Google and its simulated new catalogues, checked on
# Abt-Buy's: docs/matching.md, round 11).
MARGIN_CAP = 10.0
# An article far under its line's best loses at most this distance (plus half the cap).
MARGIN_FLOOR = -10.0


def margin_points(lines: np.ndarray, scores: np.ndarray, article: np.ndarray) -> np.ndarray:
    """Points each pair gains (or loses) by its margin to its line's best other article.

    ``lines`` names the line of each pair, ``scores`` are the pairs' totals, ``article``
    marks the pairs calibrated; the others get 0 and are no rival. A pair alone among its
    line's articles (nothing else in the catalogue reads like it) has a full margin.
    """
    points = np.zeros(len(scores))
    where = np.flatnonzero(article)
    if not len(where):
        return points
    line = lines[where]
    score = scores[where].astype(np.float64)
    order = np.lexsort((-score, line))
    grouped, ranked = line[order], score[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    lengths = np.diff(np.r_[starts, len(grouped)])
    best = np.repeat(ranked[starts], lengths)
    has_second = lengths > 1
    second = np.repeat(
        np.where(has_second, ranked[np.minimum(starts + 1, len(ranked) - 1)], -np.inf), lengths
    )
    first = np.zeros(len(grouped), dtype=bool)
    first[starts] = True
    margin = np.where(first, ranked - second, ranked - best)
    points[where[order]] = np.clip(margin, MARGIN_FLOOR, MARGIN_CAP) - MARGIN_CAP / 2
    return points


@dataclass(frozen=True, slots=True)
class PairScore:
    """The total, its parts and the evidence for one pair."""

    score: float
    parts: ScoreParts
    evidence: PairEvidence


def score_pair(
    demand: RecordFeatures,
    product: RecordFeatures,
    name_similarity: float | None,
    glossary: Glossary,
    settings: MatchSettings,
    same_good_name: float | None = None,
) -> PairScore:
    """Score one pair as a batch of one; ``name_similarity`` comes from the name comparator
    (``None``: the names share no script), ``same_good_name`` is the similarity within the
    request's script, used where both name the same good (defaults to the first)."""
    tables = PartTables([demand], [product], glossary)
    rows = np.zeros(1, dtype=np.int64)
    names = np.asarray([np.nan if name_similarity is None else name_similarity])
    script = names if same_good_name is None else np.asarray([same_good_name])
    values = tables.values(rows, rows, names, settings, script)
    parts, evidence = values.explain([0])[0]
    return PairScore(float(values.score[0]), parts, evidence)


def same_good(first: RecordFeatures, second: RecordFeatures) -> bool:
    """Two products offer the same good: shared concepts, or near-equal names without any."""
    if first.concepts or second.concepts:
        return bool(first.concepts & second.concepts)
    return any(
        first.strings[s]
        and second.strings[s]
        and fuzz.token_set_ratio(first.strings[s], second.strings[s]) >= 90
        for s in first.strings
    )


def assign_verdicts(
    ranked: list[tuple[float, RecordFeatures]], settings: MatchSettings
) -> list[Verdict]:
    """Verdicts for one demand line's candidates, best first.

    ``below_floor`` under the suggestion threshold. ``ambiguous`` when a candidate of a
    *different* good scores within the ambiguity margin: several suppliers of the same
    good are all legitimate suggestions (every one of them may be forwarded), but two
    different goods at almost the same score mean the request itself is unclear.
    """
    threshold = settings.suggest_threshold
    margin = settings.ambiguity_margin
    # The rivals a candidate may have: those at or over the threshold, in rank order
    # (a large run assigns verdicts to some seventy thousand lists).
    above = [(at, score, other) for at, (score, other) in enumerate(ranked) if score >= threshold]
    verdicts: list[Verdict] = []
    for index, (score, features) in enumerate(ranked):
        if score < threshold:
            verdicts.append(Verdict.BELOW_FLOOR)
            continue
        ambiguous = False
        for position, other_score, other in above:
            if (
                position != index
                and abs(other_score - score) <= margin
                and not same_good(features, other)
            ):
                ambiguous = True
                break
        verdicts.append(Verdict.AMBIGUOUS if ambiguous else Verdict.SUGGESTED)
    return verdicts
