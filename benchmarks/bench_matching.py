"""Speed of the whole match on a generated catalogue, against an exhaustive scorer.

The generated data resemble real trade: each good of the glossary (with names in Russian,
English and Chinese) has a vocabulary per language: its main term (a synonym now and
then), one processing state kept by all its offers and requests, and neutral qualifiers
("premium", "отборный", "特级"). A product names its good with its state, one or two
qualifiers and a brand, in Russian and often in English and Chinese ("Минтай мороженый
отборный Полярный", "Frozen pollock premium Arctic"); a demand line asks for a good in
Chinese, Russian or English with some of the same qualifiers, a pack size and trade noise
("冷冻 狭鳕 特级 20公斤 求购"); 30% of both sides carry no HS code. The real engine runs on a
temporary SQLite database (features, candidates, scoring, storing the top five), and a
sample of 1,000 lines is scored exhaustively with RapidFuzz ``cdist(token_set_ratio)``
against every name of every product (the full cross product, one ``cdist`` per block of
50 lines, a product scored by the best of its names), to extrapolate the exhaustive time.
Printed beside it, for reference: the same lines against the names in their own language
only, which is a blocking by language rather than an exhaustive scorer (until session 3
the benchmark measured that, one ``cdist`` call per line; see docs/matching.md).

Top-1 agreement with the exhaustive ``token_set_ratio`` scorer is printed for reference
only: that goal is retired (round 8). A plain fuzzy scorer picks another good than the
line's on a third of the lines, so agreeing with it is not a goal; what it stood for, that
the inverted index loses nothing an exhaustive pass would find, is measured with one
scorer on both sides by ``bench_index_recall.py`` (``index_top1``, ``index_top5``).
Counted on the sampled lines for which some product has a name in the line's language.
Tie-aware (``top1_agree``): our first candidate agrees
when its ``token_set_ratio`` equals the exhaustive maximum, i.e. it is one of the
products the exhaustive scorer ranks first (the generator makes many offers of one good
with like names, and suppliers of the same wording tie). Strict, printed beside it: our
first candidate is the very product of the exhaustive ``argmax`` (the first of the tied
ones), which depends on the order of the catalogue. Also printed: the tie-aware share on
the lines where the exhaustive pick offers the line's own good (there nothing but the
names separates the two picks; elsewhere the name scorer has been misled by a shared
qualifier or cannot see the good's products, named in other languages), the share of
lines whose top-1 offers the line's own good, for both scorers, and up to ``--examples``
lines where we disagree, with both picks and both scores.

    .venv/bin/python benchmarks/bench_matching.py [--quick] [--products N] [--demand N]

Last line: ``seconds=<s> ratio=<ours/exhaustive> peak_mb=<n> cpu_s=<s>``: the three goals,
then the CPU time of the run (this process and its reading processes), which a loaded
machine inflates far less than the seconds; the line before it splits the CPU time.
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

LANGUAGES = ("ru", "en", "zh")
EXHAUSTIVE_BLOCK = 50  # sampled lines per cdist call: a 50 x 36,000 matrix, 7 MB
# Parallel per language: the same state in each; "" is a good sold without one.
STATES = {
    "ru": ["мороженый", "охлажденный", "сушеный", "", ""],
    "en": ["frozen", "chilled", "dried", "", ""],
    "zh": ["冷冻", "冰鲜", "干", "", ""],
}
# Words that name neither a good nor a state (checked against the glossary).
QUALIFIERS = {
    "ru": ["отборный", "высший сорт", "первый сорт", "крупный", "мелкий", "натуральный",
           "стандарт", "премиум"],
    "en": ["premium", "grade A", "selected", "natural", "standard", "export quality",
           "large", "small", "choice"],
    "zh": ["优质", "特级", "大号", "小号", "天然", "标准", "出口级", "精选"],
}  # fmt: skip
BRANDS = {
    "ru": ["Полярный", "Тайга", "Волга", "Урал", "Балтика", "Заря", "Восток", "Сибирь"],
    "en": ["Arctic", "Polar", "Taiga", "Volga", "Ural", "Baltic", "Amur", "Altai"],
    "zh": ["北极", "泰加", "伏尔加", "乌拉尔"],
}
NOISE = {
    "ru": ["", "", "урожай 2024", "навалом", "фасовка", "экспорт"],
    "en": ["", "", "bulk", "new crop", "for export", "Russia origin"],
    "zh": ["", "", "俄罗斯", "进口", "散装", "求购", "大量采购"],
}
PACKS = ["", "", "5 л", "25 кг", "500 г", "1 кг", "50 kg", "10 kg", "20公斤", "900克"]


def _goods(seed: int) -> list[tuple[str, dict[str, tuple[str, ...]], list[str], int]]:
    """(concept id, terms per language, HS codes, state index) of each good."""
    rng = random.Random(seed)
    goods = [
        (concept.id, dict(concept.terms), list(concept.hs), _state(rng, concept.hs))
        for concept in shipped_glossary().concepts.values()
        if all(concept.terms.get(language) for language in LANGUAGES)
    ]
    rng.shuffle(goods)
    return goods


def _state(rng: random.Random, hs: tuple[str, ...]) -> int:
    """Food (HS chapters 01-24) is frozen, chilled, dried or plain; other goods plain."""
    food = bool(hs) and hs[0][:2].isdigit() and int(hs[0][:2]) <= 24
    return rng.randrange(len(STATES["en"])) if food else len(STATES["en"]) - 1


def _term(rng: random.Random, terms: tuple[str, ...]) -> str:
    """The good's main term, a synonym one time in ten."""
    return terms[0] if rng.random() < 0.9 or len(terms) == 1 else rng.choice(terms[1:])


