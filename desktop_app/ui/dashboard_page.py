"""The start screen: what is in the database, and how matching is going."""

from __future__ import annotations

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

from desktop_app.core.services.dashboard import DashboardFigures, dashboard_figures
from desktop_app.core.validation import hs_catalog
from desktop_app.ui.bar_chart import BarChart
from desktop_app.ui.operations import Operations
from desktop_app.ui.translations import interface_language


def chapter_label(chapter: str) -> str:
    """An HS chapter for the chart: its number and the start of its name, in the
    interface language where the catalogue has it (Russian), else in English."""
    entry = hs_catalog().chapter(chapter)
    if entry is None:
        return chapter
    russian = interface_language() == "ru" and entry.description_ru
    name = (entry.description_ru if russian else None) or entry.description_en
    return f"{chapter} {name.split(';')[0].strip()}"


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
        """Count again, on the worker."""
        self.operations.read(dashboard_figures, self._show, parent=self)

    def _show(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self.tiles["companies"].value.setText(str(figures.companies))
        self.tiles["products"].value.setText(str(figures.active_products))
        self.tiles["demand"].value.setText(str(figures.open_demand_lines))
        self.tiles["suggested"].value.setText(str(figures.suggested_matches))
        self.tiles["accepted"].value.setText(str(figures.accepted_matches))
        matched = figures.suggested_matches + figures.accepted_matches + figures.rejected_matches
        self.no_matches.setVisible(
            figures.active_products > 0 and figures.open_demand_lines > 0 and not matched
        )
        self.chapter_chart.set_bars(
            [(chapter_label(chapter), count) for chapter, count in figures.matches_by_chapter]
        )
        self.score_chart.set_bars(
            [(f"{band * 10}", count) for band, count in enumerate(figures.score_histogram)]
        )
