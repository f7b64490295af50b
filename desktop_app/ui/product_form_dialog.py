"""The product form: names in three languages, HS code with its description, trade terms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.companies import company_choices
from desktop_app.core.services.forms import FormCheck
from desktop_app.core.services.products import (
    ProductForm,
    ProductRecord,
    create_product,
    update_product,
    validate_product,
)
from desktop_app.ui.hs_completer import HsCompleter
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_form_dialog import RecordFormDialog

TEXT_KEYS = (
    "ref",
    "name_ru",
    "name_en",
    "name_zh",
    "hs_code",
    "unit",
    "moq",
    "capacity_monthly",
    "price_min",
    "price_max",
    "currency",
    "incoterms",
    "shelf_life_days",
    "packaging",
)


class ProductFormDialog(RecordFormDialog):
    """Create a product, or edit one read at a known version."""

    def __init__(
        self,
        operations: Operations,
        record: ProductRecord | None = None,
        company_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New product") if record is None else self.tr("Edit product")
        super().__init__(title, parent)
        self.setObjectName("product_form")
        self.operations = operations
        self.record = record
        # The companies are read on the worker and filled in when they arrive.
        self.company: QComboBox = self.add_combo(
            "company_id", self.tr("Company"), self._company_items([]), True
        )
        # One name is enough, so none of the three is marked * on its own.
        names = self.tr("A name in one language is enough; give the others if you have them")
        self.add_line("name_ru", self.tr("Name (Russian)"), tip=names)
        self.add_line("name_en", self.tr("Name (English)"), tip=names)
        self.add_line("name_zh", self.tr("Name (Chinese)"), tip=names)
        self.note.setText(
            self.tr("Fields marked * are required, and a name in at least one language.")
        )
        self.add_line("ref", self.tr("Reference"), tip=self.tr("Your article or SKU"))
        hs = self.add_line(
            "hs_code",
            self.tr("HS code"),
            tip=self.tr("Digits of the HS / TN VED code, or words to search: «sunflower oil»"),
        )
        self.hs_completer = HsCompleter(hs)
        # Words typed into the HS field are a search until the user leaves the field.
        self._hs_typing = False
        hs.textEdited.connect(self._hs_edited)
        hs.editingFinished.connect(self._hs_left)
        self.add_line("unit", self.tr("Unit"), tip=self.tr("kg, t, pcs, m3, …"))
        self.add_line("moq", self.tr("Minimum order"), tip=self.tr("In the unit above"))
        self.add_line(
            "capacity_monthly", self.tr("Monthly capacity"), tip=self.tr("In the unit above")
        )
        price_tip = self.tr("In the currency below, per unit above")
        self.add_line("price_min", self.tr("Price from"), tip=price_tip)
        self.add_line("price_max", self.tr("Price to"), tip=price_tip)
        self.add_line("currency", self.tr("Currency"), tip=self.tr("CNY, USD, RUB, EUR, …"))
        self.add_line(
            "incoterms", self.tr("Incoterms"), tip=self.tr("Rule and place: FOB Vladivostok")
        )
        self.add_line(
            "shelf_life_days", self.tr("Shelf life (days)"), tip=self.tr("30, 12 months, 2 years")
        )
        self.add_line("packaging", self.tr("Packaging"))
        self.add_text("description", self.tr("Description"))
        self.add_text("certificates", self.tr("Certificates"))
        self.add_combo(
            "status",
            self.tr("Status"),
            [
                (ProductStatus.ACTIVE.value, self.tr("Active")),
                (ProductStatus.DRAFT.value, self.tr("Draft")),
                (ProductStatus.ARCHIVED.value, self.tr("Archived")),
            ],
        )
        self.resize(640, 760)
        form = record.form if record else ProductForm(company_id=company_id)
        self._wanted_company = form.company_id
        self.company.setCurrentIndex(max(0, self.company.findData(form.company_id)))
        self.set_text("status", form.status)
        self.start(form)
        operations.read(company_choices, self._companies_loaded, parent=self)

    def _company_items(self, companies: list[tuple[int, str]]) -> list[tuple[int | None, str]]:
        items: list[tuple[int | None, str]] = [(None, self.tr("— choose —")), *companies]
        known = {company for company, _name in companies}
        record = self.record
        if record is not None and record.form.company_id not in known:
            items.append((record.form.company_id, record.company_name))
        return items

    def _companies_loaded(self, companies: list[tuple[int, str]]) -> None:
        unchanged = not self.dirty
        chosen = self.company.currentData()
        wanted = chosen if chosen is not None else self._wanted_company
        only = self.record is None and wanted is None and len(companies) == 1
        if only:
            wanted = companies[0][0]  # the only company: nothing to choose
        self.company.blockSignals(True)
        self.company.clear()
        for value, label in self._company_items(companies):
            self.company.addItem(label, value)
        self.company.setCurrentIndex(max(0, self.company.findData(wanted)))
        self.company.blockSignals(False)
        if unchanged:
            self._initial = self.read_form()
        self.revalidate()
        if only and self.focusWidget() is self.company:
            first = self.first_field()  # the company is chosen: on to the next empty field
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def read_form(self) -> ProductForm:
        """The fields as a :class:`ProductForm`."""
        values = {key: self.text_of(key) for key in (*TEXT_KEYS, "description", "certificates")}
        return ProductForm(
            company_id=self.company.currentData(), status=self.text_of("status"), **values
        )

    def validate(self, form: ProductForm) -> FormCheck:
        """Check the form with the core's rules."""
        return validate_product(form)

    def _hs_edited(self, text: str) -> None:
        typing = any(char.isalpha() for char in text)
        if typing != self._hs_typing:
            self._hs_typing = typing
            self.revalidate()

    def _hs_left(self) -> None:
        if self._hs_typing:
            self._hs_typing = False
            self.revalidate()  # now what is left in the field is a value, right or wrong

    def is_searching(self, key: str) -> bool:
        """The HS field holds words being searched (typed, not yet left)."""
        return (
            key == "hs_code"
            and self._hs_typing
            and any(char.isalpha() for char in self.text_of("hs_code"))
        )

    def search_hint(self, key: str) -> str:
        """Say what the typed words do instead of calling them a wrong code."""
        if self.hs_completer.codes():
            return self.tr("Searching: choose a code from the list")
        return self.tr("Searching: no heading has these words; try others or type the digits")

    def save_form(self, session: Session, form: ProductForm) -> ProductRecord:
        """Create or update the product (the version it was read at guards the update)."""
        if self.record is None:
            return create_product(session, form)
        return update_product(session, self.record.id, form, self.record.version)
