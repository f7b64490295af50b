"""Measuring the matcher on a labelled gold set (products.csv, demand.csv, gold.csv).

The three files are loaded into a temporary SQLite database and matched with the default
settings by the same engine the application uses, so the figures describe what a trade
officer gets. Precision, recall and F1 count the stored candidates whose score reaches
the threshold; recall@5 is the share of gold pairs among the top five of their line.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import insert, select

from desktop_app.core.database.session import open_database
from desktop_app.core.domain.enums import Language
from desktop_app.core.domain.models import Company, DemandLine, MatchCandidate, Product
from desktop_app.core.domain.types import utcnow
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.matching.chinese import han_runs, is_traditional
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.hs_inference import hs_digits
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter
from desktop_app.core.text import detect_language

PRODUCT_NAMES = ("product_name_ru", "product_name_en", "product_name_zh")


@dataclass(frozen=True)
class Evaluation:
    """Figures of one evaluation."""

    gold_pairs: int
    predicted_pairs: int
    threshold: float
    precision: float
    recall: float
    f1: float
    best_threshold: float
    best_f1: float
    recall_at_5: float
    # Figures per slice of the demand lines (sector, script), when asked for.
    slices: tuple[SliceFigures, ...] = ()


@dataclass(frozen=True)
class SliceFigures:
    """Figures of the demand lines of one slice (``sector:machinery``, ``script:zh-Hant``)."""

    name: str
    lines: int
    gold_pairs: int
    predicted_pairs: int
    precision: float
    recall: float
    f1: float
    recall_at_5: float


def line_script(text: str) -> str:
    """The script a demand line is written in: ``zh-Hant`` when it has characters found
    only in Traditional script, ``zh-Hans`` for other Chinese, else ``ru`` with Cyrillic,
    else ``en``."""
    if han_runs(text):
        return "zh-Hant" if is_traditional(text) else "zh-Hans"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "en"


def slice_figures(
    candidates: list[tuple[str, str, float, int]],
    gold: set[tuple[str, str]],
    groups: dict[str, set[str]],
    threshold: float,
    one_to_one: bool = False,
) -> tuple[SliceFigures, ...]:
    """Precision, recall, F1 and recall@5 within each group of demand refs."""
    out: list[SliceFigures] = []
    for name in sorted(groups):
        refs = groups[name]
        part = [c for c in candidates if c[1] in refs]
        wanted = {pair for pair in gold if pair[1] in refs}
        result = compute_metrics(part, wanted, threshold, one_to_one)
        out.append(
            SliceFigures(
                name=name,
                lines=len(refs),
                gold_pairs=len(wanted),
                predicted_pairs=result.predicted_pairs,
                precision=result.precision,
                recall=result.recall,
                f1=result.f1,
                recall_at_5=result.recall_at_5,
            )
        )
    return tuple(out)


def slice_groups(demand: Path, sectors: Path | None) -> dict[str, set[str]]:
    """Demand refs per script of the line, and per sector of ``sectors`` (``ref,sector``
    columns) when given."""
    groups: dict[str, set[str]] = {}
    for row in read_csv_rows(demand, ("demand_ref", "product_name")):
        groups.setdefault(f"script:{line_script(row['product_name'])}", set()).add(
            row["demand_ref"]
        )
    if sectors is not None:
        for row in read_csv_rows(sectors, ("ref", "sector")):
            if row["ref"] and row["sector"]:
                groups.setdefault(f"sector:{row['sector']}", set()).add(row["ref"])
    return groups


def read_csv_rows(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    """Rows of a gold-set CSV file; a missing column or required value is an InputError."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for name in required:
                if name not in columns:
                    raise InputError(
                        tr("the column {column} is missing").format(column=name),
                        Location(file=path.name, column=name),
                    )
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except OSError as exc:
        raise InputError(
            tr("cannot read the file: {reason}").format(reason=exc.strerror or exc),
            Location(file=str(path)),
        ) from exc


def _need(row: dict[str, str], names: tuple[str, ...], path: Path, number: int) -> None:
    if not any(row.get(name) for name in names):
        raise InputError(
            tr("a value is required in {columns}").format(columns=" or ".join(names)),
            Location(file=path.name, row=number, column=names[0]),
        )


