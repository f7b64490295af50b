"""Deal fit on the review card: one row per comparison, request beside offer, coloured
green where they agree, red where they conflict, grey where it is unknown (as Picard
shows a file's tags against a release's)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit, Fit

FIT_COLOURS = {
    Fit.AGREE: QColor("#d7f0dd"),
    Fit.CONFLICT: QColor("#f8d4d4"),
    Fit.UNKNOWN: QColor("#e6e6e6"),
}


# The most of the card's width the title, buyer and offer columns may take; the outcome
# (the reason, the sentence a reviewer reads) keeps the rest, at least a third.
SIDE_COLUMN_SHARES = (0.3, 0.18, 0.18)


def fit_colour(fit: Fit) -> QColor:
    """The background of a deal-fit row or cell."""
    return FIT_COLOURS[fit]


class DealFitTable(QTableWidget):
    """The deal-fit rows of one candidate; empty when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("deal_fit_table")
        self.setHorizontalHeaderLabels(
            [self.tr("Deal fit"), self.tr("Buyer"), self.tr("Offer"), self.tr("Outcome")]
        )
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The card is narrow and Russian titles are long: the columns wrap inside the
        # card's width rather than pushing the outcome behind a scroll bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(
            self.tr("Can the deal happen? A second judgement: it never changes the score.")
        )
        self.fit: DealFit | None = None

    def show_fit(self, fit: DealFit | None) -> None:
        """Show ``fit``'s rows, or clear the table."""
        self.fit = fit
        rows = fit.rows if fit is not None else ()
        self.setRowCount(len(rows))
        for number, row in enumerate(rows):
            outcome = f"{FIT_TITLES[row.fit]()}: {row.reason}"
            if row.warning:
                outcome += f" ⚠ {row.warning}"
            for column, text in enumerate((row.title, row.request, row.offer, outcome)):
                item = QTableWidgetItem(text)
                item.setBackground(fit_colour(row.fit))
                item.setForeground(QColor("#000000"))
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, row.fit.value)
                self.setItem(number, column, item)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give each side column its content's width up to a share of the card, the
        outcome the rest, and let long texts wrap onto more lines."""
        available = self.viewport().width()
        header = self.horizontalHeader()
        for column, share in enumerate(SIDE_COLUMN_SHARES):
            wanted = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, max(1, min(wanted, int(available * share))))
        self.resizeRowsToContents()
