"""The company form: an exporter's names, registration codes and contacts."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop_app.core.services.companies import (
    REQUIRED_FIELDS,
    CompanyForm,
    CompanyRecord,
    create_company,
    update_company,
    validate_company,
)
from desktop_app.core.services.forms import FormCheck
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_form_dialog import RecordFormDialog


class CompanyFormDialog(RecordFormDialog):
    """Create a company, or edit one read at a known version."""

    def __init__(
        self,
        operations: Operations,
        record: CompanyRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New company") if record is None else self.tr("Edit company")
        super().__init__(title, parent)
        self.setObjectName("company_form")
        self.operations = operations
        self.record = record
        labels = {
            "name_ru": (self.tr("Name (Russian)"), self.tr("The registered name, e.g. ООО «Ёлка»")),
            "name_en": (self.tr("Name (English)"), ""),
            "name_zh": (self.tr("Name (Chinese)"), ""),
            "inn": (self.tr("INN"), self.tr("Taxpayer number: 10 digits, or 12 for a person")),
            "ogrn": (self.tr("OGRN"), self.tr("13 digits, or 15 for an individual entrepreneur")),
            "region": (self.tr("Region"), ""),
            "contact_person": (self.tr("Contact person"), ""),
            "email": (self.tr("E-mail"), ""),
            "phone": (self.tr("Phone"), self.tr("With the country code, e.g. +7 495 123-45-67")),
            "website": (self.tr("Website"), ""),
            "gacc_registration": (
                self.tr("GACC registration"),
                self.tr("China customs registration number of a food exporter"),
            ),
        }
        for key, (label, tip) in labels.items():
            self.add_line(key, label, key in REQUIRED_FIELDS, tip)
        self.add_text("address", self.tr("Address"))
        self.add_text("notes", self.tr("Notes"))
        self.resize(560, 640)
        self.start(record.form if record else CompanyForm())

    def read_form(self) -> CompanyForm:
        """The fields as a :class:`CompanyForm`."""
        return CompanyForm(**{key: self.text_of(key) for key in self.fields})

    def validate(self, form: CompanyForm) -> FormCheck:
        """Check the form with the core's rules."""
        return validate_company(form)

    def save_form(self, session: Session, form: CompanyForm) -> CompanyRecord:
        """Create or update the company (the version it was read at guards the update)."""
        if self.record is None:
            return create_company(session, form)
        return update_company(session, self.record.id, form, self.record.version)
