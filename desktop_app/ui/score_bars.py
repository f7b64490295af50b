"""The parts of a match score as horizontal bars: name, concept, HS, attributes, model."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui.confidence import confidence_colour

ROW_HEIGHT = 18


class ScoreBars(QWidget):
    """One labelled bar per score part, 0 to 100, coloured by its own confidence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.titles = {
            "name": self.tr("Name similarity"),
            "concept": self.tr("Glossary concept"),
            "hs": self.tr("HS agreement"),
            "attributes": self.tr("Attributes"),
            "model": self.tr("Model / grade"),
        }

    def set_parts(self, parts: dict[str, float]) -> None:
        """Show ``parts`` (name -> 0..100)."""
        self.parts = [(self.titles.get(key, key), float(value)) for key, value in parts.items()]
        self.setAccessibleDescription(
            ", ".join(f"{title}: {value:.0f}" for title, value in self.parts)
        )
        self.setFixedHeight(max(1, len(self.parts)) * ROW_HEIGHT + 4)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, max(1, len(self.parts)) * ROW_HEIGHT + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        track = self.palette().color(QPalette.ColorRole.Mid)
        label_width = min(160, self.width() // 3)
        for row, (title, value) in enumerate(self.parts):
            top = row * ROW_HEIGHT + 2
            painter.setPen(text)
            painter.drawText(
                QRectF(0, top, label_width - 6, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                title,
            )
            bar = QRectF(label_width, top + 3, self.width() - label_width - 40, ROW_HEIGHT - 6)
            painter.fillRect(bar, track)
            painter.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * value / 100, bar.height()),
                confidence_colour(value),
            )
            painter.drawText(
                QRectF(bar.right() + 4, top, 36, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f}",
            )
