"""What a bulk import owes the rest of the app: search entries and an audit line.

New products and demand lines are written with driver ``executemany`` statements that
the ORM never sees, so neither the search-index listener nor the audit listener hears of
them. After the last chunk the importer indexes every record of its batch (updated ones
too: indexing is idempotent) and writes one audit event for the batch, naming who
imported which file and what came of it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import AuditAction, ImportKind
from desktop_app.core.domain.models import AuditEvent, DemandLine, ImportBatch, Product
from desktop_app.core.domain.types import utcnow
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter
from desktop_app.core.services.audit import SYSTEM_ACTOR
from desktop_app.core.services.search_index import DEMAND, PRODUCT, reindex

INDEX_CHUNK = 5_000
BATCH_ENTITY = "import_batch"


def index_batch(
    session: Session,
    kind: ImportKind,
    batch_id: int,
    progress: ProgressReporter = NULL_PROGRESS,
) -> int:
    """Write the search entries of every product or demand line of ``batch_id``.

    Returns the number of entries written; checks for Cancel between chunks.
    """
    model: Any = Product if kind is ImportKind.PRODUCTS else DemandLine
    search_kind = PRODUCT if kind is ImportKind.PRODUCTS else DEMAND
    # Changes still held by the ORM (updated rows, filled-in parties) must be visible.
    session.flush()
    query = select(model.id).where(model.import_batch_id == batch_id).order_by(model.id)
    ids = list(session.scalars(query))
    written = 0
    for start in range(0, len(ids), INDEX_CHUNK):
        progress.check_cancelled()
        written += reindex(session, search_kind, ids[start : start + INDEX_CHUNK])
    return written


def audit_batch(session: Session, batch: ImportBatch, actor: str | None) -> None:
    """Record one audit event for ``batch``: who imported which file, with its counts."""
    changes: dict[str, list[Any]] = {
        "kind": [None, batch.kind.value],
        "file_name": [None, batch.file_name],
        "sheet": [None, batch.sheet],
        "imported": [None, batch.imported],
        "updated": [None, batch.updated],
        "unchanged": [None, batch.unchanged],
        "rejected": [None, batch.rejected],
    }
    session.execute(
        insert(AuditEvent).values(
            entity_type=BATCH_ENTITY,
            entity_id=batch.id,
            action=AuditAction.CREATE,
            actor=(actor or session.info.get("actor") or SYSTEM_ACTOR)[:120],
            at=utcnow(),
            changes=changes,
        )
    )
