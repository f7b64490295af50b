"""Run ``exportmatch evaluate --one-to-one`` on the public Abt-Buy and Amazon-Google sets.

The benchmark files (``../shared/data/matching-benchmarks``, described in its README) are
converted to the gold-set CSV format in a temporary folder: the left table becomes the
products (English names), the right table the demand lines. Amazon-Google titles rarely
carry the maker, so the manufacturer column is appended to the name when missing.

    .venv/bin/python benchmarks/eval_public.py [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The shared data sit beside the repository (or beside the folder of work trees).
DEFAULT_DATA = (
    next(
        (p / "shared" for p in HERE.parents[1:3] if (p / "shared" / "data").is_dir()),
        HERE.parents[1] / "shared",
    )
    / "data"
    / "matching-benchmarks"
)


def _read(path: Path, separator: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=separator))


def _name(row: dict[str, str], field: str) -> str:
    name = (row.get(field) or "").strip()
    maker = (row.get("manufacturer") or "").strip()
    if maker and maker.lower() not in name.lower():
        name = f"{name} {maker}"
    return name or (row.get("description") or "").strip()[:200]


def convert(folder: Path, left: str, right: str, field: str, separator: str, out: Path) -> None:
    """Write products.csv, demand.csv and gold.csv for one benchmark into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "products.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product_ref", "product_name_en"])
        for row in _read(folder / left, separator):
            writer.writerow([f"L{row['id']}", _name(row, field)])
    with (out / "demand.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["demand_ref", "product_name"])
        for row in _read(folder / right, separator):
            writer.writerow([f"R{row['id']}", _name(row, field)])
    with (out / "gold.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product_ref", "demand_ref"])
        for row in _read(folder / "gt.csv", separator):
            writer.writerow([f"L{row['D1']}", f"R{row['D2']}"])


def main() -> int:
    """Convert both benchmarks and print the evaluation of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    sets = [
        ("Abt-Buy", "abt-buy", "abt.csv", "buy.csv", "name", "|"),
        ("Amazon-Google", "amazon-google", "amazon.csv", "google.csv", "title", "#"),
    ]
    status = 0
    with tempfile.TemporaryDirectory() as temp:
        for title, sub, left, right, field, separator in sets:
            out = Path(temp) / sub
            convert(args.data / sub, left, right, field, separator, out)
            print(f"== {title}", flush=True)
            command = [
                sys.executable, "-m", "desktop_app", "evaluate", "--one-to-one",
                "--products", str(out / "products.csv"), "--demand", str(out / "demand.csv"),
                "--gold", str(out / "gold.csv"),
            ]  # fmt: skip
            status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
