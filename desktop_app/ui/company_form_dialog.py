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
from desktop_app.core.services.labels import field_label
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
        tips = {
            "name_ru": self.tr("The registered name, e.g. ООО «Ёлка»"),
            "inn": self.tr("Taxpayer number: 10 digits, or 12 for a person"),
            "ogrn": self.tr("13 digits, or 15 for an individual entrepreneur"),
            "phone": self.tr("With the country code, e.g. +7 495 123-45-67"),
            "gacc_registration": self.tr("China customs registration number of a food exporter"),
        }
        keys = ["name_ru", "name_en", "name_zh", "inn", "ogrn", "region", "contact_person"]
        keys += ["email", "phone", "website", "gacc_registration"]
        # The labels the audit trail names these fields by too: one mapping.
        labels = {key: (field_label("company", key), tips.get(key, "")) for key in keys}
        for key, (label, tip) in labels.items():
            self.add_line(key, label, key in REQUIRED_FIELDS, tip)
        self.add_text("address", field_label("company", "address"))
        self.add_text("notes", field_label("company", "notes"))
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
