"""SQLAlchemy ORM models of ExportMatch.

One naming convention for every constraint (so migrations are stable on SQLite and
PostgreSQL), typed ``Mapped[...]`` columns, and a ``version`` column on the records people
edit concurrently: SQLAlchemy raises ``StaleDataError`` when a second writer works from an
old copy, which the services turn into a :class:`~desktop_app.core.errors.ConflictError`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop_app.core.domain.enums import (
    AuditAction,
    BatchStatus,
    DemandStatus,
    ImportKind,
    Language,
    LineOutcome,
    MatchSource,
    MatchStatus,
    PoolRanking,
    PoolStatus,
    ProductStatus,
    Verdict,
)
from desktop_app.core.domain.types import UTCDateTime, str_enum, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MONEY = Numeric(16, 2)
QUANTITY = Numeric(18, 3)


class Base(DeclarativeBase):
    """Base of every ExportMatch table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Timestamped:
    """Creation and last-change times, set by the ORM."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Provenance:
    """Where an imported record came from: the batch, file, sheet and row."""

    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    source_file: Mapped[str | None] = mapped_column(String(260))
    source_sheet: Mapped[str | None] = mapped_column(String(120))
    source_row: Mapped[int | None] = mapped_column(Integer)
    # A hash of the imported row's values: a re-import of the same row is recognised.
    # Indexed per table: unique where it is an imported record's identity.
    fingerprint: Mapped[str | None] = mapped_column(String(64))


class Company(Timestamped, Provenance, Base):
    """An exporter: a Russian company offering products.

    Identity as the importer links rows: the INN, else the normalised name, so at most
    one company without an INN has a given name.
    """

    __tablename__ = "companies"
    __table_args__ = (
        Index("ix_companies_fingerprint", "fingerprint"),
        Index(
            "uq_companies_name_key_without_inn",
            "name_key",
            unique=True,
            sqlite_where=sql_text("inn IS NULL AND name_key <> ''"),
            postgresql_where=sql_text("inn IS NULL AND name_key <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_zh: Mapped[str | None] = mapped_column(String(300))
    # A normalised form of the name, for linking imported rows to existing companies.
    name_key: Mapped[str] = mapped_column(String(300), index=True, default="")
    inn: Mapped[str | None] = mapped_column(String(12), unique=True)
    ogrn: Mapped[str | None] = mapped_column(String(15))
    region: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)
    contact_person: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    gacc_registration: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    products: Mapped[list[Product]] = relationship(back_populates="company")

    __mapper_args__ = {"version_id_col": version}


class Product(Timestamped, Provenance, Base):
    """One good an exporter offers."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint(
            "name_ru IS NOT NULL OR name_en IS NOT NULL OR name_zh IS NOT NULL", name="has_name"
        ),
        CheckConstraint(
            "price_min IS NULL OR price_max IS NULL OR price_min <= price_max",
            name="price_range",
        ),
        # Identity of an imported product: its reference per company, else its row's
        # fingerprint. Reference first: the importer looks rows up by reference.
        Index("uq_products_ref_company", "ref", "company_id", unique=True),
        Index("uq_products_fingerprint", "fingerprint", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    # The exporter's own reference for the product (article, SKU, or a file's key column).
    ref: Mapped[str | None] = mapped_column(String(100))
    name_ru: Mapped[str | None] = mapped_column(String(500))
    name_en: Mapped[str | None] = mapped_column(String(500))
    name_zh: Mapped[str | None] = mapped_column(String(500))
    # Where name_zh / name_en came from: NameOrigin (entered, accepted) or None.
    name_zh_origin: Mapped[str | None] = mapped_column(String(10))
    name_en_origin: Mapped[str | None] = mapped_column(String(10))
    # Names suggested from the glossary, not yet accepted by the exporter.
    suggested_name_zh: Mapped[str | None] = mapped_column(String(500))
    suggested_name_en: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String(10), index=True)
    unit: Mapped[str | None] = mapped_column(String(16))
    moq: Mapped[Decimal | None] = mapped_column(QUANTITY)
    capacity_monthly: Mapped[Decimal | None] = mapped_column(QUANTITY)
    price_min: Mapped[Decimal | None] = mapped_column(MONEY)
    price_max: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    # The unit the price is quoted per ("45元/公斤" -> kg) when it is not the product's unit.
    price_unit: Mapped[str | None] = mapped_column(String(16))
    incoterms: Mapped[str | None] = mapped_column(String(3))
    incoterms_place: Mapped[str | None] = mapped_column(String(120))
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    packaging: Mapped[str | None] = mapped_column(String(300))
    certificates: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProductStatus] = mapped_column(
        str_enum(ProductStatus), default=ProductStatus.ACTIVE, index=True
    )
    # When the matcher last scored this product; newer updated_at means "changed".
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company] = relationship(back_populates="products")

    __mapper_args__ = {"version_id_col": version}


