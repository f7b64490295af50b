"""Simulated new catalogues for the score's calibration: the public English sets at full
size, with their partners thinned out, and inside large catalogues of other products.

The hidden English benchmark (electronics with model numbers, about 2.5k x 22k records)
has most records of its large side without a partner; at the default threshold each of
them took a look-alike. These variants reproduce that from the public sets we have,
without any other benchmark:

- ``full``: the set as it is;
- ``sub1`` / ``sub2``: 65% of the demand lines that have a gold partner removed (seeds 1, 2),
  so most products' partners are gone and whatever scores highest for them is wrong;
- ``lines+``: the demand lines of the other public set and of the trade sets (DEV, hold-outs)
  added as lines without a partner (a demand side several times the catalogue);
- ``products+``: the products of the other public set and of the trade sets added as
  offers without a partner (a catalogue several times the demand);
- ``split``: half the products (seed 1) stay offers; the other half's names join the demand
  lines as requests without a partner, written in the catalogue's own style (the hardest
  look-alikes: other articles of the same shop), beside all the demand lines, of which
  those whose partner left have none either;
- ``merged-sub1``: both public sets merged (products with products, lines with lines, both
  golds), then thinned as ``sub1``.

    .venv/bin/python benchmarks/calibration_sets.py OUT_DIR

writes one gold-set folder per variant (``abt-buy-full``, ``amazon-google-sub1`` ...).
``eval_calibration.py`` evaluates them.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import eval_public  # noqa: E402

PUBLIC = {
    "abt-buy": ("abt.csv", "buy.csv", "name", "|"),
    "amazon-google": ("amazon.csv", "google.csv", "title", "#"),
}
TRADE = [
    eval_public.DEFAULT_DATA.parent / "goldsets" / "dev",
    *(HERE / "data" / f"holdout{n}" for n in ("", "2", "3", "4", "5")),
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _save(out: Path, products: list[dict], demand: list[dict], gold: list[dict]) -> None:
    header = sorted({key for row in products for key in row}, key=lambda k: k != "product_ref")
    _write(out / "products.csv", header, products)
    _write(out / "demand.csv", ["demand_ref", "product_name"], demand)
    _write(out / "gold.csv", ["product_ref", "demand_ref"], gold)


def _thin(demand: list[dict], gold: list[dict], seed: int) -> tuple[list[dict], list[dict]]:
    """Remove 65% of the lines that have a gold partner, and their gold pairs."""
    paired = sorted({row["demand_ref"] for row in gold})
    rng = random.Random(seed)
    removed = set(rng.sample(paired, int(0.65 * len(paired))))
    return (
        [row for row in demand if row["demand_ref"] not in removed],
        [row for row in gold if row["demand_ref"] not in removed],
    )


def _prefixed(rows: list[dict], key: str, prefix: str) -> list[dict]:
    return [{**row, key: prefix + row[key]} for row in rows]


def _names(row: dict[str, str]) -> str:
    return next(
        row[k] for k in ("product_name_en", "product_name_ru", "product_name_zh") if row.get(k)
    )


def build(out: Path) -> list[Path]:
    """Write every variant under ``out``; the folders written."""
    written: list[Path] = []
    sets: dict[str, tuple[list[dict], list[dict], list[dict]]] = {}
    with tempfile.TemporaryDirectory() as temp:
        for name, (left, right, field, separator) in PUBLIC.items():
            folder = Path(temp) / name
            eval_public.convert(
                eval_public.DEFAULT_DATA / name, left, right, field, separator, folder
            )
            sets[name] = tuple(  # type: ignore[assignment]
                _rows(folder / f) for f in ("products.csv", "demand.csv", "gold.csv")
            )
    trade_products: list[dict] = []
    trade_demand: list[dict] = []
    for number, folder in enumerate(TRADE):
        if (folder / "products.csv").is_file():
            trade_products += _prefixed(
                _rows(folder / "products.csv"), "product_ref", f"T{number}-"
            )
            trade_demand += _prefixed(_rows(folder / "demand.csv"), "demand_ref", f"T{number}-")
    trade_demand = [
        {"demand_ref": r["demand_ref"], "product_name": r["product_name"]} for r in trade_demand
    ]
    for name, (products, demand, gold) in sets.items():
        other = next(n for n in sets if n != name)
        o_products, o_demand, _ = sets[other]
        variants = {
            "full": (products, demand, gold),
            "sub1": (products, *_thin(demand, gold, 1)),
            "sub2": (products, *_thin(demand, gold, 2)),
            "lines+": (
                products,
                demand + _prefixed(o_demand, "demand_ref", "X") + trade_demand,
                gold,
            ),
            "products+": (
                products + _prefixed(o_products, "product_ref", "X") + trade_products,
                demand,
                gold,
            ),
        }
        rng = random.Random(1)
        kept = set(rng.sample([r["product_ref"] for r in products], len(products) // 2))
        variants["split"] = (
            [r for r in products if r["product_ref"] in kept],
            demand
            + [
                {"demand_ref": "S" + r["product_ref"], "product_name": _names(r)}
                for r in products
                if r["product_ref"] not in kept
            ],
            [r for r in gold if r["product_ref"] in kept],
        )
        for variant, (p, d, g) in variants.items():
            folder = out / f"{name}-{variant}"
            _save(folder, p, d, g)
            written.append(folder)
    merged_products = [
        row for rows in sets.values() for row in _prefixed(rows[0], "product_ref", "")
    ]
    products_ab, demand_ab, gold_ab = sets["abt-buy"]
    products_ag, demand_ag, gold_ag = sets["amazon-google"]
    merged_products = _prefixed(products_ab, "product_ref", "A") + _prefixed(
        products_ag, "product_ref", "G"
    )
    merged_demand = _prefixed(demand_ab, "demand_ref", "A") + _prefixed(
        demand_ag, "demand_ref", "G"
    )
    merged_gold = [
        {"product_ref": "A" + r["product_ref"], "demand_ref": "A" + r["demand_ref"]}
        for r in gold_ab
    ] + [
        {"product_ref": "G" + r["product_ref"], "demand_ref": "G" + r["demand_ref"]}
        for r in gold_ag
    ]
    folder = out / "merged-sub1"
    _save(folder, merged_products, *_thin(merged_demand, merged_gold, 1))
    written.append(folder)
    return written


def main() -> int:
    """Write the variants."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    for folder in build(args.out):
        print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
