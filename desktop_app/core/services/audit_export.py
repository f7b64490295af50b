"""The audit trail as rows: record edits and match decisions, merged in time order.

Edits of companies, products, buyers and demand lines come from ``audit_events`` (one
row per change, written automatically by ``database/audit.py``); decisions on matches
from ``review_events``. :func:`audit_rows` gives both as plain dataclasses for the GUI's
audit view; :func:`write_audit_csv` writes them for a spreadsheet (UTF-8 with a BOM so
Excel reads Cyrillic and Chinese correctly; cells that could run as formulas defused).
"""

from __future__ import annotations

import csv
import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop_app.core.database.audit import AUDITED
from desktop_app.core.domain.models import AuditEvent, ReviewEvent
from desktop_app.core.errors import InputError, Location
from desktop_app.core.exporting.files import atomic_file, write_failed
from desktop_app.core.exporting.safety import inert_csv_text
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter
from desktop_app.core.services.labels import field_labels, stored_value_title
from desktop_app.core.text import fold

MATCH_ENTITY = "match"
DECISION_ACTION = "decision"
ENTITY_TYPES = (*AUDITED.values(), MATCH_ENTITY)
CSV_COLUMNS = ("at", "actor", "entity_type", "entity_id", "action", "changes", "note")
STREAM_CHUNK = 1_000


@dataclass(frozen=True)
class AuditFilters:
    """Which audit rows to show: a time span, one kind of record, one person, a text.

    ``since`` is inclusive and ``until`` exclusive; ``text`` is looked for, ignoring case,
    in the actor, the record, the changes and the note.
    """

    since: datetime | None = None
    entity_type: str | None = None
    actor: str | None = None
    until: datetime | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        if self.entity_type is not None and self.entity_type not in ENTITY_TYPES:
            raise InputError(
                tr("unknown record type {value}; use one of {choices}").format(
                    value=self.entity_type, choices=", ".join(ENTITY_TYPES)
                ),
                Location(field="entity"),
            )


@dataclass(frozen=True)
class AuditRow:
    """One line of the audit trail: who did what to which record, and when."""

    at: datetime
    actor: str
    entity_type: str
    entity_id: int
    action: str
    # {"field": [old, new]} for edits, {"status": [from, to]} for decisions.
    changes: dict[str, Any]
    note: str | None = None

    def describe_changes(self) -> str:
        """``Field: old → new`` for every changed field, in the interface language.

        Fields are named by the labels the forms use, stored choices (a status, an
        outcome) by their titles; :meth:`describe_keys` gives the stored form.
        """
        labels = field_labels(self.entity_type)
        changes = sorted(
            ((labels.get(key, key), key, old, new) for key, (old, new) in self.changes.items()),
            key=lambda change: change[0].casefold(),
        )
        return "; ".join(
            f"{label}: {self._value(key, old)} → {self._value(key, new)}"
            for label, key, old, new in changes
        )

    def describe_keys(self) -> str:
        """``key: old -> new`` for every changed field, as stored (for a tooltip)."""
        return "; ".join(
            f"{field}: {_shown(old)} → {_shown(new)}"
            for field, (old, new) in sorted(self.changes.items())
        )

    def _value(self, key: str, value: Any) -> str:
        if isinstance(value, str):
            title = stored_value_title(self.entity_type, key, value)
            if title is not None:
                return title
        return _shown(value)


def _shown(value: Any) -> str:
    if value is None:
        return "∅"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _edits(filters: AuditFilters, newest_first: bool) -> Select[Any] | None:
    if filters.entity_type == MATCH_ENTITY:
        return None
    order = (
        (AuditEvent.at.desc(), AuditEvent.id.desc())
        if newest_first
        else (
            AuditEvent.at,
            AuditEvent.id,
        )
    )
    query = select(AuditEvent).order_by(*order)
    if filters.since is not None:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.at < filters.until)
    if filters.entity_type is not None:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.actor is not None:
        query = query.where(AuditEvent.actor == filters.actor)
    return query


