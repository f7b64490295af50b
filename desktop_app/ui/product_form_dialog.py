"""The product form: names in three languages, HS code with its description, trade terms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.companies import company_choices
from desktop_app.core.services.forms import FormCheck
from desktop_app.core.services.labels import choice_title, field_labels
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
        # The labels the audit trail names these fields by too: one mapping.
        labels = field_labels("product")

        def label(key: str) -> str:
            return labels[key]

        # The companies are read on the worker and filled in when they arrive.
        self.company: QComboBox = self.add_combo(
            "company_id", label("company_id"), self._company_items([]), True
        )
        # One name is enough, so none of the three is marked * on its own.
        names = self.tr("A name in one language is enough; give the others if you have them")
        self.add_line("name_ru", label("name_ru"), tip=names)
        self.add_line("name_en", label("name_en"), tip=names)
        self.add_line("name_zh", label("name_zh"), tip=names)
        self.note.setText(
            self.tr("Fields marked * are required, and a name in at least one language.")
        )
        self._add_suggestion_row()
        self.add_line("ref", label("ref"), tip=self.tr("Your article or SKU"))
        hs = self.add_line(
            "hs_code",
            label("hs_code"),
            tip=self.tr("Digits of the HS / TN VED code, or words to search: «sunflower oil»"),
        )
        self.hs_completer = HsCompleter(hs)
        self.hs_completer.suggested.connect(self.revalidate)
        # Words typed into the HS field are a search until the user leaves the field.
        self._hs_typing = False
        hs.textEdited.connect(self._hs_edited)
        hs.editingFinished.connect(self._hs_left)
        self.add_line("unit", label("unit"), tip=self.tr("kg, t, pcs, m3, …"))
        self.add_line("moq", label("moq"), tip=self.tr("In the unit above"))
        self.add_line(
            "capacity_monthly", label("capacity_monthly"), tip=self.tr("In the unit above")
        )
        price_tip = self.tr("In the currency below, per unit above")
        self.add_line("price_min", label("price_min"), tip=price_tip)
        self.add_line("price_max", label("price_max"), tip=price_tip)
        self.add_line("currency", label("currency"), tip=self.tr("CNY, USD, RUB, EUR, …"))
        self.add_line(
            "incoterms", label("incoterms"), tip=self.tr("Rule and place: FOB Vladivostok")
        )
        self.add_line(
            "shelf_life_days", label("shelf_life_days"), tip=self.tr("30, 12 months, 2 years")
        )
        self.add_line("packaging", label("packaging"))
        self.add_text("description", label("description"))
        self.add_text("certificates", label("certificates"))
        self.add_combo(
            "status",
            label("status"),
            [
                (status.value, choice_title(status))
                for status in (ProductStatus.ACTIVE, ProductStatus.DRAFT, ProductStatus.ARCHIVED)
            ],
        )
        self.resize(640, 760)
        form = record.form if record else ProductForm(company_id=company_id)
        self._wanted_company = form.company_id
        self.company.setCurrentIndex(max(0, self.company.findData(form.company_id)))
        self.set_text("status", form.status)
        self.start(form)
        operations.read(company_choices, self._companies_loaded, parent=self)
        self.show_suggestion(NameSuggestion("", ""))
        if record is not None:
            record_id = record.id
            operations.read(
                lambda session: stored_suggestion(session, record_id),
                self._stored_suggestion_loaded,
                parent=self,
            )

    def _stored_suggestion_loaded(self, suggestion: NameSuggestion) -> None:
        # Unless the user asked for a fresh one meanwhile.
        if not self.suggestion.zh and not self.suggestion.en:
            unchanged = not self.dirty
            self.show_suggestion(suggestion)
            if unchanged:
                self._initial = self.read_form()

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
        # The text above its buttons: beside them, a Russian note and the two Russian
        # button titles were wider than the form and cut off at its right edge.
        row.addWidget(self.suggest_button)
        row.addWidget(self.use_button)
        row.addStretch(1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.suggestion_label)
        column.addLayout(row)
        caption = QLabel(self.tr("Suggested names"), self)
        caption.setBuddy(self.suggest_button)
        self.layout_form.addRow(caption, column)
        self.suggestion = NameSuggestion("", "")

    def show_suggestion(self, suggestion: NameSuggestion) -> None:
        """Show ``suggestion`` and enable Use when it would fill an empty name."""
        self.suggestion = suggestion
        parts = [part for part in (suggestion.zh, suggestion.en) if part]
        if parts:
            text = " / ".join(parts)
            if suggestion.zh and suggestion.source == "nomenclature":
                text = self.tr("{names} (Chinese name from the HS nomenclature)").format(names=text)
            elif suggestion.zh and suggestion.source == "glossary":
                text = self.tr("{names} (Chinese name from the glossary)").format(names=text)
            elif suggestion.zh and suggestion.source == "trade_name":
                text = self.tr("{names} (Chinese name of the same good's trade name)").format(
                    names=text
                )
            self.suggestion_label.setText(text)
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
        name_ru, name_en, hs_code = (
            self.text_of("name_ru"),
            self.text_of("name_en"),
            self.text_of("hs_code"),
        )
        self.suggest_button.setEnabled(False)
        self.operations.read(
            lambda session: suggestion_for_form(session, name_ru, name_en, hs_code),
            self._suggested,
            parent=self,
            after=lambda: self.suggest_button.setEnabled(True),
        )

    def _suggested(self, suggestion: NameSuggestion) -> None:
        if not suggestion.zh and not suggestion.en:
            self.suggestion_label.setText(
                self.tr(
                    "No suggestion: the glossary recognises no product in the name "
                    "and the HS code names none"
                )
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
            company_id=self.company.currentData(),
            status=self.text_of("status"),
            suggested_name_zh=self.suggestion.zh,
            suggested_name_en=self.suggestion.en,
            **values,
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
        if not self.hs_completer.answered():
            return self.tr("Searching: reading the nomenclature…")
        return self.tr("Searching: no heading has these words; try others or type the digits")

    def save_form(self, session: Session, form: ProductForm) -> ProductRecord:
        """Create or update the product (the version it was read at guards the update)."""
        if self.record is None:
            return create_product(session, form)
        return update_product(session, self.record.id, form, self.record.version)
