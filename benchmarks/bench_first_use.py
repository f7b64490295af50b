"""What the first use of each screen and deferred feature costs, this checkout against another.

Issue #19 moved openpyxl, Alembic, the matcher, RapidFuzz and SciPy off the start path,
with the condition that nothing shown later gets more than 300 ms slower to first use.
This benchmark measures that: for each checkout (this one, and ``--before PATH``, e.g. a
worktree of the commit before the deferral, ``252c09c^``) it loads the demo into a
database made by that checkout's own code and runs matching on it (not timed; it leaves
the built glossary in that home's cache, as any earlier use of the app does), then, in a
fresh process per run, starts the real GUI (``desktop_app.ui.app.run_gui``), waits for
the window's startup reads to finish and ``--idle`` more milliseconds in its event loop
(a person looks at the window before the first click; the app may preload in that time),
and times one first use:

* ``import-wizard``: open the Import wizard;
* ``export``: show the Export screen and load the modules that write a file (openpyxl);
* ``review`` / ``matches``: show the screen with its data;
* ``match-run``: run matching on the demo data to the end, results delivered;
* ``hs-search``: the HS code completer's first search ("sunflower oil").

The child then uses the feature a second time in the same process (``again``: the
screen shown after the dashboard, the wizard opened after it was closed, another run,
another search): what every use costs, not only the first. ``first-use extra`` is the
first use beyond ``again``, now minus before: the part of a delta that the first use
adds, as opposed to a feature that became slower (or faster) every time.

Each figure is the median of ``--runs`` processes (the two checkouts alternate, run by
run, so a change of the machine's load hits both alike) and includes the work delivered
on the worker thread; beside it the CPU time of the process meanwhile (all its threads,
the preload's too), which a loaded machine inflates far less, and the load average.
``--idle 0,1000`` measures a click while the preload still runs and one after;
``--without-preload`` adds this checkout with its preload never started, to show whether
a click beside the preload is slower than with no preload at all. The
children run with this interpreter, in a temporary folder, with ``PYTHONPATH`` set to
their checkout. Last line: ``worst_delta_ms=<n> worst_first_use_extra_ms=<n>`` (the
largest after-minus-before of a feature and of its first-use extra, with ``--before``).

    .venv/bin/python benchmarks/bench_first_use.py [--before PATH] [--after PATH] [--runs N]
                                                  [--idle MS[,MS...]] [--features A,B]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ("import-wizard", "export", "review", "matches", "match-run", "hs-search")

CHILD = r"""
import sys, time
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

feature, url, idle_ms = sys.argv[1], sys.argv[2], int(sys.argv[3])
if sys.argv[4:] == ["without-preload"]:  # the same checkout with its preload never started
    import desktop_app.ui.preload as preload

    preload.start_preload = lambda *args, **kwargs: None


def settle(window):
    # Until the worker is idle and its results are delivered on this thread.
    deadline = time.monotonic() + 300
    while True:
        window.tasks.wait(max(0, int((deadline - time.monotonic()) * 1000)))
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        if not window.tasks.busy or time.monotonic() > deadline:
            return


def idle(ms):
    # The event loop waits, as while a person looks at the window: the preload runs.
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def export(window):
    window.show_page("export")
    import openpyxl  # noqa: F401  (what writing the file needs first)
    import desktop_app.core.exporting.service  # noqa: F401


def match_run(window):
    window.matching.run(changed_only=False)


def hs_search(window, words="sunflower oil"):
    from desktop_app.core.validation import hs_catalog

    assert hs_catalog().search(words, 15)


def wizard(window):
    opened = window.open_import_wizard()
    wizards.append(opened)


wizards = []
USES = {
    "import-wizard": wizard,
    "export": export,
    "review": lambda window: window.show_page("review"),
    "matches": lambda window: window.show_page("matches"),
    "match-run": match_run,
    "hs-search": hs_search,
}
AGAIN = dict(USES, **{"hs-search": lambda window: hs_search(window, "frozen fish fillets")})


def timed(use, window):
    started, cpu = time.perf_counter(), time.process_time()
    use(window)
    QCoreApplication.processEvents()
    settle(window)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def measure():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    settle(window)
    idle(idle_ms)
    wall, cpu = timed(USES[feature], window)
    print(f"first_use {wall:.1f} {cpu:.1f}", flush=True)
    # The same use again in the same process: what every use costs, not only the first.
    for opened in wizards:
        opened.close()
    window.show_page("dashboard")
    settle(window)
    idle(200)
    wall, cpu = timed(AGAIN[feature], window)
    print(f"again {wall:.1f} {cpu:.1f}", flush=True)
    QApplication.instance().quit()


class Shown(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, measure)  # from the event loop, not inside show()
        return False


app = QApplication(sys.argv)
spy = Shown()
app.installEventFilter(spy)
from desktop_app.ui.app import run_gui

sys.exit(run_gui(url))
"""


def child_env(home: Path, checkout: Path) -> dict[str, str]:
    """An environment that runs ``checkout``'s code with its settings and data in ``home``."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["EXPORTMATCH_DATA_DIR"] = str(home / "data")
    env["PYTHONPATH"] = str(checkout)
    return env


