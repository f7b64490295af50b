"""Companies (exporters): read, validate, create, update, archive and restore.

The form travels as :class:`CompanyForm` (the texts the user typed); a company comes back
as a frozen :class:`CompanyRecord` carrying the ``version`` it was read at, which an update
must hand back so a concurrent change is reported instead of overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.domain.models import Company
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.forms import (
    FormBuilder,
    FormCheck,
    check_version,
    conflict_after_stale,
)
from desktop_app.core.text import name_key
from desktop_app.core.validation import (
    check_email,
    check_inn,
    check_ogrn,
    check_phone,
    check_website,
)

ENTITY = "company"
FORM_NAME = "company form"


@dataclass(frozen=True)
class CompanyForm:
    """What the company form holds, as typed."""

    name_ru: str = ""
    name_en: str = ""
    name_zh: str = ""
    inn: str = ""
    ogrn: str = ""
    region: str = ""
    address: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    gacc_registration: str = ""
    notes: str = ""


REQUIRED_FIELDS = frozenset({"name_ru", "inn"})


@dataclass(frozen=True)
class CompanyRecord:
    """A company as stored, with the version it was read at."""

    id: int
    version: int
    form: CompanyForm
    archived: bool
    updated_at: datetime | None

    @property
    def name(self) -> str:
        """The name to show."""
        return self.form.name_ru or self.form.name_en or self.form.name_zh


def validate_company(form: CompanyForm) -> FormCheck:
    """Check every field of ``form``; pure, cheap enough to run on each keystroke."""
    builder = FormBuilder()
    builder.text("name_ru", form.name_ru, required=True, limit=300)
    builder.text("name_en", form.name_en, limit=300)
    builder.text("name_zh", form.name_zh, limit=300)
    builder.checked("inn", check_inn(form.inn), required=True)
    builder.checked("ogrn", check_ogrn(form.ogrn))
    builder.text("region", form.region, limit=120)
    builder.text("address", form.address)
    builder.text("contact_person", form.contact_person, limit=200)
    builder.checked("email", check_email(form.email))
    builder.checked("phone", check_phone(form.phone))
    builder.checked("website", check_website(form.website))
    builder.text("gacc_registration", form.gacc_registration, limit=40)
    builder.text("notes", form.notes)
    return builder.result(Company.__table__)


def _record(company: Company) -> CompanyRecord:
    values = {f.name: getattr(company, f.name) or "" for f in fields(CompanyForm)}
    return CompanyRecord(
        company.id, company.version, CompanyForm(**values), company.archived, company.updated_at
    )


def _load(session: Session, company_id: int, for_update: bool = False) -> Company:
    # For an update the row is locked as it is read (PostgreSQL): a second person's save
    # waits, then finds the version moved on and is told who changed it.
    company = session.get(
        Company, company_id, with_for_update=for_update, populate_existing=for_update
    )
    if company is None:
        raise InputError(
            tr("Company {id} does not exist (it may have been deleted)").format(id=company_id)
        )
    return company


def get_company(session: Session, company_id: int) -> CompanyRecord:
    """The company with ``company_id``."""
    return _record(_load(session, company_id))


def _apply(session: Session, company: Company, form: CompanyForm) -> None:
    check = validate_company(form)
    check.raise_if_invalid(FORM_NAME)
    inn = check.values["inn"]
    holder = session.scalar(select(Company).where(Company.inn == inn, Company.id != company.id))
    if holder is not None:
        raise InputError(
            tr("INN {inn} is already registered to {name}").format(inn=inn, name=holder.name_ru),
            Location(file=FORM_NAME, field="inn"),
        )
    for name, value in check.values.items():
        setattr(company, name, value)
    company.name_key = name_key(company.name_ru)


def create_company(session: Session, form: CompanyForm) -> CompanyRecord:
    """Validate ``form`` and add the company; raises :class:`InputError` on a bad field."""
    company = Company()
    _apply(session, company, form)
    session.add(company)
    return _flush(session, company)


def update_company(
    session: Session, company_id: int, form: CompanyForm, expected_version: int
) -> CompanyRecord:
    """Save ``form`` over the company read at ``expected_version``.

    Raises :class:`ConflictError` naming who changed the company meanwhile.
    """
    company = _load(session, company_id, for_update=True)
    check_version(session, ENTITY, company_id, company.version, expected_version)
    _apply(session, company, form)
    return _flush(session, company)


def _flush(session: Session, company: Company) -> CompanyRecord:
    # Read before the flush: a failed flush expires the object.
    record_id = company.id
    try:
        session.flush()
    except StaleDataError as exc:
        assert record_id is not None  # only an update can find a stale version
        raise conflict_after_stale(session, ENTITY, record_id) from exc
    except IntegrityError as exc:
        # Checked above; a second person registered the same INN or name meanwhile.
        raise ConflictError(
            tr(
                "Somebody else registered a company with this INN or name at the same "
                "moment; your changes were not saved. Reload the list and check."
            )
        ) from exc
    return _record(company)


def set_company_archived(
    session: Session, company_id: int, archived: bool, expected_version: int
) -> CompanyRecord:
    """Archive (hide from lists) or restore a company."""
    company = _load(session, company_id, for_update=True)
    check_version(session, ENTITY, company_id, company.version, expected_version)
    company.archived = archived
    return _flush(session, company)


def company_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every company that is not archived, by name, for pickers."""
    rows = session.execute(
        select(Company.id, Company.name_ru).where(~Company.archived).order_by(Company.name_ru)
    )
    return [(row[0], row[1]) for row in rows]
