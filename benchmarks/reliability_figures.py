"""Run the reliability tests and print the figures they prove, as a Markdown table.

    .venv/bin/python benchmarks/reliability_figures.py [--thorough]

The tests record what they did (processes, connections, conflicts detected, kills
survived, inputs tried) through ``tests/reliability/figures.py`` into a temporary file;
this script runs pytest with that file set, sums the records and prints them, then lists
the open findings (strict xfail tests: bugs the tests found in other parts, still to fix).
PostgreSQL variants run when a server can be started (see ``tests/pg_server.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEST_PATHS = (
    "tests/core/database",
    "tests/core/properties",
    "tests/reliability",
    # The hostile-file tests of the importer and its report.
    "tests/core/importing/test_sheet_extent.py",
    "tests/core/importing/test_file_checks.py",
    "tests/core/services/test_import_report.py",
)


def run_tests(figures: Path, thorough: bool) -> tuple[int, float, str, list[str]]:
    """Run the reliability tests once: exit status, seconds, summary, open findings."""
    env = dict(os.environ, EXPORTMATCH_FIGURES_FILE=str(figures))
    if thorough:
        env["EXPORTMATCH_HYPOTHESIS"] = "thorough"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rx", "-p", "no:cacheprovider", *TEST_PATHS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else done.stderr
    findings = [line.removeprefix("XFAIL ") for line in lines if line.startswith("XFAIL ")]
    return done.returncode, time.perf_counter() - started, summary, findings


def summarise(figures: Path) -> dict[str, dict[str, int]]:
    """Sum the recorded figures, by figure and by detail (backend, operation, area)."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not figures.exists():
        return {}
    for line in figures.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        figure, amount = entry.pop("figure"), int(entry.pop("amount"))
        detail = ", ".join(str(v) for _, v in sorted(entry.items())) or "all"
        totals[figure][detail] += amount
    return {name: dict(parts) for name, parts in totals.items()}


def main() -> int:
    """Print the figures table; the exit status is pytest's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thorough", action="store_true", help="3,000 examples per property")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "figures.jsonl"
        status, seconds, summary, findings = run_tests(figures, args.thorough)
        totals = summarise(figures)
    print(f"pytest: {summary} ({seconds:.0f} s wall time)\n")
    print("| figure | detail | count |")
    print("|---|---|---:|")
    for figure in sorted(totals):
        for detail, amount in sorted(totals[figure].items()):
            print(f"| {figure} | {detail} | {amount:,} |")
        if len(totals[figure]) > 1:
            print(f"| **{figure}** | total | **{sum(totals[figure].values()):,}** |")
    if findings:
        print("\nOpen findings (strict xfail tests):\n")
        for finding in findings:
            print(f"* {finding}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