def first_use(
    feature: str, url: str, idle_ms: int, env: dict[str, str], variant: str = ""
) -> tuple[float, float, float, float]:
    """Wall and CPU milliseconds of one first use of ``feature`` in a fresh GUI process,
    then wall and CPU of the same use again in that process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, feature, url, str(idle_ms), *([variant] if variant else [])],
        env=env,
        cwd=env["HOME"],  # not this folder: `python -c` puts the cwd first on sys.path
        capture_output=True,
        text=True,
        timeout=600,
    )
    found = {
        words[0]: words[1:]
        for words in map(str.split, done.stdout.splitlines())
        if len(words) == 3 and words[0] in ("first_use", "again")
    }
    if done.returncode != 0 or "first_use" not in found or "again" not in found:
        raise SystemExit(f"{feature}: the child failed ({done.returncode}): {done.stderr[-2000:]}")
    (wall, cpu), (again, again_cpu) = found["first_use"], found["again"]
    return float(wall), float(cpu), float(again), float(again_cpu)


def prepare(checkout: Path, home: Path) -> tuple[str, dict[str, str]]:
    """A demo database with match candidates made by ``checkout``'s code, and its env."""
    env = child_env(home, checkout)
    url = f"sqlite:///{home / 'demo.sqlite3'}"
    for command in ("demo", "match"):  # Review and Matches then have candidates to show
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--database", url, command],
            env=env,
            cwd=env["HOME"],  # not this folder: `python -m` puts the cwd first on sys.path
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return url, env


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="checkout to compare with (e.g. 252c09c^)")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout measured (this one)")
    parser.add_argument("--runs", type=int, default=3, help="processes per feature (median)")
    parser.add_argument(
        "--idle",
        default="1000",
        help="ms after the startup reads before the use; several, comma-separated (0 clicks"
        " while the preload runs)",
    )
    parser.add_argument("--features", default=",".join(FEATURES), help="comma-separated")
    parser.add_argument(
        "--without-preload",
        action="store_true",
        help="also run this checkout with its preload never started: whether a click while"
        " the preload runs (--idle 0) is slower than with no preload at all",
    )
    options = parser.parse_args()
    idles = [int(idle) for idle in options.idle.split(",")]
    features = [feature for feature in options.features.split(",") if feature]
    unknown = set(features) - set(FEATURES)
    if unknown:
        parser.error(f"unknown features: {', '.join(sorted(unknown))}")
    checkouts = {"now": options.after.resolve()}
    if options.before is not None:
        checkouts["before"] = options.before.resolve()
    print(f"start: {load()} on {os.cpu_count()} cores", flush=True)
    worst = worst_extra = None
    with tempfile.TemporaryDirectory(prefix="bench-first-use-") as folder:
        prepared = {}
        for name, checkout in checkouts.items():
            home = Path(folder) / name
            home.mkdir()
            prepared[name] = prepare(checkout, home)
        variants = {name: "" for name in prepared}
        if options.without_preload:
            prepared["no preload"] = prepared["now"]
            variants["no preload"] = "without-preload"
        for idle in idles:
            for feature in features:
                # The checkouts alternate, run by run: a change of load hits both alike.
                runs: dict[str, list[tuple[float, float, float, float]]] = {
                    name: [] for name in prepared
                }
                for _ in range(options.runs):
                    for name, (url, env) in prepared.items():
                        runs[name].append(first_use(feature, url, idle, env, variants[name]))
                now = medians(runs["now"])
                line = f"idle {idle:5} {feature:14} now {describe(now)}"
                if "before" in runs:
                    then = medians(runs["before"])
                    delta = now[0] - then[0]
                    # What the first use costs beyond a later one, now against before: the
                    # part of the delta that is first-use work, not the feature's own speed.
                    extra = (now[0] - now[2]) - (then[0] - then[2])
                    worst = delta if worst is None else max(worst, delta)
                    worst_extra = extra if worst_extra is None else max(worst_extra, extra)
                    line += (
                        f"   before {describe(then)}"
                        f"   delta {delta:+6.0f} ms (cpu {now[1] - then[1]:+6.0f},"
                        f" first-use extra {extra:+6.0f})"
                    )
                if "no preload" in runs:
                    bare = medians(runs["no preload"])
                    line += f"   no preload {bare[0]:7.0f} ms (cpu {bare[1]:6.0f})"
                print(f"{line}   [{load()}]", flush=True)
    print(f"end: {load()}")
    print(f"idle_ms={options.idle} runs={options.runs}")
    if worst is not None:
        print(f"worst_delta_ms={worst:.0f} worst_first_use_extra_ms={worst_extra:.0f}")
    return 0


def medians(runs: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """The median of each figure (first wall, first CPU, again wall, again CPU) of runs."""
    columns = zip(*runs, strict=True)
    first, first_cpu, again, again_cpu = (statistics.median(column) for column in columns)
    return first, first_cpu, again, again_cpu


def describe(figures: tuple[float, float, float, float]) -> str:
    first, first_cpu, again, again_cpu = figures
    return f"{first:7.0f} ms (cpu {first_cpu:6.0f}, again {again:6.0f} / cpu {again_cpu:5.0f})"


if __name__ == "__main__":
    sys.exit(main())
