"""What the user sees when something goes wrong.

Expected errors (:class:`~desktop_app.core.errors.UserError`) are shown as their message.
Anything else is a bug: it is logged with its traceback, and the dialog says where the
log is; the application keeps running.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.logging_setup import log_path

log = logging.getLogger(__name__)


def show_user_error(parent: QWidget | None, error: UserError, title: str = "") -> None:
    """Show an expected error's message."""
    QMessageBox.warning(
        parent, title or QApplication.translate("errors", "ExportMatch"), error.message
    )


def show_bug(parent: QWidget | None, summary: str) -> None:
    """Tell the user an unexpected error happened and where its details are."""
    where = log_path()
    text = QApplication.translate(
        "errors",
        "An unexpected error happened: {summary}\n\nThis is a bug in ExportMatch. "
        "Your data is safe: the operation was not completed. "
        "The details are in the log file:\n{log}",
    ).format(summary=summary, log=where or "-")
    QMessageBox.critical(parent, QApplication.translate("errors", "Unexpected error"), text)


def report_failure(parent: QWidget | None, exc: BaseException, formatted: str) -> None:
    """Show a background task's failure the right way for its kind."""
    if isinstance(exc, UserError):
        show_user_error(parent, exc)
        return
    log.error("unexpected error in a background task:\n%s", formatted)
    show_bug(parent, f"{type(exc).__name__}: {exc}")


def install_excepthook() -> None:
    """Route uncaught exceptions in the GUI thread to the log and a dialog."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, UserError):
            show_user_error(QApplication.activeWindow(), value)
            return
        log.error("uncaught exception", exc_info=(kind, value, tb))
        show_bug(QApplication.activeWindow(), f"{kind.__name__}: {value}")

    sys.excepthook = hook
