"""How fast the Products screen opens, jumps to its last row and searches, at 1M rows.

Builds a SQLite database with 1M products and 1M demand lines (``--quick``: 20k each)
through the app's own migrations and search index, then times three things a person does
on the Products screen (archived products hidden, as it opens) through the real Qt model
(``RecordTableModel``) and the GUI's one door to the database (``Operations``: the work
goes to the worker thread and the answer comes back by signal, delivered by the event
loop as the window's would):

* open: list the table and show the first screenful of rows;
* end: jump to the last row (load its page) once every id is listed;
* search: search for a word and show the first screenful of hits.

The first rows show before every id is listed (the count follows, the scrollbar grows):
``count_ms`` and ``search_count_ms`` are the time until every id is there. Each figure
is the median of five runs, against the raw SQL for the same rows run with the plain
``sqlite3`` module in the same process; the listing in one go before the first rows (as
the model did before) is timed in turns with it and printed too. ``--database FILE``
builds the file once and reuses it. Last line:
``open_ms=<n> end_ms=<n> search_ms=<n> count_ms=<n> search_count_ms=<n>
worst_ratio=<ours/raw SQL>``.
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from desktop_app.core.database.search_index import (
    FTS_KIND_BASE,
    FTS_KIND_SHIFT,
    PRODUCT,
    fts5_query,
    query_terms,
    reindex,
    tsquery,
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


PG_PRODUCTS = """
INSERT INTO products (company_id, ref, name_ru, name_en, name_zh, hs_code, status, version,
                      created_at, updated_at)
SELECT c.id, 'P' || n, g.ru || ' ' || r.grade || ' ' || n, g.en || ' ' || n, g.zh, g.hs,
       'active', 1, now(), now()
FROM generate_series(0::bigint, %(size)s::bigint - 1) AS n
JOIN unnest(%(ru)s::text[], %(en)s::text[], %(zh)s::text[], %(hs)s::text[])
     WITH ORDINALITY AS g(ru, en, zh, hs, i) ON g.i = 1 + (n * 7919 + n / 13) %% 10
JOIN unnest(%(grades)s::text[]) WITH ORDINALITY AS r(grade, i) ON r.i = 1 + (n * 104729) %% 7
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM companies) AS c
     ON c.k = (n * 31) %% %(companies)s
ORDER BY n
"""
PG_LINES = """
INSERT INTO demand_lines (buyer_id, product_text, language, status, version, created_at,
                          updated_at)