def load_gold_set(session: object, products: Path, demand: Path) -> None:
    """Insert the products and demand lines of a gold set into an empty database."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    product_rows = read_csv_rows(products, ("product_ref",))
    demand_rows = read_csv_rows(demand, ("demand_ref", "product_name"))
    companies: dict[str, int] = {}
    now = utcnow()
    for number, row in enumerate(product_rows, 2):
        _need(row, ("product_ref",), products, number)
        _need(row, PRODUCT_NAMES, products, number)
        key = row.get("company_inn") or row.get("company_name") or ""
        if key not in companies:
            company = Company(
                name_ru=row.get("company_name") or tr("Unknown company"),
                name_key=key,
                inn=row.get("company_inn") or None,
            )
            session.add(company)
            session.flush()
            companies[key] = company.id
    session.execute(
        insert(Product),
        [
            {
                "company_id": companies[row.get("company_inn") or row.get("company_name") or ""],
                "ref": row["product_ref"],
                "name_ru": row.get("product_name_ru") or None,
                "name_en": row.get("product_name_en") or None,
                "name_zh": row.get("product_name_zh") or None,
                "hs_code": hs_digits(row.get("hs_code"))[:10] or None,
                "unit": (row.get("unit") or None),
                "created_at": now,
                "updated_at": now,
            }
            for row in product_rows
        ],
    )
    for number, row in enumerate(demand_rows, 2):
        _need(row, ("demand_ref",), demand, number)
        _need(row, ("product_name",), demand, number)
    session.execute(
        insert(DemandLine),
        [
            {
                "ref": row["demand_ref"],
                "product_text": row["product_name"],
                "language": Language(detect_language(row["product_name"])),
                "hs_code": hs_digits(row.get("hs_code"))[:10] or None,
                "created_at": now,
                "updated_at": now,
            }
            for row in demand_rows
        ],
    )


def compute_metrics(
    candidates: list[tuple[str, str, float, int]],
    gold: set[tuple[str, str]],
    threshold: float,
    one_to_one: bool = False,
) -> Evaluation:
    """Figures from ``(product_ref, demand_ref, score, rank)`` candidates and gold pairs."""

    def predicted_at(limit: float) -> set[tuple[str, str]]:
        chosen = [c for c in candidates if c[2] >= limit]
        if not one_to_one:
            return {(p, d) for p, d, _, _ in chosen}
        # Greedy assignment by score: each product and each line used at most once.
        used_products: set[str] = set()
        used_lines: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for p, d, _, _ in sorted(chosen, key=lambda c: (-c[2], c[3], c[0], c[1])):
            if p not in used_products and d not in used_lines:
                used_products.add(p)
                used_lines.add(d)
                pairs.add((p, d))
        return pairs

    def figures(pairs: set[tuple[str, str]]) -> tuple[float, float, float]:
        hits = len(pairs & gold)
        precision = hits / len(pairs) if pairs else 0.0
        recall = hits / len(gold) if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    predicted = predicted_at(threshold)
    precision, recall, f1 = figures(predicted)
    best_threshold, best_f1 = threshold, f1
    for limit in sorted({round(c[2], 1) for c in candidates}):
        score = figures(predicted_at(limit))[2]
        if score > best_f1:
            best_threshold, best_f1 = limit, score
    top5 = {(p, d) for p, d, _, rank in candidates if rank <= 5}
    return Evaluation(
        gold_pairs=len(gold),
        predicted_pairs=len(predicted),
        threshold=threshold,
        precision=precision,
        recall=recall,
        f1=f1,
        best_threshold=best_threshold,
        best_f1=best_f1,
        recall_at_5=len(top5 & gold) / len(gold) if gold else 0.0,
    )


def gold_set_candidates(
    products: Path,
    demand: Path,
    settings: MatchSettings,
    progress: ProgressReporter = NULL_PROGRESS,
) -> list[tuple[str, str, float, int]]:
    """The stored candidates of a gold set matched in a temporary database, as
    ``(product_ref, demand_ref, score, rank)``."""
    with tempfile.TemporaryDirectory(prefix="exportmatch-eval-") as folder:
        database = open_database(str(Path(folder) / "evaluate.sqlite3"))
        try:
            with database.session(actor="evaluate") as session:
                load_gold_set(session, products, demand)
                run_matching(session, progress, settings)
                rows = session.execute(
                    select(Product.ref, DemandLine.ref, MatchCandidate.score, MatchCandidate.rank)
                    .join(Product, Product.id == MatchCandidate.product_id)
                    .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
                ).all()
        finally:
            database.dispose()
    return [(str(p), str(d), float(s), int(r)) for p, d, s, r in rows]


def evaluate_gold_set(
    products: Path,
    demand: Path,
    gold: Path,
    threshold: float | None = None,
    one_to_one: bool = False,
    progress: ProgressReporter = NULL_PROGRESS,
    slices: Path | None = None,
) -> Evaluation:
    """Match a gold set in a temporary database with default settings and measure it;
    with ``slices`` (a ``ref,sector`` file) also per sector and per script of the line."""
    settings = MatchSettings()
    gold_pairs = {
        (row["product_ref"], row["demand_ref"])
        for row in read_csv_rows(gold, ("product_ref", "demand_ref"))
    }
    candidates = gold_set_candidates(products, demand, settings, progress)
    limit = settings.suggest_threshold if threshold is None else threshold
    result = compute_metrics(candidates, gold_pairs, limit, one_to_one)
    if slices is None:
        return result
    groups = slice_groups(demand, slices)
    figures = slice_figures(candidates, gold_pairs, groups, limit, one_to_one)
    return replace(result, slices=figures)
