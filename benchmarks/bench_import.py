"""Benchmark the importer: 100k demand lines from .xlsx and .csv into SQLite.

Issue #19's measure is ``over_floor``: the import over its floor, the raw read of the same
file (python-calamine for the xlsx, the csv module for the csv) plus SQLite alone storing
the rows the import stored (read back from the import's database, untimed, and written
again by the plain driver into a fresh database of the same schema, with the import's
page cache). Each step runs in a fresh subprocess, so that peak memory (ru_maxrss) and
CPU time belong to that step alone, and each into fresh database files.

The floor and the import are interleaved: each repeat runs, per format, the raw read, the
import and the storing one after the other, and takes that repeat's ratio from the three,
so a ratio compares steps run in the same minute under the same load. The formats
alternate order from one repeat to the next (xlsx first, then csv first). Reported per
format: the median of the repeats' ratios and their spread (lowest-highest), wall and
CPU, and the load average beside each repeat. openpyxl (read-only) is timed once, for
reference (``--no-openpyxl`` skips it). The last line is ``over_floor=<worse format's
median> cpu_over_floor=<...> peak_mb=<n>`` followed by each format's medians.

    .venv/bin/python benchmarks/bench_import.py [--quick] [--rows N] [--repeat N]

``--quick`` uses 5,000 rows; ``--repeat`` defaults to 3.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

HEADER = [
    "需求编号",
    "采购商",
    "产品名称",
    "海关编码",
    "数量",
    "单位",
    "目标价格",
    "币种",
    "贸易术语",
    "交货期",
    "备注",
]
GOODS = [
    ("冷冻帝王蟹", "030633", "吨"),
    ("葵花籽油", "151219", "升"),
    ("豆粕 43%", "230400", "吨"),
    ("黄豌豆 整粒", "071310", "吨"),
    ("椴树蜂蜜", "040900", "公斤"),
    ("冷冻鳕鱼片", "030471", "吨"),
]
BUYERS = [f"买家{i}贸易有限公司 (Buyer {i} Trading Co., Ltd.)" for i in range(200)]


def demand_rows(count: int) -> list[list[object]]:
    """``count`` synthetic demand lines in a Chinese partner's layout."""
    rng = random.Random(7)
    rows: list[list[object]] = []
    for i in range(count):
        name, hs, unit = rng.choice(GOODS)
        rows.append(
            [
                f"D{i:06d}",
                rng.choice(BUYERS),
                f"{name} {i % 97}",
                hs,
                rng.choice([rng.randint(1, 5000), f"{rng.randint(1, 9)}万"]),
                unit,
                round(rng.uniform(10, 9000), 2),
                rng.choice(["CNY", "USD", "人民币"]),
                rng.choice(["FOB Qingdao", "DAP 满洲里", "CIF"]),
                "2026-12-01",
                "",
            ]
        )
    return rows


