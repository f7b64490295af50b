"""Closed sets of values stored in the database."""

from __future__ import annotations

from enum import StrEnum


class ProductStatus(StrEnum):
    """Where a product is in its life: only active products are matched and exported."""

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class NameOrigin(StrEnum):
    """Where a product's Chinese or English name came from."""

    ENTERED = "entered"
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"


class DemandStatus(StrEnum):
    """Whether a buyer's request is still looking for suppliers."""

    OPEN = "open"
    CLOSED = "closed"


class Verdict(StrEnum):
    """The matcher's opinion of one candidate (Picard-style: a reason, not only a number)."""

    SUGGESTED = "suggested"
    AMBIGUOUS = "ambiguous"
    BELOW_FLOOR = "below_floor"


class MatchStatus(StrEnum):
    """The reviewer's decision on one candidate."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ImportKind(StrEnum):
    """What an imported file holds."""

    PRODUCTS = "products"
    DEMAND = "demand"


class BatchStatus(StrEnum):
    """Outcome of an import or export run."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Language(StrEnum):
    """Languages of product names and requests."""

    RU = "ru"
    EN = "en"
    ZH = "zh"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class AuditAction(StrEnum):
    """What happened to an audited record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class PoolStatus(StrEnum):
    """Where a stored pooled offer stands: in force, taken back, or replaced by a newer one."""

    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class PoolRanking(StrEnum):
    """What the pooled allocation fills first: the cheapest offers or the best matches."""

    PRICE = "price"
    SCORE = "score"


class MatchSource(StrEnum):
    """Who put a candidate on a line: the matcher, or a person linking a product by hand."""

    MATCHER = "matcher"
    MANUAL = "manual"


class LineOutcome(StrEnum):
    """Why a demand line left the queue: nobody offers it, or it was closed."""

    NO_SUPPLIER = "no_supplier"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