SELECT (SELECT min(id) FROM buyers) + n %% 100, g.zh || ' ' || n, 'zh', 'open', 1, now(), now()
FROM generate_series(0::bigint, %(size)s::bigint - 1) AS n
JOIN unnest(%(zh)s::text[]) WITH ORDINALITY AS g(zh, i) ON g.i = 1 + (n * 7919) %% 10
ORDER BY n
"""


def build_postgres(url: str, size: int) -> Database:
    """A migrated PostgreSQL database with ``size`` products and demand lines, by SQL.

    The rows are those of :func:`build` in kind (goods, grades, a company per product);
    the search entries are written by :func:`reindex`, as the importer does, a chunk at a
    time. Filled by SQL because a million rows through Python take a quarter of an hour.
    """
    database = open_database(url)
    with database.session(actor="bench") as session:
        if session.scalar(select(func.count()).select_from(Product)):
            return database  # filled before: reuse
        companies = [
            {"name_ru": f"ООО Экспортер {n}", "name_key": f"экспортер {n}", "archived": False}
            for n in range(max(10, size // 1000))
        ]
        session.execute(insert(Company), companies)
        session.execute(insert(Buyer), [{"name_zh": f"买家{n}有限公司"} for n in range(100)])
        columns = list(zip(*GOODS, strict=True))
        session.connection().exec_driver_sql(
            PG_PRODUCTS,
            {
                "size": size,
                "ru": list(columns[0]),
                "en": list(columns[1]),
                "zh": list(columns[2]),
                "hs": list(columns[3]),
                "grades": GRADES,
                "companies": len(companies),
            },
        )
        session.connection().exec_driver_sql(PG_LINES, {"size": size, "zh": list(columns[2])})
    for kind, model in (("product", Product), ("demand", DemandLine)):
        with database.session(actor="bench") as session:
            ids = list(session.scalars(select(model.id)))
        for start in range(0, len(ids), CHUNK * 5):
            with database.session(actor="bench") as session:
                reindex(session, kind, ids[start : start + CHUNK * 5])
            print(f"\rindexed {kind} {start}/{len(ids)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with database.session(actor="bench") as session:
        session.connection().exec_driver_sql("ANALYZE")
    return database


RUNS = 5


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


RAW_IDS = (
    "SELECT products.id FROM products JOIN companies ON companies.id = products.company_id "
    "WHERE products.status != 'archived' ORDER BY products.id"
)
RAW_COLUMNS = (
    "products.id, products.name_ru, products.name_en, products.name_zh, "
    "products.hs_code, companies.name_ru, products.price_min, products.currency, "
    "products.incoterms, products.status, products.version"
)
RAW_PAGE = (
    f"SELECT {RAW_COLUMNS} FROM products "
    "JOIN companies ON companies.id = products.company_id WHERE products.id IN ({marks})"
)
RAW_FIRST = (
    f"SELECT {RAW_COLUMNS} FROM products JOIN companies ON companies.id = products.company_id "
    "WHERE products.status != 'archived' ORDER BY products.id LIMIT {limit}"
)
# The index's rowid of a product is the kind's base plus the id (revision 0007): its hits
# joined in their order are the products in id order.
RAW_SEARCH = (
    "SELECT {columns} FROM search_fts JOIN products ON products.id = search_fts.rowid - {base} "
    "JOIN companies ON companies.id = products.company_id WHERE products.status != 'archived' "
    "AND search_fts MATCH ? AND search_fts.rowid > {base} AND search_fts.rowid < {end} "
    "ORDER BY search_fts.rowid"
)


# PostgreSQL: the entries of products whose vector matches, in id order (the app's plan).
RAW_SEARCH_PG = (
    "SELECT {columns} FROM products JOIN companies ON companies.id = products.company_id "
    "WHERE products.status != 'archived' AND products.id IN (SELECT record_id FROM "
    "search_entries WHERE kind = 'product' AND {vector} @@ to_tsquery('simple', %s)) "
    "ORDER BY products.id"
)


class RawSQL:
    """The plain driver on the same database: ``sqlite3``, or psycopg for ``url``."""

    def __init__(self, url: str | None, path: Path) -> None:
        self.connection: Any
        if url:
            import psycopg
            from sqlalchemy.engine import make_url

            plain = make_url(url).set(drivername="postgresql")
            self.connection = psycopg.connect(plain.render_as_string(hide_password=False))
            self.connection.autocommit = True
            self.mark = "%s"
            stored = self.connection.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'search_entries' "
                "AND column_name = 'search_tsv'"
            ).fetchone()
            # Before revision 0008 the GIN index was on the expression.
            self.vector = "search_tsv" if stored else "to_tsvector('simple', text)"
        else:
            self.connection = sqlite3.connect(path)
            self.mark = "?"

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Run ``sql`` (placeholders as ``?`` for SQLite, ``%s`` for PostgreSQL)."""
        return self.connection.execute(sql, params)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def raw_page(connection: RawSQL, ids: list[int]) -> list[tuple[object, ...]]:
    """The rows of ``ids`` by plain SQL."""
    marks = ",".join([connection.mark] * len(ids))
    return list(connection.execute(RAW_PAGE.format(marks=marks), ids).fetchall())


