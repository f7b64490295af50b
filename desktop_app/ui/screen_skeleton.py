"""What the window shows of its first screen until the database is open and the data came."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget


class ScreenSkeleton(QWidget):
    """The first screen's title, a busy bar and what the window is waiting for.

    Shown in the real window's frame (navigation, menus, status bar all live) while the
    database opens and migrates on the worker and the first screen reads its data; the
    screen itself takes its place once its data arrived.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_skeleton")
        self.title = QLabel(title, self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # busy: no known end
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(360)
        self.status = QLabel(self.tr("Opening the database…"), self)
        self.status.setObjectName("screen_skeleton_status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addSpacing(24)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.status, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def set_status(self, text: str) -> None:
        """Say what the window waits for now."""
        self.status.setText(text)
