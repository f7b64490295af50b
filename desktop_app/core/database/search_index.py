"""A full-text search index over companies, products and demand lines, on both backends.

The app keeps one row per record in ``search_entries(kind, record_id, text)``. The text
is normalised in Python (NFKC, case folding, ``ё`` -> ``е``, punctuation to spaces, each
Chinese character a word of its own), so SQLite and PostgreSQL see the same words:

* SQLite: a contentless FTS5 table ``search_fts`` (``unicode61``) kept in step with
  ``search_entries`` by triggers; a query is ``"word"*`` per word and a phrase
  ``"葵 花 籽 油"`` per run of Chinese characters. Its rowid is the record itself: the
  kind's base (:data:`FTS_KIND_BASE`) plus the record's id, so a search reads record ids
  straight from the index, one kind's in a range of rowids and in id order, without
  looking up a hundred thousand entries for a common word (revision 0007).
* PostgreSQL: a stored generated column ``search_tsv`` (``to_tsvector('simple', text)``,
  revision 0008) with a GIN index; the same query becomes
  ``word:* & 葵 <-> 花 <-> 籽 <-> 油``. Stored, the vector is computed once when an entry
  is written instead of for every entry a search's plan meets.

Rows change through the ORM, so a session listener (:func:`index_flushed`, installed on
the application's session factory by
:func:`desktop_app.core.database.listeners.install_session_listeners`) re-indexes every
touched record in the same transaction. Code that inserts with Core bulk statements (the
importer) calls :func:`reindex` itself for the ids it wrote, or writes the entries with
:func:`write_entries`.

Entries are written many rows to a statement: on SQLite every statement that reaches the
FTS5 table (through the ``search_entries`` triggers) ends with FTS5 flushing its pending
terms into a new segment, so one statement per row (``executemany``) spent about 40 µs a
row flushing and merging segments; 300 rows a statement take a fifth of that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    column,
    delete,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.expression import TableClause

from desktop_app.core.database.drivers import driver_placeholder
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product, SearchEntry
from desktop_app.core.text import fold

COMPANY = "company"
PRODUCT = "product"
DEMAND = "demand"
KINDS = (COMPANY, PRODUCT, DEMAND)
BATCH = 5_000
# The SQLite index's rowid of a record: its kind's base plus its id (revision 0007).
FTS_KIND_SHIFT = 40
FTS_KIND_BASE = {
    COMPANY: 1 << FTS_KIND_SHIFT,
    PRODUCT: 2 << FTS_KIND_SHIFT,
    DEMAND: 3 << FTS_KIND_SHIFT,
}
# 900 bound values a statement: within SQLite's smallest limit (999, before 3.32).
ENTRY_ROWS_PER_STATEMENT = 300

_CJK_CHAR = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef])")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_search_text(value: str) -> str:
    """Text as the index stores it: folded, words separated by single spaces."""
    folded = fold(value)
    spaced = _CJK_CHAR.sub(r" \1 ", folded)
    return " ".join(_NOT_WORD.sub(" ", spaced).split())


def query_terms(query: str) -> list[tuple[str, ...]]:
    """The query as terms: a one-word tuple per word, a tuple of characters per CJK run."""
    folded = fold(query)
    terms: list[tuple[str, ...]] = []
    position = 0
    for run in _CJK_RUN.finditer(folded):
        terms.extend((word,) for word in _NOT_WORD.sub(" ", folded[position : run.start()]).split())
        terms.append(tuple(run.group()))
        position = run.end()
    terms.extend((word,) for word in _NOT_WORD.sub(" ", folded[position:]).split())
    return terms


def fts5_query(terms: Sequence[tuple[str, ...]]) -> str:
    """An FTS5 MATCH expression: every word as a prefix, every CJK run as a phrase."""
    parts = []
    for term in terms:
        if len(term) == 1 and not _CJK_CHAR.fullmatch(term[0]):
            parts.append(f'"{term[0]}"*')
        else:
            parts.append('"' + " ".join(term) + '"')
    return " ".join(parts)


def tsquery(terms: Sequence[tuple[str, ...]]) -> str:
    """A PostgreSQL ``to_tsquery('simple', ...)`` text with the same meaning."""
    parts = []
    for term in terms:
        if len(term) == 1 and not _CJK_CHAR.fullmatch(term[0]):
            parts.append(f"{term[0]}:*")
        else:
            parts.append("(" + " <-> ".join(term) + ")")
    return " & ".join(parts)


def matching_ids(session: Session, kind: str, query: str) -> Select[Any] | None:
    """A SELECT of the record ids of ``kind`` whose text matches every term of ``query``.

    ``None`` when the query has no words (nothing to filter by).
    """
    terms = query_terms(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "sqlite":
        # The kind's range of rowids, read in the index alone (see FTS_KIND_BASE).
        base = FTS_KIND_BASE[kind]
        found = text(
            f"search_fts MATCH :fts_query AND search_fts.rowid > {base} "
            f"AND search_fts.rowid < {base + (1 << FTS_KIND_SHIFT)}"
        ).bindparams(fts_query=fts5_query(terms))
        return (
            select(literal_column(f"search_fts.rowid - {base}"))
            .select_from(text("search_fts"))
            .where(found)
        )
    # The stored vector (revision 0008): no entry's text is parsed again at search time.
    condition = text("search_entries.search_tsv @@ to_tsquery('simple', :ts_query)").bindparams(
        ts_query=tsquery(terms)
    )
    return select(SearchEntry.record_id).where(SearchEntry.kind == kind, condition)


@dataclass(frozen=True)
class IndexedSearch:
    """A SQLite search as a table to join: the records of one kind in id order.

    Joined on ``record_id`` and ordered by ``rowid``, the index hands its hits over in
    the order of the records' ids as it finds them, so a listing by id with a LIMIT stops
    after its first page instead of gathering every hit first.
    """

    index: TableClause
    condition: ColumnElement[bool]
    record_id: ColumnElement[Any]
    rowid: ColumnElement[Any]


def indexed_search(session: Session, kind: str, query: str) -> IndexedSearch | None:
    """The SQLite index's hits of ``kind`` for ``query``; ``None`` on PostgreSQL or no words."""
    terms = query_terms(query)
    if not terms or session.get_bind().dialect.name != "sqlite":
        return None
    base = FTS_KIND_BASE[kind]
    index = table("search_fts", column("rowid", Integer))
    condition = and_(
        text("search_fts MATCH :fts_query").bindparams(fts_query=fts5_query(terms)),
        index.c.rowid > base,
        index.c.rowid < base + (1 << FTS_KIND_SHIFT),
    )
    return IndexedSearch(index, condition, index.c.rowid - base, index.c.rowid)


