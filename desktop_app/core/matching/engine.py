"""The matching run: score open demand lines against active products, store the top K.

Everything happens in the caller's session, i.e. one transaction: a cancelled or failed
run raises before or while writing and the unit of work rolls back, leaving no
half-written candidates. Decided candidates (accepted or rejected) are never touched;
they keep their product out of the line's new suggestions.

``changed_only`` re-scores a demand line fully when it is new or edited since its last
run (``updated_at > matched_at``), and for the other open lines scores only the products
that are new or edited, merging them with the stored candidates.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import DemandStatus, MatchStatus, ProductStatus
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.domain.types import utcnow
from desktop_app.core.matching.config import MatchSettings, load_match_settings
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import Glossary, load_glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.pipeline import ScoredPair, score_candidates
from desktop_app.core.matching.scoring import assign_verdicts
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

WRITE_CHUNK = 5000


@dataclass(frozen=True)
class MatchReport:
    """What one run did."""

    demand_lines: int
    products: int
    lines_rescored: int
    candidates_stored: int
    decisions_kept: int
    seconds: float


def _changed(updated_at: datetime | None, matched_at: datetime | None) -> bool:
    return matched_at is None or (updated_at is not None and updated_at > matched_at)


def side_evidence(features: RecordFeatures) -> dict[str, Any]:
    """What the matcher recognised on one side, for the explanation."""
    return {
        "concepts": sorted(features.concepts),
        "terms": features.terms(),
        "attributes": sorted(features.attributes),
        "hs": list(features.hs_codes),
        "hs_source": features.hs_source,
        "measures": list(dict.fromkeys(m for a in features.analyses for m in a.text.measures)),
        "set_aside": list(dict.fromkeys(w for a in features.analyses for w in a.stop_words)),
    }


def run_matching(
    session: Session,
    progress: ProgressReporter = NULL_PROGRESS,
    settings: MatchSettings | None = None,
    changed_only: bool = False,
    glossary: Glossary | None = None,
) -> MatchReport:
    """Match every open demand line (or only what changed) and store the top candidates."""
    started = time.perf_counter()
    settings = settings or load_match_settings(session)
    glossary = glossary or load_glossary(session)
    progress.start(None, "Reading products and demand")
    product_rows = session.execute(
        select(
            Product.id, Product.name_ru, Product.name_en, Product.name_zh, Product.hs_code,
            Product.updated_at, Product.matched_at,
        ).where(Product.status == ProductStatus.ACTIVE).order_by(Product.id)
    ).all()  # fmt: skip
    demand_rows = session.execute(
        select(
            DemandLine.id, DemandLine.product_text, DemandLine.hs_code,
            DemandLine.updated_at, DemandLine.matched_at,
        ).where(DemandLine.status == DemandStatus.OPEN).order_by(DemandLine.id)
    ).all()  # fmt: skip
    product_features = []
    for number, row in enumerate(product_rows):
        if number % 1000 == 0:
            progress.check_cancelled()
        names = tuple(name for name in (row.name_ru, row.name_en, row.name_zh) if name)
        product_features.append(record_features(names, row.hs_code, glossary))
    demand_features = []
    for number, line in enumerate(demand_rows):
        if number % 1000 == 0:
            progress.check_cancelled()
        demand_features.append(record_features((line.product_text,), line.hs_code, glossary))
    product_ids = [row.id for row in product_rows]
    changed_products = np.asarray(
        [_changed(row.updated_at, row.matched_at) for row in product_rows], dtype=bool
    )
    full_rows = [
        number
        for number, row in enumerate(demand_rows)
        if not changed_only or _changed(row.updated_at, row.matched_at)
    ]
    full_set = set(full_rows)
    partial_rows = (
        [n for n in range(len(demand_rows)) if n not in full_set] if changed_products.any() else []
    )
    scored: dict[int, list[ScoredPair]] = {}
    if product_rows and (full_rows or partial_rows):
        index = CandidateIndex(product_features, demand_features)
        scored = score_candidates(
            index, demand_features, product_features, full_rows, glossary, settings,
            progress=progress,
        )  # fmt: skip
        if partial_rows:
            scored.update(
                score_candidates(
                    index, demand_features, product_features, partial_rows, glossary,
                    settings, allowed=changed_products, progress=progress,
                )
            )  # fmt: skip
    progress.check_cancelled()
    store = _CandidateWriter(session, settings, product_ids, product_features)
    for number in full_rows:
        store.replace(
            demand_rows[number].id, demand_features[number], scored.get(number, []), set()
        )
    changed_ids = {product_ids[i] for i in np.flatnonzero(changed_products)}
    for number in partial_rows:
        store.replace(
            demand_rows[number].id, demand_features[number], scored.get(number, []), changed_ids
        )
    store.flush(progress)
    now = utcnow()
    touched_lines = [demand_rows[n].id for n in (*full_rows, *partial_rows)]
    for start in range(0, len(touched_lines), WRITE_CHUNK):
        session.execute(
            update(DemandLine)
            .where(DemandLine.id.in_(touched_lines[start : start + WRITE_CHUNK]))
            .values(matched_at=now, updated_at=DemandLine.updated_at)
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(Product)
        .where(Product.status == ProductStatus.ACTIVE)
        .values(matched_at=now, updated_at=Product.updated_at)
        .execution_options(synchronize_session=False)
    )
    return MatchReport(
        demand_lines=len(demand_rows),
        products=len(product_rows),
        lines_rescored=len(full_rows),
        candidates_stored=store.stored,
        decisions_kept=store.decisions_kept,
        seconds=round(time.perf_counter() - started, 2),
    )


class _CandidateWriter:
    """Collects the new top K per line and writes them with bulk statements."""

    def __init__(
        self,
        session: Session,
        settings: MatchSettings,
        product_ids: list[int],
        product_features: list[RecordFeatures],
    ) -> None:
        self.session = session
        self.settings = settings
        self.product_ids = product_ids
        self.row_of = {pid: row for row, pid in enumerate(product_ids)}
        self.features = product_features
        self.inserts: list[dict[str, Any]] = []
        self.delete_lines: list[int] = []
        self.stored = 0
        self.decisions_kept = 0
        self._existing = self._load_existing()

    def _load_existing(self) -> dict[int, list[Any]]:
        existing: dict[int, list[Any]] = {}
        for row in self.session.execute(
            select(
                MatchCandidate.demand_line_id, MatchCandidate.product_id, MatchCandidate.score,
                MatchCandidate.parts, MatchCandidate.evidence, MatchCandidate.status,
            )
        ):  # fmt: skip
            existing.setdefault(row.demand_line_id, []).append(row)
        return existing

    def replace(
        self,
        line_id: int,
        demand: RecordFeatures,
        pairs: list[ScoredPair],
        keep_products: set[int],
    ) -> None:
        """New suggestions for one line; with ``keep_products`` only those are re-scored."""
        old = self._existing.get(line_id, [])
        decided = {r.product_id for r in old if r.status != MatchStatus.SUGGESTED}
        self.decisions_kept += len(decided)
        pool: dict[int, tuple[float, dict[str, Any], dict[str, Any]]] = {}
        if keep_products:
            # Partial run: stored suggestions of unchanged, still active products stay.
            for r in old:
                if (
                    r.status == MatchStatus.SUGGESTED
                    and r.product_id not in keep_products
                    and r.product_id in self.row_of
                ):
                    pool[r.product_id] = (r.score, r.parts, r.evidence)
        demand_side = side_evidence(demand)
        for pair in pairs[: self.settings.top_k + len(decided)]:
            product_id = self.product_ids[pair.product_row]
            result = pair.result
            evidence = {
                **result.evidence,
                "demand": demand_side,
                "product": side_evidence(self.features[pair.product_row]),
            }
            pool[product_id] = (result.score, result.parts, evidence)
        ranked = sorted(
            ((pid, *v) for pid, v in pool.items() if pid not in decided),
            key=lambda item: (-item[1], item[0]),
        )[: self.settings.top_k]
        verdicts = assign_verdicts(
            [(score, self.features[self.row_of[pid]]) for pid, score, _, _ in ranked],
            self.settings,
        )
        self.delete_lines.append(line_id)
        now = utcnow()
        for rank, ((pid, score, parts, evidence), verdict) in enumerate(
            zip(ranked, verdicts, strict=True), 1
        ):
            self.inserts.append(
                {
                    "demand_line_id": line_id, "product_id": pid, "rank": rank,
                    "score": score, "parts": parts, "evidence": evidence,
                    "verdict": verdict, "status": MatchStatus.SUGGESTED,
                    "created_at": now, "updated_at": now, "version": 1,
                }
            )  # fmt: skip

    def flush(self, progress: ProgressReporter) -> None:
        """Delete the lines' old suggestions and insert the new ones, in chunks."""
        table = MatchCandidate.__table__
        assert isinstance(table, Table)
        for start in range(0, len(self.delete_lines), WRITE_CHUNK):
            progress.check_cancelled()
            self.session.execute(
                delete(table).where(
                    table.c.demand_line_id.in_(self.delete_lines[start : start + WRITE_CHUNK]),
                    table.c.status == MatchStatus.SUGGESTED.value,
                )
            )
        progress.start(len(self.inserts), "Storing candidates")
        for start in range(0, len(self.inserts), WRITE_CHUNK):
            progress.check_cancelled()
            self.session.execute(insert(table), self.inserts[start : start + WRITE_CHUNK])
            progress.advance(min(len(self.inserts), start + WRITE_CHUNK))
        self.stored = len(self.inserts)
