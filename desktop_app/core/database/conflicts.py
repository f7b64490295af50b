"""Optimistic-locking conflicts as messages a person can act on.

Edited records carry a ``version`` column; when two people change the same record, the
second ``UPDATE`` matches no row and SQLAlchemy raises ``StaleDataError``. This module
remembers which versioned records each flush writes (listeners installed on the app's
session factory by :mod:`desktop_app.core.database.listeners`), and turns the error into a
:class:`ConflictError` naming the record and, when the audit or review trail knows, who
changed it and when: the second writer's changes are never saved silently over the first.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.database.audit import AUDITED, last_audit_event
from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.domain.models import MatchCandidate, ReviewEvent
from desktop_app.core.domain.types import local_minute
from desktop_app.core.errors import ConflictError
from desktop_app.core.i18n import tr

_TABLE_IN_MESSAGE = re.compile(r"on table '([^']+)'")
_WRITTEN_KEY = "versioned_writes"


def _entity_names() -> dict[str, str]:
    return {
        "companies": tr("Company"),
        "products": tr("Product"),
        "buyers": tr("Buyer"),
        "demand_lines": tr("Demand line"),
        "match_candidates": tr("Match"),
    }


def match_status_title(status: MatchStatus) -> str:
    """A decision as the screens name it (the Review queue's status column)."""
    titles = {
        MatchStatus.SUGGESTED: tr("Undecided", context="labels"),
        MatchStatus.ACCEPTED: tr("Accepted", context="labels"),
        MatchStatus.REJECTED: tr("Rejected", context="labels"),
    }
    return titles.get(status, str(status.value))


def remember_versioned_writes(session: Session, flush_context: Any, instances: Any) -> None:
    """Note the table and id of every versioned record this flush updates or deletes."""
    written: set[tuple[str, int]] = session.info.setdefault(_WRITTEN_KEY, set())
    for obj in (*session.dirty, *session.deleted):
        state = inspect(obj)
        mapper = state.mapper
        if mapper.version_id_col is None or state.identity is None:
            continue
        written.add((mapper.local_table.name, int(state.identity[0])))


def forget_versioned_writes(session: Session, flush_context: UOWTransaction) -> None:
    """Forget the noted records once the flush has gone through."""
    session.info.pop(_WRITTEN_KEY, None)


def conflict_from_stale(
    exc: StaleDataError, session: Session, sessions: sessionmaker[Session]
) -> ConflictError:
    """A :class:`ConflictError` for ``exc``, raised while ``session`` flushed.

    ``sessions`` opens a fresh session to read who changed the record meanwhile.
    """
    match = _TABLE_IN_MESSAGE.search(str(exc))
    table = match.group(1) if match else ""
    names = _entity_names()
    entity = names.get(table, table or tr("Record"))
    ids = sorted(i for t, i in session.info.get(_WRITTEN_KEY, set()) if t == table)
    session.info.pop(_WRITTEN_KEY, None)
    if len(ids) != 1:
        return ConflictError(
            tr(
                "{entity} records were changed by someone else since you opened them; your "
                "changes were not saved. Reload and apply them again."
            ).format(entity=entity)
        )
    record_id = ids[0]
    with sessions() as fresh:
        if table == MatchCandidate.__tablename__:
            decision = fresh.scalars(
                select(ReviewEvent)
                .where(ReviewEvent.candidate_id == record_id)
                .order_by(ReviewEvent.id.desc())
                .limit(1)
            ).first()
            if decision is not None:
                return ConflictError(
                    tr(
                        "{actor} already set match {id} to {status} at {when}; your decision "
                        "was not saved. Reload it to see the current decision."
                    ).format(
                        actor=decision.actor,
                        id=record_id,
                        status=match_status_title(decision.to_status),
                        when=local_minute(decision.at),
                    )
                )
        audit_types: dict[str, str] = {
            str(inspect(model).local_table.name): name for model, name in AUDITED.items()
        }
        audit_type = audit_types.get(table)
        last = None
        if audit_type is not None:
            last = last_audit_event(fresh, audit_type, record_id)
    if last is None:
        return ConflictError(
            tr(
                "{entity} {id} was changed or deleted by someone else since you opened it; "
                "your changes were not saved. Reload it and apply them again."
            ).format(entity=entity, id=record_id)
        )
    return ConflictError(
        tr(
            "{entity} {id} was changed by {actor} at {when} ({fields}) since you opened it; "
            "your changes were not saved. Reload it and apply them again."
        ).format(
            entity=entity,
            id=record_id,
            actor=last.actor,
            when=local_minute(last.at),
            fields=", ".join(sorted(last.changes)) or "-",
        )
    )
