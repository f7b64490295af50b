"""Do the pipelines' garbage-collector scopes pay for themselves?

``core/collector.py`` pauses the cyclic collector around a bulk import and freezes the
long-lived heap around a whole matching run (what is alive when it starts, then the
records read). Both switches are process-wide, so they must earn
their place: this times the same work with each scope and with the collector left alone
(the scope replaced by a no-op), alternating, best of ``--repeat`` runs each, in this
one process. Last line: ``import_ratio=<with/without> matching_ratio=<with/without>``
(wall time); below 1 means the scope pays. The line before gives the same ratios in CPU
time of the process (``cpu_import_ratio=``, ``cpu_matching_ratio=``), which a loaded
machine inflates less; at these sizes the matching run reads in-process.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from benchmarks.bench_import import make_files
from benchmarks.bench_matching import generate
from desktop_app.core.database.session import open_database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import Company, DemandLine, Product
from desktop_app.core.importing import ImportOptions, import_file
from desktop_app.core.importing import service as import_service
from desktop_app.core.matching import engine
from desktop_app.core.matching.engine import run_matching


@contextlib.contextmanager
def _left_alone() -> Iterator[Callable[[], None]]:
    """The scope replaced by a no-op (the matching scope yields a function to call)."""
    yield lambda: None


def _best(
    run: Callable[[], tuple[float, float]], scope_owner: object, name: str, repeat: int
) -> tuple[float, float, float, float]:
    """Best wall and CPU time with the real scope and with the collector left alone,
    alternating: (wall with, wall without, CPU with, CPU without)."""
    real = getattr(scope_owner, name)
    run()  # once unmeasured: caches (glossary, nomenclature, files) warm for both sides
    with_scope: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    for _ in range(repeat):
        with_scope.append(run())
        setattr(scope_owner, name, _left_alone)
        try:
            without.append(run())
        finally:
            setattr(scope_owner, name, real)
    return (
        min(wall for wall, _ in with_scope),
        min(wall for wall, _ in without),
        min(cpu for _, cpu in with_scope),
        min(cpu for _, cpu in without),
    )


def main(argv: list[str] | None = None) -> int:
    """Time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = 20_000 if args.quick else 100_000
    products, demand = (1_000, 5_000) if args.quick else (5_000, 25_000)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        _xlsx, csv_file = make_files(work, rows)
        template = work / "template.sqlite3"
        open_database(str(template)).dispose()

        def one_import() -> tuple[float, float]:
            target = work / "import.sqlite3"
            shutil.copyfile(template, target)
            database = open_database(str(target))
            started, cpu = time.perf_counter(), time.process_time()
            with database.session(actor="bench") as session:
                import_file(session, csv_file, ImportKind.DEMAND, ImportOptions(actor="bench"))
            elapsed = (time.perf_counter() - started, time.process_time() - cpu)
            database.dispose()
            return elapsed

        imported = _best(one_import, import_service, "collector_paused", args.repeat)

        product_rows, demand_rows, _, _ = generate(products, demand)
        matched_template = work / "matching.sqlite3"
        shutil.copyfile(template, matched_template)
        database = open_database(str(matched_template))
        with database.session(actor="bench") as session:
            session.execute(
                insert(Company),
                [{"name_ru": f"Company {n}", "name_key": f"c{n}"} for n in range(500)],
            )
            session.execute(insert(Product), product_rows)
            session.execute(insert(DemandLine), demand_rows)
        database.dispose()

        def one_match() -> tuple[float, float]:
            target = work / "match.sqlite3"
            shutil.copyfile(matched_template, target)
            database = open_database(str(target))
            started, cpu = time.perf_counter(), time.process_time()
            with database.session(actor="bench") as session:
                run_matching(session)
            elapsed = (time.perf_counter() - started, time.process_time() - cpu)
            database.dispose()
            return elapsed

        matched = _best(one_match, engine, "long_lived_frozen", args.repeat)

    for name, (scoped, alone, scoped_cpu, alone_cpu), size in (
        ("import", imported, f"{rows} rows"),
        ("matching", matched, f"{products} x {demand}"),
    ):
        print(
            f"{name:9} {size:>16}: scoped {scoped:6.2f} s (CPU {scoped_cpu:6.2f} s), "
            f"collector alone {alone:6.2f} s (CPU {alone_cpu:6.2f} s)"
        )
    print(
        f"cpu_import_ratio={imported[2] / imported[3]:.3f} "
        f"cpu_matching_ratio={matched[2] / matched[3]:.3f}"
    )
    print(
        f"import_ratio={imported[0] / imported[1]:.3f} matching_ratio={matched[0] / matched[1]:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
