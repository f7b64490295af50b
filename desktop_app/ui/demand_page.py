"""The Demand screen: buyers' lines with filters, and a detail pane for the selected one."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.services.browse import table_spec
from desktop_app.core.services.demand import (
    DemandDetail,
    DemandFilters,
    buyer_choices,
    demand_conditions,
    demand_detail,
    province_choices,
)
from desktop_app.core.services.naming import gloss_for
from desktop_app.core.services.review import shown_score
from desktop_app.core.validation import format_hs_code
from desktop_app.ui.choice_combo import refill_choices, share_filter_row
from desktop_app.ui.labels import enum_title, status_title
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.operations import Operations
from desktop_app.ui.record_table_model import display_value
from desktop_app.ui.table_page import TablePage
from desktop_app.ui.translations import current_language, date_format


class DemandPage(TablePage):
    """Demand lines filtered by buyer, province, HS chapter, matches and deadline."""

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(operations, table_spec("demand"), parent, settings)
        # The selected line's text in the interface language (see show_detail).
        self.gloss = ""
        self.buyer = QComboBox(self)
        self.buyer.setToolTip(self.tr("Only this buyer's lines"))
        self.province = QComboBox(self)
        self.province.setToolTip(self.tr("Only buyers in this province"))
        self.chapter = QLineEdit(self)
        self.chapter.setPlaceholderText(self.tr("HS chapter"))
        self.chapter.setMaxLength(2)
        self.chapter.setMaximumWidth(90)
        self.matches = QComboBox(self)
        self.matches.addItem(self.tr("With or without matches"), None)
        self.matches.addItem(self.tr("With matches"), True)
        self.matches.addItem(self.tr("Without matches"), False)
        self.use_deadline = QCheckBox(self.tr("Deadline by"), self)
        self.deadline = QDateEdit(QDate.currentDate().addMonths(1), self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat(date_format())
        self.deadline.setEnabled(False)
        filters = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Filter:"), self),
            self.buyer,
            self.province,
            self.chapter,
            self.matches,
            self.use_deadline,
            self.deadline,
        ):
            filters.addWidget(widget)
        # The buyers and provinces arrive after the box is shown; the match filter's
        # choices are known now and keep their width.
        for combo in (self.buyer, self.province):
            share_filter_row(combo, 8)
        self.body.insertLayout(2, filters)  # under the search and the buttons
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("demand_detail")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.removeWidget(self.view)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.body.addWidget(splitter, 1)
        self._fill_choices()
        for combo in (self.buyer, self.province, self.matches):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.chapter.textChanged.connect(self.apply_filters)
        self.use_deadline.toggled.connect(self.deadline.setEnabled)
        self.use_deadline.toggled.connect(self.apply_filters)
        self.deadline.dateChanged.connect(self.apply_filters)
        self.current_changed.connect(self.show_detail)

    def _fill_choices(self) -> None:
        self.operations.read(
            lambda session: (buyer_choices(session), province_choices(session)),
            lambda choices: self._show_choices(*choices),
            parent=self,
        )

    def _show_choices(self, buyers: list[tuple[int, str]], provinces: list[str]) -> None:
        for combo, items, everyone in (
            (self.buyer, buyers, self.tr("All buyers")),
            (self.province, [(p, p) for p in provinces], self.tr("All provinces")),
        ):
            refill_choices(combo, items, everyone)

    def filters(self) -> DemandFilters:
        """The filters as chosen."""
        chapter = self.chapter.text().strip()
        return DemandFilters(
            buyer_id=self.buyer.currentData(),
            province=self.province.currentData(),
            hs_chapter=chapter if len(chapter) == 2 and chapter.isdigit() else None,
            has_matches=self.matches.currentData(),
            deadline_before=self._deadline(),
        )

    def _deadline(self) -> date | None:
        if not self.use_deadline.isChecked():
            return None
        chosen = self.deadline.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def apply_filters(self) -> None:
        """Reload the lines for the chosen filters."""
        self.model.conditions = demand_conditions(self.filters())
        TablePage.refresh(self)

    def _ids_shown(self) -> None:
        super()._ids_shown()
        if self.current_id() is None and self.model.rowCount():
            self.view.selectRow(0)

    def refresh(self, select: int | None = None) -> None:
        """Reload the choices and the lines (then select ``select`` when given)."""
        self._fill_choices()
        self.model.conditions = demand_conditions(self.filters())
        TablePage.refresh(self, select)

    def show_detail(self, line_id: object) -> None:
        """Show everything about demand line ``line_id``."""
        if not isinstance(line_id, int):
            self.detail.clear()
            return
        language = current_language()

        def read(session: Session) -> tuple[DemandDetail, str]:
            detail = demand_detail(session, line_id)
            return detail, gloss_for(session, detail.product_text, language, detail.hs_code)

        self.operations.read(read, self._show_detail, parent=self)

    def _show_detail(self, found: tuple[DemandDetail, str]) -> None:
        detail, gloss = found
        if self.current_id() == detail.id:
            self.gloss = gloss
            self.detail.setHtml(self._detail_html(detail))

    @staticmethod
    def _price_text(detail: DemandDetail) -> str:
        """ "0.30 CNY/pcs": the amount, its currency and the unit it is quoted per."""
        if detail.target_price is None:
            return ""
        money = " ".join(p for p in (display_value(detail.target_price), detail.currency) if p)
        return f"{money}/{detail.price_unit}" if detail.price_unit else money

    def _detail_html(self, detail: DemandDetail) -> str:
        rows = [
            (self.tr("Buyer"), detail.buyer),
            (self.tr("Province"), " ".join(p for p in (detail.province, detail.city) if p)),
            (self.tr("Contact"), detail.contact),
            (self.tr("HS code"), format_hs_code(detail.hs_code or "")),
            (self.tr("Quantity"), f"{display_value(detail.quantity)} {detail.unit or ''}"),
            (self.tr("Target price"), self._price_text(detail)),
            (self.tr("Incoterms"), detail.incoterms),
            (self.tr("Deadline"), display_value(detail.deadline)),
            (self.tr("Status"), enum_title(detail.status)),
            (self.tr("Source"), detail.source),
            (self.tr("Notes"), detail.notes),
        ]
        table = "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(str(value or ''))}</td></tr>"
            for label, value in rows
            if value and str(value).strip()
        )
        candidates = (
            "".join(
                f"<li>{shown_score(c.score)} — {html.escape(c.product)} "
                f"({html.escape(c.company)}), "
                f"{html.escape(status_title(c.status))}</li>"
                for c in detail.candidates
            )
            or f"<li>{html.escape(self.tr('No matches yet'))}</li>"
        )
        # What the buyer asks for, in the interface language (a Russian officer reading
        # 葵花籽油 sees «масло подсолнечное» beside it).
        gloss = f"<p><i>{html.escape(self.gloss)}</i></p>" if self.gloss else ""
        return (
            f"<h3>{html.escape(detail.product_text)}</h3>{gloss}"
            f"<table cellpadding='3'>{table}</table>"
            f"<h4>{html.escape(self.tr('Candidates'))}</h4><ul>{candidates}</ul>"
        )
