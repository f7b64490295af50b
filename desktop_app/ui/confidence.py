"""Score to colour in one small function, and the delegate that paints it (after Picard's
``match_icons``): green for a confident match, amber for one to look at, red for a weak one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.domain.enums import Verdict
from desktop_app.core.services.review import shown_score

CONFIDENT = 80.0
PLAUSIBLE = 60.0
SCORE_ROLE = Qt.ItemDataRole.UserRole + 10
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 11


def confidence_colour(score: float, verdict: Verdict | None = None) -> QColor:
    """The colour of a candidate's confidence: its score, lowered by a doubtful verdict."""
    if verdict is Verdict.BELOW_FLOOR or score < PLAUSIBLE:
        return QColor("#d84343")
    if verdict is Verdict.AMBIGUOUS or score < CONFIDENT:
        return QColor("#e0a030")
    return QColor("#2e9d57")


class ConfidenceDelegate(QStyledItemDelegate):
    """Paints the score as a coloured pill with the number in it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        score = index.data(SCORE_ROLE)
        if score is None:
            super().paint(painter, option, index)
            return
        verdict = index.data(VERDICT_ROLE)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(4, 3, -4, -3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(confidence_colour(float(score), verdict))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(shown_score(float(score))))
        painter.restore()
