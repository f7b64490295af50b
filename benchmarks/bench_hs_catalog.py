"""Benchmark the HS 2022 / TN VED catalogue: loading it, building its search index, searching.

In the same process it times

* raw: reading ``hs2022.csv`` and ``tnved.csv`` with ``csv.reader`` into lists, the floor
  of any loading;
* load: ``HsCatalog.load()`` (what an import, a match or a form pays once per process);
* index: the first search, which builds the word index (what the HS completer pays once);
* search: the completer's queries, typed letter by letter, after that;
* first: what the person waits for a word typed into the HS field while the form's
  thread is still building the index (0 and 1 s after the form opened): the completer's
  search does not wait (``wait=False``) and scans the texts meanwhile; ``blocked`` is what
  a search that waits for the index (as the completer did before) costs at the same moments.

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
import threading
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


def _first_search(wait: bool, delay: float) -> float:
    """Seconds a search for «мёд» takes ``delay`` s after the index build began on a thread."""
    from desktop_app.core.validation.hs_catalog import HsCatalog

    catalog = HsCatalog.load()
    gc.collect()
    builder = threading.Thread(target=catalog.prepare_search)
    builder.start()
    time.sleep(delay)
    start = time.perf_counter()
    catalog.search("мёд", limit=15, wait=wait)
    elapsed = time.perf_counter() - start
    builder.join()
    return elapsed


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

    first = {delay: _first_search(False, delay) for delay in (0.0, 1.0)}
    blocked = {delay: _first_search(True, delay) for delay in (0.0, 1.0)}
    print(f"raw read: {raw * 1000:.0f} ms; load {load * 1000:.0f} ms; index {index * 1000:.0f} ms")
    for delay in first:
        print(
            f"first search {delay:.0f} s after the form opened: {first[delay] * 1000:.0f} ms "
            f"(waiting for the index: {blocked[delay] * 1000:.0f} ms)"
        )
    print(f"search: {search * 1000:.2f} ms per typed text over {len(texts)} texts")
    print(
        f"load_ratio={load / raw:.2f} index_ratio={index / raw:.2f} "
        f"load_ms={load * 1000:.0f} index_ms={index * 1000:.0f} search_ms={search * 1000:.2f} "
        f"load_mb={load_mb:.1f} index_mb={index_mb:.1f} "
        f"first_ms={first[0.0] * 1000:.0f} first_1s_ms={first[1.0] * 1000:.0f} "
        f"blocked_ms={blocked[0.0] * 1000:.0f} blocked_1s_ms={blocked[1.0] * 1000:.0f}"
    )


if __name__ == "__main__":
    main()
