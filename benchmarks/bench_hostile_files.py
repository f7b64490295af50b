"""Time and peak memory of refusing each hostile file, against importing a tiny valid one.

Every case runs ``exportmatch import demand FILE`` in a fresh process (as the tests in
``tests/reliability/test_hostile_files.py`` do) under a 4 GB address-space limit, and
reports its wall time and peak resident size (ru_maxrss of that process). The baseline is
the same command on a two-row CSV, in the same run (starting Python and the app is most of
both). Each case's guard alone (``open_workbook`` in this process) is timed too. The goal:
every refusal under 10 s and 300 MB. The last line is ``seconds=<worst> peak_mb=<worst>
ratio=<worst/baseline> guard_seconds=<worst> cpu_seconds=<worst>``.

Then the large .xls files of ``tests/reliability/biff_bombs.py``: tens of millions of
BIFF records filling a stream of ``--xls-mb`` MB (95 by default, under the 96 MB size
limit; 0 skips them), each built, refused (or read) through the CLI and deleted. Their
wall time depends on what else the machine runs; the CPU seconds (user + system of the
child) less so, and both are printed.

    .venv/bin/python benchmarks/bench_hostile_files.py [--repeat N] [--xls-mb 95]
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.database.session import open_database  # noqa: E402
from desktop_app.core.errors import UserError  # noqa: E402
from desktop_app.core.importing import open_workbook  # noqa: E402
from tests.reliability.biff_bombs import BIFF_BOMBS  # noqa: E402
from tests.reliability.hostile_files import GRID_BOMBS  # noqa: E402
from tests.reliability.test_hostile_files import FILE_CASES, run_cli  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measure(database: Path, path: Path, repeat: int) -> tuple[float, int, int, str, float]:
    """Best wall seconds, worst peak KB, exit status, last stderr line and best CPU
    seconds of an import."""
    best, peak, status, last, cpu = float("inf"), 0, 0, "", float("inf")
    for _ in range(repeat):
        started, cpu_before = time.perf_counter(), _children_cpu()
        status, _, err, used = run_cli(["--database", str(database), "import", "demand", str(path)])
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, _children_cpu() - cpu_before)
        peak = max(peak, used)
        last = err.strip().splitlines()[-1] if err.strip() else ""
    return best, peak, status, last, cpu


def _guard_seconds(path: Path, repeat: int) -> float:
    """Best time of ``open_workbook`` refusing ``path`` in this process."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(UserError):
            open_workbook(path).close()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Print one line per case and the summary line; exit 1 if a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per case")
    parser.add_argument("--xls-mb", type=int, default=95, help="size of the large .xls cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        template = tmp / "template.sqlite3"
        open_database(str(template)).dispose()
        database = tmp / "db.sqlite3"
        valid = tmp / "valid.csv"
        valid.write_text("产品名称,数量\n豆粕,5\n", encoding="utf-8")
        shutil.copyfile(template, database)
        base_seconds, base_peak, base_status, _, _ = _measure(database, valid, args.repeat)
        print(f"baseline (two-row CSV imported): {base_seconds:.2f} s, {base_peak // 1024} MB")
        cases = {name: make for name, (make, _) in GRID_BOMBS.items()}
        cases.update({name: make for name, (make, _) in FILE_CASES.items()})
        worst_seconds, worst_peak, worst_guard, worst_cpu, failures = 0.0, 0, 0.0, 0.0, 0
        for number, (name, make) in enumerate(cases.items()):
            case_folder = tmp / f"case{number}"
            case_folder.mkdir()
            path = make(case_folder)
            shutil.copyfile(template, database)
            seconds, peak, status, message, cpu = _measure(database, path, args.repeat)
            guard = _guard_seconds(path, args.repeat)
            worst_seconds, worst_peak = max(worst_seconds, seconds), max(worst_peak, peak)
            worst_guard, worst_cpu = max(worst_guard, guard), max(worst_cpu, cpu)
            size = path.stat().st_size if path.is_file() else 0
            ok = status == 1 and seconds < 10 and peak < 300 * 1024
            failures += not ok
            print(
                f"{'ok ' if ok else 'BAD'} {name}: {size:,} bytes, exit {status}, "
                f"{seconds:.2f} s (guard {guard:.3f} s), {peak // 1024} MB | {message[:100]}"
            )
        for number, (name, build) in enumerate(BIFF_BOMBS.items() if args.xls_mb else []):
            path = build(tmp / f"large{number}.xls", args.xls_mb * 1_000_000)
            shutil.copyfile(template, database)
            seconds, peak, status, message, cpu = _measure(database, path, args.repeat)
            size = path.stat().st_size
            path.unlink()
            worst_seconds, worst_peak = max(worst_seconds, seconds), max(worst_peak, peak)
            worst_cpu = max(worst_cpu, cpu)
            # Refused (exit 1) or read (exit 0: the file holds two cells), either way in
            # time and memory.
            ok = status in (0, 1) and seconds < 10 and peak < 300 * 1024
            failures += not ok
            print(
                f"{'ok ' if ok else 'BAD'} {name}: {size / 1e6:.0f} MB, exit {status}, "
                f"{seconds:.2f} s wall, {cpu:.2f} s CPU, {peak // 1024} MB | {message[:110]}"
            )
    ratio = worst_seconds / base_seconds if base_seconds else float("nan")
    print(
        f"seconds={worst_seconds:.2f} peak_mb={worst_peak // 1024} ratio={ratio:.2f} "
        f"guard_seconds={worst_guard:.3f} cpu_seconds={worst_cpu:.2f} "
        f"baseline_status={base_status}"
    )
    return 1 if failures or base_status != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
