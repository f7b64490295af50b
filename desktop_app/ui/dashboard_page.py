"""The start screen: what is in the database, and how matching is going."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.i18n import number_text
from desktop_app.core.services.dashboard import DashboardFigures, dashboard_figures
from desktop_app.core.validation.hs_chapters import chapter_short_name
from desktop_app.ui.bar_chart import BarChart
from desktop_app.ui.operations import Operations
from desktop_app.ui.translations import current_language


def chapter_label(chapter: str, language: str | None = None) -> str:
    """An HS chapter for the chart: its number and the start of its name in the interface
    language (English, Russian or Chinese), e.g. "15 Жиры и масла животного…"."""
    name = chapter_short_name(chapter, language or current_language())
    return f"{chapter} {name}" if name else chapter


class _Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("0", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(title, self)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class DashboardPage(QWidget):
    """Counts and two charts, refreshed whenever the page is shown; with products and
    demand but no matches yet, an offer to run the matcher."""

    run_matching_requested = Signal()

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_dashboard")
        self.operations = operations
        self.tiles = {
            "companies": _Tile(self.tr("Companies"), self),
            "products": _Tile(self.tr("Active products"), self),
            "demand": _Tile(self.tr("Open demand lines"), self),
            "suggested": _Tile(self.tr("Suggested matches"), self),
            "accepted": _Tile(self.tr("Accepted matches"), self),
        }
        tiles = QGridLayout()
        for column, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, column)
        self.no_matches = QFrame(self)
        self.no_matches.setObjectName("dashboard_no_matches")
        self.no_matches.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_matches_text = QLabel(
            self.tr(
                "There are products and demand but no matches yet. Run the matcher to score "
                "the demand against the products; Review then lists the candidates."
            ),
            self.no_matches,
        )
        self.no_matches_text.setWordWrap(True)
        self.run_matching = QPushButton(self.tr("Run matching now (Ctrl+M)"), self.no_matches)
        self.run_matching.setObjectName("dashboard_run_matching")
        self.run_matching.clicked.connect(self.run_matching_requested)
        banner = QHBoxLayout(self.no_matches)
        banner.addWidget(self.no_matches_text, 1)
        banner.addWidget(self.run_matching)
        self.no_matches.hide()
        self.chapter_chart = BarChart(self.tr("Matches by HS chapter"), self, horizontal=True)
        self.score_chart = BarChart(self.tr("Score distribution"), self)
        charts = QHBoxLayout()
        charts.addWidget(self.chapter_chart)
        charts.addWidget(self.score_chart)
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
        layout.addWidget(self.no_matches)
        layout.addLayout(charts, 1)
        self.figures: DashboardFigures | None = None

    def refresh(self) -> None:
        """Count again, and name the chapters, on the worker."""
        language = current_language()

        def read(session: Session) -> tuple[DashboardFigures, dict[str, str]]:
            figures = dashboard_figures(session)
            labels = {ch: chapter_label(ch, language) for ch, _n in figures.matches_by_chapter}
            return figures, labels

        self.operations.read(read, lambda result: self._show(*result), parent=self)

    def _show(self, figures: DashboardFigures, labels: dict[str, str] | None = None) -> None:
        self.figures = figures
        labels = labels or {}
        self.tiles["companies"].value.setText(number_text(Decimal(figures.companies), 0))
        self.tiles["products"].value.setText(number_text(Decimal(figures.active_products), 0))
        self.tiles["demand"].value.setText(number_text(Decimal(figures.open_demand_lines), 0))
        self.tiles["suggested"].value.setText(number_text(Decimal(figures.suggested_matches), 0))
        self.tiles["accepted"].value.setText(number_text(Decimal(figures.accepted_matches), 0))
        matched = figures.suggested_matches + figures.accepted_matches + figures.rejected_matches
        self.no_matches.setVisible(
            figures.active_products > 0 and figures.open_demand_lines > 0 and not matched
        )
        self.chapter_chart.set_bars(
            [(labels.get(chapter, chapter), count) for chapter, count in figures.matches_by_chapter]
        )
        self.score_chart.set_bars(
            [(f"{band * 10}", count) for band, count in enumerate(figures.score_histogram)]
        )
