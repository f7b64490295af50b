"""The start screen: what is in the database, and how matching is going."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.services.dashboard import DashboardFigures, dashboard_figures
from desktop_app.ui.bar_chart import BarChart
from desktop_app.ui.operations import Operations


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
    """Counts and two charts, refreshed whenever the page is shown."""

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
        self.chapter_chart = BarChart(self.tr("Matches by HS chapter"), self)
        self.score_chart = BarChart(self.tr("Score distribution"), self)
        charts = QHBoxLayout()
        charts.addWidget(self.chapter_chart)
        charts.addWidget(self.score_chart)
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
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
        self.chapter_chart.set_bars(figures.matches_by_chapter)
        self.score_chart.set_bars(
            [(f"{band * 10}", count) for band, count in enumerate(figures.score_histogram)]
        )