def main(argv: list[str] | None = None) -> int:
    """Build, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20k rows instead of 1M")
    parser.add_argument("--size", type=int, help="rows of each kind")
    parser.add_argument("--database", type=Path, help="reuse (or build once) this SQLite file")
    parser.add_argument(
        "--url", help="a PostgreSQL database instead (postgresql+psycopg://...): filled by SQL "
        "once, reused after"
    )  # fmt: skip
    args = parser.parse_args(argv)
    size = args.size or (20_000 if args.quick else 1_000_000)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.services.browse import hide_archived
    from desktop_app.ui.operations import Operations
    from desktop_app.ui.record_table_model import PAGE_SIZE, RecordTableModel
    from desktop_app.ui.tasks import TaskManager

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        if args.url:
            database = build_postgres(args.url, size)
            print(f"ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        elif path.exists():
            database = open_database(str(path))
        else:
            database = build(path, size)
            print(
                f"built {size} products and {size} demand lines in "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        raw = RawSQL(args.url, path)
        operations = Operations(database, TaskManager())
        spec = table_spec("products")
        model = RecordTableModel(operations, spec)
        model.conditions = hide_archived(spec)  # as the Products screen opens
        early = model.shows_first_rows_early

        def in_one_go() -> bool:
            return False

        def until(done: Callable[[], bool]) -> None:
            # Deliver the worker's answers as they come, as the window's event loop does
            # (sleeping in between, not spinning: a spinning GUI thread would take the
            # interpreter's lock from the worker), and look every 2 ms.
            if done():
                return
            loop = QEventLoop()
            timer = QTimer()
            timer.setInterval(2)
            timer.timeout.connect(lambda: loop.quit() if done() else None)
            timer.start()
            loop.exec()
            timer.stop()

        def screenful() -> bool:
            if model.loading:
                return False
            rows = range(min(SCREEN_ROWS, model.rowCount()))
            # The rows ask for their page; the time includes the trip to the worker and back.
            return all([model.row_values(row) is not None for row in rows])

        def shown_after(change: Callable[[], None]) -> tuple[float, float]:
            """Milliseconds until the first screenful shows, and until every id is listed."""
            started = time.perf_counter()
            change()
            until(screenful)
            first = time.perf_counter() - started
            until(lambda: not model.counting and not operations.busy)
            counted = time.perf_counter() - started
            return first * 1000, counted * 1000

        def best_of(change: Callable[[], None], runs: int) -> tuple[float, float]:
            times = [shown_after(change) for _ in range(runs)]
            return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)

        def open_raw() -> None:
            raw.execute(RAW_FIRST.format(limit=PAGE_SIZE + 1)).fetchall()

        def open_raw_in_full() -> None:
            ids = [r[0] for r in raw.execute(RAW_IDS).fetchall()]
            raw_page(raw, ids[:PAGE_SIZE])  # the page the model loads for the first rows

        def end_ours() -> None:
            model._rows.clear()  # a jump lands on rows not loaded yet
            last = len(model.ids) - 1
            model.row_values(last)
            until(lambda: model.row_values(last) is not None)

        def end_raw() -> None:
            last = len(model.ids) - 1
            raw_page(raw, model.ids[max(0, last - PAGE_SIZE // 4) :][:PAGE_SIZE])

        fts = fts5_query(query_terms(SEARCH_WORD))

        base = FTS_KIND_BASE[PRODUCT]
        end = base + (1 << FTS_KIND_SHIFT)

        if args.url:
            search_sql = RAW_SEARCH_PG.format(columns="{columns}", vector=raw.vector)
            query: str = tsquery(query_terms(SEARCH_WORD))
        else:
            search_sql = RAW_SEARCH.format(columns="{columns}", base=base, end=end)
            query = fts

        def search_raw() -> None:
            sql = search_sql.format(columns=RAW_COLUMNS)
            raw.execute(f"{sql} LIMIT {PAGE_SIZE + 1}", (query,)).fetchall()

        def search_raw_in_full() -> None:
            sql = search_sql.format(columns="products.id")
            ids = [r[0] for r in raw.execute(sql, (query,)).fetchall()]
            raw_page(raw, ids[:PAGE_SIZE])

        def opened() -> None:
            model.set_search("")

        def searched() -> None:
            model.set_search(SEARCH_WORD)

        figures: dict[str, tuple[float, float]] = {}
        shown_after(opened)  # warm the caches of both sides alike
        open_raw()
        open_raw_in_full()
        # Before and after in turns: the listing in one go (as before), then first rows early.
        before: dict[str, list[tuple[float, float]]] = {"open": [], "search": []}
        after: dict[str, list[tuple[float, float]]] = {"open": [], "search": []}
        for _ in range(RUNS):
            for way, store in ((in_one_go, before), (early, after)):
                model.shows_first_rows_early = way  # type: ignore[method-assign]
                store["open"].append(shown_after(opened))
                store["search"].append(shown_after(searched))
        model.shows_first_rows_early = early  # type: ignore[method-assign]
        shown_after(opened)
        figures["open"] = (
            statistics.median(t[0] for t in after["open"]),
            median_ms(open_raw, RUNS),
        )
        figures["end"] = (median_ms(end_ours, RUNS), median_ms(end_raw, RUNS))
        figures["search"] = (
            statistics.median(t[0] for t in after["search"]),
            median_ms(search_raw, RUNS),
        )
        counts = {name: statistics.median(t[1] for t in after[name]) for name in ("open", "search")}
        in_one_go_ms = {
            name: statistics.median(t[0] for t in before[name]) for name in ("open", "search")
        }
        raw_in_full = {
            "open": median_ms(open_raw_in_full, RUNS),
            "search": median_ms(search_raw_in_full, RUNS),
        }
        shown_after(searched)
        hits = model.rowCount()
        raw.close()
        database.dispose()
        app.processEvents()
    for name, (ours, plain) in figures.items():
        print(
            f"{name:7} ours {ours:8.1f} ms   raw SQL {plain:8.1f} ms   "
            f"our code {ours - plain:+7.1f} ms"
        )
    for name in ("open", "search"):
        print(
            f"{name:7} every id listed after {counts[name]:8.1f} ms (raw SQL listing them all "
            f"and the first page {raw_in_full[name]:8.1f} ms); listed in one go before "
            f"the first rows, as before: {in_one_go_ms[name]:8.1f} ms"
        )
    print(f"rows={size} search_hits={hits}")
    worst = max(ours / plain for ours, plain in figures.values() if plain > 0)
    print(
        f"open_ms={figures['open'][0]:.0f} end_ms={figures['end'][0]:.0f} "
        f"search_ms={figures['search'][0]:.0f} count_ms={counts['open']:.0f} "
        f"search_count_ms={counts['search']:.0f} worst_ratio={worst:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
