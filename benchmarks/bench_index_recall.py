"""What the candidate index loses: our own scorer on the index's candidates against the
same scorer on every product, for a sample of demand lines.

``bench_matching.py`` compares our ranking with an exhaustive ``token_set_ratio``
scorer, which measures two things at once: the index (does it bring the right products
forward?) and the scorer (which of them ranks first?). This script isolates the first:
the same generated catalogue and requests, the same scorer (:func:`.score_candidates`)
fed once by the inverted index (``match/retrieval_pool`` candidates per line, as a run
does) and once with every product of the catalogue as a candidate.

    .venv/bin/python benchmarks/bench_index_recall.py [--quick] [--sample N]

Last line: ``index_top1=<share> index_top5=<share>``: the share of sampled lines whose
first candidate scores as high as the exhaustive first one (ties count: several offers
of one good often score alike), and the share of the exhaustive top five (by score, ties
included) that the indexed run keeps among its top five.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from bench_matching import generate  # the same folder: run as a script

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.pipeline import score_candidates


class EveryProduct(CandidateIndex):
    """The same index, but every product is a candidate of every line."""

    def candidates(
        self, demand_rows: np.ndarray, pool: int, allowed: np.ndarray | None = None
    ) -> list[np.ndarray]:
        every = np.arange(self.products.shape[0])
        return [every for _ in demand_rows]


def main() -> int:
    """Generate, score both ways, print the shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 products")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=300, help="demand lines compared")
    args = parser.parse_args()
    products_n = 2_000 if args.quick else args.products
    product_rows, demand_rows, _, _ = generate(products_n, max(args.sample * 10, 10_000))
    rng = random.Random(11)
    sample = rng.sample(demand_rows, args.sample)
    glossary = shipped_glossary()
    started = time.perf_counter()
    products = [
        record_features(
            tuple(n for n in (row["name_ru"], row["name_en"], row["name_zh"]) if n),
            row["hs_code"],
            glossary,
        )
        for row in product_rows
    ]
    demand = [record_features((row["product_text"],), row["hs_code"], glossary) for row in sample]
    settings = MatchSettings()
    rows = list(range(len(demand)))
    keep = np.full(len(demand), settings.top_k, dtype=np.int64)

    def ranked(index: CandidateIndex) -> dict[int, list[tuple[int, float]]]:
        found: dict[int, list[tuple[int, float]]] = {}
        for chunk in score_candidates(index, demand, products, rows, glossary, settings, keep=keep):
            for row, candidates in chunk.items():
                found[row] = [(c.product_row, c.score) for c in candidates]
        return found

    indexed = ranked(CandidateIndex(products, demand))
    exhaustive = ranked(EveryProduct(products, demand))
    top1 = top5_kept = top5_all = 0
    lines = 0
    for row in rows:
        best = exhaustive[row]
        if not best:
            continue
        lines += 1
        ours = indexed[row]
        top1 += bool(ours) and ours[0][1] >= best[0][1]
        floor = best[-1][1]
        ours_kept = {product for product, _ in ours}
        # Ties at the fifth place: any of the equally scored products will do.
        needed = [(p, s) for p, s in best if s > floor]
        top5_all += len(needed)
        top5_kept += sum(p in ours_kept for p, _ in needed)
        shortfall = len(best) - len(needed)
        ours_at_floor = sum(1 for p, s in ours if s == floor and p not in dict(needed))
        top5_all += shortfall
        top5_kept += min(shortfall, ours_at_floor)
    seconds = time.perf_counter() - started
    print(f"{len(products)} products, {lines} sampled lines with candidates, {seconds:.1f} s")
    print(f"index_top1={top1 / max(1, lines):.3f} index_top5={top5_kept / max(1, top5_all):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