def make_files(folder: Path, count: int) -> tuple[Path, Path]:
    """Write (or reuse) the xlsx and csv of ``count`` rows."""
    xlsx, text = folder / f"demand-{count}.xlsx", folder / f"demand-{count}.csv"
    if xlsx.exists() and text.exists():
        return xlsx, text
    from openpyxl import Workbook

    rows = demand_rows(count)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("需求")
    sheet.append(["2026年俄罗斯产品采购需求表"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(xlsx)
    with text.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return xlsx, text


STEP = r"""
import json, os, resource, sys, time
step, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
def children_cpu():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime
start, cpu, kids = time.perf_counter(), time.process_time(), children_cpu()
rows = 0
if step == "openpyxl":
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            rows += 1
elif step == "calamine":
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).iter_rows():
            rows += 1
elif step == "csv":
    import csv
    with open(path, encoding="gb18030", newline="") as handle:
        for row in csv.reader(handle):
            rows += 1
elif step == "store":
    # SQLite's share alone: the rows our import stored (read back from its database,
    # untimed) written again into a fresh database of the same schema by the plain
    # driver, one transaction, with the import's page cache, search entries 300 a
    # statement like the importer's.
    import sqlite3
    from desktop_app.core.database.session import open_database
    from desktop_app.core.database.search_index import write_entries
    from desktop_app.core.importing.bulk import larger_page_cache
    source = sqlite3.connect(path)
    tables = ("import_batches", "buyers", "audit_events", "demand_lines", "search_entries")
    data = {t: source.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    source.close()
    database = open_database(db)
    start, cpu, kids = time.perf_counter(), time.process_time(), children_cpu()
    with database.session() as session:
        connection = session.connection()
        with larger_page_cache(connection):
            for table in tables[:-1]:
                marks = ", ".join("?" * len(data[table][0]))
                connection.exec_driver_sql(f'INSERT INTO "{table}" VALUES ({marks})', data[table])
            write_entries(connection, [row[1:4] for row in data["search_entries"]])
    rows = len(data["demand_lines"])
else:
    from desktop_app.core.database.session import open_database
    from desktop_app.core.domain.enums import ImportKind
    from desktop_app.core.importing import import_file
    import threading
    def pss_kb(pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0
    def sample(stop, peak):
        # Both processes' proportional set size (a page the two share counts half in
        # each), every 100 ms: the memory the import takes from the machine. Reading
        # smaps_rollup walks the page tables: this thread's CPU time is not the import's.
        me = os.getpid()
        while not stop.wait(0.1):
            try:
                with open(f"/proc/{me}/task/{me}/children") as handle:
                    kids_now = handle.read().split()
            except OSError:
                kids_now = []
            if kids_now:
                peak[0] = max(peak[0], pss_kb(me) + sum(pss_kb(k) for k in kids_now))
        peak[1] = time.thread_time()
    stop, pss_peak = threading.Event(), [0, 0.0]
    sampler = threading.Thread(target=sample, args=(stop, pss_peak), daemon=True)
    database = open_database(db)
    start, cpu, kids = time.perf_counter(), time.process_time(), children_cpu()
    sampler.start()
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    stop.set()
    sampler.join()
    rows = summary.imported
    assert summary.rejected == 0, summary.problems[:3]
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
if step == "import":
    cpu -= pss_peak[1]  # the sampler's own time
usage = resource.getrusage(resource.RUSAGE_SELF)
# The import may read and check in a second process (core/importing/overlap.py): its CPU
# time counts, and the peak is then the larger of this process's own and the two
# processes' sampled proportional sizes together (their resident sizes added would count
# twice the pages they share after the fork: ``rss_sum_mb``, an upper bound).
child_cpu = children_cpu() - kids
child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if child_cpu else 0.0
peak_mb = usage.ru_maxrss / 1024
if step == "import" and child_cpu:
    peak_mb = max(peak_mb, pss_peak[0] / 1024)
print(json.dumps({
    "seconds": seconds, "cpu": cpu + child_cpu, "child_cpu": child_cpu, "rows": rows,
    "peak_mb": peak_mb, "rss_sum_mb": usage.ru_maxrss / 1024 + child_mb,
    "load": os.getloadavg()[0],
}))
"""


def fresh(db: Path) -> None:
    """Remove a database file and its journal, WAL and shared-memory files."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def run_step(step: str, path: Path, db: Path) -> dict[str, float]:
    """Run one step once in a fresh interpreter, into fresh database files."""
    fresh(db)
    done = subprocess.run(
        [sys.executable, "-c", STEP, step, str(path), str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def spread(values: list[float]) -> str:
    """``median (lowest-highest)`` of ``values``."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> int:
    """Run the benchmark and print one line per step, per format and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 rows instead of 100,000")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repeats (median)")
    parser.add_argument(
        "--no-openpyxl", action="store_true", help="skip the openpyxl reference read"
    )
    args = parser.parse_args()
    count = args.rows or (5_000 if args.quick else 100_000)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, text = make_files(folder, count)
    formats = {"xlsx": (xlsx, "calamine"), "csv": (text, "csv")}
    if not args.no_openpyxl:
        reference = run_step("openpyxl", xlsx, folder / "unused.sqlite3")
        print(
            f"xlsx   openpyxl (once, for reference) {reference['seconds']:.2f} s "
            f"cpu {reference['cpu']:.2f} s  peak {reference['peak_mb']:.0f} MB"
        )
    ratios: dict[str, list[tuple[float, float]]] = {name: [] for name in formats}
    imports: dict[str, list[dict[str, float]]] = {name: [] for name in formats}
    floors: dict[str, list[tuple[float, float]]] = {name: [] for name in formats}
    peak = 0.0
    for repeat in range(max(1, args.repeat)):
        order = list(formats) if repeat % 2 == 0 else list(reversed(formats))
        for name in order:
            path, raw_step = formats[name]
            raw = run_step(raw_step, path, folder / "unused.sqlite3")
            imported = folder / f"import-{name}.sqlite3"
            ours = run_step("import", path, imported)
            store = run_step("store", imported, folder / f"store-{name}.sqlite3")
            floor_wall, floor_cpu = raw["seconds"] + store["seconds"], raw["cpu"] + store["cpu"]
            over, cpu_over = ours["seconds"] / floor_wall, ours["cpu"] / floor_cpu
            ratios[name].append((over, cpu_over))
            imports[name].append(ours)
            floors[name].append((floor_wall, floor_cpu))
            peak = max(peak, ours["peak_mb"])
            print(
                f"{name:5} repeat {repeat + 1}: import {ours['seconds']:6.2f} s cpu "
                f"{ours['cpu']:6.2f} s (of it {ours['child_cpu']:.2f} s checking in a second "
                f"process; {int(ours['rows'])} rows, {ours['peak_mb']:.0f} MB, resident "
                f"sizes added {ours['rss_sum_mb']:.0f} MB) | "
                f"{raw_step} {raw['seconds']:5.2f} s cpu {raw['cpu']:5.2f} s | storing alone "
                f"{store['seconds']:6.2f} s cpu {store['cpu']:5.2f} s | over floor "
                f"{over:.2f} cpu {cpu_over:.2f} | load {ours['load']:.1f}",
                flush=True,
            )
    medians: dict[str, tuple[float, float]] = {}
    for name in formats:
        walls = [wall for wall, _ in ratios[name]]
        cpus = [cpu for _, cpu in ratios[name]]
        medians[name] = (statistics.median(walls), statistics.median(cpus))
        print(
            f"{name:5} import {spread([r['seconds'] for r in imports[name]])} s, cpu "
            f"{spread([r['cpu'] for r in imports[name]])} s; floor "
            f"{spread([f for f, _ in floors[name]])} s, cpu "
            f"{spread([c for _, c in floors[name]])} s; over floor {spread(walls)}, "
            f"cpu {spread(cpus)} (median (lowest-highest) of {len(walls)})"
        )
    worst_wall = max(wall for wall, _ in medians.values())
    worst_cpu = max(cpu for _, cpu in medians.values())
    # The storing process's CPU alone over the floor's: what the wall ratio comes to when
    # the checking process has a core of its own (a quiet two-core machine).
    storing = max(
        statistics.median(
            (ours["cpu"] - ours.get("child_cpu", 0.0)) / floor_cpu
            for ours, (_, floor_cpu) in zip(imports[name], floors[name], strict=True)
        )
        for name in formats
    )
    per_format = " ".join(f"{name}={wall:.2f}/{cpu:.2f}" for name, (wall, cpu) in medians.items())
    print(
        f"over_floor={worst_wall:.2f} cpu_over_floor={worst_cpu:.2f} peak_mb={peak:.0f} "
        f"{per_format} storing_cpu_over_floor={storing:.2f} (wall/cpu medians; the goal: 1.3)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
