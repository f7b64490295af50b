"""People's words for stored keys and choices: one mapping for forms, audit and history.

A record's column (``price_min``) and a stored choice (``suggested``, ``no_supplier``)
are keys for the program. Everything a person reads says them in the interface language
through this module: the forms take their field labels from :func:`field_label`, the
audit trail describes changes with it, and the UI's ``labels`` module gives the stored
choices their titles through :func:`choice_title`. The texts are looked up when asked
for (not when the module is imported), so a translator installed later applies.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from desktop_app.core.domain.enums import (
    AuditAction,
    DemandStatus,
    ImportKind,
    Language,
    LineOutcome,
    MatchSource,
    MatchStatus,
    PoolStatus,
    ProductStatus,
    Verdict,
)
from desktop_app.core.i18n import tr


def _fields() -> dict[str, str]:
    """Column keys shared by several kinds of record."""
    return {
        "name_ru": tr("Name (Russian)", context="fields"),
        "name_en": tr("Name (English)", context="fields"),
        "name_zh": tr("Name (Chinese)", context="fields"),
        "name_key": tr("Name for comparison", context="fields"),
        "ref": tr("Reference", context="fields"),
        "region": tr("Region", context="fields"),
        "address": tr("Address", context="fields"),
        "contact_person": tr("Contact person", context="fields"),
        "email": tr("E-mail", context="fields"),
        "phone": tr("Phone", context="fields"),
        "website": tr("Website", context="fields"),
        "notes": tr("Notes", context="fields"),
        "archived": tr("Archived", context="fields"),
        "status": tr("Status", context="fields"),
        "hs_code": tr("HS code", context="fields"),
        "unit": tr("Unit", context="fields"),
        "currency": tr("Currency", context="fields"),
        "price_unit": tr("Price per", context="fields"),
        "incoterms": tr("Incoterms", context="fields"),
        "incoterms_place": tr("Incoterms place", context="fields"),
        "source_file": tr("Source file", context="fields"),
        "source_sheet": tr("Source sheet", context="fields"),
        "source_row": tr("Source row", context="fields"),
        "import_batch_id": tr("Import", context="fields"),
        "fingerprint": tr("Row fingerprint", context="fields"),
        "reviewer": tr("Reviewer", context="fields"),
        "note": tr("Note", context="fields"),
    }


def _company() -> dict[str, str]:
    return {
        "inn": tr("INN", context="fields"),
        "ogrn": tr("OGRN", context="fields"),
        "gacc_registration": tr("GACC registration", context="fields"),
    }


def _product() -> dict[str, str]:
    return {
        "company_id": tr("Company", context="fields"),
        "description": tr("Description", context="fields"),
        "moq": tr("Minimum order", context="fields"),
        "capacity_monthly": tr("Monthly capacity", context="fields"),
        "price_min": tr("Price from", context="fields"),
        "price_max": tr("Price to", context="fields"),
        "shelf_life_days": tr("Shelf life (days)", context="fields"),
        "packaging": tr("Packaging", context="fields"),
        "certificates": tr("Certificates", context="fields"),
        "name_zh_origin": tr("Chinese name from", context="fields"),
        "name_en_origin": tr("English name from", context="fields"),
        "suggested_name_zh": tr("Suggested Chinese name", context="fields"),
        "suggested_name_en": tr("Suggested English name", context="fields"),
    }


def _buyer() -> dict[str, str]:
    return {
        "uscc": tr("USCC", context="fields"),
        "province": tr("Province", context="fields"),
        "city": tr("City", context="fields"),
    }


def _demand_line() -> dict[str, str]:
    return {
        "buyer_id": tr("Buyer", context="fields"),
        "product_text": tr("Wanted product", context="fields"),
        "language": tr("Language", context="fields"),
        "quantity": tr("Quantity", context="fields"),
        "target_price": tr("Target price", context="fields"),
        "deadline": tr("Deadline", context="fields"),
        "outcome": tr("Outcome", context="fields"),
        "outcome_reason": tr("Reason", context="fields"),
    }


def _match() -> dict[str, str]:
    return {
        "product_id": tr("Product", context="fields"),
        "source": tr("Source", context="fields"),
    }


def _pool() -> dict[str, str]:
    return {
        "demand_line": tr("Request", context="fields"),
        "shares": tr("Shares", context="fields"),
        "shortfall": tr("Shortfall", context="fields"),
    }


def _exchange_rate() -> dict[str, str]:
    return {
        "rate": tr("Rate", context="fields"),
        "pair": tr("Currencies", context="fields"),
    }


def _import_batch() -> dict[str, str]:
    return {
        "kind": tr("Kind", context="fields"),
        "file_name": tr("File", context="fields"),
        "sheet": tr("Sheet", context="fields"),
        "imported": tr("Imported", context="fields"),
        "updated": tr("Updated", context="fields"),
        "unchanged": tr("Unchanged", context="fields"),
        "rejected": tr("Rejected", context="fields"),
    }


_BY_ENTITY: dict[str, Callable[[], dict[str, str]]] = {
    "company": _company,
    "product": _product,
    "buyer": _buyer,
    "demand_line": _demand_line,
    "match": _match,
    "match_candidate": _match,
    "pooled_offer": _pool,
    "exchange_rate": _exchange_rate,
    "import_batch": _import_batch,
}


def field_labels(entity_type: str) -> dict[str, str]:
    """Every known field of one kind of record (``product``, ``company`` …) and its label."""
    specific = _BY_ENTITY.get(entity_type)
    return {**_fields(), **(specific() if specific else {})}


def field_label(entity_type: str, key: str) -> str:
    """The label of one field as the forms show it; an unknown key is given as it is."""
    return field_labels(entity_type).get(key, key)


def _choices() -> dict[tuple[type[Enum], str], str]:
    # Context "labels": the same words the interface gives these values everywhere.
    # Keyed by type and value: Verdict.SUGGESTED and MatchStatus.SUGGESTED are equal
    # strings, but one is "Suggested" and the other "Undecided".
    titles: list[tuple[Enum, str]] = [
        (Verdict.SUGGESTED, tr("Suggested", context="labels")),
        (Verdict.AMBIGUOUS, tr("Ambiguous", context="labels")),
        (Verdict.BELOW_FLOOR, tr("Below floor", context="labels")),
        (MatchStatus.SUGGESTED, tr("Undecided", context="labels")),
        (MatchStatus.ACCEPTED, tr("Accepted", context="labels")),
        (MatchStatus.REJECTED, tr("Rejected", context="labels")),
        (ProductStatus.DRAFT, tr("Draft", context="labels")),
        (ProductStatus.ACTIVE, tr("Active", context="labels")),
        (ProductStatus.ARCHIVED, tr("Archived", context="labels")),
        (DemandStatus.OPEN, tr("Open", context="labels")),
        (DemandStatus.CLOSED, tr("Closed", context="labels")),
        (Language.RU, tr("Russian", context="labels")),
        (Language.EN, tr("English", context="labels")),
        (Language.ZH, tr("Chinese", context="labels")),
        (Language.MIXED, tr("Mixed", context="labels")),
        (Language.UNKNOWN, tr("Unknown", context="labels")),
        (LineOutcome.NO_SUPPLIER, tr("No supplier", context="labels")),
        (LineOutcome.FULFILLED, tr("Fulfilled", context="labels")),
        (LineOutcome.WITHDRAWN, tr("Withdrawn", context="labels")),
        (LineOutcome.EXPIRED, tr("Expired", context="labels")),
        (MatchSource.MATCHER, tr("Matcher", context="labels")),
        (MatchSource.MANUAL, tr("Manual", context="labels")),
        (PoolStatus.ACCEPTED, tr("Accepted", context="labels")),
        (PoolStatus.WITHDRAWN, tr("Withdrawn", context="labels")),
        (PoolStatus.SUPERSEDED, tr("Superseded", context="labels")),
        (ImportKind.PRODUCTS, tr("Products", context="labels")),
        (ImportKind.DEMAND, tr("Demand", context="labels")),
        (AuditAction.CREATE, tr("created", context="labels")),
        (AuditAction.UPDATE, tr("changed", context="labels")),
        (AuditAction.DELETE, tr("deleted", context="labels")),
    ]
    return {(type(value), str(value.value)): title for value, title in titles}


def choice_title(value: Enum) -> str:
    """A stored choice (status, verdict, outcome, language …) as the interface says it."""
    return _choices().get((type(value), str(value.value)), str(value.value))


# The enums a stored value of each field belongs to, to read a change's old and new value.
_FIELD_ENUMS: dict[str, tuple[type[Enum], ...]] = {
    "status": (MatchStatus, ProductStatus, DemandStatus, PoolStatus),
    "verdict": (Verdict,),
    "language": (Language,),
    "outcome": (LineOutcome,),
    "source": (MatchSource,),
    "kind": (ImportKind,),
}
_ENTITY_STATUS: dict[str, type[Enum]] = {
    "product": ProductStatus,
    "demand_line": DemandStatus,
    "match": MatchStatus,
    "match_candidate": MatchStatus,
    "pooled_offer": PoolStatus,
}


def stored_value_title(entity_type: str, key: str, value: str) -> str | None:
    """The title of a stored choice ``value`` of field ``key``, or None when it is not one."""
    kinds: tuple[type[Enum], ...] = _FIELD_ENUMS.get(key, ())
    if key == "status" and entity_type in _ENTITY_STATUS:
        kinds = (_ENTITY_STATUS[entity_type],)
    for kind in kinds:
        try:
            return choice_title(kind(value))
        except ValueError:
            continue
    return None
