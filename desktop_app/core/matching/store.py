"""Writing a run's candidates: per chunk, one DELETE and one driver ``executemany``.

A full run over a hundred thousand lines stores half a million candidates. Going through
``insert(table)`` with dictionaries spends most of the time converting values row by row
and serialising the same side evidence again and again. Here the evidence of each side
(what the matcher recognised in the request, in the offer) is serialised once per record
and spliced into each candidate's JSON text; the statement goes straight to the driver.
The stored JSON reads back as the same dictionaries as through Core;
letters are written as they are, not escaped.

A run's store may write in a thread of its own (``background=True``): the database
driver does its part of an insert (SQLite's B-trees, PostgreSQL's round trips) without
Python's lock, so a chunk is written while the next one is scored. One write at a time,
in order, on the session's connection, which the run does not use meanwhile; the run
waits for the last (:meth:`CandidateStore.close`) before it reads or writes anything else
and before an error or Cancel leaves it, so a failed or cancelled run still rolls back
whole.
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from desktop_app.core.database.drivers import driver_placeholder
from desktop_app.core.database.sqlalchemy_compat import bind_processor
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import MatchCandidate
from desktop_app.core.domain.types import utcnow
from desktop_app.core.matching.calibration import PRODUCT_KEY, ProductCalibration, evidence_points
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evidence import PairEvidence, ScoreParts
from desktop_app.core.matching.features import RecordFeatures
from desktop_app.core.matching.pipeline import Candidate
from desktop_app.core.matching.scoring import assign_verdicts, margin_points

_COLUMNS = (
    "demand_line_id", "product_id", "rank", "score", "parts", "evidence", "verdict",
    "status", "created_at", "updated_at", "version",
)  # fmt: skip
_DECIDED = [status.value for status in MatchStatus if status != MatchStatus.SUGGESTED]
# Candidate rows held before they are written.
BUFFERED_ROWS = 10_000


def side_evidence(features: RecordFeatures) -> dict[str, Any]:
    """What the matcher recognised on one side, for the explanation.

    Empty entries are left out (readers take a missing key as empty): every candidate
    row carries both sides, and half a million rows of ``"measures": []`` add up.
    """
    found = {
        "concepts": sorted(features.concepts),
        "terms": features.terms(),
        "attributes": sorted(features.attributes),
        "hs": list(features.hs_codes),
        "hs_source": features.hs_source,
        "measures": list(features.measures),
        "set_aside": list(features.set_aside),
    }
    return {key: value for key, value in found.items() if value}


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _dumps(value: Any) -> str:
    """JSON text with Chinese and Russian as they are: escaped they take three times the
    room, and a full run writes half a million evidence objects."""
    return _ENCODE(value)


# Distinct parts and pair evidence kept as JSON text before the caches start again: a run
# writes half a million candidates but only some thousands of distinct values of each.
JSON_CACHE_SIZE = 50_000


class _JsonTexts:
    """The JSON text of typed parts or pair evidence, encoded once per distinct value.

    Equal values give equal text: their numbers are Python floats rounded to one decimal
    (never ``-0.0``; a calibration of no points is ``0.0``), the rest strings and tuples.
    """

    def __init__(self) -> None:
        self._texts: dict[ScoreParts | PairEvidence, str] = {}

    def __call__(self, value: ScoreParts | PairEvidence) -> str:
        text = self._texts.get(value)
        if text is None:
            if len(self._texts) >= JSON_CACHE_SIZE:
                self._texts.clear()
            text = self._texts[value] = _dumps(value.as_json())
        return text


def _table() -> Table:
    table = MatchCandidate.__table__
    assert isinstance(table, Table)
    return table


class CandidateStore:
    """Buffers candidate rows of one run and writes them chunk by chunk."""

    def __init__(self, session: Session, background: bool = False) -> None:
        """Prepare the statement for the session's database dialect; with ``background``
        the writes run in a thread of their own (call :meth:`close` when done)."""
        self.session = session
        self.connection = session.connection()
        dialect = self.connection.dialect
        table = _table()
        quote = dialect.identifier_preparer.quote
        mark = driver_placeholder(dialect)
        # PostgreSQL is told the JSON text is JSON; SQLite stores JSON as text anyway.
        json_mark = f"CAST({mark} AS JSON)" if dialect.name == "postgresql" else mark
        marks = [json_mark if name in ("parts", "evidence") else mark for name in _COLUMNS]
        # A reviewer may decide a candidate after the run read the decisions: that
        # decision stays, and the run's new suggestion for the same pair is dropped
        # (the same clause on SQLite 3.24+ and PostgreSQL).
        self.statement = (
            "INSERT INTO {table} ({columns}) VALUES ({values}) "
            "ON CONFLICT (demand_line_id, product_id) DO NOTHING"
        ).format(
            table=quote(table.name),
            columns=", ".join(quote(name) for name in _COLUMNS),
            values=", ".join(marks),
        )

        def bind(column: str, value: Any) -> Any:
            process = bind_processor(table.columns[column].type, dialect)
            return process(value) if process else value

        self._bind = bind
        self.verdicts = {verdict: bind("verdict", verdict) for verdict in Verdict}
        self.suggested = bind("status", MatchStatus.SUGGESTED)
        self.rows: list[tuple[Any, ...]] = []
        self.lines: list[int] = []
        self.stored = 0
        self._side_json: dict[int, str] = {}
        self._chunk_json: dict[int, str] = {}
        self._writer = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="candidate-writer")
            if background
            else None
        )
        self._pending: Future[None] | None = None
        # Writes done in the thread (a test counts them).
        self.background_writes = 0

    def side_json(self, features: RecordFeatures, keep: bool = True) -> str:
        """The serialised side evidence of a record, computed once per record.

        ``keep=False`` (demand lines, whose lines are all written within one chunk)
        keeps it only until the next flush, so the cache does not grow with the run.
        """
        key = id(features)
        cache = self._side_json if keep else self._chunk_json
        text = cache.get(key)
        if text is None:
            text = cache[key] = _dumps(side_evidence(features))
        return text

    def add_line(self, line_id: int) -> None:
        """Mark a line whose old suggestions are replaced by this run."""
        self.lines.append(line_id)

    def add(
        self,
        line_id: int,
        product_id: int,
        rank: int,
        score: float,
        parts_json: str,
        evidence_json: str,
        verdict: Verdict,
    ) -> None:
        """Buffer one candidate whose parts and evidence are given as JSON text."""
        self.rows.append(
            (line_id, product_id, rank, score, parts_json, evidence_json, self.verdicts[verdict])
        )

    def flush(self) -> None:
        """Delete the marked lines' old suggestions and insert the buffered candidates
        (in the writer thread, once the write before is done, when there is one)."""
        lines, rows = self.lines, self.rows
        self.lines, self.rows = [], []
        self.stored += len(rows)
        if rows:
            now = utcnow()
            tail = (self.suggested, self._bind("created_at", now), self._bind("updated_at", now), 1)
            rows = [row + tail for row in rows]
        if not lines and not rows:
            return
        if self._writer is None:
            self._write(lines, rows)
            return
        self.wait()
        self._pending = self._writer.submit(self._write, lines, rows)
        self.background_writes += 1

    def _write(self, lines: list[int], rows: list[tuple[Any, ...]]) -> None:
        table = _table()
        if lines:
            # "Not decided" rather than "status = suggested": an equality would lead
            # SQLite to walk the status index, i.e. every suggestion stored, per slice.
            self.connection.execute(
                delete(table).where(
                    table.c.demand_line_id.in_(lines),
                    table.c.status.notin_(_DECIDED),
                )
            )
        if rows:
            self.connection.exec_driver_sql(self.statement, rows)

    def wait(self) -> None:
        """Return once the write under way (if any) is done; raise its error if it
        failed."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for the last write and stop the writer thread; raise its error if it
        failed. Safe to call more than once."""
        try:
            self.wait()
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
                self._writer = None

    def end_chunk(self) -> None:
        """Write what is buffered and forget the demand side evidence of the chunk."""
        self.flush()
        self._chunk_json = {}


def evidence_json(pair_json: str, demand_json: str, product_json: str) -> str:
    """A candidate's evidence: the pair's evidence object with both sides added."""
    return f'{pair_json[:-1]}, "demand": {demand_json}, "product": {product_json}}}'


# Product id, score, parts JSON, pair evidence JSON, product side JSON, verdict, article.
_Prepared = tuple[int, float, str, str, str, Verdict, bool]


class LineWriter:
    """Turns each line's scored candidates into stored rows: ranks, verdicts, evidence.

    Lines that read alike share one candidate list; its parts, pair evidence and verdicts
    are prepared once per list. A line with decided candidates, or a partial re-run that
    merges stored suggestions, takes the general path.
    """

    def __init__(
        self,
        store: CandidateStore,
        settings: MatchSettings,
        product_ids: list[int],
        product_features: list[RecordFeatures],
    ) -> None:
        """Write through ``store``; product rows index ``product_ids``/``product_features``."""
        self.store = store
        self.settings = settings
        self.product_ids = product_ids
        self.row_of = {pid: row for row, pid in enumerate(product_ids)}
        self.features = product_features
        self.decisions_kept = 0
        # The article candidates written, for the product side's pass after the run.
        self.calibration = ProductCalibration()
        self._prepared: dict[int, list[_Prepared]] = {}
        self._parts_json = _JsonTexts()
        self._evidence_json = _JsonTexts()

    def _prepare(self, candidates: list[Candidate]) -> list[_Prepared]:
        prepared = self._prepared.get(id(candidates))
        if prepared is None:
            top = candidates[: self.settings.top_k]
            verdicts = assign_verdicts(
                [(c.score, self.features[c.product_row]) for c in top], self.settings
            )
            prepared = self._prepared[id(candidates)] = [
                (
                    self.product_ids[c.product_row], c.score, self._parts_json(c.parts),
                    self._evidence_json(c.evidence),
                    self.store.side_json(self.features[c.product_row]), verdict,
                    c.evidence.calibration is not None,
                )
                for c, verdict in zip(top, verdicts, strict=True)
            ]  # fmt: skip
        return prepared

    def write(
        self,
        line_id: int,
        demand: RecordFeatures,
        candidates: list[Candidate],
        decided: set[int],
        old: list[Any],
        keep_products: set[int],
    ) -> None:
        """New suggestions for one line; with ``keep_products`` only those are re-scored."""
        if len(self.store.rows) >= BUFFERED_ROWS:
            # Lines that share a popular reading can make a chunk of many rows, each
            # with its evidence text: they are written in slices to bound the memory.
            self.store.flush()
        self.store.add_line(line_id)
        demand_json = self.store.side_json(demand, keep=False)
        if not decided and not keep_products:
            for rank, (pid, score, parts, pair, product_json, verdict, article) in enumerate(
                self._prepare(candidates), 1
            ):
                evidence = evidence_json(pair, demand_json, product_json)
                self.store.add(line_id, pid, rank, score, parts, evidence, verdict)
                if article and demand.codes and self.features[self.row_of[pid]].codes:
                    self.calibration.add(line_id, pid, score)
            return
        pool: dict[int, tuple[float, dict[str, Any], str, bool]] = {}
        if keep_products:
            # Partial run: stored suggestions of unchanged, still active products stay,
            # and the line's articles are calibrated again over the merged list.
            fresh = candidates[: self.settings.top_k + len(decided) + 1]
            pool = self._merged(old, fresh, keep_products, demand_json)
        else:
            for c in candidates[: self.settings.top_k + len(decided)]:
                product_json = self.store.side_json(self.features[c.product_row])
                pair_evidence = evidence_json(
                    _dumps(c.evidence.as_json()), demand_json, product_json
                )
                pool[self.product_ids[c.product_row]] = (
                    c.score, c.parts.as_json(), pair_evidence, c.evidence.calibration is not None
                )  # fmt: skip
        # A raised store floor also drops stored suggestions now under it.
        ranked = sorted(
            (
                (pid, *v)
                for pid, v in pool.items()
                if pid not in decided and v[0] >= self.settings.store_floor
            ),
            key=lambda item: (-item[1], item[0]),
        )[: self.settings.top_k]
        verdicts = assign_verdicts(
            [(score, self.features[self.row_of[pid]]) for pid, score, _, _, _ in ranked],
            self.settings,
        )
        for rank, ((pid, score, part_values, stored_evidence, article), verdict) in enumerate(
            zip(ranked, verdicts, strict=True), 1
        ):
            parts_json = json.dumps(part_values)
            self.store.add(line_id, pid, rank, score, parts_json, stored_evidence, verdict)
            if article and demand.codes and self.features[self.row_of[pid]].codes:
                self.calibration.add(line_id, pid, score)

    def _merged(
        self,
        old: list[Any],
        fresh: list[Candidate],
        keep_products: set[int],
        demand_json: str,
    ) -> dict[int, tuple[float, dict[str, Any], str, bool]]:
        """A partial run's list of one line: the stored suggestions of unchanged products
        and the new candidates, each article's calibration (the line's and the product's)
        taken off and the line's applied again over the merged list (as a full run would
        over the line's pool; the product's follows after the run)."""
        ids: list[int] = []
        raw: list[float] = []
        article: list[bool] = []
        kept: list[tuple[dict[str, Any], dict[str, Any] | Candidate]] = []
        for r in old:
            if r.product_id not in keep_products and r.product_id in self.row_of:
                evidence = dict(r.evidence or {})
                applied = evidence.get("calibration")
                ids.append(r.product_id)
                raw.append(float(r.score) - evidence_points(evidence))
                evidence.pop(PRODUCT_KEY, None)
                article.append(applied is not None)
                kept.append((dict(r.parts or {}), evidence))
        for c in fresh:
            applied = c.evidence.calibration
            ids.append(self.product_ids[c.product_row])
            raw.append(c.score - (applied or 0.0))
            article.append(applied is not None)
            kept.append((c.parts.as_json(), c))
        totals = np.asarray(raw, dtype=np.float64)
        points = margin_points(
            np.zeros(len(ids), dtype=np.int64), totals, np.asarray(article, dtype=bool)
        )
        scores = np.round(np.clip(totals + points, 0.0, 100.0), 1).tolist()
        pool: dict[int, tuple[float, dict[str, Any], str, bool]] = {}
        for pid, total, score, is_article, (parts, source) in zip(
            ids, raw, scores, article, kept, strict=True
        ):
            applied = round(score - total, 1) if is_article else None
            if isinstance(source, Candidate):
                pair = replace(source.evidence, calibration=applied).as_json()
                product_json = self.store.side_json(self.features[source.product_row])
                text = evidence_json(_dumps(pair), demand_json, product_json)
            else:
                if applied is not None:
                    source["calibration"] = applied
                text = _dumps(source)
            pool[pid] = (score, parts, text, is_article)
        return pool

    def flush(self) -> None:
        """Write the buffered lines and forget the prepared lists of the chunk."""
        self.store.end_chunk()
        self._prepared = {}
