"""Evaluate the simulated new catalogues of ``calibration_sets.py`` one-to-one: per
variant, the pairs suggested at the default threshold against the gold count, precision,
recall and F1 there, and the best threshold.

    .venv/bin/python benchmarks/eval_calibration.py SETS_DIR [--exportmatch BIN] [--jobs N]

``--many`` measures without the one-to-one assignment (as DEV and the hold-outs are).
``--exportmatch`` runs another checkout's command (e.g. main's, for the figures before a
change) on the same folders.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BIN = HERE.parent / ".venv" / "bin" / "exportmatch"

_FIGURES = {
    "gold": r"gold pairs: (\d+)",
    "pairs": r"predicted pairs: (\d+)",
    "precision": r"precision=([\d.]+)",
    "recall": r"recall=([\d.]+)",
    "f1": r"f1=([\d.]+)",
    "best_f1": r"best F1 ([\d.]+)",
    "best_at": r"best F1 [\d.]+ at threshold ([\d.]+)",
}


def evaluate(exportmatch: Path, folder: Path, one_to_one: bool = True) -> dict[str, str]:
    """The figures of one variant."""
    run = subprocess.run(
        [
            str(exportmatch), "evaluate", *(["--one-to-one"] if one_to_one else []),
            "--products", str(folder / "products.csv"),
            "--demand", str(folder / "demand.csv"),
            "--gold", str(folder / "gold.csv"),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    text = run.stdout + run.stderr
    out = {"set": folder.name}
    for key, pattern in _FIGURES.items():
        found = re.search(pattern, text)
        out[key] = found.group(1) if found else "?"
    return out


def main() -> int:
    """Print one row per variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path)
    parser.add_argument("--exportmatch", type=Path, default=DEFAULT_BIN)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--many", action="store_true", help="not one-to-one (the trade sets' figures)"
    )
    parser.add_argument("--only", default="", help="substring a variant's name must hold")
    args = parser.parse_args()
    folders = sorted(p for p in args.sets.iterdir() if args.only in p.name)
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda f: evaluate(args.exportmatch, f, not args.many), folders))
    keys = ["set", "gold", "pairs", "precision", "recall", "f1", "best_f1", "best_at"]
    print("\t".join(keys))
    for row in rows:
        print("\t".join(row[k] for k in keys))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