def _texts(connection: Connection, kind: str, ids: Sequence[int]) -> list[tuple[int, str]]:
    if kind == COMPANY:
        columns: tuple[Any, ...] = (
            Company.name_ru,
            Company.name_en,
            Company.name_zh,
            Company.inn,
            Company.ogrn,
            Company.region,
            Company.contact_person,
            Company.email,
        )
        stmt = select(Company.id, *columns).where(Company.id.in_(ids))
    elif kind == PRODUCT:
        columns = (
            Product.name_ru,
            Product.name_en,
            Product.name_zh,
            Product.ref,
            Product.hs_code,
            Company.name_ru,
            Company.name_en,
            Company.name_zh,
        )
        stmt = (
            select(Product.id, *columns)
            .join(Company, Company.id == Product.company_id)
            .where(Product.id.in_(ids))
        )
    elif kind == DEMAND:
        columns = (
            DemandLine.product_text,
            DemandLine.ref,
            DemandLine.hs_code,
            Buyer.name_zh,
            Buyer.name_en,
            Buyer.province,
            Buyer.city,
        )
        stmt = (
            select(DemandLine.id, *columns)
            .outerjoin(Buyer, Buyer.id == DemandLine.buyer_id)
            .where(DemandLine.id.in_(ids))
        )
    else:
        raise ValueError(f"unknown search kind {kind!r}")
    return [
        (row[0], normalize_search_text(" ".join(str(value) for value in row[1:] if value)))
        for row in connection.execute(stmt)
    ]


