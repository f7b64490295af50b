"""A small bar chart painted with QPainter (Qt Charts is not in the Essentials wheel)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Vertical bars with a label under each and its value above."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        """Show ``bars`` as (label, value) pairs."""
        self.bars = bars
        self.setAccessibleDescription(", ".join(f"{label}: {value}" for label, value in bars))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text_color)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignLeft, self.title
        )
        font.setBold(False)
        painter.setFont(font)
        area = QRectF(4, line + 8 + line, self.width() - 8, self.height() - 3 * line - 16)
        if not any(value for _label, value in self.bars):
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No data yet"))
            return
        top = max(value for _label, value in self.bars) or 1
        slot = area.width() / len(self.bars)
        width = max(4.0, slot * 0.7)
        for index, (label, value) in enumerate(self.bars):
            x = area.left() + index * slot + (slot - width) / 2
            height = area.height() * value / top
            rect = QRectF(x, area.bottom() - height, width, height)
            painter.fillRect(rect, bar_color)
            painter.drawText(
                QRectF(x - 10, rect.top() - line - 2, width + 20, line),
                Qt.AlignmentFlag.AlignCenter,
                str(value),
            )
            painter.drawText(
                QRectF(x - 10, area.bottom() + 2, width + 20, line),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
