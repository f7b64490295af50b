"""Speed of the whole match on a generated catalogue, against an exhaustive scorer.

Generates products (Russian names, often with English and Chinese ones) and demand lines
(Chinese, Russian or English) from the glossary's concepts with processing states, pack
sizes and trade noise; 30% of both sides carry no HS code. It then runs the real engine
on a temporary SQLite database (features, candidates, scoring, storing the top five),
and scores a sample of 1,000 lines exhaustively with RapidFuzz ``cdist(token_set_ratio)``
against every product name in the line's language to extrapolate the exhaustive time.

Top-1 agreement: our first candidate counts as equal to the exhaustive scorer's when its
``token_set_ratio`` is the best one. On the full texts the best product is decided by a
shared pack size or noise word ("25 кг", "for export"), which the label rule ignores, so
the scorer is also run on the *cores* of the generated names (the good and its processing
state). A line whose good no product names in the line's language (a Chinese request,
products with Russian names only) is matched across languages through the glossary, which
a name-only scorer cannot see; the reported ``top1_agree`` is the core agreement on the
other lines. All three figures are printed.

    .venv/bin/python benchmarks/bench_matching.py [--quick] [--products N] [--demand N]

Last line: ``seconds=<s> ratio=<ours/exhaustive> top1_agree=<share> peak_mb=<n>``.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import insert, select

from desktop_app.core.database.session import open_database
from desktop_app.core.domain.models import Company, DemandLine, MatchCandidate, Product
from desktop_app.core.domain.types import utcnow
from desktop_app.core.matching.engine import run_matching
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.text import detect_language

NOISE = {
    "ru": ["", "", "урожай 2024", "ГОСТ", "навалом", "фасовка", "высший сорт", "экспорт"],
    "en": ["", "", "bulk", "premium grade", "new crop", "for export", "Russia origin"],
    "zh": ["", "", "俄罗斯", "进口", "散装", "求购", "大量采购", "原装"],
}
PACKS = ["", "", "5 л", "25 кг", "500 г", "1 кг", "50 kg", "1.5L", "20公斤", "900克"]


def _catalogue(seed: int) -> list[tuple[str, dict[str, list[str]], list[str], list[str]]]:
    glossary = shipped_glossary()
    by_group: dict[str, list[str]] = {}
    for attribute in glossary.attributes.values():
        by_group.setdefault(attribute.group, []).append(attribute.id)
    states = {
        "ru": ["мороженый", "охлажденный", "рафинированное", "сушеный", "очищенный", ""],
        "en": ["frozen", "chilled", "refined", "dried", "shelled", ""],
        "zh": ["冷冻", "冰鲜", "精炼", "干", "去壳", ""],
    }
    rows = []
    for concept in glossary.concepts.values():
        if all(concept.terms.get(lang) for lang in ("ru", "en", "zh")):
            rows.append((concept.id, dict(concept.terms), list(concept.hs), list(states)))
    random.Random(seed).shuffle(rows)
    return rows


def _name(rng: random.Random, terms: dict[str, list[str]], language: str) -> tuple[str, str]:
    """A generated name and its *core*: the good and its state, without pack or noise."""
    state_words = {
        "ru": ["мороженый", "охлажденный", "сушеный", ""],
        "en": ["frozen", "chilled", "dried", ""],
        "zh": ["冷冻", "冰鲜", "干", ""],
    }[language]
    parts = [rng.choice(terms[language]), rng.choice(state_words), rng.choice(PACKS)]
    parts.append(rng.choice(NOISE[language]))
    core = " ".join(p for p in parts[:2] if p).lower()
    if language == "zh":
        rng.shuffle(parts)
        return " ".join(p for p in parts if p), core
    return " ".join(p for p in parts if p).capitalize(), core


def generate(
    products: int, demand: int, seed: int = 7
) -> tuple[list[dict], list[dict], list[dict[str, str]], list[tuple[str, str]]]:
    """Product and demand rows ready for a bulk insert, the core and good of each name."""
    rng = random.Random(seed)
    catalogue = _catalogue(seed)
    now = utcnow()
    product_rows = []
    product_cores: list[dict[str, str]] = []
    for number in range(products):
        good, terms, hs, _ = catalogue[rng.randrange(len(catalogue))]
        name_ru, core_ru = _name(rng, terms, "ru")
        name_en, core_en = _name(rng, terms, "en") if rng.random() < 0.5 else (None, "")
        name_zh, core_zh = _name(rng, terms, "zh") if rng.random() < 0.3 else (None, "")
        product_cores.append({"ru": core_ru, "en": core_en, "zh": core_zh, "good": good})
        product_rows.append(
            {
                "company_id": 1 + number % 500,
                "ref": f"P{number}",
                "name_ru": name_ru,
                "name_en": name_en,
                "name_zh": name_zh,
                "hs_code": (hs[0] if hs and rng.random() >= 0.3 else None),
                "created_at": now,
                "updated_at": now,
            }
        )
    demand_rows = []
    demand_cores: list[tuple[str, str]] = []
    for number in range(demand):
        good, terms, hs, _ = catalogue[rng.randrange(len(catalogue))]
        language = rng.choices(["zh", "ru", "en"], weights=[6, 2, 2])[0]
        text, core = _name(rng, terms, language)
        demand_cores.append((core, good))
        demand_rows.append(
            {
                "ref": f"D{number}",
                "product_text": text,
                "hs_code": (hs[0] if hs and rng.random() >= 0.3 else None),
                "created_at": now,
                "updated_at": now,
            }
        )
    return product_rows, demand_rows, product_cores, demand_cores


def main() -> int:
    """Generate, match, compare with the exhaustive scorer, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 products, 10,000 lines")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--demand", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    if args.quick:
        args.products, args.demand = 2000, 10_000
    product_rows, demand_rows, product_cores, demand_cores = generate(args.products, args.demand)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "bench.sqlite3"))
        with database.session(actor="bench") as session:
            session.execute(
                insert(Company),
                [{"name_ru": f"Company {n}", "name_key": f"c{n}"} for n in range(500)],
            )
            session.execute(insert(Product), product_rows)
            session.execute(insert(DemandLine), demand_rows)
        started = time.perf_counter()
        with database.session(actor="bench") as session:
            report = run_matching(session)
        ours = time.perf_counter() - started
        with database.session() as session:
            top1 = dict(
                session.execute(
                    select(DemandLine.ref, Product.ref)
                    .join(MatchCandidate, MatchCandidate.demand_line_id == DemandLine.id)
                    .join(Product, Product.id == MatchCandidate.product_id)
                    .where(MatchCandidate.rank == 1)
                ).all()
            )
        database.dispose()
    print(f"matched {report.demand_lines} lines x {report.products} products: "
          f"{report.candidates_stored} candidates in {ours:.1f} s")  # fmt: skip
    rng = random.Random(11)
    sample = rng.sample(range(len(demand_rows)), min(args.sample, len(demand_rows)))
    field = {"ru": "name_ru", "en": "name_en", "zh": "name_zh"}
    choices = {lang: [(p[field[lang]] or "").lower() for p in product_rows] for lang in field}
    cores = {lang: [core[lang] for core in product_cores] for lang in field}
    spent = 0.0
    agree = agree_core = same_language = visible = agree_visible = offered = right_good = 0
    exhaustive_right = 0
    goods = {p["good"] for p in product_cores}
    for number in sample:
        line = demand_rows[number]
        language = detect_language(line["product_text"])
        if language not in field:
            continue
        started = time.perf_counter()
        scores = process.cdist(
            [line["product_text"].lower()], choices[language],
            scorer=fuzz.token_set_ratio, workers=-1,
        )[0]  # fmt: skip
        spent += time.perf_counter() - started
        if scores.max() <= 0:
            continue
        same_language += 1
        ours_top = top1.get(line["ref"])
        if ours_top is None:
            continue
        ours_row = int(ours_top[1:])
        agree += scores[ours_row] >= scores.max()
        if demand_cores[number][1] in goods:
            offered += 1
            right_good += product_cores[ours_row]["good"] == demand_cores[number][1]
            best_row = int(scores.argmax())
            exhaustive_right += product_cores[best_row]["good"] == demand_cores[number][1]
        # The label rule: pack size and trade noise do not separate goods, and suppliers
        # of the same good tie. The same exhaustive scorer on the cores (good and state).
        core, good = demand_cores[number]
        core_scores = process.cdist([core], cores[language], scorer=fuzz.token_set_ratio)[0]
        agree_core += core_scores[ours_row] >= core_scores.max()
        # Lines whose good is offered under a name in their language: only there can a
        # name-only scorer see the right products at all.
        if any(p["good"] == good and p[language] for p in product_cores):
            visible += 1
            agree_visible += core_scores[ours_row] >= core_scores.max()
    exhaustive = spent * len(demand_rows) / len(sample)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    share = agree / same_language if same_language else float("nan")
    share_core = agree_core / same_language if same_language else float("nan")
    share_visible = agree_visible / visible if visible else float("nan")
    print(f"exhaustive (extrapolated from {len(sample)} lines): {exhaustive:.0f} s")
    print(
        f"top-1 equal to exhaustive on {same_language} lines: full texts {share:.3f}, "
        f"good+state {share_core:.3f}; on the {visible} lines whose good has a product "
        f"named in their language: {share_visible:.3f}"
    )
    print(f"top-1 offers the line's own good on {right_good / max(1, offered):.3f} of the "
          f"{offered} sampled lines whose good is offered (exhaustive scorer: "
          f"{exhaustive_right / max(1, offered):.3f})")  # fmt: skip
    print(f"seconds={ours:.1f} ratio={ours / exhaustive:.4f} top1_agree={share_visible:.3f} "
          f"peak_mb={peak_mb:.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
