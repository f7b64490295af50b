"""How long the app takes from process start to a shown main window, against a bare window.

Loads the demo into a SQLite database in a temporary folder (not timed), then starts, as
separate processes, alternately:

* ours: the real entry, ``exportmatch --database URL`` (``desktop_app.cli.main``), on
  that database;
* bare: a PySide6 ``QMainWindow`` holding a ``QTableWidget``, nothing else.

Each child reports when its main window receives its first Show event inside the event
loop (``shown``), when the window first paints (``painted``) and, for ours, when the first
screen shows with its data (``ready``: the database opened, its schema checked, the
dashboard read through the worker), each with the process's CPU time so far (all
threads, the preload's too: it starts at the first paint), which a loaded machine
inflates far less than wall-clock time. After ``ready`` the ``ours`` child times the
imports of some deferred modules (two screens, the matching engine, exporting with
openpyxl, Alembic) in the GUI thread: what a click right after ``ready`` waits for them,
while the preload may have some of them in or under way.

With ``--before PATH`` (another checkout, e.g. a worktree of main) that checkout's app
is started too, alternately with the others, on a demo database its own code made: its
shown, painted and ready figures, and ours minus its, say what the person gains at the
show and whether the first screen's data come later than before. Ready is when the
window's worker is idle with the first screen (not its skeleton) shown.

Each figure is the median of the runs after one discarded warm-up of each; the load
average is printed before and after, since the machine's other work inflates every
wall-clock figure. Last line: ``startup_ms=<n> bare_ms=<n> ratio=<ours/bare>`` (to the
Show event, as the issue defines it).
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

REPORTER = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


def report(what):
    print(f"{what} {time.process_time() * 1000:.0f}", flush=True)


class Reporter(QObject):
    def __init__(self, on_shown):
        super().__init__()
        self.on_shown = on_shown
        self.shown = False

    def eventFilter(self, obj, event):
        if not self.shown and event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            self.shown = True
            report("shown")
            self.on_shown(obj)
        elif (
            self.shown
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and isinstance(obj.window(), QMainWindow)
        ):
            QApplication.instance().removeEventFilter(self)
            report("painted")
        return False
"""

