"""Automatic audit trail: every change of a company, product, buyer or demand line.

A listener writes one ``audit_events`` row per created, changed or deleted record in the
same transaction as the change, so an edit and its audit row are committed or rolled back
together. The acting user is taken from ``session.info["actor"]`` (:func:`set_actor`,
read back by :func:`session_actor`). The listener is installed on the application's own
session factory by :func:`desktop_app.core.database.listeners.install_session_listeners`,
never on SQLAlchemy's global ``Session`` class.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from desktop_app.core.domain.enums import AuditAction
from desktop_app.core.domain.models import AuditEvent, Buyer, Company, DemandLine, Product
from desktop_app.core.domain.types import utcnow

AUDITED: dict[type, str] = {
    Company: "company",
    Product: "product",
    Buyer: "buyer",
    DemandLine: "demand_line",
}
# Bookkeeping columns whose changes are not worth a line in the audit.
IGNORED_COLUMNS = frozenset({"created_at", "updated_at", "version", "matched_at"})
SYSTEM_ACTOR = "system"


def set_actor(session: Session, actor: str | None) -> None:
    """Name the person whose changes this session records."""
    session.info["actor"] = actor or SYSTEM_ACTOR


def session_actor(session: Session) -> str:
    """Who this session's changes are recorded as (:data:`SYSTEM_ACTOR` when nobody said)."""
    return str(session.info.get("actor") or SYSTEM_ACTOR)


def last_audit_event(session: Session, entity_type: str, entity_id: int) -> AuditEvent | None:
    """The newest audit row of one record: who changed it last, when, which fields."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


def json_value(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _changes(obj: Any, action: AuditAction) -> dict[str, Any]:
    state = inspect(obj)
    result: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in IGNORED_COLUMNS:
            continue
        history = state.attrs[key].history
        if action is AuditAction.CREATE:
            value = getattr(obj, key)
            if value is not None and key != "id":
                result[key] = [None, json_value(value)]
        elif action is AuditAction.DELETE:
            value = getattr(obj, key)
            if value is not None and key != "id":
                result[key] = [json_value(value), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                result[key] = [json_value(old), json_value(new)]
    return result


def record_audit(session: Session, flush_context: UOWTransaction) -> None:
    """``after_flush`` listener: one audit row per audited record the flush wrote."""
    actor = session_actor(session)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for objects, action in (
        (session.new, AuditAction.CREATE),
        (session.dirty, AuditAction.UPDATE),
        (session.deleted, AuditAction.DELETE),
    ):
        for obj in objects:
            entity = AUDITED.get(type(obj))
            if entity is None:
                continue
            changes = _changes(obj, action)
            if action is AuditAction.UPDATE and not changes:
                continue
            rows.append(
                {
                    "entity_type": entity,
                    "entity_id": obj.id,
                    "action": action,
                    "actor": actor,
                    "at": now,
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)
