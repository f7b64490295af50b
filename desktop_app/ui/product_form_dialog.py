"""The product form: names in three languages, HS code with its description, trade terms."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.companies import company_choices
from desktop_app.core.services.forms import FormCheck
from desktop_app.core.services.name_suggestions import (
    NameSuggestion,
    stored_suggestion,
    suggestion_for_form,
)
from desktop_app.core.services.products import (
    ProductForm,
    ProductRecord,
    create_product,
    update_product,
    validate_product,
)
from desktop_app.ui.hs_completer import HsCompleter
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
        database: Database,
        actor: str,
        record: ProductRecord | None = None,
        company_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New product") if record is None else self.tr("Edit product")
        super().__init__(title, parent)
        self.setObjectName("product_form")
        self.database = database
        self.actor = actor
        self.record = record
        with database.session() as session:
            companies = company_choices(session)
        known = {company for company, _name in companies}
        archived_owner = record.form.company_id if record is not None else None
        if archived_owner is not None and archived_owner not in known:
            companies.append((archived_owner, record.company_name if record else ""))
        self.company: QComboBox = self.add_combo(
            "company_id", self.tr("Company"), [(None, self.tr("— choose —")), *companies], True
        )
        names = self.tr("at least one name is required")
        self.add_line("name_ru", self.tr("Name (Russian) *"), tip=names)
        self.add_line("name_en", self.tr("Name (English) *"), tip=names)
        self.add_line("name_zh", self.tr("Name (Chinese) *"), tip=names)
        self._add_suggestion_row()
        self.add_line("ref", self.tr("Reference"), tip=self.tr("Your article or SKU"))
        hs = self.add_line(
            "hs_code",
            self.tr("HS code"),
            tip=self.tr("Digits of the HS / TN VED code, or words to search: «sunflower oil»"),
        )
        self.hs_completer = HsCompleter(hs)
        self.add_line("unit", self.tr("Unit"), tip=self.tr("kg, t, pcs, m3, …"))
        self.add_line("moq", self.tr("Minimum order"))
        self.add_line("capacity_monthly", self.tr("Monthly capacity"))
        self.add_line("price_min", self.tr("Price from"))
        self.add_line("price_max", self.tr("Price to"))
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
        self.company.setCurrentIndex(max(0, self.company.findData(form.company_id)))
        self.set_text("status", form.status)
        self.start(form)
        if record is not None:
            with database.session() as session:
                self.show_suggestion(stored_suggestion(session, record.id))
        else:
            self.show_suggestion(NameSuggestion("", ""))

    def _add_suggestion_row(self) -> None:
        """Names suggested from the Russian name: shown, then accepted or edited."""
        row = QHBoxLayout()
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("name_suggestion")
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setTextInteractionFlags(
            self.suggestion_label.textInteractionFlags()
            | self.suggestion_label.textInteractionFlags().TextSelectableByMouse
        )
        self.suggest_button = QPushButton(self.tr("&Suggest names"), self)
        self.suggest_button.setObjectName("suggest_names")
        self.suggest_button.setToolTip(
            self.tr("Build Chinese and English names from the Russian name and the HS code")
        )
        self.suggest_button.clicked.connect(self.suggest)
        self.use_button = QPushButton(self.tr("&Use suggestion"), self)
        self.use_button.setObjectName("use_suggestion")
        self.use_button.setToolTip(
            self.tr("Copy the suggestion into the empty name fields; edit it there if needed")
        )
        self.use_button.clicked.connect(self.use_suggestion)
        row.addWidget(self.suggestion_label, 1)
        row.addWidget(self.suggest_button)
        row.addWidget(self.use_button)
        caption = QLabel(self.tr("Suggested names"), self)
        caption.setBuddy(self.suggest_button)
        self.layout_form.addRow(caption, row)
        self.suggestion = NameSuggestion("", "")

    def show_suggestion(self, suggestion: NameSuggestion) -> None:
        """Show ``suggestion`` and enable Use when it would fill an empty name."""
        self.suggestion = suggestion
        parts = [part for part in (suggestion.zh, suggestion.en) if part]
        if parts:
            self.suggestion_label.setText(" / ".join(parts))
        else:
            self.suggestion_label.setText(
                self.tr("none yet: Suggest names builds them from the Russian name")
            )
        fills = (suggestion.zh and not self.text_of("name_zh")) or (
            suggestion.en and not self.text_of("name_en")
        )
        self.use_button.setEnabled(bool(fills))

    def suggest(self) -> None:
        """Build a suggestion from the names and HS code in the form."""
        with self.database.session() as session:
            suggestion = suggestion_for_form(
                session, self.text_of("name_ru"), self.text_of("name_en"), self.text_of("hs_code")
            )
        if not suggestion.zh and not suggestion.en:
            self.suggestion_label.setText(
                self.tr("No suggestion: the glossary recognises no product in the name")
            )
            self.use_button.setEnabled(False)
            return
        self.show_suggestion(suggestion)

    def use_suggestion(self) -> None:
        """Put the suggestion in the empty name fields (saved as an accepted suggestion
        if left unchanged, as an entered name if edited)."""
        for language in ("zh", "en"):
            text = getattr(self.suggestion, language)
            if text and not self.text_of(f"name_{language}"):
                self.set_text(f"name_{language}", text)
        self.use_button.setEnabled(False)

    def read_form(self) -> ProductForm:
        """The fields as a :class:`ProductForm`."""
        values = {key: self.text_of(key) for key in (*TEXT_KEYS, "description", "certificates")}
        return ProductForm(
            company_id=self.company.currentData(),
            status=self.text_of("status"),
            suggested_name_zh=self.suggestion.zh,
            suggested_name_en=self.suggestion.en,
            **values,
        )

    def validate(self, form: ProductForm) -> FormCheck:
        """Check the form with the core's rules."""
        return validate_product(form)

    def save_form(self, form: ProductForm) -> ProductRecord:
        """Create or update the product."""
        with self.database.session(actor=self.actor) as session:
            if self.record is None:
                return create_product(session, form)
            return update_product(session, self.record.id, form, self.record.version)
