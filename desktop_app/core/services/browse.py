"""Tables for browsing: ids sorted by SQL, rows loaded by id when they are shown.

After Anki's browser: the GUI asks for the sorted, filtered list of ids (cheap, even for a
million rows) and then for the few rows on screen. Each :class:`TableSpec` declares the
columns of one screen once: the title, the SQL expression to show and sort by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.database.search_index import (
    COMPANY,
    DEMAND,
    PRODUCT,
    indexed_search,
    matching_ids,
)
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.domain.models import Buyer, Company, DemandLine, MatchCandidate, Product
from desktop_app.core.errors import Cancelled
from desktop_app.core.i18n import tr
from desktop_app.core.progress import CancelToken

# Ids read from the cursor at a time, between two looks at the cancel token.
ID_CHUNK = 50_000


@dataclass(frozen=True)
class Column:
    """One column of a browsing table."""

    key: str
    title: str
    expression: Any
    width: int = 120


@dataclass(frozen=True)
class TableSpec:
    """What one browsing screen lists and how it joins its tables."""

    name: str
    id_column: Any
    base: Select[Any]
    columns: tuple[Column, ...]
    # (search index kind, the column holding that kind's id): a row matches a search when
    # any of them does.
    search_kinds: tuple[tuple[str, Any], ...]
    # The record's version, loaded after the shown columns: an archive or restore from
    # the table carries the version the person saw (None: the rows are not edited here).
    version_column: Any = None

    def column(self, key: str) -> Column:
        """The column called ``key``."""
        return next(column for column in self.columns if column.key == key)


def _company_spec() -> TableSpec:
    columns = (
        Column("name_ru", tr("Company"), Company.name_ru, 260),
        Column("name_en", tr("Name (EN)"), Company.name_en, 200),
        Column("inn", tr("INN"), Company.inn, 110),
        Column("region", tr("Region"), Company.region, 160),
        Column("contact", tr("Contact"), Company.contact_person, 150),
        Column("email", tr("E-mail"), Company.email, 180),
        Column("gacc", tr("GACC"), Company.gacc_registration, 120),
        Column("archived", tr("Archived"), Company.archived, 70),
    )
    return TableSpec(
        "companies",
        Company.id,
        select(Company.id),
        columns,
        ((COMPANY, Company.id),),
        Company.version,
    )


def _product_spec() -> TableSpec:
    columns = (
        Column("name_ru", tr("Product (RU)"), Product.name_ru, 260),
        Column("name_en", tr("Product (EN)"), Product.name_en, 220),
        Column("name_zh", tr("Product (ZH)"), Product.name_zh, 160),
        Column("hs_code", tr("HS code"), Product.hs_code, 90),
        Column("company", tr("Company"), Company.name_ru, 200),
        Column("price", tr("Price from"), Product.price_min, 80),
        Column("currency", tr("Currency"), Product.currency, 60),
        Column("incoterms", tr("Incoterms"), Product.incoterms, 60),
        Column("status", tr("Status"), Product.status, 70),
    )
    return TableSpec(
        "products",
        Product.id,
        select(Product.id).join(Company, Company.id == Product.company_id),
        columns,
        ((PRODUCT, Product.id),),
        Product.version,
    )


def _demand_spec() -> TableSpec:
    columns = (
        Column("product_text", tr("Wanted product"), DemandLine.product_text, 260),
        Column("buyer", tr("Buyer"), Buyer.name_zh, 220),
        Column("province", tr("Province"), Buyer.province, 80),
        Column("hs_code", tr("HS code"), DemandLine.hs_code, 80),
        Column("quantity", tr("Quantity"), DemandLine.quantity, 80),
        Column("unit", tr("Unit"), DemandLine.unit, 50),
        Column("deadline", tr("Deadline"), DemandLine.deadline, 90),
        Column("status", tr("Status"), DemandLine.status, 70),
    )
    return TableSpec(
        "demand",
        DemandLine.id,
        select(DemandLine.id).outerjoin(Buyer, Buyer.id == DemandLine.buyer_id),
        columns,
        ((DEMAND, DemandLine.id),),
    )


def _match_spec() -> TableSpec:
    columns = (
        Column("demand", tr("Wanted product"), DemandLine.product_text, 220),
        Column(
            "product",
            tr("Product"),
            func.coalesce(Product.name_ru, Product.name_en, Product.name_zh),
            240,
        ),
        Column("company", tr("Supplier"), Company.name_ru, 180),
        Column("score", tr("Score"), MatchCandidate.score, 60),
        Column("verdict", tr("Verdict"), MatchCandidate.verdict, 90),
        Column("status", tr("Status"), MatchCandidate.status, 80),
        Column("reviewer", tr("Reviewer"), MatchCandidate.reviewer, 100),
    )
    return TableSpec(
        "matches",
        MatchCandidate.id,
        select(MatchCandidate.id)
        .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
        .join(Product, Product.id == MatchCandidate.product_id)
        .join(Company, Company.id == Product.company_id)
        # The buyer, for Review's filters (buyer's province) on the Matches screen.
        .outerjoin(Buyer, Buyer.id == DemandLine.buyer_id),
        columns,
        ((DEMAND, MatchCandidate.demand_line_id), (PRODUCT, MatchCandidate.product_id)),
    )


SPECS = {
    "companies": _company_spec,
    "products": _product_spec,
    "demand": _demand_spec,
    "matches": _match_spec,
}


def table_spec(name: str) -> TableSpec:
    """The browsing table called ``name`` (companies, products, demand, matches)."""
    return SPECS[name]()


def hide_archived(spec: TableSpec) -> list[ColumnElement[bool]]:
    """Conditions that leave archived companies or products out of ``spec``'s rows."""
    if spec.name == "companies":
        return [Company.archived.is_(False)]
    if spec.name == "products":
        return [Product.status != ProductStatus.ARCHIVED]
    return []


