"""Pooled allocation: the exact program for 50 suppliers on one line, against greedy.

The goal is under 100 ms for 50 suppliers. The baseline, in the same process, is the
greedy split an officer makes by hand (cheapest first, as much as each can); the last
line gives our median time, its ratio to greedy's, and how our cost and coverage
compare with greedy's on the same cases (cost_vs_greedy below 1 means cheaper).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from desktop_app.core.pooling.allocation import (
    SupplierLimit,
    allocate,
    greedy_allocate,
)


def case(rng: random.Random, suppliers: int) -> tuple[float, list[SupplierLimit]]:
    """A line asking for 30-90 % of what the suppliers make together; MOQs up to 80 %."""
    limits = []
    for key in range(suppliers):
        capacity = rng.uniform(20, 400)
        limits.append(
            SupplierLimit(key, capacity * rng.uniform(0, 0.8), capacity, rng.uniform(4000, 8000))
        )
    total = sum(s.capacity for s in limits)
    return round(total * rng.uniform(0.3, 0.9)), limits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppliers", type=int, default=50)
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="fewer cases")
    args = parser.parse_args()
    cases = 10 if args.quick else args.cases
    rng = random.Random(20261207)
    ours: list[float] = []
    greedy: list[float] = []
    cost_ratio: list[float] = []
    cover_gain = 0.0
    allocate(*case(rng, args.suppliers))  # warm-up: SciPy's first call loads HiGHS
    for _ in range(cases):
        quantity, limits = case(rng, args.suppliers)
        started = time.perf_counter()
        exact = allocate(quantity, limits)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        rough = greedy_allocate(quantity, limits)
        greedy.append(time.perf_counter() - started)
        cover_gain += exact.covered - rough.covered
        if abs(exact.covered - rough.covered) < 0.1 and rough.cost:
            cost_ratio.append(exact.cost / rough.cost)
    ms = statistics.median(ours) * 1000
    worst = max(ours) * 1000
    ratio = statistics.median(ours) / statistics.median(greedy)
    print(f"{args.suppliers} suppliers, {cases} lines: median {ms:.1f} ms, worst {worst:.1f} ms")
    cost = statistics.mean(cost_ratio) if cost_ratio else float("nan")
    print(
        f"ms={ms:.1f} worst_ms={worst:.1f} ratio_vs_greedy={ratio:.0f} "
        f"cost_vs_greedy={cost:.4f} extra_cover={cover_gain / cases:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
