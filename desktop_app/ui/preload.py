"""Load what the start path leaves for later, on a thread of its own, in small steps.

Opening the window imports neither the screens other than the first (nor, before it
shows, even that one, SQLAlchemy or the models), the matcher (RapidFuzz, the glossary),
the exporting writers (openpyxl), SciPy for pooling or Alembic: together they cost
seconds, and the window comes first. Left there, each would be paid by the first click
that needs it (the first visit of a screen, a matching run, an export, a pool proposal,
a review card's gloss). So from the window's first paint one daemon thread imports them
and reads the shipped data they need, one module or one reader per step, in the order a
person is likeliest to need them (:func:`steps`), and the GUI thread builds each screen
once its module is in (:class:`ScreenBuilder`, one per turn of its event loop).

The thread shares the interpreter's lock with the GUI and the database worker, so it
gives way to them: before each step it waits until the GUI thread waits for events and
(once the first screen has its data) the worker has nothing to do (:class:`Gate`). A
click therefore runs beside at most the one step under way (tens of milliseconds, the
largest about 0.3 s of CPU), never beside the rest. Python's import locks and the
glossary's own lock make a click that needs what a step is loading wait for that step
only, not do it twice. CPU work, no database: it is not the task runner's.

A failure here is logged and otherwise ignored: the feature loads its module or data
itself when used, and reports the problem then.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.ui.main_window import SCREENS

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SCREEN_ORDER = ("review", "matches", "import", "export", "demand", "products", "companies")
"""The screens' modules by how likely a person opens each first: Review (the trade
officer's screen) and Matches, the import wizard (a new office's first click), Export,
then the record lists; Audit last. The first screen is imported on the GUI thread."""

IMPORT_WIZARD = "desktop_app.ui.import_wizard"
DIALOGS = (
    "desktop_app.ui.settings_dialog",
    "desktop_app.ui.backup_dialog",
    "desktop_app.ui.about_dialog",
)
"""The window's dialogs, imported when first opened."""
REVIEW_NEEDS = ("desktop_app.core.services.naming", "desktop_app.core.pooling.fit_service")
"""What Review's first card reads on the worker (the gloss, the deal fit)."""
EXPORT_NEEDS = ("desktop_app.core.exporting.service", "openpyxl")
MATCHER = ("desktop_app.core.matching.engine", "desktop_app.core.matching.term_lookup")
LATER = ("desktop_app.core.pooling.proposal", "scipy.optimize", "alembic.script", "alembic.command")
"""Imported at start before they were deferred: pooling (SciPy), restore's Alembic."""

POLL_S = 0.005  # how often a waiting step looks again whether the GUI and worker are idle
UNANSWERED_S = 5.0  # a GUI that has not answered for so long is gone (or hung): go on
WORKER_WAIT_S = 1.0  # at most this long behind a worker's background work (a million ids)
STOP_WAIT_S = 5.0  # at quit, for the step under way (the largest take 0.3 s of CPU)
BUILD_INTERVAL_MS = 30  # between two screens built on the GUI thread: clicks go between

_started = threading.Lock()
_threads: list[threading.Thread] = []
_listeners: list[Callable[[str], object]] = []  # told each module imported, by name
_loaded: list[str] = []


def _module(name: str) -> Callable[[], object]:
    return partial(importlib.import_module, name)


def steps() -> list[tuple[str, Callable[[], object]]]:
    """The preload's steps, in order: ``(name, step)``; a module's name is its step's."""
    from desktop_app.core.matching import warm

    screen_modules = {key: module for key, (module, _class) in SCREENS.items()}
    screen_modules["import"] = IMPORT_WIZARD
    ordered = [screen_modules[key] for key in SCREEN_ORDER]
    ordered += [m for m in screen_modules.values() if m not in ordered]  # Dashboard, Audit
    found: list[tuple[str, Callable[[], object]]] = []
    # Review, Matches and the import wizard first: a click waits for a screen's module
    # on the GUI thread, the window still. Then what Review's first card reads on the
    # worker (its gloss fills in after the card shows), then the other screens.
    found += [(name, _module(name)) for name in ordered[:3]]
    found += [(name, _module(name)) for name in REVIEW_NEEDS]
    found += list(warm.GLOSSARY)
    found += [(name, _module(name)) for name in (*ordered[3:], *DIALOGS)]
    found += [(name, _module(name)) for name in MATCHER]
    found += list(warm.STEPS)
    found += [(name, _module(name)) for name in (*EXPORT_NEEDS, *LATER)]
    return found


class Gate:
    """Whether the preload may take its next step: the GUI thread has answered a ping
    (it has handled what it was doing) and, when :attr:`watch_worker` is set, the
    database worker is idle.

    Opened from the GUI thread (:class:`GateKeeper`), waited on by the preload thread;
    without a keeper (a test, the CLI) it is always open."""

    def __init__(self) -> None:
        self.ping: Callable[[], object] | None = None  # asks the GUI thread to answer
        self.answered = threading.Event()
        self.worker_busy = False
        self.watch_worker = False
        self.stopped = threading.Event()  # the application is quitting: no further step

    def answer(self) -> None:
        """The GUI thread's answer to a ping (it reached the ping in its event queue)."""
        self.answered.set()

    def wait(self) -> float:
        """Block until open; returns the seconds waited. The worker is waited for at most
        :data:`WORKER_WAIT_S` (a background count of a million ids must not stop it)."""
        started = time.monotonic()
        while self.watch_worker and self.worker_busy and not self.stopped.is_set():
            if time.monotonic() - started > WORKER_WAIT_S:
                break
            time.sleep(POLL_S)
        ping = self.ping
        if ping is not None and not self.stopped.is_set():
            self.answered.clear()
            try:
                ping()
            except RuntimeError:  # the keeper's window is gone: nothing to give way to
                self.ping = None
            else:
                self.answered.wait(UNANSWERED_S)
        return time.monotonic() - started


