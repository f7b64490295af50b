"""Benchmark the HS 2022 / TN VED catalogue: loading it, building its search index, searching.

In the same process it times

* raw: reading ``hs2022.csv`` and ``tnved.csv`` with ``csv.reader`` into lists, the floor
  of any loading;
* load: ``HsCatalog.load()`` (what an import, a match or a form pays once per process);
* index: the first search, which builds the word index (what the HS completer pays once);
* search: the completer's queries, typed letter by letter, after that.

and measures the memory the catalogue holds (``tracemalloc``, a second pass) after
loading and after indexing. Each timing is the fastest of ``--repeat`` fresh catalogues.
The last line is ``load_ratio=<load/raw> index_ratio=<index/raw> load_ms=<n>
index_ms=<n> search_ms=<mean per query> load_mb=<n> index_mb=<n>``.

    .venv/bin/python benchmarks/bench_hs_catalog.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUERIES = ("мёд", "пиломатериалы", "доска сосна", "подсолнечное масло", "sunflower oil", "1512")


def _typed(query: str) -> list[str]:
    """The texts a completer sees while ``query`` is typed."""
    return [query[:end] for end in range(1, len(query) + 1)]


def _raw_read() -> int:
    from desktop_app.core.paths import resource

    rows = 0
    for path in (resource("hs", "hs2022.csv"), resource("tnved", "tnved.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += len(list(csv.reader(handle)))
    return rows


def _fastest(step, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Run the measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat

    from desktop_app.core.validation.hs_catalog import HsCatalog

    _raw_read()  # warm the file cache and the imports
    raw = _fastest(_raw_read, repeat)
    load = _fastest(HsCatalog.load, repeat)
    index = float("inf")
    catalog = HsCatalog.load()
    for _ in range(repeat):
        catalog = HsCatalog.load()
        gc.collect()
        start = time.perf_counter()
        catalog.search("мед")
        index = min(index, time.perf_counter() - start)
    texts = [text for query in QUERIES for text in _typed(query)]
    start = time.perf_counter()
    for text in texts:
        catalog.search(text, limit=15)
    search = (time.perf_counter() - start) / len(texts)
    del catalog
    gc.collect()

    tracemalloc.start()
    measured = HsCatalog.load()
    gc.collect()
    load_mb = tracemalloc.get_traced_memory()[0] / 1e6
    measured.search("мед")
    gc.collect()
    index_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()

    print(f"raw read: {raw * 1000:.0f} ms; load {load * 1000:.0f} ms; index {index * 1000:.0f} ms")
    print(f"search: {search * 1000:.2f} ms per typed text over {len(texts)} texts")
    print(
        f"load_ratio={load / raw:.2f} index_ratio={index / raw:.2f} "
        f"load_ms={load * 1000:.0f} index_ms={index * 1000:.0f} search_ms={search * 1000:.2f} "
        f"load_mb={load_mb:.1f} index_mb={index_mb:.1f}"
    )


if __name__ == "__main__":
    main()
