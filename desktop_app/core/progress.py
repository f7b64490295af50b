"""Progress and cancellation for long work, without any GUI toolkit.

Long operations (import, matching, export) take a :class:`ProgressReporter`. The GUI
passes one that forwards to a progress dialog through a signal, the CLI one that draws a
terminal bar, and tests a recorder or :data:`NULL_PROGRESS`. Cancellation is cooperative:
the core calls :meth:`ProgressReporter.check_cancelled` between chunks of work.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Protocol, TextIO

from desktop_app.core.errors import Cancelled


class ProgressReporter(Protocol):
    """What long-running core code reports to and asks about."""

    def start(self, total: int | None, message: str = "") -> None:
        """A new phase begins, with ``total`` steps or ``None`` when unknown."""

    def advance(self, done: int, message: str = "") -> None:
        """``done`` steps of the current phase are finished."""

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` when the user asked to stop."""


class CancelToken:
    """A thread-safe flag the GUI sets and the worker checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._event.is_set()


class NullProgress:
    """Reports nowhere; honours an optional cancel token."""

    def __init__(self, token: CancelToken | None = None) -> None:
        self.token = token

    def start(self, total: int | None, message: str = "") -> None:
        """Ignore the new phase."""

    def advance(self, done: int, message: str = "") -> None:
        """Ignore the progress."""

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` when the token was cancelled."""
        if self.token is not None and self.token.cancelled:
            raise Cancelled()


NULL_PROGRESS = NullProgress()


class TerminalProgress(NullProgress):
    """A one-line progress bar on a terminal; silent when the stream is not a TTY."""

    def __init__(
        self, stream: TextIO | None = None, token: CancelToken | None = None, width: int = 30
    ) -> None:
        super().__init__(token)
        self.stream = stream or sys.stderr
        self.width = width
        self.total: int | None = None
        self.message = ""
        self._last_draw = 0.0
        self._enabled = self.stream.isatty()

    def start(self, total: int | None, message: str = "") -> None:
        """Begin a new bar."""
        self.total = total
        self.message = message
        self._draw(0, force=True)

    def advance(self, done: int, message: str = "") -> None:
        """Redraw the bar at most ten times a second."""
        if message:
            self.message = message
        self._draw(done, force=self.total is not None and done >= self.total)

    def _draw(self, done: int, force: bool = False) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        if self.total:
            share = min(1.0, done / self.total)
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r{self.message} [{bar}] {done}/{self.total}"
        else:
            text = f"\r{self.message} {done}"
        self.stream.write(text[:200].ljust(60))
        if force and self.total is not None and done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
