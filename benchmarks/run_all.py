"""Run every benchmark in this folder, one process each, and collect their last lines.

``python benchmarks/run_all.py`` runs them at full size; ``--quick`` passes ``--quick``
to each for a small run. Each benchmark prints ratios against a baseline it measures in
the same process, so the figures compare across machines.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Run the benchmarks and print a summary; non-zero if any failed."""
    extra = [arg for arg in argv if arg == "--quick"]
    scripts = sorted(HERE.glob("bench_*.py")) + sorted(HERE.glob("eval_*.py"))
    results: list[tuple[str, int, str, float]] = []
    for script in scripts:
        print(f"== {script.name} {' '.join(extra)}", flush=True)
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, str(script), *extra], text=True, capture_output=True
        )
        elapsed = time.monotonic() - started
        sys.stdout.write(completed.stdout)
        sys.stderr.write(completed.stderr)
        lines = completed.stdout.strip().splitlines()
        results.append((script.name, completed.returncode, lines[-1] if lines else "", elapsed))
    print("\n== summary")
    for name, code, last, elapsed in results:
        status = "ok" if code == 0 else f"FAILED ({code})"
        print(f"{name:24} {status:12} {elapsed:7.1f}s  {last}")
    return 0 if all(code == 0 for _name, code, _last, _elapsed in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
