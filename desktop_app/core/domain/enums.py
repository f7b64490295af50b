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
