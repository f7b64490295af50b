"""How far the matcher reads names the glossary does not know, on the labelled sets.

For every demand line and product of DEV and the hold-outs (no gold pair is read), the
record is read as a run reads it (``features.record_features``) with its declared HS
code left out, and counted by what it reaches:

- **glossary**: the glossary names a good in it;
- **bridge**: no glossary good, but the dictionary bridge (Chinese -> English senses ->
  glossary, or the HS bridge of ``hs_bridge.py``) names one;
- **hs**: no good, but HS headings or subheadings inferred from its words (HS 2022 and
  TN VED texts, or the senses of its Chinese words);
- **nothing**: neither a good nor an HS link: the line gets candidates by its name
  alone, and a cross-language pair none at all.

    .venv/bin/python benchmarks/unknown_terms.py [--show N] [SET ...]

Prints one row per set and side, then ``--show`` examples of lines reaching nothing; the
last line is ``records=<n> reached=<share with a good or an HS link> nothing=<n>``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.matching.features import record_features  # noqa: E402
from desktop_app.core.matching.glossary import shipped_glossary  # noqa: E402
from desktop_app.core.matching.term_lookup import analyse_text  # noqa: E402

SETS = {
    "dev": ROOT.parent.parent / "shared" / "data" / "goldsets" / "dev",
    "holdout": ROOT / "benchmarks" / "data" / "holdout",
    "holdout2": ROOT / "benchmarks" / "data" / "holdout2",
    "holdout3": ROOT / "benchmarks" / "data" / "holdout3",
    "holdout4": ROOT / "benchmarks" / "data" / "holdout4",
    "holdout5": ROOT / "benchmarks" / "data" / "holdout5",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def classify(names: tuple[str, ...]) -> str:
    """What a record with these names reaches, its declared HS code left out."""
    glossary = shipped_glossary()
    if any(analyse_text(name, glossary).concepts for name in names if name.strip()):
        return "glossary"
    features = record_features(names, None, glossary)
    if features.concepts:
        return "bridge"
    if features.hs_guess.codes:
        return "hs"
    return "nothing"


def main() -> None:
    """Count, per set and side, what the records reach."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--dev-folder", type=Path, default=None)
    args = parser.parse_args()
    if args.dev_folder is not None:
        SETS["dev"] = args.dev_folder
    total: Counter[str] = Counter()
    unread: list[str] = []
    print(f"{'set':10} {'side':8} {'n':>4} {'glossary':>9} {'bridge':>7} {'hs':>4} {'nothing':>8}")
    for name in args.sets:
        folder = SETS[name]
        sides: dict[str, list[tuple[str, tuple[str, ...]]]] = {
            "demand": [
                (r["demand_ref"], (r["product_name"],)) for r in _rows(folder / "demand.csv")
            ],
            "products": [
                (
                    r["product_ref"],
                    tuple(r.get(f"product_name_{lang}", "") or "" for lang in ("ru", "en", "zh")),
                )
                for r in _rows(folder / "products.csv")
            ],
        }
        for side, records in sides.items():
            counts: Counter[str] = Counter()
            for ref, names in records:
                kind = classify(names)
                counts[kind] += 1
                if kind == "nothing":
                    unread.append(f"{name} {ref}: {' | '.join(n for n in names if n)}")
            total.update(counts)
            print(
                f"{name:10} {side:8} {len(records):>4} {counts['glossary']:>9} "
                f"{counts['bridge']:>7} {counts['hs']:>4} {counts['nothing']:>8}"
            )
    for line in unread[: args.show]:
        print("  nothing:", line)
    count = sum(total.values())
    reached = (count - total["nothing"]) / max(1, count)
    print(
        f"records={count} glossary={total['glossary']} bridge={total['bridge']} "
        f"hs={total['hs']} reached={reached:.3f} nothing={total['nothing']}"
    )


if __name__ == "__main__":
    main()