def write_entries(connection: Connection, entries: Sequence[tuple[str, int, str]]) -> None:
    """Insert ``(kind, record_id, text)`` entries, :data:`ENTRY_ROWS_PER_STATEMENT` a statement.

    The caller removes the records' old entries first (the pair is unique). ``text`` must
    already be normalized (:func:`normalize_search_text`).
    """
    if not entries:
        return
    dialect = connection.dialect
    placeholder = driver_placeholder(dialect)
    quote = dialect.identifier_preparer.quote
    head = "INSERT INTO {table} ({kind}, {record_id}, {text}) VALUES ".format(
        table=quote(SearchEntry.__tablename__),
        kind=quote("kind"),
        record_id=quote("record_id"),
        text=quote("text"),
    )
    row = f"({placeholder}, {placeholder}, {placeholder})"
    statements: dict[int, str] = {}
    for start in range(0, len(entries), ENTRY_ROWS_PER_STATEMENT):
        part = entries[start : start + ENTRY_ROWS_PER_STATEMENT]
        statement = statements.get(len(part))
        if statement is None:
            statement = statements[len(part)] = head + ", ".join([row] * len(part))
        connection.exec_driver_sql(statement, tuple(value for entry in part for value in entry))


def _reindex_on(connection: Connection, kind: str, ids: Iterable[int]) -> int:
    wanted = sorted(set(ids))
    written = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        connection.execute(
            delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id.in_(chunk))
        )
        rows = [(kind, record_id, value) for record_id, value in _texts(connection, kind, chunk)]
        write_entries(connection, rows)
        written += len(rows)
    return written


def reindex(session: Session, kind: str, ids: Iterable[int]) -> int:
    """Re-index the records of ``kind`` with ``ids`` (deleted ones drop out); returns rows.

    Call it after inserting or updating rows with Core bulk statements, which the ORM
    listener does not see. ``kind`` is ``company``, ``product`` or ``demand``.
    """
    return _reindex_on(session.connection(), kind, ids)


def rebuild(connection: Connection) -> int:
    """Index every company, product and demand line again (after a restore or a repair)."""
    total = 0
    for kind, id_column in ((COMPANY, Company.id), (PRODUCT, Product.id), (DEMAND, DemandLine.id)):
        ids = list(connection.scalars(select(id_column)))
        total += _reindex_on(connection, kind, ids)
    return total


_KIND_OF: dict[type, str] = {Company: COMPANY, Product: PRODUCT, DemandLine: DEMAND}


def index_flushed(session: Session, flush_context: UOWTransaction) -> None:
    """``after_flush`` listener: re-index every record the flush touched, and dependants."""
    touched: dict[str, set[int]] = {kind: set() for kind in KINDS}
    companies: set[int] = set()
    buyers: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = _KIND_OF.get(type(obj))
        if kind is not None and obj.id is not None:
            touched[kind].add(obj.id)
        if isinstance(obj, Company) and obj.id is not None and obj not in session.new:
            companies.add(obj.id)
        elif isinstance(obj, Buyer) and obj.id is not None and obj not in session.new:
            buyers.add(obj.id)
    connection = session.connection()
    # A product's text holds its company's names and a demand line's its buyer's.
    if companies:
        touched[PRODUCT].update(
            connection.scalars(select(Product.id).where(Product.company_id.in_(companies)))
        )
    if buyers:
        touched[DEMAND].update(
            connection.scalars(select(DemandLine.id).where(DemandLine.buyer_id.in_(buyers)))
        )
    for kind, ids in touched.items():
        if ids:
            _reindex_on(connection, kind, ids)