class Buyer(Timestamped, Provenance, Base):
    """A Chinese partner who sends demand.

    Identity: the USCC, else the normalised name (one buyer without a USCC per name).
    """

    __tablename__ = "buyers"
    __table_args__ = (
        Index("ix_buyers_fingerprint", "fingerprint"),
        Index(
            "uq_buyers_name_key_without_uscc",
            "name_key",
            unique=True,
            sqlite_where=sql_text("uscc IS NULL AND name_key <> ''"),
            postgresql_where=sql_text("uscc IS NULL AND name_key <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True, default="")
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    province: Mapped[str | None] = mapped_column(String(60))
    city: Mapped[str | None] = mapped_column(String(60))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    demand_lines: Mapped[list[DemandLine]] = relationship(back_populates="buyer")

    __mapper_args__ = {"version_id_col": version}


class DemandLine(Timestamped, Provenance, Base):
    """One product a buyer asks for, as the buyer wrote it."""

    __tablename__ = "demand_lines"
    __table_args__ = (
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity_non_negative"),
        # Identity of an imported line: its reference per buyer (also without a buyer),
        # else its row's fingerprint.
        Index("uq_demand_lines_ref_buyer", "ref", "buyer_id", unique=True),
        Index(
            "uq_demand_lines_ref_without_buyer",
            "ref",
            unique=True,
            sqlite_where=sql_text("buyer_id IS NULL AND ref IS NOT NULL"),
            postgresql_where=sql_text("buyer_id IS NULL AND ref IS NOT NULL"),
        ),
        Index("uq_demand_lines_fingerprint", "fingerprint", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyers.id", ondelete="RESTRICT"), index=True
    )
    ref: Mapped[str | None] = mapped_column(String(100))
    product_text: Mapped[str] = mapped_column(Text)
    language: Mapped[Language] = mapped_column(str_enum(Language), default=Language.UNKNOWN)
    hs_code: Mapped[str | None] = mapped_column(String(10), index=True)
    quantity: Mapped[Decimal | None] = mapped_column(QUANTITY)
    unit: Mapped[str | None] = mapped_column(String(16))
    target_price: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    # The unit the target price is quoted per ("3200美元/吨" -> t).
    price_unit: Mapped[str | None] = mapped_column(String(16))
    incoterms: Mapped[str | None] = mapped_column(String(3))
    incoterms_place: Mapped[str | None] = mapped_column(String(120))
    deadline: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[DemandStatus] = mapped_column(
        str_enum(DemandStatus), default=DemandStatus.OPEN, index=True
    )
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Why the line left the queue (closed as fulfilled, withdrawn or expired, or marked
    # "no supplier"), with the officer's reason.
    outcome: Mapped[LineOutcome | None] = mapped_column(str_enum(LineOutcome))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    buyer: Mapped[Buyer | None] = relationship(back_populates="demand_lines")
    candidates: Mapped[list[MatchCandidate]] = relationship(
        back_populates="demand_line", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class MatchCandidate(Timestamped, Base):
    """A product the matcher suggests for a demand line, with its reasons and decision."""

    __tablename__ = "match_candidates"
    __table_args__ = (
        UniqueConstraint("demand_line_id", "product_id", name="uq_match_candidates_pair"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_line_id: Mapped[int] = mapped_column(
        ForeignKey("demand_lines.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[float] = mapped_column(Float, index=True)
    # Score parts by name (0..100 each) and the evidence behind them, as JSON.
    parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    verdict: Mapped[Verdict] = mapped_column(str_enum(Verdict), index=True)
    status: Mapped[MatchStatus] = mapped_column(
        str_enum(MatchStatus), default=MatchStatus.SUGGESTED, index=True
    )
    reviewer: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    # "manual" when a person linked the product by hand; the matcher keeps those. Only a
    # server default: a Python one would be sent by every insert, also into a database
    # restored at an older schema that has no such column yet.
    source: Mapped[MatchSource] = mapped_column(
        str_enum(MatchSource), server_default=MatchSource.MATCHER.value
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    demand_line: Mapped[DemandLine] = relationship(back_populates="candidates")
    product: Mapped[Product] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ReviewEvent(Base):
    """One decision on a candidate; rows are only ever added."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("match_candidates.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    from_status: Mapped[MatchStatus] = mapped_column(str_enum(MatchStatus, "from_status"))
    to_status: Mapped[MatchStatus] = mapped_column(str_enum(MatchStatus, "to_status"))
    note: Mapped[str | None] = mapped_column(Text)


class AuditEvent(Base):
    """One change of a company, product, buyer or demand line: who, when, what."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # {"field": [old, new], ...}
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImportBatch(Base):
    """One import of one file."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(str_enum(ImportKind))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    sheet: Mapped[str | None] = mapped_column(String(120))
    actor: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus), default=BatchStatus.RUNNING)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImportProfile(Timestamped, Base):
    """A saved column mapping, reused for files of the same layout."""

    __tablename__ = "import_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[ImportKind] = mapped_column(str_enum(ImportKind))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExportRun(Base):
    """One export of a catalogue or of matches."""

    __tablename__ = "export_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(120))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    file_path: Mapped[str] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus), default=BatchStatus.RUNNING)


class GlossaryTerm(Timestamped, Base):
    """A term users added to the glossary; the curated glossary ships in resources/."""

    __tablename__ = "glossary_terms"
    __table_args__ = (
        UniqueConstraint("concept", "language", "term", name="uq_glossary_terms_term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concept: Mapped[str] = mapped_column(String(120), index=True)
    language: Mapped[Language] = mapped_column(str_enum(Language))
    term: Mapped[str] = mapped_column(String(200))
    hs_headings: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str | None] = mapped_column(String(120))


class Setting(Base):
    """One application setting shared by everybody using this database."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SearchEntry(Base):
    """The searchable text of one company, product or demand line, kept by the app.

    ``text`` is normalised in Python (see ``core/database/search_index.py``); the full-text
    index over it (FTS5 on SQLite; on PostgreSQL the stored generated column ``search_tsv``
    with its GIN index, revision 0008) lives in the migrations only, because neither has a
    portable declaration. PostgreSQL computes ``search_tsv``: no writer names it.
    """

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("kind", "record_id", name="uq_search_entries_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")


class ExchangeRate(Base):
    """One exchange rate the office keeps: 1 ``base`` is ``rate`` ``quote`` on ``rate_date``."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("base", "quote", "rate_date", name="uq_exchange_rates_day"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    rate_date: Mapped[date] = mapped_column(Date, index=True)
    # Where the rate came from (a bank, a file), as typed or imported.
    source: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PooledOffer(Timestamped, Base):
    """Several suppliers' shares of one demand line, accepted together as one offer."""

    __tablename__ = "pooled_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_line_id: Mapped[int] = mapped_column(
        ForeignKey("demand_lines.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[PoolStatus] = mapped_column(
        str_enum(PoolStatus), default=PoolStatus.ACCEPTED, index=True
    )
    ranking: Mapped[PoolRanking] = mapped_column(str_enum(PoolRanking))
    # The line's quantity and unit when the pool was accepted; shares are in that unit.
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str | None] = mapped_column(String(16))
    covered: Mapped[Decimal] = mapped_column(QUANTITY)
    shortfall: Mapped[Decimal] = mapped_column(QUANTITY)
    # The buyer's currency; the combined range and total are in it, per the line's unit.
    currency: Mapped[str | None] = mapped_column(String(3))
    price_min: Mapped[Decimal | None] = mapped_column(MONEY)
    price_max: Mapped[Decimal | None] = mapped_column(MONEY)
    total_min: Mapped[Decimal | None] = mapped_column(MONEY)
    total_max: Mapped[Decimal | None] = mapped_column(MONEY)
    created_by: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    # The pool this one replaced on the same line (put back when this one is undone).
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("pooled_offers.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    shares: Mapped[list[PooledShare]] = relationship(
        back_populates="pool", cascade="all, delete-orphan", order_by="PooledShare.position"
    )

    __mapper_args__ = {"version_id_col": version}


class PooledShare(Base):
    """One supplier's share of a pooled offer, with its terms as they were accepted."""

    __tablename__ = "pooled_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(
        ForeignKey("pooled_offers.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    # In the pool's (the line's) unit.
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    # The offer's own terms: its unit, price range per that unit and currency, Incoterms.
    offer_unit: Mapped[str | None] = mapped_column(String(16))
    price_min: Mapped[Decimal | None] = mapped_column(MONEY)
    price_max: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    # The same range per the line's unit in the buyer's currency, when it converts.
    buyer_price_min: Mapped[Decimal | None] = mapped_column(MONEY)
    buyer_price_max: Mapped[Decimal | None] = mapped_column(MONEY)
    incoterms: Mapped[str | None] = mapped_column(String(3))
    incoterms_place: Mapped[str | None] = mapped_column(String(120))

    pool: Mapped[PooledOffer] = relationship(back_populates="shares")
    product: Mapped[Product] = relationship()
