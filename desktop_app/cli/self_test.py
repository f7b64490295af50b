"""``exportmatch --self-test``: prove that this installation works, end to end.

Meant for the built application, where a missing data file, migration, Qt plugin or
hidden import only shows when that code runs. In a temporary folder it creates a
database, applies the migrations, loads the demo data, runs the matcher, accepts its
suggestions, exports the catalogue and the matches, reads the workbooks back, and opens
the main window offscreen. Each step prints one line; the exit status is 0 only when
every step passed. Nothing outside the temporary folder is touched: the database, the
exports and the window's settings all live there.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select

from desktop_app import APP_NAME, __version__
from desktop_app.core.database.migrate import head_revision
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.enums import MatchStatus, ProductStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.exporting import ExportKind, run_export
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.paths import install_root, migrations_dir, resource
from desktop_app.core.services.demo import load_demo_data
from desktop_app.core.services.review import (
    ReviewFilters,
    bulk_accept,
    select_for_bulk_accept,
)

ACTOR = "self-test"
# Shipped files without which the application cannot start or match, relative to the
# install root; a frozen build that forgot one of them fails here, not at a user's desk.
REQUIRED_FILES = (
    "resources/hs/hs2022.csv",
    "resources/tnved/tnved.csv",
    "resources/glossary/stopwords.csv",
    "resources/reference/units.csv",
    "resources/reference/currencies.csv",
    "resources/import/field_synonyms.csv",
    "resources/export_templates/aggregator.toml",
    "resources/demo/products.csv",
    "resources/demo/demand.csv",
    "resources/translations/exportmatch_ru.qm",
    "resources/translations/exportmatch_zh_CN.qm",
    "resources/icons/hicolor/48x48/apps/exportmatch.png",
    "db/alembic.ini",
    "db/env.py",
)
# A cross-language pair of the demo data: Chinese "frozen pollock, headed and gutted"
# must find the Russian exporter's frozen pollock first. It needs the glossary, the
# Chinese segmentation and the HS data, so it fails when any of them is missing.
KNOWN_PAIR = ("D001", "P001")


class CheckFailed(Exception):
    """A self-test step found something wrong; the message says what."""


def require(condition: bool, message: str) -> None:
    """Fail the current step with ``message`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailed(message)


@dataclass(frozen=True)
class StepResult:
    """How one step went."""

    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTestRun:
    """The temporary workspace and what the steps learned so far."""

    folder: Path
    database: Database | None = None
    accepted: int = 0
    results: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every step ran and passed."""
        return bool(self.results) and all(result.ok for result in self.results)


def check_shipped_files(run: SelfTestRun) -> str:
    """Every data file and the migrations are where the application looks for them."""
    root = install_root()
    missing = [name for name in REQUIRED_FILES if not (root / name).is_file()]
    require(not missing, f"missing under {root}: {', '.join(missing)}")
    concepts = list(resource("glossary", "concepts").glob("*.csv"))
    require(bool(concepts), "no glossary concept files")
    migrations = list((migrations_dir() / "versions").glob("*.py"))
    require(bool(migrations), "no migrations in db/versions")
    return (
        f"{len(REQUIRED_FILES)} files, {len(concepts)} glossary files, {len(migrations)} migrations"
    )


def check_postgresql_driver(run: SelfTestRun) -> str:
    """The PostgreSQL driver and its libpq load (the self-test itself uses SQLite)."""
    import psycopg

    version = psycopg.pq.version()
    require(version > 0, "libpq did not load")
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), libpq {version}"


def create_database(run: SelfTestRun) -> str:
    """A new SQLite database in the workspace, migrated to the newest schema."""
    run.database = open_database(f"sqlite:///{run.folder / 'self-test.sqlite3'}")
    report = run.database.upgrade
    head = head_revision()
    require(report is not None and report.to_revision == head, f"not migrated to {head}")
    return f"migrated to revision {head}"


def _database(run: SelfTestRun) -> Database:
    require(run.database is not None, "no database (an earlier step failed)")
    assert run.database is not None
    return run.database


def load_demo(run: SelfTestRun) -> str:
    """The shipped demo data loads completely."""
    with _database(run).session(actor=ACTOR) as session:
        report = load_demo_data(session)
    require(report.products > 0 and report.demand_lines > 0, "the demo data added nothing")
    return (
        f"{report.companies} companies, {report.products} products, {report.buyers} buyers, "
        f"{report.demand_lines} demand lines"
    )


def match_demo(run: SelfTestRun) -> str:
    """The matcher finds candidates, including the known cross-language pair."""
    with _database(run).session(actor=ACTOR) as session:
        report = run_matching(session)
        require(report.candidates_stored > 0, "matching stored no candidates")
        demand_ref, product_ref = KNOWN_PAIR
        best = session.scalar(
            select(Product.ref)
            .join(MatchCandidate, MatchCandidate.product_id == Product.id)
            .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
            .where(DemandLine.ref == demand_ref, MatchCandidate.rank == 1)
        )
        require(best == product_ref, f"{demand_ref}: best candidate {best}, not {product_ref}")
        suggested = session.scalar(
            select(func.count())
            .select_from(MatchCandidate)
            .where(MatchCandidate.verdict == Verdict.SUGGESTED)
        )
    require(bool(suggested), "no candidate has the verdict 'suggested'")
    return (
        f"{report.candidates_stored} candidates for {report.demand_lines} lines, "
        f"{suggested} suggested, {demand_ref} -> {product_ref}"
    )


def accept_suggestions(run: SelfTestRun) -> str:
    """Bulk accept records a decision for every suggested candidate."""
    with _database(run).session(actor=ACTOR) as session:
        selection = select_for_bulk_accept(session, 0.0, ReviewFilters())
        decisions = bulk_accept(session, selection, ACTOR).decisions
        accepted = session.scalar(
            select(func.count())
            .select_from(MatchCandidate)
            .where(MatchCandidate.status == MatchStatus.ACCEPTED)
        )
    require(bool(decisions), "nothing was accepted")
    require(accepted == len(decisions), f"{len(decisions)} decisions but {accepted} accepted")
    run.accepted = len(decisions)
    return f"{run.accepted} matches accepted"


def _data_rows(path: Path) -> int:
    """Rows below the header of the workbook's first sheet, read back with openpyxl."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.worksheets[0]
        return sum(1 for row in sheet.iter_rows(values_only=True) if any(row)) - 1
    finally:
        workbook.close()


def export_workbooks(run: SelfTestRun) -> str:
    """The catalogue and the matches export, and the workbooks hold every row."""
    database = _database(run)
    with database.session(actor=ACTOR) as session:
        active = session.scalar(
            select(func.count()).select_from(Product).where(Product.status == ProductStatus.ACTIVE)
        )
    expected = {ExportKind.CATALOGUE: active, ExportKind.MATCHES: run.accepted}
    written = []
    for kind, rows in expected.items():
        with database.session(actor=ACTOR) as session:
            summary = run_export(session, kind, run.folder / f"{kind.value}.xlsx", actor=ACTOR)
        require(summary.row_count == rows, f"{kind.value}: {summary.row_count} rows, not {rows}")
        in_file = _data_rows(summary.output)
        require(in_file == rows, f"{summary.output.name}: {in_file} rows in the file, not {rows}")
        written.append(f"{summary.output.name} ({rows} rows)")
    return ", ".join(written)


def open_main_window(run: SelfTestRun) -> str:
    """The main window opens offscreen with its icon, and the Qt plugins are bundled."""
    # Offscreen unless the caller chose a platform: the self-test must run without a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.ui.self_test_window import WindowCheckFailed, show_main_window

    try:
        return show_main_window(_database(run), run.folder)
    except WindowCheckFailed as exc:
        raise CheckFailed(str(exc)) from exc


STEPS: tuple[tuple[str, Callable[[SelfTestRun], str]], ...] = (
    ("shipped files", check_shipped_files),
    ("postgresql driver", check_postgresql_driver),
    ("database", create_database),
    ("demo data", load_demo),
    ("matching", match_demo),
    ("review", accept_suggestions),
    ("export", export_workbooks),
    ("main window", open_main_window),
)


def run_self_test(out: TextIO = sys.stdout, gui: bool = True) -> list[StepResult]:
    """Run every step (the window too unless ``gui`` is false), printing one line each."""
    print(f"{APP_NAME} {__version__} self-test, installed at {install_root()}", file=out)
    with tempfile.TemporaryDirectory(prefix="exportmatch-self-test-") as folder:
        run = SelfTestRun(Path(folder))
        try:
            for name, step in STEPS:
                if name == "main window" and not gui:
                    continue
                started = time.perf_counter()
                try:
                    detail, ok = step(run), True
                except CheckFailed as exc:
                    detail, ok = str(exc), False
                except Exception as exc:  # a self-test reports every failure, bugs included
                    detail, ok = f"{type(exc).__name__}: {exc}", False
                result = StepResult(name, ok, detail, time.perf_counter() - started)
                run.results.append(result)
                mark = "ok  " if ok else "FAIL"
                print(f"{mark} {name}: {detail} ({result.seconds:.2f} s)", file=out)
        finally:
            if run.database is not None:
                run.database.dispose()
    verdict = "passed" if run.ok else "FAILED"
    print(f"self-test {verdict}", file=out)
    return run.results


def self_test_command(args: argparse.Namespace) -> int:
    """``exportmatch --self-test``: exit 0 when every step passed, 1 otherwise."""
    results = run_self_test()
    return 0 if results and all(result.ok for result in results) else 1
