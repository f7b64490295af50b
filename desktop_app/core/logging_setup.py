"""The rotating log every ExportMatch process writes."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop_app.core.paths import user_log_dir

LOG_FILE_NAME = "exportmatch.log"
_configured: Path | None = None


def configure_logging(level: int = logging.INFO, log_dir: Path | None = None) -> Path:
    """Send log records to a rotating file (5 x 2 MB) and return its path."""
    global _configured
    path = (log_dir or user_log_dir()) / LOG_FILE_NAME
    if _configured == path:
        return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.setLevel(level)
    for existing in list(root.handlers):
        if getattr(existing, "_exportmatch", False):
            root.removeHandler(existing)
            existing.close()
    handler._exportmatch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    _configured = path
    return path


def log_path() -> Path | None:
    """The log file of this process, once :func:`configure_logging` ran."""
    return _configured
