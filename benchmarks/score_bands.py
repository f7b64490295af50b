"""What a score means: the share of stored candidates that are gold pairs, per score band,
on the labelled sets (DEV and the hold-outs), each matched with the default settings.

A score is a weighted mean of evidence, not a probability; this measures how often a
candidate in each band is a pair a trade officer would forward, so the bands can be
shown to the user (``SCORE_BANDS`` in ``desktop_app/core/matching/explain.py``).

    .venv/bin/python benchmarks/score_bands.py [--public] [SET_DIR ...]

Prints one row per band: the sets pooled, then per set. A set folder holds products.csv,
demand.csv and gold.csv. ``--public`` adds the English public sets (Abt-Buy,
Amazon-Google, converted as ``eval_public.py`` does) as separate columns, left out of the
pooled figure, counted over each line's first candidate only (one product is right per
line there): they show whether a band means the same on catalogues of another kind.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evaluate import gold_set_candidates, read_csv_rows

HERE = Path(__file__).resolve().parent
# The shared data sit beside the repository (or beside the folder of work trees).
SHARED = next(
    (p / "shared" for p in HERE.parents[1:3] if (p / "shared" / "data").is_dir()),
    HERE.parents[1] / "shared",
)
DEFAULT_SETS = [
    SHARED / "data" / "goldsets" / "dev",
    *(HERE / "data" / f"holdout{n}" for n in ("", "2", "3", "4", "5", "6")),
]
BANDS = ((85.0, 100.0), (75.0, 85.0), (65.0, 75.0), (50.0, 65.0), (20.0, 50.0))


def band_counts(
    folder: Path, first_only: bool = False
) -> dict[tuple[float, float], tuple[int, int]]:
    """Per band, (gold candidates, all candidates) among each line's stored top five, or
    among each line's first candidates only (``first_only``: on an article catalogue one
    product is right per line, so the 2nd to 5th are wrong by construction)."""
    gold = {
        (row["product_ref"], row["demand_ref"])
        for row in read_csv_rows(folder / "gold.csv", ("product_ref", "demand_ref"))
    }
    candidates = gold_set_candidates(
        folder / "products.csv", folder / "demand.csv", MatchSettings()
    )
    counts = {band: (0, 0) for band in BANDS}
    for product, line, score, rank in candidates:
        if first_only and rank != 1:
            continue
        for low, high in BANDS:
            if low <= score < high or (high == 100.0 and score == 100.0):
                hits, total = counts[(low, high)]
                counts[(low, high)] = (hits + ((product, line) in gold), total + 1)
    return counts


def _public_counts() -> dict[str, dict[tuple[float, float], tuple[int, int]]]:
    """Band counts of the public English sets, converted in a temporary folder."""
    sys.path.insert(0, str(HERE))
    import eval_public

    sets = [
        ("abt-buy", "abt.csv", "buy.csv", "name", "|"),
        ("amazon-google", "amazon.csv", "google.csv", "title", "#"),
    ]
    out = {}
    with tempfile.TemporaryDirectory() as temp:
        for sub, left, right, field, separator in sets:
            folder = Path(temp) / sub
            eval_public.convert(
                eval_public.DEFAULT_DATA / sub, left, right, field, separator, folder
            )
            out[sub] = band_counts(folder, first_only=True)
    return out


def main() -> int:
    """Match each set, print the precision per band."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="set folders (default: all)")
    parser.add_argument("--public", action="store_true", help="also Abt-Buy, Amazon-Google")
    args = parser.parse_args()
    folders = args.sets or [f for f in DEFAULT_SETS if (f / "gold.csv").exists()]
    per_set = {folder.name: band_counts(folder) for folder in folders}
    public = _public_counts() if args.public else {}
    print("band      | pooled           | " + " | ".join([*per_set, *public]))
    for band in BANDS:
        hits = sum(counts[band][0] for counts in per_set.values())
        total = sum(counts[band][1] for counts in per_set.values())
        cells = [
            f"{c[band][0] / c[band][1]:.2f} ({c[band][1]})" if c[band][1] else "-"
            for c in [*per_set.values(), *public.values()]
        ]
        pooled = f"{hits / total:.3f} of {total}" if total else "-"
        print(f"{band[0]:>4.0f}-{band[1]:<4.0f} | {pooled:16} | " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
