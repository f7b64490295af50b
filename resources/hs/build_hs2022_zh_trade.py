"""Build ``hs2022_zh_trade.csv`` (columns ``code,name,region``) from ``trade_zh/NN.txt``.

The Chinese tariff names (``hs2022_zh.csv``) say 其他机动叉车; buyers write 叉车, 电瓶叉车,
地牛, 堆高機. These files give, per HS 2022 subheading (six digits) or heading (four
digits, when a name covers the whole heading), the trade names, colloquial names and
abbreviations Chinese buyers, traders and e-commerce listings use for the goods. Run
after editing a chapter file::

    python resources/hs/build_hs2022_zh_trade.py
    python resources/hs/build_hs2022_zh_trade.py --coverage   # names per chapter

A line is ``CODE<TAB>name`` followed by optional tags: ``#TW`` or ``#HK`` for a word
used in Taiwan or Hong Kong (written in Traditional characters as used there; the build
adds its Simplified spelling under the same region), and ``#ambiguous`` for a name
deliberately given under codes of two different headings. Blank lines and lines
starting with ``#`` are skipped.

The script refuses a code that is not in ``hs2022.csv`` or belongs to another chapter's
file, a name that is not Chinese (no Han character, Cyrillic, or a Latin word: only a
designation in capitals, as in U盘, T恤, H型钢, LED灯, is part of a Chinese name), an unknown tag, a
Traditional name without a region tag, the same (code, name) pair twice, and a name
given under codes of two different headings unless every such line says ``#ambiguous``.
It writes the rows in (code, name, region) order, so the CSV changes only when a line
does.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The codes of HS 2022 as the Chinese tariff names' own build reads them.
sys.path.insert(0, str(HERE))
from build_hs2022_zh import nomenclature_codes  # noqa: E402

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A Latin word: anything with a small letter, or a run of capitals longer than the
# designations Chinese product names carry (U盘, T恤, LED灯, PCB板, GPS定位器).
LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*|[A-Z]{6,}")
# What a name may hold besides Han characters: digits, capitals of a designation, and
# the joiners of Chinese product names (·, -, ／, (, )).
ALLOWED = re.compile(r"[\u4e00-\u9fff0-9A-Z·\-（）()/／+＋]+")
REGIONS = ("TW", "HK")
TAGS = frozenset({"#TW", "#HK", "#ambiguous"})


@dataclass(frozen=True)
class TradeName:
    code: str
    name: str
    region: str  # "", "TW" or "HK"
    ambiguous: bool
    where: str


def _converters():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s"), OpenCC("s2t")


def is_traditional(name: str, t2s) -> bool:  # type: ignore[no-untyped-def]
    """True when ``name`` holds a character whose Simplified form differs."""
    return t2s.convert(name) != name


def parse_line(line: str, where: str) -> tuple[str, str, str, bool]:
    """``(code, name, region, ambiguous)`` of one chapter-file line."""
    code, tab, rest = line.partition("\t")
    if not tab:
        raise ValueError(f"{where}: expected CODE<TAB>name, got {line!r}")
    words = rest.split()
    if not words:
        raise ValueError(f"{where}: {code} has no name")
    name, tags = words[0], words[1:]
    for tag in tags:
        if tag not in TAGS:
            raise ValueError(f"{where}: unknown tag {tag!r} (use #TW, #HK or #ambiguous)")
    regions = [tag[1:] for tag in tags if tag[1:] in REGIONS]
    if len(regions) > 1:
        raise ValueError(f"{where}: {name!r} has two region tags")
    return code.strip(), name, regions[0] if regions else "", "#ambiguous" in tags


def check_name(name: str, where: str) -> None:
    if CYRILLIC.search(name):
        raise ValueError(f"{where}: {name!r} holds Cyrillic")
    if LATIN_WORD.search(name):
        raise ValueError(f"{where}: {name!r} holds a Latin word (write the Chinese name)")
    if not HAN.search(name) or not ALLOWED.fullmatch(name):
        raise ValueError(f"{where}: {name!r} is not a Chinese name")


def chapter_lines(folder: Path, keep_tabs: bool = False) -> Iterator[tuple[str, str, str]]:
    """``(chapter, where, line)`` of every line of the chapter files ``NN.txt`` that is
    neither empty nor a ``#`` comment; ``where`` is ``NN.txt:<line number>``. With
    ``keep_tabs`` only the line break and spaces go, so an empty last field keeps its tab."""
    for path in sorted(folder.glob("*.txt")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip("\r\n").strip(" ") if keep_tabs else raw.strip()
            if line.strip() and not line.startswith("#"):
                yield path.stem, f"{path.name}:{number}", line


def check_code(code: str, known: Container[str], chapter: str, where: str) -> None:
    """Refuse a code HS 2022 does not have, or one written in another chapter's file."""
    if code not in known:
        raise ValueError(f"{where}: {code} is not an HS 2022 heading or subheading")
    if code[:2] != chapter:
        raise ValueError(f"{where}: {code} belongs to chapter {code[:2]}'s file")


