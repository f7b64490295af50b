"""Load what the start path leaves for later, on a thread of its own once the window shows.

Opening the window does not import the matcher (RapidFuzz, the glossary), the exporting
writers (openpyxl), SciPy for pooling or Alembic: together they cost seconds, and the
window comes first. Left there, each would be paid by the first click that needs it (the
first matching run, export, pool proposal, concept title), up to two seconds later than
before they were deferred. So once the window is shown, one daemon thread imports them
and loads the glossary, while the person looks at the dashboard. Python's import locks
make a click that needs a module still loading wait for that module only. CPU work, no
database: it is not the task runner's. A click during the preload shares the GIL with
it, so the preload does first what the first screens need.

A failure here is logged and otherwise ignored: the feature imports its module itself
when used, and reports the problem then.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer

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
"""Imported at start before they were deferred. The glossary is loaded first, then the
matcher: Review's concept titles and a matching run need both, and a screen that asks for
the glossary while it is being built waits for that build instead of starting another.
Export and pooling follow; restore's Alembic is last. The HS search index is left to the
HS completer, which builds it on its own thread when a form opens."""

START_DELAY_MS = 200  # the window's first paint and the dashboard's first read go first

_started = threading.Lock()
_threads: list[threading.Thread] = []


def _glossary() -> None:
    from desktop_app.core.matching.glossary import shipped_glossary

    shipped_glossary()


def _steps() -> list[tuple[str, Callable[[], object]]]:
    # The glossary needs only its own module (RapidFuzz, the text normalization), not the
    # engine's index (SciPy's sparse matrices): Review's concept titles get it soonest.
    steps: list[tuple[str, Callable[[], object]]] = [("glossary", _glossary)]
    steps += [(name, partial(importlib.import_module, name)) for name in (*MATCHER, *LATER)]
    return steps


def preload_now() -> None:
    """Import and load everything deferred, in this thread (the preload thread's work)."""
    for name, step in _steps():
        try:
            step()
        except Exception:  # the feature loads it again when used, and reports it then
            log.warning("preloading %s failed", name, exc_info=True)


def start_preload() -> threading.Thread:
    """Start the preload thread, once per process; returns it."""
    with _started:
        if not _threads:
            thread = threading.Thread(target=preload_now, name="preload", daemon=True)
            _threads.append(thread)
            thread.start()
        return _threads[0]


def preload_after_show(delay_ms: int = START_DELAY_MS) -> None:
    """Start the preload ``delay_ms`` after the event loop runs (call after ``show()``)."""
    QTimer.singleShot(delay_ms, start_preload)