_gate = Gate()


def gate() -> Gate:
    """The process's one gate (one preload thread per process)."""
    return _gate


def preload_now(wait: Callable[[], object] = lambda: None) -> None:
    """Take every step in this thread (the preload thread's work), ``wait()`` before each."""
    for name, step in steps():
        wait()
        if _gate.stopped.is_set():
            return
        try:
            step()
        except Exception:  # the feature loads it again when used, and reports it then
            log.warning("preloading %s failed", name, exc_info=True)
            continue
        finally:
            time.sleep(0)  # hand the interpreter to a thread waiting for it
        with _started:
            _loaded.append(name)
            listeners = list(_listeners)
        for listener in listeners:
            try:
                listener(name)
            except RuntimeError:  # its window was closed and deleted meanwhile
                log.debug("preloaded %s for a window that is gone", name)


def start_preload(module_loaded: Callable[[str], object] | None = None) -> threading.Thread:
    """Start the preload thread, once per process; returns it. ``module_loaded(name)``
    is called (on the preload thread) for each step done, those done already at once."""
    with _started:
        done = list(_loaded)
        if module_loaded is not None:
            _listeners.append(module_loaded)
        if not _threads:
            thread = threading.Thread(
                target=preload_now, args=(_gate.wait,), name="preload", daemon=True
            )
            _threads.append(thread)
            thread.start()
        thread = _threads[0]
    if module_loaded is not None:
        for name in done:
            module_loaded(name)
    return thread


def stop_preload(timeout_s: float = STOP_WAIT_S) -> None:
    """Take no further step and wait (at most ``timeout_s``) for the one under way: the
    application quits with no import half done on another thread."""
    _gate.stopped.set()
    _gate.answered.set()
    for thread in list(_threads):
        thread.join(timeout_s)


class GateKeeper(QObject):
    """Keeps the :class:`Gate` for a window: answers its pings on the GUI thread (after
    whatever the GUI was doing) and tells it when the worker is busy."""

    pinged = Signal()  # emitted by the preload thread, delivered on the GUI thread

    def __init__(self, window: MainWindow, shared: Gate) -> None:
        super().__init__(window)
        self.gate = shared
        self.pinged.connect(self._answer)  # queued: the GUI thread answers in its turn
        window.tasks.busy_changed.connect(self._worker_busy)
        shared.worker_busy = window.tasks.busy
        shared.ping = self.pinged.emit
        window.first_screen_ready.connect(self._watch_worker)
        if window.first_screen_is_ready:
            self._watch_worker()

    def _answer(self) -> None:
        self.gate.answer()

    def _worker_busy(self, busy: bool) -> None:
        self.gate.worker_busy = busy

    def _watch_worker(self) -> None:
        # Until the first screen has its data the worker opens the database and reads
        # it, while the GUI mostly waits: the preload runs beside it then.
        self.gate.watch_worker = True


class ScreenBuilder(QObject):
    """Builds the window's screens on the GUI thread as their modules come in, one per turn."""

    module_loaded = Signal(str)  # emitted by the preload thread, delivered on the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.modules = {module: key for key, (module, _class) in SCREENS.items()}
        self.waiting: list[str] = []
        self.module_loaded.connect(self._loaded)

    def _loaded(self, name: str) -> None:
        key = self.modules.get(name)
        if key is None or key in self.window.pages:
            return
        self.waiting.append(key)
        if len(self.waiting) == 1:
            QTimer.singleShot(BUILD_INTERVAL_MS, self._build_next)

    def _build_next(self) -> None:
        if not self.waiting:
            return
        key = self.waiting.pop(0)
        if self.window.first_screen_is_ready:
            self.window.page(key)  # a no-op when a click built it meanwhile
        else:
            self.waiting.append(key)  # the first screen's own build and data go first
        if self.waiting:
            QTimer.singleShot(BUILD_INTERVAL_MS, self._build_next)


def preload_from_first_paint(window: MainWindow) -> None:
    """Start the preload for ``window`` (call at its first paint): the gate follows its
    GUI thread and worker, and its screens are built once their modules are in."""
    GateKeeper(window, _gate)
    builder = ScreenBuilder(window)
    start_preload(builder.module_loaded.emit)


def preload_after_show(window: MainWindow | None = None, delay_ms: int = 0) -> None:
    """Start the preload ``delay_ms`` after the event loop runs (tests; ``run_gui`` starts
    it at the first paint with :func:`preload_from_first_paint`)."""
    if window is None:
        QTimer.singleShot(delay_ms, start_preload)
    else:
        QTimer.singleShot(delay_ms, lambda: preload_from_first_paint(window))
