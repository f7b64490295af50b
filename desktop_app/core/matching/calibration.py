"""The product side of the calibration: a second pass over a run's stored candidates.

The line side (:func:`.scoring.margin_points`, applied while scoring) asks whether a
line's best article stands out from the line's next one. On a new catalogue where most
records have no partner it is not enough: a product whose own request is missing is
still the best offer of some look-alike request, and every such pair is suggested. What
tells them apart is the product's side: the same product read as the best offer of
several requests is the partner of at most one of them. So, once every line has its
candidates stored, each article pair (names compared in one script, neither side a good
the glossary reads) loses points by its margin to the product's best other line, with
the same cap and centre as the line's margin (no new parameter): the product's other
lines lose their distance to its best plus half the cap, its best line loses what it
lacks of a clear lead (a tie: half the cap), and a clear best line keeps its score.
The product side only lowers: being the best line of a product is no evidence of a
partner (the product may have none, which is the over-suggestion this pass is for),
while being second to another line is evidence against one. Measured on the simulated
catalogues (docs/matching.md, round 12), the symmetric version (the clear best raised
too) gained more on the full sets and lost on two thinned ones (Amazon-Google ``sub2``
-0.007, ``merged-sub1`` -0.006), raising the pairs suggested where it should lower them.

Only articles named by model codes on both sides are calibrated so: there one product
is one article with one partner. On trade data several buyers ask for one product, often
in words the glossary does not read (two requests for tooth powder, one of the seventh
hold-out's gold pairs, fell under the threshold when every article pair was calibrated).

It needs every line's candidates before any can be final, while the run writes per chunk
to stay within its memory bound. The run therefore keeps, for each article candidate it
writes, three numbers (line, product, score: 20 bytes), and after the last chunk
re-reads and rewrites only the lines whose scores move, with their ranks and verdicts.
No pair is scored again. The points are stored in the evidence (``calibration_product``)
so a partial run, which re-scores only some lines, takes them off the stored
suggestions of the other lines and calibrates the product's pairs again over all its
stored lines, as a full run would.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.domain.models import MatchCandidate
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures
from desktop_app.core.matching.scoring import assign_verdicts, margin_points

# Lines and products per query or statement.
BATCH = 2000
# The evidence key of the product side's points (the line's are ``calibration``).
PRODUCT_KEY = "calibration_product"


def _table() -> Table:
    table = MatchCandidate.__table__
    assert isinstance(table, Table)
    return table


def _known(features: RecordFeatures | None) -> RecordFeatures:
    assert features is not None
    return features


def _chunks(values: Sequence[int]) -> list[list[int]]:
    ordered = sorted(values)
    return [ordered[at : at + BATCH] for at in range(0, len(ordered), BATCH)]


class ProductCalibration:
    """Collects the article candidates a run writes (both sides naming a model code);
    :meth:`apply` calibrates them by their product's margin once every line is written."""

    def __init__(self) -> None:
        """Nothing collected yet."""
        self.lines = array("q")
        self.products = array("q")
        self.scores = array("d")

    def add(self, line_id: int, product_id: int, score: float) -> None:
        """An article candidate written with ``score`` (its line's calibration in, no
        product points)."""
        self.lines.append(line_id)
        self.products.append(product_id)
        self.scores.append(score)

    def apply(
        self,
        session: Session,
        settings: MatchSettings,
        touched: set[int],
        features_of: Callable[[int], RecordFeatures | None],
    ) -> None:
        """Calibrate every stored article suggestion of the products this run wrote.

        ``touched`` are the lines this run rewrote (their candidates were collected);
        the stored suggestions of the other lines for the same products are read back,
        with the product points they carry taken off. ``features_of`` gives a product's
        features by id, for the verdicts (``None``: no longer active; its row is left).
        """
        if not len(self.lines):
            return
        lines = np.frombuffer(self.lines, dtype=np.int64)
        products = np.frombuffer(self.products, dtype=np.int64)
        scores = np.frombuffer(self.scores, dtype=np.float64)
        stored = np.round(scores, 1)
        previous = np.zeros(len(scores))
        fresh = np.ones(len(scores), dtype=bool)
        others = self._other_lines(session, {int(p) for p in np.unique(products)}, touched)
        if others:
            lines = np.concatenate([lines, np.asarray([o[0] for o in others], dtype=np.int64)])
            products = np.concatenate(
                [products, np.asarray([o[1] for o in others], dtype=np.int64)]
            )
            stored = np.concatenate([stored, np.asarray([o[2] for o in others])])
            previous = np.concatenate([previous, np.asarray([o[3] for o in others])])
            fresh = np.concatenate([fresh, np.zeros(len(others), dtype=bool)])
            scores = stored - previous
        points = np.minimum(0.0, margin_points(products, scores, np.ones(len(scores), dtype=bool)))
        final = np.round(np.clip(scores + points, 0.0, 100.0), 1)
        applied = np.round(final - scores, 1)
        # This run's pairs are all written (their points, even none, mark them as
        # calibrated for a later partial run); stored ones only where they move.
        moved = np.flatnonzero(fresh | (final != stored) | (applied != previous))
        if not len(moved):
            return
        change: dict[tuple[int, int], float] = {
            (int(lines[at]), int(products[at])): float(applied[at]) for at in moved
        }
        self._rewrite(session, settings, change, features_of)

    def _other_lines(
        self, session: Session, products: set[int], touched: set[int]
    ) -> list[tuple[int, int, float, float]]:
        """Stored article suggestions of ``products`` on lines this run did not rewrite:
        (line, product, stored score, product points it carries)."""
        table = _table()
        found: list[tuple[int, int, float, float]] = []
        for chunk in _chunks(list(products)):
            rows = session.execute(
                select(
                    table.c.demand_line_id, table.c.product_id, table.c.score,
                    table.c.evidence,
                ).where(
                    table.c.product_id.in_(chunk),
                    table.c.status == MatchStatus.SUGGESTED,
                )
            )  # fmt: skip
            for line_id, product_id, score, evidence in rows:
                if line_id in touched or not evidence or PRODUCT_KEY not in evidence:
                    continue
                carried = float(evidence.get(PRODUCT_KEY) or 0.0)
                found.append((int(line_id), int(product_id), float(score), carried))
        return found

    def _rewrite(
        self,
        session: Session,
        settings: MatchSettings,
        change: dict[tuple[int, int], float],
        features_of: Callable[[int], RecordFeatures | None],
    ) -> None:
        """New scores, evidence, ranks and verdicts of the lines whose pairs moved."""
        table = _table()
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                score=bindparam("new_score"),
                rank=bindparam("new_rank"),
                verdict=bindparam("new_verdict"),
                evidence=bindparam("new_evidence"),
                version=table.c.version + 1,
            )
        )
        for chunk in _chunks(list({line for line, _ in change})):
            rows = session.execute(
                select(
                    table.c.id, table.c.demand_line_id, table.c.product_id, table.c.score,
                    table.c.rank, table.c.evidence,
                )
                .where(
                    table.c.demand_line_id.in_(chunk),
                    table.c.status == MatchStatus.SUGGESTED,
                )
                .order_by(table.c.demand_line_id, table.c.rank)
            ).all()  # fmt: skip
            by_line: dict[int, list[list[Any]]] = {}
            for row_id, line_id, product_id, score, rank, evidence in rows:
                if features_of(product_id) is None:
                    continue
                entry: list[Any] = [row_id, product_id, float(score), rank, evidence, False]
                points = change.get((line_id, product_id))
                if points is not None:
                    evidence = dict(evidence or {})
                    carried = float(evidence.get(PRODUCT_KEY) or 0.0)
                    raw = float(score) - carried
                    entry[2] = round(min(100.0, max(0.0, raw + points)), 1)
                    evidence[PRODUCT_KEY] = points
                    entry[4] = evidence
                    entry[5] = True
                by_line.setdefault(line_id, []).append(entry)
            updates: list[dict[str, Any]] = []
            dropped: list[int] = []
            for entries in by_line.values():
                # Ties keep the order the run chose (the request's own wording first).
                entries.sort(key=lambda e: (-e[2], e[3]))
                kept = [e for e in entries if e[2] >= settings.store_floor]
                dropped += [e[0] for e in entries if e[2] < settings.store_floor]
                verdicts = assign_verdicts(
                    [(e[2], _known(features_of(e[1]))) for e in kept], settings
                )
                for rank, (entry, verdict) in enumerate(zip(kept, verdicts, strict=True), 1):
                    updates.append(
                        {
                            "row_id": entry[0],
                            "new_score": entry[2],
                            "new_rank": rank,
                            "new_verdict": verdict,
                            "new_evidence": entry[4],
                        }
                    )
            if dropped:
                session.execute(delete(table).where(table.c.id.in_(dropped)))
            if updates:
                session.execute(statement, updates)


def evidence_points(evidence: dict[str, Any]) -> float:
    """All calibration points a stored candidate carries (line and product side)."""
    return float(evidence.get("calibration") or 0.0) + float(evidence.get(PRODUCT_KEY) or 0.0)