def read_chapters(folder: Path) -> list[TradeName]:
    """Every trade name of the chapter files, with the Simplified spelling of each
    regional Traditional one; raises ``ValueError`` on a bad line."""
    known = nomenclature_codes()
    t2s, _ = _converters()
    rows: list[TradeName] = []
    seen: set[tuple[str, str]] = set()
    for chapter, where, line in chapter_lines(folder):
        code, name, region, ambiguous = parse_line(line, where)
        check_code(code, known, chapter, where)
        check_name(name, where)
        if is_traditional(name, t2s) and not region:
            raise ValueError(f"{where}: {name!r} is Traditional: tag it #TW or #HK")
        if (code, name) in seen:
            raise ValueError(f"{where}: {code} {name} is given twice")
        seen.add((code, name))
        rows.append(TradeName(code, name, region, ambiguous, where))
        simplified = t2s.convert(name)
        if simplified != name and (code, simplified) not in seen:
            seen.add((code, simplified))
            rows.append(TradeName(code, simplified, region, ambiguous, where))
    _check_headings(rows)
    return rows


def _check_headings(rows: list[TradeName]) -> None:
    """Refuse a name under two headings unless each of its lines says ``#ambiguous``."""
    by_name: dict[str, list[TradeName]] = defaultdict(list)
    for row in rows:
        by_name[row.name].append(row)
    problems = []
    for name, same in by_name.items():
        headings = {row.code[:4] for row in same}
        if len(headings) > 1 and not all(row.ambiguous for row in same):
            places = ", ".join(f"{row.code} ({row.where})" for row in same)
            problems.append(f"{name!r} is given under {len(headings)} headings: {places}")
    if problems:
        raise ValueError("\n".join(problems) + "\nmark each line #ambiguous if that is meant")


def table(rows: list[TradeName]) -> list[tuple[str, str, str]]:
    return sorted({(row.code, row.name, row.region) for row in rows})


def coverage(rows: list[TradeName]) -> list[tuple[str, int, int, int]]:
    """Per chapter: (chapter, subheadings, subheadings with a trade name (their own or
    their heading's), names)."""
    known = nomenclature_codes()
    named_codes = {row.code for row in rows}
    names: dict[str, int] = defaultdict(int)
    for row in rows:
        names[row.code[:2]] += 1
    out = []
    for chapter in sorted({code[:2] for code in known}):
        subs = [c for c in known if len(c) == 6 and c[:2] == chapter]
        covered = sum(1 for c in subs if c in named_codes or c[:4] in named_codes)
        out.append((chapter, len(subs), covered, names.get(chapter, 0)))
    return out


def main() -> int:
    rows = read_chapters(HERE / "trade_zh")
    if sys.argv[1:2] == ["--coverage"]:
        total = [0, 0, 0]
        print("chapter  subheadings  covered  names")
        for chapter, subs, covered, count in coverage(rows):
            total = [total[0] + subs, total[1] + covered, total[2] + count]
            print(f"{chapter:>7}  {subs:>11}  {covered:>7}  {count:>5}")
        print(f"{'all':>7}  {total[0]:>11}  {total[1]:>7}  {total[2]:>5}")
        return 0
    written = table(rows)
    with (HERE / "hs2022_zh_trade.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "region"))
        writer.writerows(written)
    codes = {code for code, _, _ in written}
    print(f"{len(written)} names for {len(codes)} codes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
