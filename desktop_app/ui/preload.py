"""Load what the start path leaves for later, on a thread of its own once the window shows.

Opening the window imports neither the screens other than the first (nor, before it
shows, even that one, SQLAlchemy or the models), the matcher (RapidFuzz, the glossary),
the exporting writers (openpyxl), SciPy for pooling or Alembic: together they cost
seconds, and the window comes first. Left there, each would be paid by the first click
that needs it (the first visit of a screen, matching run, export, pool proposal, concept
title). So once the first screen shows with its data, one daemon thread imports them and
loads the glossary, while the person looks at the dashboard; as soon as the screens'
modules are in, the GUI thread builds the screens not built yet, one per turn of its
event loop. Python's import locks make a click that needs a module still loading wait
for that module only. CPU work, no database: it is not the task runner's. A click during
the preload shares the GIL with it, so the preload does first what the first screens
need.

A failure here is logged and otherwise ignored: the feature imports its module itself
when used, and reports the problem then.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.ui.main_window import SCREEN_MODULES

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MATCHER = ("desktop_app.core.matching.engine", "desktop_app.core.matching.term_lookup")
LATER = (
    "desktop_app.core.exporting.service",
    "openpyxl",
    "desktop_app.core.pooling.proposal",
    "scipy.optimize",
    "alembic.script",
    "alembic.command",
)
"""Imported at start before they were deferred. The screens' modules come first, then the
glossary, then the matcher: Review's concept titles and a matching run need both, and a
screen that asks for the glossary while it is being built waits for that build instead of
starting another.
Export and pooling follow; restore's Alembic is last. The HS search index is left to the
HS completer, which builds it on its own thread when a form opens."""

START_DELAY_MS = 200  # after the first screen's data: its first paint goes first
BUILD_INTERVAL_MS = 30  # between two screens built on the GUI thread: clicks go between

_started = threading.Lock()
_threads: list[threading.Thread] = []
_screens_loaded: list[Callable[[], object]] = []  # told once the screens' modules are in
_screens_done = False


def _glossary() -> None:
    from desktop_app.core.matching.glossary import shipped_glossary

    shipped_glossary()


DIALOGS = (
    "desktop_app.ui.settings_dialog",
    "desktop_app.ui.backup_dialog",
    "desktop_app.ui.about_dialog",
)
"""The window's dialogs, imported when first opened (the import wizard with the screens)."""


def _import_screens() -> None:
    # The import wizard first (the importing layer, the biggest of them): a new office's
    # first click. Before the window showed first, all of these were imported at start.
    for name in ("desktop_app.ui.import_wizard", *SCREEN_MODULES, *DIALOGS):
        importlib.import_module(name)


def _steps() -> list[tuple[str, Callable[[], object]]]:
    # The glossary needs only its own module (RapidFuzz, the text normalization), not the
    # engine's index (SciPy's sparse matrices): Review's concept titles get it soonest.
    steps: list[tuple[str, Callable[[], object]]] = [
        ("screens", _import_screens),
        ("glossary", _glossary),
    ]
    steps += [(name, partial(importlib.import_module, name)) for name in (*MATCHER, *LATER)]
    return steps


def _tell_screens_loaded() -> None:
    global _screens_done
    with _started:
        _screens_done = True
        waiting = list(_screens_loaded)
        _screens_loaded.clear()
    for callback in waiting:
        try:
            callback()
        except RuntimeError:  # its window was closed and deleted meanwhile
            log.debug("the screens' modules are in, for a window that is gone")


def preload_now() -> None:
    """Import and load everything deferred, in this thread (the preload thread's work)."""
    for name, step in _steps():
        try:
            step()
        except Exception:  # the feature loads it again when used, and reports it then
            log.warning("preloading %s failed", name, exc_info=True)
        if name == "screens":
            _tell_screens_loaded()


def start_preload(screens_loaded: Callable[[], object] | None = None) -> threading.Thread:
    """Start the preload thread, once per process; returns it. ``screens_loaded()`` is
    called (on the preload thread, or at once) when the screens' modules are imported."""
    with _started:
        if screens_loaded is not None:
            if _screens_done:
                ready = screens_loaded
            else:
                _screens_loaded.append(screens_loaded)
                ready = None
        else:
            ready = None
        if not _threads:
            thread = threading.Thread(target=preload_now, name="preload", daemon=True)
            _threads.append(thread)
            thread.start()
        thread = _threads[0]
    if ready is not None:
        ready()
    return thread


class ScreenBuilder(QObject):
    """Builds the window's remaining screens on the GUI thread, one per turn."""

    screens_loaded = Signal()  # emitted by the preload thread, delivered on the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.screens_loaded.connect(self._build_next)

    def _build_next(self) -> None:
        if self.window.build_remaining_screen():
            QTimer.singleShot(BUILD_INTERVAL_MS, self._build_next)


def preload_after_show(window: MainWindow | None = None, delay_ms: int = START_DELAY_MS) -> None:
    """Start the preload ``delay_ms`` after the event loop runs (call after ``show()``);
    with ``window``, its screens not built yet are built once their modules are in."""
    builder = ScreenBuilder(window) if window is not None else None
    loaded = builder.screens_loaded.emit if builder is not None else None
    QTimer.singleShot(delay_ms, lambda: start_preload(loaded))