def _decisions(filters: AuditFilters, newest_first: bool) -> Select[Any] | None:
    if filters.entity_type not in (None, MATCH_ENTITY):
        return None
    order = (
        (ReviewEvent.at.desc(), ReviewEvent.id.desc())
        if newest_first
        else (
            ReviewEvent.at,
            ReviewEvent.id,
        )
    )
    query = select(ReviewEvent).order_by(*order)
    if filters.since is not None:
        query = query.where(ReviewEvent.at >= filters.since)
    if filters.until is not None:
        query = query.where(ReviewEvent.at < filters.until)
    if filters.actor is not None:
        query = query.where(ReviewEvent.actor == filters.actor)
    return query


def _edit_rows(session: Session, query: Select[Any]) -> Iterator[AuditRow]:
    event: AuditEvent
    for event in session.scalars(query.execution_options(yield_per=STREAM_CHUNK)):
        yield AuditRow(
            event.at,
            event.actor,
            event.entity_type,
            event.entity_id,
            event.action.value,
            dict(event.changes),
        )


def _decision_rows(session: Session, query: Select[Any]) -> Iterator[AuditRow]:
    decision: ReviewEvent
    for decision in session.scalars(query.execution_options(yield_per=STREAM_CHUNK)):
        yield AuditRow(
            decision.at,
            decision.actor,
            MATCH_ENTITY,
            decision.candidate_id,
            DECISION_ACTION,
            {"status": [decision.from_status.value, decision.to_status.value]},
            decision.note,
        )


def _mentions(row: AuditRow, needle: str) -> bool:
    haystack = " ".join(
        (row.actor, row.entity_type, str(row.entity_id), row.action, row.describe_changes(),
         row.describe_keys(), row.note or "")
    )  # fmt: skip
    return needle in fold(haystack)


def iter_audit_rows(
    session: Session, filters: AuditFilters | None = None, newest_first: bool = False
) -> Iterator[AuditRow]:
    """Every matching edit and decision, oldest (or newest) first, streamed from the database."""
    filters = filters or AuditFilters()
    streams: list[Iterator[AuditRow]] = []
    edits = _edits(filters, newest_first)
    if edits is not None:
        streams.append(_edit_rows(session, edits))
    decisions = _decisions(filters, newest_first)
    if decisions is not None:
        streams.append(_decision_rows(session, decisions))
    merged = heapq.merge(*streams, key=lambda row: row.at, reverse=newest_first)
    needle = fold((filters.text or "").strip())
    # The changes are JSON whose text differs by backend; searching their readable form
    # here gives the same answer on SQLite and PostgreSQL.
    yield from (row for row in merged if _mentions(row, needle)) if needle else merged


def audit_rows(
    session: Session,
    filters: AuditFilters | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditRow]:
    """The audit trail as a list, oldest first (or newest first); at most ``limit`` rows."""
    rows: list[AuditRow] = []
    for row in iter_audit_rows(session, filters, newest_first):
        if limit is not None and len(rows) >= limit:
            break
        rows.append(row)
    return rows


def write_audit_csv(
    session: Session,
    path: Path,
    filters: AuditFilters | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
) -> int:
    """Write the audit trail to the CSV file ``path``; returns the number of rows.

    The file appears complete or not at all (written under a temporary name first).
    """
    progress.start(None, tr("Exporting the audit trail"))
    count = 0
    try:
        with (
            atomic_file(path) as temporary,
            temporary.open("w", encoding="utf-8-sig", newline="") as handle,
        ):
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for row in iter_audit_rows(session, filters):
                writer.writerow(
                    [
                        row.at.isoformat(),
                        inert_csv_text(row.actor),
                        row.entity_type,
                        row.entity_id,
                        row.action,
                        inert_csv_text(row.describe_changes()),
                        inert_csv_text(row.note or ""),
                    ]
                )
                count += 1
                if count % STREAM_CHUNK == 0:
                    progress.check_cancelled()
                    progress.advance(count)
    except OSError as exc:
        raise write_failed(path, exc) from exc
    progress.advance(count)
    return count
