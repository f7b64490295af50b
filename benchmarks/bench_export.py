"""Benchmark the export: a 100k-product catalogue with the "Aggregator" template.

In the same run, and from the same SQLite database, it times

* ours: ``export_catalogue`` end to end (query, formatting, summary sheet, atomic save,
  ExportRun record);
* raw: the same query, its rows appended as plain values to an openpyxl write-only
  sheet (no styles, widths, links or summary): the floor of what openpyxl can do;
* pandas: the same rows in a DataFrame written with ``DataFrame.to_excel``.

Each step runs in a fresh subprocess so that its peak memory (ru_maxrss) is its own.
The last line is ``ratio=<ours/raw openpyxl> vs_pandas=<ours/pandas> peak_mb=<n>``.
Ours and raw alternate ``--repeat`` times (default 3) and the fastest run of each
counts. ``--quick`` uses 5,000 products.

    .venv/bin/python benchmarks/bench_export.py [--quick] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GOODS = [
    ("Минтай мороженый б/г", "Frozen Alaska pollock H&G", "冷冻狭鳕鱼 去头去脏", "030367", "t"),
    ("Масло подсолнечное", "Sunflower oil refined", "精炼葵花籽油", "151219", "pcs"),
    ("Мёд липовый", "Linden honey", "椴树蜂蜜", "040900", "kg"),
    ("Шрот соевый", "Soybean meal 46%", "豆粕 46%", "230400", "t"),
    ("Пиломатериалы хвойные", "Sawn softwood lumber", "松木 云杉 锯材", "440711", "m3"),
    ("Конфеты шоколадные", "Chocolate candies", "巧克力糖果", "180690", "kg"),
]
REGIONS = ["Приморский край", "Амурская область", "Алтайский край", "Иркутская область"]
TEMPLATE = "aggregator"


def _peak_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's ``VmHWM`` belongs to this process image alone; ``ru_maxrss`` survives
    fork and exec, so a step started by a parent that built 100k rows would report the
    parent's peak. ``ru_maxrss`` is only the fallback where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_database(path: Path, rows: int) -> None:
    """A migrated SQLite database with ``rows`` active products of 300 companies."""
    from sqlalchemy import insert

    from desktop_app.core.database.session import open_database
    from desktop_app.core.domain.models import Company, Product

    rng = random.Random(5)
    database = open_database(str(path))
    companies = [
        {
            "id": number + 1,
            "name_ru": f"ООО «Экспортёр {number}»",
            "name_en": f"Exporter {number} LLC",
            "name_zh": f"出口商{number}有限公司",
            "name_key": f"exporter {number}",
            "inn": f"{2500000000 + number}",
            "region": REGIONS[number % len(REGIONS)],
            "contact_person": "Ирина Ковалёва",
            "email": f"sales{number}@exporter.example",
            "phone": f"+7 423 245-{number:04d}",
            "website": f"https://exporter{number}.example",
            "gacc_registration": f"CRU{number:010d}",
        }
        for number in range(300)
    ]
    products: list[dict[str, Any]] = []
    for number in range(rows):
        ru, en, zh, hs, unit = rng.choice(GOODS)
        low = Decimal(rng.randint(100, 500_000)) / 100
        products.append(
            {
                "company_id": number % 300 + 1,
                "ref": f"P{number:06d}",
                "name_ru": f"{ru}, партия {number % 997}",
                "name_en": f"{en}, lot {number % 997}",
                "name_zh": f"{zh} 批次{number % 997}",
                "hs_code": hs,
                "unit": unit,
                "moq": Decimal(rng.randint(1, 500)),
                "capacity_monthly": Decimal(rng.randint(500, 50_000)),
                "price_min": low,
                "price_max": low + Decimal(rng.randint(0, 10_000)) / 100,
                "currency": rng.choice(["USD", "CNY", "RUB"]),
                "incoterms": rng.choice(["FCA", "DAP", "CFR"]),
                "incoterms_place": rng.choice(["Благовещенск", "Dalian", "Забайкальск"]),
                "shelf_life_days": rng.choice([None, 365, 730]),
                "packaging": "Мешки 50 кг",
                "certificates": "Декларация ЕАЭС; Ветеринарный сертификат",
                "status": "active",
            }
        )
    with database.session(actor="bench") as session:
        session.execute(insert(Company), companies)
        for start in range(0, len(products), 10_000):
            session.execute(insert(Product), products[start : start + 10_000])
    database.dispose()


def _import_query_modules() -> None:
    """Import what ``_template_rows`` uses before a clock starts.

    ``step_ours`` imports the exporter (which brings these in) before its clock starts;
    raw and pandas must not pay the same imports (about 0.15 s) inside theirs.
    """
    import desktop_app.core.exporting.queries
    import desktop_app.core.exporting.xlsx_writer  # noqa: F401


def _template_rows(session: Any) -> tuple[list[str], Any]:
    """The Aggregator columns' headers and the catalogue rows, exactly as ours selects them."""
    from desktop_app.core.exporting import ExportFilters, ExportKind, load_template
    from desktop_app.core.exporting.queries import stream_rows
    from desktop_app.core.exporting.xlsx_writer import row_keys

    columns = load_template(TEMPLATE).columns_for(ExportKind.CATALOGUE)
    headers = [column.header for column in columns]
    rows = stream_rows(session, ExportKind.CATALOGUE, row_keys(columns), ExportFilters())
    return headers, ((row[: len(headers)]) for row in rows)


