"""Review's filters as one widget (status, verdict, score range, HS chapter, buyer, region,
deal fit): the review queue and the Matches screen both use it, so they filter alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.pooling.deal_fit import Fit
from desktop_app.core.services.demand import buyer_choices
from desktop_app.core.services.review import ReviewFilters, region_choices
from desktop_app.ui.choice_combo import refill_choices, share_filter_row
from desktop_app.ui.deal_fit_combo import DealFitCombo
from desktop_app.ui.labels import status_title, verdict_title
from desktop_app.ui.operations import Operations


class ReviewFilterBar(QWidget):
    """The filters of a list of candidates; ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_filter_bar")
        self.operations = operations
        self.status = QComboBox(self)
        # "Any status" first: a popup opens with the current item over the box, so a
        # current last item would open it above the box (off the screen at the top).
        self.status.addItem(self.tr("Any status"), "")
        for status in (MatchStatus.SUGGESTED, MatchStatus.ACCEPTED, MatchStatus.REJECTED):
            self.status.addItem(status_title(status), status.value)
        self.verdict = QComboBox(self)
        self.verdict.addItem(self.tr("Any verdict"), "")
        for verdict in (Verdict.SUGGESTED, Verdict.AMBIGUOUS, Verdict.BELOW_FLOOR):
            self.verdict.addItem(verdict_title(verdict), verdict.value)
        self.min_score = QDoubleSpinBox(self)
        self.max_score = QDoubleSpinBox(self)
        for spin, value, tip in (
            (self.min_score, 0, self.tr("Lowest score shown")),
            (self.max_score, 100, self.tr("Highest score shown")),
        ):
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setValue(value)
            spin.setToolTip(tip)
        self.chapter = QLineEdit(self)
        self.chapter.setPlaceholderText(self.tr("HS chapter"))
        self.chapter.setToolTip(self.tr("The first two digits of the HS code, e.g. 15"))
        self.chapter.setMaxLength(2)
        self.chapter.setMaximumWidth(90)
        self.buyer = QComboBox(self)
        self.region = QComboBox(self)
        self.region.setToolTip(self.tr("The exporter's region or the buyer's province"))
        self.deal_fit = DealFitCombo(self)
        # At 1024 pixels every filter stays readable: the chapter box keeps the width of
        # its hint, and the long choices (buyers, regions) give way first.
        hint = self.chapter.fontMetrics().horizontalAdvance(self.chapter.placeholderText())
        self.chapter.setMinimumWidth(hint + 16)
        self.chapter.setMaximumWidth(max(90, hint + 16))
        for combo, letters in (
            (self.status, 6),
            (self.verdict, 6),
            (self.buyer, 6),
            (self.region, 6),
            (self.deal_fit, 7),
        ):
            share_filter_row(combo, letters)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.status,
            self.verdict,
            QLabel(self.tr("Score"), self),
            self.min_score,
            QLabel("–", self),
            self.max_score,
            self.chapter,
            self.buyer,
            self.region,
            self.deal_fit,
        ):
            layout.addWidget(widget)
        for combo in (self.status, self.verdict, self.buyer, self.region, self.deal_fit):
            combo.currentIndexChanged.connect(self.changed)
        for spin in (self.min_score, self.max_score):
            spin.valueChanged.connect(self.changed)
        self.chapter.textChanged.connect(self.changed)
        self.fill_choices()

    def fill_choices(self) -> None:
        """Read the buyers and regions again (on the worker; filled when they arrive)."""

        def read(session: Session) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
            return buyer_choices(session), [(r, r) for r in region_choices(session)]

        def arrived(choices: tuple[list[tuple[Any, str]], list[tuple[Any, str]]]) -> None:
            buyers, regions = choices
            for combo, items, everyone in (
                (self.buyer, buyers, self.tr("All buyers")),
                (self.region, regions, self.tr("All regions")),
            ):
                refill_choices(combo, items, everyone)
                # The box may be narrow; its list shows the names whole.
                combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)

        self.operations.read(read, arrived, parent=self)

    def filters(self) -> ReviewFilters:
        """The filters as chosen (deal fit apart: it is judged in Python, see :meth:`fit`)."""
        chapter = self.chapter.text().strip()
        status, verdict = self.status.currentData(), self.verdict.currentData()
        return ReviewFilters(
            statuses=(MatchStatus(status),) if status else (),
            min_score=self.min_score.value() or None,
            max_score=self.max_score.value() if self.max_score.value() < 100 else None,
            verdicts=(Verdict(verdict),) if verdict else (),
            hs_chapter=chapter if len(chapter) == 2 and chapter.isdigit() else None,
            buyer_id=self.buyer.currentData(),
            region=self.region.currentData(),
        )

    def fit(self) -> Fit | None:
        """The deal fit chosen, or ``None`` for any."""
        return self.deal_fit.chosen()

    def clear(self) -> None:
        """Every filter back to "any", with one ``changed`` at the end."""
        self.blockSignals(True)
        try:
            for combo in (self.status, self.verdict, self.buyer, self.region, self.deal_fit):
                combo.setCurrentIndex(0)
            self.min_score.setValue(0)
            self.max_score.setValue(100)
            self.chapter.clear()
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def drop_fit_filter(self) -> None:
        """Show "any deal fit" again without a ``changed`` (the filter was given up)."""
        self.blockSignals(True)
        self.deal_fit.setCurrentIndex(0)
        self.blockSignals(False)