def listing(
    session: Session,
    spec: TableSpec,
    search: str = "",
    sort_key: str | None = None,
    descending: bool = False,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Select[Any]:
    """The SELECT of the ids to show, filtered by ``search`` and ``conditions``, sorted.

    ``search`` goes through the full-text index: every word matches as a prefix, a run of
    Chinese characters as a phrase, case and ``ё`` ignored. Ties of the sort key are
    broken by the id, so every reading of the listing puts the rows in one order.
    """
    stmt = spec.base.where(*conditions)
    if sort_key is None and len(spec.search_kinds) == 1:
        kind, id_column = spec.search_kinds[0]
        hits = indexed_search(session, kind, search) if id_column is spec.id_column else None
        if hits is not None:
            # SQLite, in id order: the index's hits joined in their order (see IndexedSearch).
            joined = stmt.join(hits.index, id_column == hits.record_id)
            return joined.where(hits.condition).order_by(hits.rowid)
    matches = [
        column.in_(found)
        for kind, column in spec.search_kinds
        if (found := matching_ids(session, kind, search)) is not None
    ]
    if matches:
        stmt = stmt.where(or_(*matches))
    if sort_key:
        expression = spec.column(sort_key).expression
        stmt = stmt.order_by(expression.desc() if descending else expression.asc(), spec.id_column)
    else:
        stmt = stmt.order_by(spec.id_column)
    return stmt


def list_ids(
    session: Session,
    spec: TableSpec,
    search: str = "",
    sort_key: str | None = None,
    descending: bool = False,
    conditions: Sequence[ColumnElement[bool]] = (),
    cancel: CancelToken | None = None,
) -> list[int]:
    """Ids of every row to show, in order (see :func:`listing`).

    ``cancel`` stops the reading between chunks (:class:`Cancelled`): a screen asks for
    a newer listing while a million ids of the older one are still being read.
    """
    stmt = listing(session, spec, search, sort_key, descending, conditions)
    return fetch_ids(session, stmt, cancel)


@dataclass(frozen=True)
class FirstRows:
    """The first rows of a listing, read with a LIMIT: what a screen shows at once."""

    ids: list[int]
    # Display values by id, as :func:`load_rows` gives them.
    rows: dict[int, tuple[Any, ...]]
    # True when these are all the rows there are: no count is left to wait for.
    complete: bool


def first_rows(
    session: Session,
    spec: TableSpec,
    search: str = "",
    sort_key: str | None = None,
    descending: bool = False,
    conditions: Sequence[ColumnElement[bool]] = (),
    limit: int = 200,
) -> FirstRows:
    """The first ``limit`` rows of the listing, ids and values in one statement.

    A screen shows them at once and lists every id afterwards (:func:`list_ids`): on a
    million rows the first page is a LIMIT the database stops early on, while the whole
    listing reads every row.
    """
    stmt = listing(session, spec, search, sort_key, descending, conditions)
    stmt = stmt.with_only_columns(spec.id_column, *_shown(spec)).limit(limit + 1)
    fetched = session.execute(stmt).all()
    complete = len(fetched) <= limit
    rows = fetched[:limit]
    return FirstRows([row[0] for row in rows], {row[0]: tuple(row[1:]) for row in rows}, complete)


def fetch_ids(session: Session, stmt: Select[Any], cancel: CancelToken | None = None) -> list[int]:
    """The first column of ``stmt`` as a list, read straight from the driver's cursor.

    A million ids through SQLAlchemy's result rows cost a few hundred milliseconds more
    than the query itself; the DBAPI cursor hands them over as plain tuples, a chunk at a
    time, with ``cancel`` checked before each.
    """
    connection = session.connection()
    # Expanding IN parameters (a filter's list of statuses) rendered as plain ones.
    compiled = stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    if compiled.positiontup is not None:
        params: Any = [compiled.params[name] for name in compiled.positiontup]
    else:
        params = compiled.params
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    ids: list[int] = []
    try:
        _check(cancel)
        cursor.execute(str(compiled), params)
        while chunk := cursor.fetchmany(ID_CHUNK):
            ids.extend([row[0] for row in chunk])
            _check(cancel)
        return ids
    finally:
        cursor.close()


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.cancelled:
        raise Cancelled()


def load_rows(session: Session, spec: TableSpec, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Display values of the rows with ``ids``, by id (then the version, when the spec has one)."""
    if not ids:
        return {}
    stmt = spec.base.with_only_columns(spec.id_column, *_shown(spec)).where(
        spec.id_column.in_(list(ids))
    )
    return {row[0]: tuple(row[1:]) for row in session.execute(stmt)}


def _shown(spec: TableSpec) -> list[Any]:
    """The expressions a row of ``spec`` is read with: its columns, then its version."""
    expressions = [column.expression for column in spec.columns]
    if spec.version_column is not None:
        expressions.append(spec.version_column)
    return expressions
