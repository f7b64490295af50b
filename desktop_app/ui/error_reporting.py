"""What the user sees when something goes wrong.

Expected errors (:class:`~desktop_app.core.errors.UserError`) are shown as their message.
Anything else is a bug: it is logged with its traceback, and the dialog says where the
log is; the application keeps running. A lost or refused database connection is expected
too, and passing: :func:`offer_retry` lets the user run the work again.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.errors import DatabaseError, UserError
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


class AlreadyReported(UserError):
    """A failure the user has seen already (and chose not to retry); shown no more."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def connection_failed(exc: BaseException) -> bool:
    """True when ``exc`` is a lost, refused or busy connection: trying again may work."""
    # Imported here: the window shows before SQLAlchemy is loaded, and a failure of the
    # database is reported after it was.
    from sqlalchemy.exc import DBAPIError, OperationalError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OperationalError):
            return True
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        if not isinstance(seen, DatabaseError):
            return False
        # core's translate_operational_error raises the DatabaseError from the driver's.
        seen = seen.__cause__
    return False


def offer_retry(parent: QWidget, exc: BaseException) -> bool:
    """Show a connection failure with Retry and Cancel; True when the user chose Retry."""
    from sqlalchemy.exc import OperationalError

    from desktop_app.core.database.session import translate_operational_error

    if isinstance(exc, UserError):
        message = exc.message
    elif isinstance(exc, OperationalError):
        message = translate_operational_error(exc, "").message
    else:
        message = str(exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QApplication.translate("errors", "Database connection"),
        QApplication.translate(
            "errors", "{message}\n\nCheck the network or the database server, then retry."
        ).format(message=message),
        QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


def report_failure(parent: QWidget | None, exc: BaseException, formatted: str) -> None:
    """Show a background task's failure the right way for its kind."""
    if isinstance(exc, AlreadyReported):
        return
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
