"""Which dragged file the window or the import wizard may take: an importable local file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

IMPORTABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The importable local file carried by a drag, if any."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    for url in urls:
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in IMPORTABLE_SUFFIXES:
            return path
    return None