BARE = (
    REPORTER
    + r"""
from PySide6.QtWidgets import QTableWidget

app = QApplication(sys.argv)
# Show arrives inside show(), before the event loop runs: quit from the loop after the paint.
spy = Reporter(lambda window: QTimer.singleShot(100, app.quit))
app.installEventFilter(spy)
window = QMainWindow()
window.setCentralWidget(QTableWidget(40, 8))
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""
)

OURS = (
    REPORTER
    + r"""
DEFERRED = (
    "desktop_app.ui.review_page",
    "desktop_app.ui.export_page",
    "desktop_app.core.matching.engine",
    "desktop_app.core.exporting.service",
    "alembic.script",
)
time_deferred = sys.argv[2] == "deferred"


def ready():
    report("ready")
    if time_deferred:
        for name in DEFERRED:
            before = time.perf_counter()
            __import__(name)
            print(f"deferred {name} {(time.perf_counter() - before) * 1000:.0f}", flush=True)
    QApplication.instance().quit()


def watch(window):
    # Ready: the first screen shows with its data, its reads delivered. A checkout from
    # before the window showed first has no skeleton: its data came after the show.
    def check():
        skeleton = getattr(window, "skeleton", None)
        if window.tasks.busy or (skeleton is not None and window.stack.currentWidget() is skeleton):
            return
        timer.stop()
        ready()

    timer = QTimer(window)
    timer.timeout.connect(check)
    timer.start(2)


app = QApplication(sys.argv)
spy = Reporter(watch)
app.installEventFilter(spy)
from desktop_app.cli import main

sys.exit(main(["--database", sys.argv[1]]))
"""
)


def child_env(home: Path, checkout: Path = ROOT) -> dict[str, str]:
    """An environment that runs ``checkout``'s code with its settings and data in ``home``."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["EXPORTMATCH_DATA_DIR"] = str(home / "data")
    env["PYTHONPATH"] = str(checkout)
    return env


def start_once(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Each event of a child (shown, painted, ready): wall ms from the process start, and
    ``<event>_cpu`` the child's CPU ms then; ``deferred <module>`` its import ms."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=env["HOME"],  # not this folder: `python -c` puts the cwd first on sys.path
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    figures: dict[str, float] = {}
    for line in process.stdout:
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("shown", "painted", "ready"):
            figures[parts[0]] = (time.perf_counter() - started) * 1000
            figures[f"{parts[0]}_cpu"] = float(parts[1])
        elif len(parts) == 3 and parts[0] == "deferred":
            figures[f"deferred {parts[1]}"] = float(parts[2])
    if process.wait(timeout=300) != 0 or "shown" not in figures:
        raise SystemExit(f"the child exited with {process.returncode} before showing a window")
    return figures


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def demo_database(home: Path, env: dict[str, str]) -> str:
    """A SQLite database in ``home`` holding the demo, made by the checkout of ``env``."""
    url = f"sqlite:///{home / 'demo.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "desktop_app", "--database", url, "demo"],
        env=env,
        cwd=env["HOME"],  # not this folder: `python -c` puts the cwd first on sys.path
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each instead of 9")
    parser.add_argument("--runs", type=int, help="timed runs of each")
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (e.g. a worktree of main) started alternately with this one:"
        " its shown and ready figures, and how much later this one's first screen has its data",
    )
    options = parser.parse_args()
    runs = options.runs or (3 if options.quick else 9)
    print(f"before: {load()} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        home = Path(folder) / "after"
        home.mkdir()
        env = child_env(home)
        url = demo_database(home, env)
        children: dict[str, tuple[str, list[str], dict[str, str]]] = {
            "bare": (BARE, [], env),
            "ours": (OURS, [url, "deferred"], env),
        }
        if options.before is not None:
            other = Path(folder) / "before"
            other.mkdir()
            other_env = child_env(other, options.before.resolve())
            children["before"] = (OURS, [demo_database(other, other_env), "-"], other_env)
        for code, args, child in children.values():  # warm-up, not counted
            start_once(code, args, child)
        figures: dict[str, dict[str, list[float]]] = {name: {} for name in children}
        for _ in range(runs):
            for name, (code, args, child) in children.items():
                for event, figure in start_once(code, args, child).items():
                    figures[name].setdefault(event, []).append(figure)
    print(f"after: {load()}")
    bare, ours = figures["bare"], figures["ours"]

    def median(figures: dict[str, list[float]], name: str) -> float:
        return statistics.median(figures[name]) if name in figures else float("nan")

    for name in sorted(ours):
        if name.startswith("deferred "):
            print(f"first use of {name[9:]}: +{median(ours, name):.0f} ms of imports")
    for event in ("shown", "painted"):
        print(
            f"{event}: ours {median(ours, event):.0f} ms (cpu {median(ours, event + '_cpu'):.0f}"
            f" ms), bare {median(bare, event):.0f} ms (cpu {median(bare, event + '_cpu'):.0f}"
            f" ms), ratio {median(ours, event) / median(bare, event):.2f}"
            f" (cpu {median(ours, event + '_cpu') / median(bare, event + '_cpu'):.2f})"
        )
    print(
        f"ready (first screen with its data): {median(ours, 'ready'):.0f} ms"
        f" (cpu {median(ours, 'ready_cpu'):.0f} ms)"
    )
    if "before" in figures:
        before = figures["before"]
        for event in ("shown", "painted", "ready"):
            print(
                f"{event} before ({options.before}): {median(before, event):.0f} ms"
                f" (cpu {median(before, event + '_cpu'):.0f} ms);"
                f" ours minus before {median(ours, event) - median(before, event):+.0f} ms"
                f" (cpu {median(ours, event + '_cpu') - median(before, event + '_cpu'):+.0f} ms)"
            )
    startup_ms = median(ours, "shown")
    bare_ms = median(bare, "shown")
    print(f"runs={runs}")
    print(f"startup_ms={startup_ms:.0f} bare_ms={bare_ms:.0f} ratio={startup_ms / bare_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
