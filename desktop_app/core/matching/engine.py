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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop_app.core.collector import long_lived_frozen
from desktop_app.core.database.run_lock import MATCHING, acquire_run_lock
from desktop_app.core.domain.enums import DemandStatus, MatchStatus, ProductStatus
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.domain.types import utcnow
from desktop_app.core.i18n import tr
from desktop_app.core.matching.config import MatchSettings, load_match_settings
from desktop_app.core.matching.features import NameCodes, RecordFeatures
from desktop_app.core.matching.glossary import Glossary, load_glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.pipeline import score_candidates
from desktop_app.core.matching.reading import (
    PARALLEL_ABOVE,
    ReaderPool,
    RecordText,
    clear_reading_caches,
    read_records,
)
from desktop_app.core.matching.store import CandidateStore, LineWriter
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


def run_matching(
    session: Session,
    progress: ProgressReporter = NULL_PROGRESS,
    settings: MatchSettings | None = None,
    changed_only: bool = False,
    glossary: Glossary | None = None,
) -> MatchReport:
    """Match every open demand line (or only what changed) and store the top candidates."""
    started = time.perf_counter()
    # One run at a time per database, taken before anything is read: two runs would
    # both replace the same suggestions (and collide on the candidates' unique pairs).
    acquire_run_lock(session, MATCHING, progress=progress)
    settings = settings or load_match_settings(session)
    glossary = glossary or load_glossary(session)
    # What is alive now (the glossary, the nomenclature and dictionary indexes) and the
    # records once read live to the end of the run and hold no cycles: frozen, the
    # collector's full passes, which reading and storing trigger again and again, leave
    # them out (benchmarks/bench_collector.py measures that this pays).
    with long_lived_frozen() as freeze_made_since:
        return _read_and_run(
            session, progress, settings, changed_only, glossary, started, freeze_made_since
        )


def _read_and_run(
    session: Session,
    progress: ProgressReporter,
    settings: MatchSettings,
    changed_only: bool,
    glossary: Glossary,
    started: float,
    freeze_made_since: Callable[[], None],
) -> MatchReport:
    progress.start(None, tr("Reading products and demand"))
    # A large run's reading processes start now, while the rows are loaded.
    active = Product.status == ProductStatus.ACTIVE
    size = session.scalar(select(func.count()).select_from(Product).where(active)) or 0
    open_lines = DemandLine.status == DemandStatus.OPEN
    size += session.scalar(select(func.count()).select_from(DemandLine).where(open_lines)) or 0
    pool = ReaderPool(glossary) if size > PARALLEL_ABOVE else None
    try:
        product_rows, demand_rows, features = _load_and_read(session, glossary, progress, pool)
    finally:
        if pool is not None:
            pool.close()
    clear_reading_caches(glossary)
    product_features = features[: len(product_rows)]
    demand_features = features[len(product_rows) :]
    del features
    # The records read live to the end of the run: out of the collector's sight too.
    freeze_made_since()
    return _run(
        session, progress, settings, changed_only, glossary, product_rows, demand_rows,
        product_features, demand_features, started,
    )  # fmt: skip


def _load_and_read(
    session: Session, glossary: Glossary, progress: ProgressReporter, pool: ReaderPool | None
) -> tuple[Sequence[Any], Sequence[Any], list[RecordFeatures]]:
    """The active products and open demand lines, and the features of both (products
    first)."""
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
    records: list[RecordText] = [
        (tuple(name for name in (row.name_ru, row.name_en, row.name_zh) if name), row.hs_code)
        for row in product_rows
    ]
    records.extend(((line.product_text,), line.hs_code) for line in demand_rows)
    features = read_records(records, glossary, progress, PARALLEL_ABOVE, pool)
    return product_rows, demand_rows, features


def _signature(features: RecordFeatures) -> tuple[Any, ...]:
    """Everything scoring reads from a record: lines equal in it score equally."""
    strings = features.strings
    return (
        strings["ru"], strings["en"], strings["zh"], features.concepts, features.attributes,
        features.codes, features.numbers, features.hs_codes, features.hs_source,
        features.grades, features.wide_concepts, features.goods_unread, features.kinds,
    )  # fmt: skip


def _decided(session: Session) -> dict[int, set[int]]:
    decided: dict[int, set[int]] = {}
    for line_id, product_id in session.execute(
        select(MatchCandidate.demand_line_id, MatchCandidate.product_id).where(
            MatchCandidate.status != MatchStatus.SUGGESTED
        )
    ):
        decided.setdefault(line_id, set()).add(product_id)
    return decided


