"""How long the app takes from process start to a shown main window, against a bare window.

Loads the demo into a SQLite database in a temporary folder (not timed), then starts, as
separate processes, alternately:

* ours: the real start path (``desktop_app.ui.app.run_gui``) on that database;
* bare: a PySide6 ``QMainWindow`` holding a ``QTableWidget``, nothing else.

Each child reports when its main window receives its first Show event inside the event
loop and exits; the parent times process start to that report. After showing, the ``ours``
child also times the imports deferred off the start path (matching engine, exporting with
openpyxl, Alembic), which is what the first use of each later costs at most.

Each figure is the median of the runs after one discarded warm-up of each. Last line:
``startup_ms=<n> bare_ms=<n> ratio=<ours/bare>``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget

class Shown(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            print("shown", flush=True)
            # Show arrives inside show(), before the event loop runs, where quit() would
            # do nothing: quit from the loop's first turn instead.
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication(sys.argv)
spy = Shown()
app.installEventFilter(spy)
window = QMainWindow()
window.setCentralWidget(QTableWidget(40, 8))
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""

OURS = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

DEFERRED = (
    "desktop_app.core.matching.engine",
    "desktop_app.core.exporting.service",
    "alembic.script",
)

class Shown(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            print("shown", flush=True)
            QApplication.instance().removeEventFilter(self)
            for name in DEFERRED:
                before = time.perf_counter()
                __import__(name)
                print(f"deferred {name} {(time.perf_counter() - before) * 1000:.0f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication(sys.argv)
spy = Shown()
app.installEventFilter(spy)
from desktop_app.ui.app import run_gui
sys.exit(run_gui(sys.argv[1]))
"""


def child_env(home: Path) -> dict[str, str]:
    """An environment that keeps the children's settings and data in ``home``."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["EXPORTMATCH_DATA_DIR"] = str(home / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def start_once(code: str, args: list[str], env: dict[str, str]) -> tuple[float, list[str]]:
    """Milliseconds from process start to its "shown" line, and the lines after it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    elapsed: float | None = None
    lines: list[str] = []
    for line in process.stdout:
        if elapsed is None and line.strip() == "shown":
            elapsed = (time.perf_counter() - started) * 1000
        elif elapsed is not None:
            lines.append(line.strip())
    if process.wait(timeout=120) != 0 or elapsed is None:
        raise SystemExit(f"the child exited with {process.returncode} before showing a window")
    return elapsed, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each instead of 9")
    parser.add_argument("--runs", type=int, help="timed runs of each")
    options = parser.parse_args()
    runs = options.runs or (3 if options.quick else 9)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        home = Path(folder)
        env = child_env(home)
        url = f"sqlite:///{home / 'demo.sqlite3'}"
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--database", url, "demo"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        start_once(BARE, [], env)
        start_once(OURS, [url], env)
        bare: list[float] = []
        ours: list[float] = []
        deferred: dict[str, list[float]] = {}
        for _ in range(runs):
            bare.append(start_once(BARE, [], env)[0])
            elapsed, lines = start_once(OURS, [url], env)
            ours.append(elapsed)
            for line in lines:
                _, name, ms = line.split()
                deferred.setdefault(name, []).append(float(ms))
    for name, times in deferred.items():
        print(f"first use of {name}: +{statistics.median(times):.0f} ms of imports")
    startup_ms = statistics.median(ours)
    bare_ms = statistics.median(bare)
    print(f"startup_ms={startup_ms:.0f} bare_ms={bare_ms:.0f} ratio={startup_ms / bare_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
