"""How fast the Products screen opens, jumps to its last row and searches, at 1M rows.

Builds a SQLite database with 1M products and 1M demand lines (``--quick``: 20k each)
through the app's own migrations and search index, then times three things a person does
on the Products screen through the real Qt model (``RecordTableModel``) and the GUI's one
door to the database (``Operations``: the work goes to the worker thread and the answer
comes back by signal), each against the raw SQL for the same page run with the plain
``sqlite3`` module in the same process:

* open: list the ids and load the first screenful of rows;
* end: jump to the last row (load its page);
* search: search for a word and load the first screenful of hits.

Each figure is the median of five runs. Last line:
``open_ms=<n> end_ms=<n> search_ms=<n> worst_ratio=<ours/raw SQL>``.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from desktop_app.core.database.search_index import (
    fts5_query,
    query_terms,
    reindex,
)
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product
from desktop_app.core.services.browse import table_spec

CHUNK = 20_000
SCREEN_ROWS = 40
SEARCH_WORD = "подсолнеч"
GOODS = [
    ("Масло подсолнечное", "Sunflower oil", "葵花籽油", "1512"),
    ("Мед гречишный", "Buckwheat honey", "荞麦蜂蜜", "0409"),
    ("Минтай мороженый", "Frozen pollock", "冷冻明太鱼", "0303"),
    ("Пиломатериалы хвойные", "Sawn softwood", "针叶锯材", "4407"),
    ("Пшеница мягкая", "Milling wheat", "小麦", "1001"),
    ("Шоколад горький", "Dark chocolate", "黑巧克力", "1806"),
    ("Никель катодный", "Nickel cathodes", "电解镍", "7502"),
    ("Краб камчатский", "King crab", "帝王蟹", "0306"),
    ("Вода минеральная", "Mineral water", "矿泉水", "2201"),
    ("Фанера березовая", "Birch plywood", "桦木胶合板", "4412"),
]
GRADES = ["высший сорт", "1 сорт", "фасовка 1 кг", "наливом", "экспорт", "premium", "organic"]


def build(path: Path, size: int) -> Database:
    """A migrated database with ``size`` products and ``size`` demand lines, indexed."""
    database = open_database(str(path))
    rng = random.Random(7)
    with database.session(actor="bench") as session:
        companies = [
            {"name_ru": f"ООО Экспортер {n}", "name_key": f"экспортер {n}", "archived": False}
            for n in range(max(10, size // 1000))
        ]
        company_ids = list(session.scalars(insert(Company).returning(Company.id), companies))
        buyers = [{"name_zh": f"买家{n}有限公司", "province": "山东"} for n in range(100)]
        buyer_ids = list(session.scalars(insert(Buyer).returning(Buyer.id), buyers))
    for start in range(0, size, CHUNK):
        count = min(CHUNK, size - start)
        products, lines = [], []
        for n in range(start, start + count):
            ru, en, zh, hs = rng.choice(GOODS)
            grade = rng.choice(GRADES)
            products.append(
                {
                    "company_id": rng.choice(company_ids),
                    "ref": f"P{n}",
                    "name_ru": f"{ru} {grade} {n}",
                    "name_en": f"{en} {n}",
                    "name_zh": zh,
                    "hs_code": hs,
                    "status": "active",
                }
            )
            lines.append(
                {
                    "buyer_id": rng.choice(buyer_ids),
                    "product_text": f"{zh} {n}",
                    "language": "zh",
                    "status": "open",
                }
            )
        with database.session(actor="bench") as session:
            product_ids = list(session.scalars(insert(Product).returning(Product.id), products))
            line_ids = list(session.scalars(insert(DemandLine).returning(DemandLine.id), lines))
            # Core bulk inserts bypass the ORM listener: index them the way the importer does.
            reindex(session, "product", product_ids)
            reindex(session, "demand", line_ids)
        print(f"\rbuilt {start + count}/{size}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return database


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


RAW_IDS = (
    "SELECT products.id FROM products JOIN companies ON companies.id = products.company_id "
    "{where} ORDER BY products.id"
)
RAW_PAGE = (
    "SELECT products.id, products.name_ru, products.name_en, products.name_zh, "
    "products.hs_code, companies.name_ru, products.price_min, products.currency, "
    "products.incoterms, products.status FROM products "
    "JOIN companies ON companies.id = products.company_id WHERE products.id IN ({marks})"
)
RAW_SEARCH = (
    "WHERE products.id IN (SELECT record_id FROM search_entries WHERE kind = 'product' "
    "AND search_entries.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?))"
)


def raw_page(connection: sqlite3.Connection, ids: list[int]) -> list[tuple[object, ...]]:
    """The rows of ``ids`` by plain SQL."""
    return connection.execute(RAW_PAGE.format(marks=",".join("?" * len(ids))), ids).fetchall()


def main(argv: list[str] | None = None) -> int:
    """Build, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20k rows instead of 1M")
    parser.add_argument("--size", type=int, help="rows of each kind")
    args = parser.parse_args(argv)
    size = args.size or (20_000 if args.quick else 1_000_000)

    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.operations import Operations
    from desktop_app.ui.record_table_model import PAGE_SIZE, RecordTableModel
    from desktop_app.ui.tasks import TaskManager

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        database = build(path, size)
        print(
            f"built {size} products and {size} demand lines in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        raw = sqlite3.connect(path)
        operations = Operations(database, TaskManager())
        model = RecordTableModel(operations, table_spec("products"))

        def shown(rows: range) -> None:
            # The rows ask for their page; the time includes the trip to the worker and back.
            for row in rows:
                model.row_values(row)
            operations.wait()
            assert model.row_values(rows[0]) is not None

        def open_ours() -> None:
            model.set_search("")
            operations.wait()
            shown(range(SCREEN_ROWS))

        def open_raw() -> None:
            ids = [r[0] for r in raw.execute(RAW_IDS.format(where="")).fetchall()]
            raw_page(raw, ids[:PAGE_SIZE])  # the page the model loads for the first rows

        def end_ours() -> None:
            model._rows.clear()  # a jump lands on rows not loaded yet
            shown(range(len(model.ids) - 1, len(model.ids)))

        def end_raw() -> None:
            last = len(model.ids) - 1
            raw_page(raw, model.ids[max(0, last - PAGE_SIZE // 4) :][:PAGE_SIZE])

        fts = fts5_query(query_terms(SEARCH_WORD))

        def search_ours() -> None:
            model.set_search(SEARCH_WORD)
            operations.wait()
            shown(range(min(SCREEN_ROWS, model.rowCount())))

        def search_raw() -> None:
            sql = RAW_IDS.format(where=RAW_SEARCH)
            ids = [r[0] for r in raw.execute(sql, (fts,)).fetchall()]
            raw_page(raw, ids[:PAGE_SIZE])

        figures = {}
        open_ours()  # warm the caches of both sides alike
        open_raw()
        figures["open"] = (median_ms(open_ours), median_ms(open_raw))
        figures["end"] = (median_ms(end_ours), median_ms(end_raw))
        figures["search"] = (median_ms(search_ours), median_ms(search_raw))
        hits = model.rowCount()
        raw.close()
        database.dispose()
        app.processEvents()
    for name, (ours, plain) in figures.items():
        print(
            f"{name:7} ours {ours:8.1f} ms   raw SQL {plain:8.1f} ms   "
            f"our code {ours - plain:+7.1f} ms"
        )
    print(f"rows={size} search_hits={hits}")
    worst = max(ours / plain for ours, plain in figures.values() if plain > 0)
    print(
        f"open_ms={figures['open'][0]:.0f} end_ms={figures['end'][0]:.0f} "
        f"search_ms={figures['search'][0]:.0f} worst_ratio={worst:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
