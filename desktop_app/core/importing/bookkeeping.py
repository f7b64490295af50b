"""What a bulk import owes the rest of the app: search entries and an audit line.

New products and demand lines are written with driver ``executemany`` statements that
the ORM never sees, so neither the search-index listener nor the audit listener hears of
them. After the last chunk the importer indexes every record of its batch (updated ones
too: indexing is idempotent) with the normalization of ``database.search_index``, and
writes one audit event for the batch, naming who imported which file and what came of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from desktop_app.core.database.audit import session_actor
from desktop_app.core.database.search_index import (
    DEMAND,
    PRODUCT,
    normalize_search_text,
    write_entries,
)
from desktop_app.core.domain.enums import AuditAction, ImportKind
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    ImportBatch,
    Product,
    SearchEntry,
)
from desktop_app.core.domain.types import utcnow
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

INDEX_CHUNK = 5_000
BATCH_ENTITY = "import_batch"


@dataclass(frozen=True)
class _IndexedText:
    """Which columns make the searchable text of a record and of its party.

    The same columns, in the same order, as ``search_index._texts``; the test
    ``test_import_entries_equal_a_full_reindex`` compares the two.
    """

    search_kind: str
    model: Any
    party_column: Any
    own: tuple[Any, ...]
    party_model: Any
    party: tuple[Any, ...]
    needs_party: bool  # an inner join there: a record without its party has no entry


_TEXTS = {
    ImportKind.DEMAND: _IndexedText(
        DEMAND,
        DemandLine,
        DemandLine.buyer_id,
        (DemandLine.product_text, DemandLine.ref, DemandLine.hs_code),
        Buyer,
        (Buyer.name_zh, Buyer.name_en, Buyer.province, Buyer.city),
        False,
    ),
    ImportKind.PRODUCTS: _IndexedText(
        PRODUCT,
        Product,
        Product.company_id,
        (Product.name_ru, Product.name_en, Product.name_zh, Product.ref, Product.hs_code),
        Company,
        (Company.name_ru, Company.name_en, Company.name_zh),
        True,
    ),
}


@lru_cache(maxsize=16384)
def _normalized_text(text: str) -> str:
    return normalize_search_text(text)


def normalized_part(text: str) -> str:
    """One value as the index stores it; plain ASCII codes skip the Unicode work.

    Normalizing the values one by one and joining them with spaces gives the same text as
    normalizing them joined: a space separates words in every step of the normalization.
    """
    if text.isascii() and text.isalnum():
        return text.lower()
    return _normalized_text(text)


def own_search_text(kind: ImportKind, columns: dict[str, Any]) -> str | None:
    """A record's own part of its search text, from the columns it is stored with.

    What :func:`index_batch` computes from the stored record, computed before it is
    stored (by the process that checks the rows, while this one stores). ``None`` when a
    column is missing or holds something other than text: then the stored value decides.
    """
    words: list[str] = []
    for column in _TEXTS[kind].own:
        value = columns.get(column.key, columns)
        if value is columns or (value and not isinstance(value, str)):
            return None
        if value:
            words.append(normalized_part(value))
    return " ".join(filter(None, words))


def index_batch(
    session: Session,
    kind: ImportKind,
    batch_id: int,
    progress: ProgressReporter = NULL_PROGRESS,
    own_texts: dict[int, str] | None = None,
) -> int:
    """Write the search entries of every product or demand line of ``batch_id``.

    Returns the number of entries written; checks for Cancel between chunks. The text of
    each value and each party is normalized once, however many rows repeat it.
    ``own_texts`` maps a source row to its record's own text (:func:`own_search_text`)
    where the importer computed it already; the others are computed here.
    """
    spec = _TEXTS[kind]
    # Changes still held by the ORM (updated rows, filled-in parties) must be visible.
    session.flush()
    connection = session.connection()
    query = (
        select(spec.model.id, spec.party_column, spec.model.source_row, *spec.own)
        .where(spec.model.import_batch_id == batch_id)
        .order_by(spec.model.id)
    )
    records = connection.execute(query).all()  # fetched at once, not a row a call
    # Old entries of the batch's records (rows this import updated) go in one statement;
    # a list of 5,000 ids a chunk cost more to compile than to run.
    batch_ids = select(spec.model.id).where(spec.model.import_batch_id == batch_id)
    connection.execute(
        delete(SearchEntry).where(
            SearchEntry.kind == spec.search_kind, SearchEntry.record_id.in_(batch_ids)
        )
    )
    parties: dict[int | None, str | None] = {None: None if spec.needs_party else ""}
    written = 0
    for start in range(0, len(records), INDEX_CHUNK):
        progress.check_cancelled()
        chunk = records[start : start + INDEX_CHUNK]
        _load_parties(connection, spec, {row[1] for row in chunk} - parties.keys(), parties)
        entries: list[tuple[str, int, str]] = []
        texts = own_texts or {}
        for record_id, party_id, source_row, *values in chunk:
            party_text = parties.get(party_id)
            if party_text is None:
                continue
            own = texts.get(source_row)
            if own is None:
                words = [normalized_part(str(value)) for value in values if value]
                words.append(party_text)
                text = " ".join(filter(None, words))
            else:  # the same text: the non-empty of the two, joined by a space
                text = f"{own} {party_text}" if own and party_text else own or party_text
            entries.append((spec.search_kind, record_id, text))
        write_entries(connection, entries)
        written += len(entries)
    return written


def _load_parties(
    connection: Connection,
    spec: _IndexedText,
    wanted: set[int | None],
    parties: dict[int | None, str | None],
) -> None:
    ids = [party_id for party_id in wanted if party_id is not None]
    if not ids:
        return
    query = select(spec.party_model.id, *spec.party).where(spec.party_model.id.in_(ids))
    for party_id, *values in connection.execute(query):
        parties[party_id] = normalize_search_text(" ".join(str(v) for v in values if v))
    for party_id in ids:
        # A vanished party: an inner join would drop the record, an outer one keep it bare.
        parties.setdefault(party_id, None if spec.needs_party else "")


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
            actor=(actor or session_actor(session))[:120],
            at=utcnow(),
            changes=changes,
        )
    )