def step_ours(database_path: Path, out: Path) -> float:
    """Time ``export_catalogue`` end to end."""
    from desktop_app.core.database.session import open_database
    from desktop_app.core.exporting import export_catalogue

    database = open_database(str(database_path))
    started = time.perf_counter()
    with database.session(actor="bench") as session:
        export_catalogue(session, out / "ours.xlsx", TEMPLATE)
    return time.perf_counter() - started


def step_raw(database_path: Path, out: Path) -> float:
    """Time the same rows appended as plain values to a write-only openpyxl sheet."""
    from openpyxl import Workbook

    from desktop_app.core.database.session import open_database

    _import_query_modules()
    database = open_database(str(database_path))
    started = time.perf_counter()
    with database.session(actor="bench") as session:
        headers, rows = _template_rows(session)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Catalogue")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        workbook.save(out / "raw.xlsx")
    return time.perf_counter() - started


def step_pandas(database_path: Path, out: Path) -> float | None:
    """Time the same rows through a DataFrame and ``to_excel``; None without pandas."""
    try:
        import pandas
    except ImportError:
        return None
    from desktop_app.core.database.session import open_database

    _import_query_modules()
    database = open_database(str(database_path))
    started = time.perf_counter()
    with database.session(actor="bench") as session:
        headers, rows = _template_rows(session)
        frame = pandas.DataFrame([tuple(row) for row in rows], columns=headers)
        frame.to_excel(out / "pandas.xlsx", index=False, sheet_name="Catalogue")
    return time.perf_counter() - started


STEPS = {"ours": step_ours, "raw": step_raw, "pandas": step_pandas}


def run_step(name: str, database_path: Path, out: Path) -> dict[str, Any]:
    """Run one step in a fresh interpreter and return its time and peak memory."""
    completed = subprocess.run(
        [sys.executable, __file__, "--step", name, "--db", str(database_path), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    """Build the data, run the three steps, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 products")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of ours and raw, alternating (default 3)"
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        cpu = time.process_time()
        seconds = STEPS[args.step](args.db, args.out)
        cpu = time.process_time() - cpu
        print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb()}))
        return 0

    rows = args.rows or (5_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        folder = Path(scratch)
        database_path = folder / "bench.sqlite3"
        started = time.perf_counter()
        build_database(database_path, rows)
        print(f"built {rows:,} products in {time.perf_counter() - started:.1f} s")
        # Ours and raw alternate, each run in a fresh process, and the fastest run of
        # each counts: on a shared machine a burst of load then hits both alike.
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "raw": []}
        for _ in range(args.repeat):
            for name in runs:
                runs[name].append(run_step(name, database_path, folder))
        results = {name: min(found, key=lambda r: r["seconds"]) for name, found in runs.items()}
        results["pandas"] = run_step("pandas", database_path, folder)
        for name, result in results.items():
            if result["seconds"] is None:
                print(f"{name:>7}: pandas not installed, skipped")
                continue
            size = (folder / f"{name}.xlsx").stat().st_size / 1e6
            print(
                f"{name:>7}: {result['seconds']:7.2f} s (cpu {result['cpu']:6.2f} s)  "
                f"peak {result['peak_mb']:6.1f} MB  file {size:5.1f} MB  "
                f"({rows / result['seconds']:,.0f} rows/s)"
            )
        print(f"cpu ratio ours/raw: {results['ours']['cpu'] / results['raw']['cpu']:.2f}")
    ours = results["ours"]
    ratio = ours["seconds"] / results["raw"]["seconds"]
    pandas_seconds = results["pandas"]["seconds"]
    vs_pandas = f"{ours['seconds'] / pandas_seconds:.2f}" if pandas_seconds else "n/a"
    print(f"ratio={ratio:.2f} vs_pandas={vs_pandas} peak_mb={ours['peak_mb']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
