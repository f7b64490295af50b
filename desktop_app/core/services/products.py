"""Products: read, validate, create, update, duplicate, archive and restore.

Like :mod:`desktop_app.core.services.companies`: a :class:`ProductForm` of typed texts in,
a frozen :class:`ProductRecord` with its ``version`` out, and a stale version on update
raises :class:`~desktop_app.core.errors.ConflictError` naming who changed the product.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.database.audit import last_audit_event
from desktop_app.core.domain.enums import NameOrigin, ProductStatus
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.domain.types import local_minute
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.forms import (
    FormBuilder,
    FormCheck,
    check_version,
    conflict_after_stale,
)
from desktop_app.core.validation import (
    Check,
    Severity,
    check_incoterms,
    check_price_range,
    check_quantity,
    check_shelf_life_days,
    format_hs_code,
    hs_catalog,
    normalize_currency,
    normalize_hs_code,
    normalize_unit,
    parse_decimal,
)

ENTITY = "product"
FORM_NAME = "product form"
TEXT_FIELDS = ("ref", "name_ru", "name_en", "name_zh", "description", "packaging", "certificates")


@dataclass(frozen=True)
class ProductForm:
    """What the product form holds, as typed (``company_id`` is picked from a list)."""

    company_id: int | None = None
    ref: str = ""
    name_ru: str = ""
    name_en: str = ""
    name_zh: str = ""
    description: str = ""
    hs_code: str = ""
    unit: str = ""
    moq: str = ""
    capacity_monthly: str = ""
    price_min: str = ""
    price_max: str = ""
    currency: str = ""
    incoterms: str = ""
    shelf_life_days: str = ""
    packaging: str = ""
    certificates: str = ""
    status: str = ProductStatus.ACTIVE.value
    # The names the form suggested (see services.name_suggestions): a name saved equal to
    # its suggestion is stored as an accepted suggestion, not as one the exporter typed.
    suggested_name_zh: str = ""
    suggested_name_en: str = ""


# A name in at least one language is required too; the form marks the three together.
REQUIRED_FIELDS = frozenset({"company_id"})


@dataclass(frozen=True)
class ProductRecord:
    """A product as stored, with the version it was read at."""

    id: int
    version: int
    form: ProductForm
    company_name: str
    status: ProductStatus

    @property
    def name(self) -> str:
        """The name to show."""
        return self.form.name_ru or self.form.name_en or self.form.name_zh


def hs_hint(code: str) -> str:
    """The HS 2022 and TN VED descriptions of a normalised code, for beside the field."""
    catalog = hs_catalog()
    english, russian = catalog.describe(code), catalog.describe_ru(code)
    parts = [format_hs_code(code)] + [text for text in (english, russian) if text]
    return " — ".join(parts[:1]) + (": " + " / ".join(parts[1:]) if len(parts) > 1 else "")


def validate_product(form: ProductForm) -> FormCheck:
    """Check every field of ``form``; pure, cheap enough to run on each keystroke."""
    builder = FormBuilder()
    builder.values["company_id"] = form.company_id
    if form.company_id is None:
        builder.error("company_id", tr("Choose the company that offers the product"))
    for key in TEXT_FIELDS:
        builder.text(key, getattr(form, key), limit=100 if key == "ref" else None)
    if not any(builder.values[key] for key in ("name_ru", "name_en", "name_zh")):
        builder.error("name_ru", tr("Give the product a name in at least one language"))
    code = builder.checked("hs_code", normalize_hs_code(form.hs_code))
    if code:
        builder.hints["hs_code"] = hs_hint(code)
    builder.checked("unit", normalize_unit(form.unit))
    builder.checked("moq", check_quantity(form.moq))
    builder.checked("capacity_monthly", check_quantity(form.capacity_monthly))
    low = builder.checked("price_min", parse_decimal(form.price_min))
    high = builder.checked("price_max", parse_decimal(form.price_max))
    price_range = check_price_range(form.price_min, form.price_max)
    if price_range.severity is Severity.ERROR and "price_min" not in builder.findings:
        builder.error("price_max", price_range.message)
    builder.values["price_min"], builder.values["price_max"] = low, high
    builder.checked("currency", normalize_currency(form.currency))
    if (low is not None or high is not None) and not form.currency.strip():
        builder.error("currency", tr("Give the currency of the price"))
    incoterms: Check[tuple[str, str | None]] = check_incoterms(form.incoterms)
    builder.checked("incoterms", incoterms)
    rule, place = incoterms.value or (None, None)
    builder.values["incoterms"], builder.values["incoterms_place"] = rule, place
    builder.checked("shelf_life_days", check_shelf_life_days(form.shelf_life_days))
    try:
        builder.values["status"] = ProductStatus(form.status)
    except ValueError:
        builder.error("status", tr("Unknown status {status}").format(status=form.status))
    _add_notes(builder, form)
    return builder.result(Product.__table__)


def _shown(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _add_notes(builder: FormBuilder, form: ProductForm) -> None:
    """Say beside a field how its text was read, and in which unit or currency it counts.

    A silent normalisation (юань → CNY, "2 года" → 730 days, "5,50" → 5.50) is shown as a
    note, as is the unit of the MOQ and capacity and the currency and unit of the prices.
    """
    values = builder.values
    unit, currency = values.get("unit"), values.get("currency")
    notes: dict[str, list[str]] = {}
    for key in ("unit", "currency", "moq", "capacity_monthly", "price_min", "price_max"):
        typed, value = str(getattr(form, key)).strip(), values.get(key)
        if key in builder.findings or value is None:
            continue
        if _shown(value).casefold() != typed.casefold():
            notes.setdefault(key, []).append(tr("Read as {value}").format(value=_shown(value)))
    days = values.get("shelf_life_days")
    typed_days = form.shelf_life_days.strip()
    if "shelf_life_days" not in builder.findings and days is not None and str(days) != typed_days:
        notes["shelf_life_days"] = [tr("Read as {days} days").format(days=days)]
    for key in ("moq", "capacity_monthly"):
        if key not in builder.findings and unit:
            per = tr("{unit} per month") if key == "capacity_monthly" else tr("in {unit}")
            notes.setdefault(key, []).append(per.format(unit=unit))
    if currency and unit:
        price = tr("{currency} per {unit}").format(currency=currency, unit=unit)
    elif currency or unit:
        price = currency or tr("per {unit}").format(unit=unit)
    else:
        price = ""
    for key in ("price_min", "price_max"):
        if key not in builder.findings and price:
            notes.setdefault(key, []).append(price)
    for key, texts in notes.items():
        builder.hints[key] = " · ".join(texts)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _record(product: Product, company_name: str) -> ProductRecord:
    incoterms = " ".join(part for part in (product.incoterms, product.incoterms_place) if part)
    form = ProductForm(
        company_id=product.company_id,
        **{key: _text(getattr(product, key)) for key in TEXT_FIELDS},
        hs_code=format_hs_code(product.hs_code or ""),
        unit=_text(product.unit),
        moq=_text(product.moq),
        capacity_monthly=_text(product.capacity_monthly),
        price_min=_text(product.price_min),
        price_max=_text(product.price_max),
        currency=_text(product.currency),
        incoterms=incoterms,
        shelf_life_days=_text(product.shelf_life_days),
        status=product.status.value,
    )
    return ProductRecord(product.id, product.version, form, company_name, product.status)


def _load(session: Session, product_id: int, for_update: bool = False) -> Product:
    # For an update the row is locked as it is read (PostgreSQL): a second person's save
    # waits, then finds the version moved on and is told who changed it.
    product = session.get(
        Product, product_id, with_for_update=for_update, populate_existing=for_update
    )
    if product is None:
        raise InputError(
            tr("Product {id} does not exist (it may have been deleted)").format(id=product_id)
        )
    return product


def _company_name(session: Session, company_id: int) -> str:
    company = session.get(Company, company_id)
    if company is None:
        raise InputError(
            tr("Company {id} does not exist").format(id=company_id),
            Location(file=FORM_NAME, field="company_id"),
        )
    return company.name_ru


def get_product(session: Session, product_id: int) -> ProductRecord:
    """The product with ``product_id``."""
    product = _load(session, product_id)
    return _record(product, _company_name(session, product.company_id))


def _apply(session: Session, product: Product, form: ProductForm) -> str:
    check = validate_product(form)
    check.raise_if_invalid(FORM_NAME)
    assert form.company_id is not None  # validated above
    company_name = _company_name(session, form.company_id)
    ref = check.values.get("ref")
    if ref:
        # A reference names one product of its company (the importer updates by it).
        holder = session.scalar(
            select(Product.id).where(
                Product.company_id == form.company_id, Product.ref == ref, Product.id != product.id
            )
        )
        if holder is not None:
            raise InputError(
                tr("Reference {ref} is already used by product {id} of this company").format(
                    ref=ref, id=holder
                ),
                Location(file=FORM_NAME, field="ref"),
            )
    for language in ("zh", "en"):
        offered = getattr(form, f"suggested_name_{language}")
        _note_name_origin(product, language, check.values.get(f"name_{language}"), offered)
    for key, value in check.values.items():
        setattr(product, key, value)
    return company_name


def _note_name_origin(product: Product, language: str, value: Any, offered: str) -> None:
    """Record where the Chinese or English name comes from before it is set: the stored
    suggestion taken unchanged is ``accepted``; a name typed or edited is ``entered``."""
    name_key, origin_key = f"name_{language}", f"name_{language}_origin"
    suggested_key = f"suggested_name_{language}"
    if not value:
        setattr(product, origin_key, None)
        return
    if value == getattr(product, name_key):
        if getattr(product, origin_key) is None:
            setattr(product, origin_key, NameOrigin.ENTERED.value)
        return
    accepted = value in {getattr(product, suggested_key), offered.strip() or None}
    setattr(product, origin_key, (NameOrigin.ACCEPTED if accepted else NameOrigin.ENTERED).value)
    setattr(product, suggested_key, None)


def _flush(session: Session, product: Product, company_name: str) -> ProductRecord:
    # Read before the flush: a failed flush expires the object.
    record_id, company_id, ref = product.id, product.company_id, product.ref
    try:
        session.flush()
    except StaleDataError as exc:
        assert record_id is not None  # only an update can find a stale version
        raise conflict_after_stale(session, ENTITY, record_id) from exc
    except IntegrityError as exc:
        if not ref:
            raise  # only the company's references are unique: anything else is a bug
        # Checked in _apply; a second person gave another product the reference meanwhile.
        raise _reference_taken(session, company_id, ref) from exc
    return _record(product, company_name)


def _reference_taken(session: Session, company_id: int, ref: str) -> ConflictError:
    """The conflict of a save whose reference a colleague gave another product of the
    company in the same moment, naming who, when and which product.

    ``session`` failed with that flush; the colleague's product is committed by now
    (the insert waited for it), so a fresh session reads it and its audit trail.
    """
    with Session(session.get_bind().engine) as fresh:
        holder = fresh.scalars(
            select(Product).where(Product.company_id == company_id, Product.ref == ref)
        ).first()
        last = last_audit_event(fresh, ENTITY, holder.id) if holder is not None else None
        if holder is None or last is None:
            return ConflictError(
                tr(
                    "Somebody else gave a product of this company the same reference at the "
                    "same moment; your changes were not saved."
                )
            )
        name = holder.name_ru or holder.name_en or holder.name_zh or "-"
        return ConflictError(
            tr(
                "{actor} gave reference {ref} to product {id} «{name}» of this company at "
                "{when}, at the same moment as you; your changes were not saved. Choose "
                "another reference."
            ).format(actor=last.actor, ref=ref, id=holder.id, name=name, when=local_minute(last.at))
        )


def create_product(session: Session, form: ProductForm) -> ProductRecord:
    """Validate ``form`` and add the product; raises :class:`InputError` on a bad field."""
    product = Product()
    company_name = _apply(session, product, form)
    session.add(product)
    return _flush(session, product, company_name)


def update_product(
    session: Session, product_id: int, form: ProductForm, expected_version: int
) -> ProductRecord:
    """Save ``form`` over the product read at ``expected_version``."""
    product = _load(session, product_id, for_update=True)
    check_version(session, ENTITY, product_id, product.version, expected_version)
    company_name = _apply(session, product, form)
    return _flush(session, product, company_name)


def duplicate_product(session: Session, product_id: int) -> ProductRecord:
    """A copy of the product as a draft, without its reference, named "… (copy)"."""
    source = get_product(session, product_id)
    suffix = tr(" (copy)")
    form = replace(
        source.form,
        ref="",
        status=ProductStatus.DRAFT.value,
        name_ru=source.form.name_ru + suffix if source.form.name_ru else "",
        name_en=source.form.name_en + suffix if source.form.name_en else "",
    )
    return create_product(session, form)


def set_product_status(
    session: Session, product_id: int, status: ProductStatus, expected_version: int
) -> ProductRecord:
    """Archive (``ARCHIVED``) or restore (``ACTIVE``) a product."""
    product = _load(session, product_id, for_update=True)
    check_version(session, ENTITY, product_id, product.version, expected_version)
    product.status = status
    return _flush(session, product, _company_name(session, product.company_id))