def _compose(language: str, term: str, state: str, extra: list[str]) -> str:
    """Word order of the language: "Минтай мороженый", "frozen pollock", "冷冻 狭鳕"."""
    if language == "ru":
        words = [term.capitalize(), state, *extra]
    elif language == "en":
        words = [state.capitalize(), term, *extra] if state else [term.capitalize(), *extra]
    else:
        words = [state, term, *extra]
    return " ".join(w for w in words if w)


def _product_name(rng: random.Random, good: tuple, language: str) -> str:
    _, terms, _, state = good
    qualifiers = rng.sample(QUALIFIERS[language], rng.randint(1, 2))
    extra = [*qualifiers, rng.choice(BRANDS[language])]
    return _compose(language, _term(rng, terms[language]), STATES[language][state], extra)


def _demand_text(rng: random.Random, good: tuple, language: str) -> str:
    _, terms, _, state = good
    qualifiers = rng.sample(QUALIFIERS[language], rng.randint(0, 2))
    extra = [*qualifiers, rng.choice(PACKS), rng.choice(NOISE[language])]
    return _compose(language, _term(rng, terms[language]), STATES[language][state], extra)


def generate(
    products: int, demand: int, seed: int = 7
) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """Product and demand rows ready for a bulk insert, and the good of each."""
    rng = random.Random(seed)
    goods = _goods(seed)
    # A catalogue offers some goods many times and most a few times.
    offered = goods[: max(1, min(len(goods), products // 20))]
    now = utcnow()
    product_rows: list[dict] = []
    product_goods: list[str] = []
    for number in range(products):
        good = offered[min(len(offered) - 1, int(rng.paretovariate(1.2)) - 1)]
        good = good if rng.random() < 0.5 else rng.choice(offered)
        product_goods.append(good[0])
        hs = good[2]
        product_rows.append(
            {
                "company_id": 1 + number % 500,
                "ref": f"P{number}",
                "name_ru": _product_name(rng, good, "ru"),
                "name_en": _product_name(rng, good, "en") if rng.random() < 0.5 else None,
                "name_zh": _product_name(rng, good, "zh") if rng.random() < 0.3 else None,
                "hs_code": (hs[0] if hs and rng.random() >= 0.3 else None),
                "created_at": now,
                "updated_at": now,
            }
        )
    demand_rows: list[dict] = []
    demand_goods: list[str] = []
    for number in range(demand):
        # Most requests ask for goods on offer; some for goods nobody offers.
        good = rng.choice(offered) if rng.random() < 0.9 else rng.choice(goods)
        language = rng.choices(LANGUAGES, weights=[2, 2, 6])[0]
        demand_goods.append(good[0])
        hs = good[2]
        demand_rows.append(
            {
                "ref": f"D{number}",
                "product_text": _demand_text(rng, good, language),
                "hs_code": (hs[0] if hs and rng.random() >= 0.3 else None),
                "created_at": now,
                "updated_at": now,
            }
        )
    return product_rows, demand_rows, product_goods, demand_goods


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user and system) of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def main() -> int:
    """Generate, match, compare with the exhaustive scorer, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 products, 10,000 lines")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--demand", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--examples", type=int, default=20, help="disagreements printed")
    args = parser.parse_args()
    if args.quick:
        args.products, args.demand = 2000, 10_000
    product_rows, demand_rows, product_goods, demand_goods = generate(args.products, args.demand)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "bench.sqlite3"))
        with database.session(actor="bench") as session:
            session.execute(
                insert(Company),
                [{"name_ru": f"Company {n}", "name_key": f"c{n}"} for n in range(500)],
            )
            session.execute(insert(Product), product_rows)
            session.execute(insert(DemandLine), demand_rows)
        started, cpu = time.perf_counter(), _cpu_seconds()
        with database.session(actor="bench") as session:
            report = run_matching(session)
        ours = time.perf_counter() - started
        ours_cpu = tuple(after - before for after, before in zip(_cpu_seconds(), cpu, strict=True))
        with database.session() as session:
            rng = random.Random(11)
            sample = rng.sample(range(len(demand_rows)), min(args.sample, len(demand_rows)))
            sampled = {demand_rows[number]["ref"] for number in sample}
            # Only the sampled lines' candidates are kept: all half million would raise
            # the process's peak memory, which the last line reports for the engine.
            stored: dict[str, dict[int, float]] = {}
            top1: dict[str, str] = {}
            for line_ref, product_ref, rank, score in session.execute(
                select(DemandLine.ref, Product.ref, MatchCandidate.rank, MatchCandidate.score)
                .join(MatchCandidate, MatchCandidate.demand_line_id == DemandLine.id)
                .join(Product, Product.id == MatchCandidate.product_id)
            ):
                if line_ref not in sampled:
                    continue
                stored.setdefault(line_ref, {})[int(product_ref[1:])] = score
                if rank == 1:
                    top1[line_ref] = product_ref
        database.dispose()
    print(f"matched {report.demand_lines} lines x {report.products} products: "
          f"{report.candidates_stored} candidates in {ours:.1f} s")  # fmt: skip
    field = {"ru": "name_ru", "en": "name_en", "zh": "name_zh"}
    # The full cross product: every sampled line against every name of every product, in
    # one ``cdist`` per block of lines (the fastest way RapidFuzz scores a cross product),
    # each product scored by the best of its names.
    names = [(p[field[lang]] or "").lower() for p in product_rows for lang in LANGUAGES]
    present = np.asarray([name != "" for name in names])
    listed = [name for name in names if name]
    texts = [demand_rows[number]["product_text"].lower() for number in sample]
    # Kept per line: the exhaustive best product, its score and the score of our top-1
    # (not the whole 1,000 x 20,000 matrix, which would raise the peak the last line shows).
    picks: list[tuple[int, float, float]] = []
    ours_rows = [int(top1.get(demand_rows[n]["ref"], "P-1")[1:]) for n in sample]
    spent = 0.0
    for start in range(0, len(sample), EXHAUSTIVE_BLOCK):
        started = time.perf_counter()
        block = process.cdist(
            texts[start : start + EXHAUSTIVE_BLOCK], listed, scorer=fuzz.token_set_ratio,
            workers=-1, dtype=np.float32,
        )  # fmt: skip
        spread = np.zeros((len(block), len(names)), dtype=np.float32)
        spread[:, present] = block
        best_of = spread.reshape(len(block), len(product_rows), len(LANGUAGES)).max(axis=2)
        spent += time.perf_counter() - started
        for row, ours_row in zip(best_of, ours_rows[start : start + len(block)], strict=True):
            best = int(row.argmax())
            picks.append((best, float(row[best]), float(row[ours_row]) if ours_row >= 0 else 0))
    # For reference: the same lines against the names in their own language only (a
    # blocking by language, so not exhaustive; what the benchmark measured before).
    by_language: dict[str, list[str]] = {}
    for text in texts:
        language = detect_language(text)
        if language in field:
            by_language.setdefault(language, []).append(text)
    choices = {lang: [(p[field[lang]] or "").lower() for p in product_rows] for lang in field}
    started = time.perf_counter()
    for language, lines in by_language.items():
        for start in range(0, len(lines), EXHAUSTIVE_BLOCK):
            process.cdist(
                lines[start : start + EXHAUSTIVE_BLOCK], choices[language],
                scorer=fuzz.token_set_ratio, workers=-1, dtype=np.float32,
            )  # fmt: skip
    blocked = time.perf_counter() - started
    offered = set(product_goods)
    same_language = agree = strict = offered_lines = right_good = exhaustive_right = 0
    disagreements: list[str] = []
    own_good_lines = agree_own = 0
    for position, number in enumerate(sample):
        line = demand_rows[number]
        language = detect_language(line["product_text"])
        if language not in field:
            continue
        best, best_score, ours_tsr = picks[position]
        ours_row = ours_rows[position]
        if best_score <= 0 or ours_row < 0:
            continue
        same_language += 1
        strict += ours_row == best
        agree += ours_tsr >= best_score
        if ours_tsr < best_score and len(disagreements) < args.examples:
            ours_score = stored[line["ref"]][ours_row]
            theirs = stored[line["ref"]].get(best)
            disagreements.append(
                f"  {line['product_text']!r}\n"
                f"    ours  P{ours_row} ours={ours_score:.1f} tsr={ours_tsr:.0f} "
                f"{product_rows[ours_row][field[language]]!r}\n"
                f"    exh.  P{best} ours={'-' if theirs is None else f'{theirs:.1f}'} "
                f"tsr={best_score:.0f} {product_rows[best][field[language]]!r}"
            )
        # Where the exhaustive scorer's pick is of the line's own good, nothing but the
        # names separates the two picks: there the name comparator should decide.
        if product_goods[best] == demand_goods[number]:
            own_good_lines += 1
            agree_own += ours_tsr >= best_score
        if demand_goods[number] in offered:
            offered_lines += 1
            right_good += product_goods[ours_row] == demand_goods[number]
            exhaustive_right += product_goods[best] == demand_goods[number]
    exhaustive = spent * len(demand_rows) / len(sample)
    exhaustive_blocked = blocked * len(demand_rows) / len(sample)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Worker processes that read names (large runs only) have their own peak.
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    share = agree / same_language if same_language else float("nan")
    print(f"exhaustive (every line against every product name, extrapolated from "
          f"{len(sample)} lines): {exhaustive:.0f} s")  # fmt: skip
    print(f"against the names in the line's own language only (blocked by language): "
          f"{exhaustive_blocked:.0f} s, ours / that = {ours / exhaustive_blocked:.4f}")  # fmt: skip
    print("lines where our top-1 is not among the exhaustive scorer's best "
          "(ours = our score, tsr = token_set_ratio; '-': not in our top 5):")  # fmt: skip
    print("\n".join(disagreements))
    print(f"strict top-1 agreement (the very product of the exhaustive argmax): "
          f"{strict / max(1, same_language):.3f}")  # fmt: skip
    print(f"top-1 among the exhaustive scorer's best (tie-aware) on {same_language} sampled "
          f"lines with product names in their language: {share:.3f}")  # fmt: skip
    print(f"... on the {own_good_lines} of them where the exhaustive top-1 offers the line's "
          f"own good: {agree_own / max(1, own_good_lines):.3f}")  # fmt: skip
    print(f"top-1 offers the line's own good on {right_good / max(1, offered_lines):.3f} of "
          f"the {offered_lines} such lines whose good is offered (exhaustive scorer: "
          f"{exhaustive_right / max(1, offered_lines):.3f})")  # fmt: skip
    print(f"peak of a name-reading worker process: {workers_mb:.0f} MB")
    print(f"top1_agree={share:.3f} (reference only, not a goal)")
    # CPU time, which a loaded machine inflates far less than the seconds: to compare
    # commits measured at different loads (docs/matching.md, round 12).
    print(f"CPU of the run: main process {ours_cpu[0]:.1f} s, reading processes "
          f"{ours_cpu[1]:.1f} s")  # fmt: skip
    print(f"seconds={ours:.1f} ratio={ours / exhaustive:.4f} peak_mb={peak_mb:.0f} "
          f"cpu_s={sum(ours_cpu):.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
