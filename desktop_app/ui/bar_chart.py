"""A small bar chart painted with QPainter (Qt Charts is not in the Essentials wheel)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Vertical bars with a label under each and its value above; or, ``horizontal``,
    one bar a line with its label (a name, elided to fit) on the left."""

    def __init__(self, title: str, parent: QWidget | None = None, horizontal: bool = False) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        """Show ``bars`` as (label, value) pairs."""
        self.bars = bars
        self.setAccessibleDescription(", ".join(f"{label}: {value}" for label, value in bars))
        if self.horizontal:  # labels are elided to fit: the tooltip has them in full
            self.setToolTip("\n".join(f"{label}: {value}" for label, value in bars))
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
        if self.horizontal:
            self._paint_rows(painter, area, top, bar_color)
            return
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

    def _paint_rows(self, painter: QPainter, area: QRectF, top: int, bar_color: QColor) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        slot = min(area.height() / len(self.bars), 2.2 * line)
        label_width = area.width() * 0.45
        value_width = metrics.horizontalAdvance(str(top)) + 8
        room = max(4.0, area.width() - label_width - value_width - 8)
        for index, (label, value) in enumerate(self.bars):
            y = area.top() + index * slot
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(
                QRectF(area.left(), y, label_width, slot),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            width = room * value / top
            bar = QRectF(area.left() + label_width + 4, y + slot * 0.2, width, slot * 0.6)
            painter.fillRect(bar, bar_color)
            painter.drawText(
                QRectF(bar.right() + 4, y, value_width, slot),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