def _old_suggestions(session: Session, line_ids: list[int]) -> dict[int, list[Any]]:
    old: dict[int, list[Any]] = {}
    for start in range(0, len(line_ids), WRITE_CHUNK):
        for row in session.execute(
            select(
                MatchCandidate.demand_line_id, MatchCandidate.product_id, MatchCandidate.score,
                MatchCandidate.parts, MatchCandidate.evidence,
            ).where(
                MatchCandidate.demand_line_id.in_(line_ids[start : start + WRITE_CHUNK]),
                MatchCandidate.status == MatchStatus.SUGGESTED,
            )
        ):  # fmt: skip
            old.setdefault(row.demand_line_id, []).append(row)
    return old


def _run(
    session: Session,
    progress: ProgressReporter,
    settings: MatchSettings,
    changed_only: bool,
    glossary: Glossary,
    product_rows: Sequence[Any],
    demand_rows: Sequence[Any],
    product_features: list[RecordFeatures],
    demand_features: list[RecordFeatures],
    started: float,
) -> MatchReport:
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
    # Lines that read the same (pack size and trade noise aside) are scored once.
    distinct: dict[tuple[Any, ...], int] = {}
    records: list[RecordFeatures] = []
    counts: list[int] = []
    record_of: list[int] = []
    for features in demand_features:
        at = distinct.setdefault(_signature(features), len(records))
        if at == len(records):
            records.append(features)
            counts.append(0)
        counts[at] += 1
        record_of.append(at)
    del distinct
    decided = _decided(session)
    # The candidates are written in a thread of their own while the next chunk is
    # scored; nothing else touches the database until the last write is done.
    store = CandidateStore(session, background=True)
    writer = LineWriter(store, settings, product_ids, product_features)
    touched = [*full_rows, *partial_rows]
    writer.decisions_kept = sum(len(decided.get(demand_rows[n].id, ())) for n in touched)
    extra = np.zeros(len(records), dtype=np.int64)
    for number in touched:
        taken = len(decided.get(demand_rows[number].id, ()))
        extra[record_of[number]] = max(extra[record_of[number]], taken)
    try:
        if not product_rows:
            for number in full_rows:
                store.add_line(demand_rows[number].id)
            store.flush()
        else:
            index = CandidateIndex(product_features, records, counts)
            changed_ids = {product_ids[i] for i in np.flatnonzero(changed_products)}
            # What records' names read as, looked up only for the pairs that need it, once
            # per record for the whole run (both passes).
            name_codes = NameCodes(glossary)
            runs: list[tuple[list[int], np.ndarray | None, set[int]]] = [(full_rows, None, set())]
            if partial_rows:
                runs.append((partial_rows, changed_products, changed_ids))
            for rows, allowed, keep_products in runs:
                lines_of: dict[int, list[int]] = {}
                for number in rows:
                    lines_of.setdefault(record_of[number], []).append(number)
                # The first pass's writes are done before the stored lines are read.
                store.wait()
                old = (
                    _old_suggestions(session, [demand_rows[n].id for n in rows])
                    if keep_products
                    else {}
                )
                for chunk in score_candidates(
                    index, records, product_features, sorted(lines_of), glossary, settings,
                    allowed=allowed, progress=progress, keep=settings.top_k + extra,
                    name_codes=name_codes,
                ):  # fmt: skip
                    for record, candidates in chunk.items():
                        for number in lines_of[record]:
                            line_id = demand_rows[number].id
                            writer.write(
                                line_id, demand_features[number], candidates,
                                decided.get(line_id, set()), old.get(line_id, []), keep_products,
                            )  # fmt: skip
                    progress.check_cancelled()
                    writer.flush()
    finally:
        store.close()
    progress.check_cancelled()
    touched_lines = [demand_rows[n].id for n in touched]
    # Every line written: the product side of the calibration (matching/calibration.py).
    writer.calibration.apply(
        session,
        settings,
        set(touched_lines),
        lambda pid: product_features[writer.row_of[pid]] if pid in writer.row_of else None,
    )
    progress.check_cancelled()
    now = utcnow()
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
        decisions_kept=writer.decisions_kept,
        seconds=round(time.perf_counter() - started, 2),
    )
