"""Review's filters as one widget (status, verdict, score range, HS chapter, buyer, region),
for the screens that list candidates outside the review queue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.services.demand import buyer_choices
from desktop_app.core.services.review import ReviewFilters, region_choices
from desktop_app.ui.choice_combo import refill_choices
from desktop_app.ui.labels import status_title, verdict_title
from desktop_app.ui.operations import Operations


class ReviewFilterBar(QWidget):
    """The same filters as the review queue; ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_filter_bar")
        self.operations = operations
        self.status = QComboBox(self)
        for status in (MatchStatus.SUGGESTED, MatchStatus.ACCEPTED, MatchStatus.REJECTED):
            self.status.addItem(status_title(status), status.value)
        self.status.addItem(self.tr("Any status"), "")
        self.status.setCurrentIndex(3)
        self.verdict = QComboBox(self)
        self.verdict.addItem(self.tr("Any verdict"), "")
        for verdict in (Verdict.SUGGESTED, Verdict.AMBIGUOUS, Verdict.BELOW_FLOOR):
            self.verdict.addItem(verdict_title(verdict), verdict.value)
        self.min_score = QDoubleSpinBox(self)
        self.max_score = QDoubleSpinBox(self)
        for spin, value in ((self.min_score, 0), (self.max_score, 100)):
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setValue(value)
        self.chapter = QLineEdit(self)
        self.chapter.setPlaceholderText(self.tr("HS chapter"))
        self.chapter.setMaxLength(2)
        self.chapter.setMaximumWidth(90)
        self.buyer = QComboBox(self)
        self.region = QComboBox(self)
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
        ):
            layout.addWidget(widget)
        for combo in (self.status, self.verdict, self.buyer, self.region):
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

        self.operations.read(read, arrived, parent=self)

    def filters(self) -> ReviewFilters:
        """The filters as chosen."""
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
