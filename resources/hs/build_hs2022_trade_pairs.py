"""Build ``hs2022_trade_pairs.csv`` (columns ``code,ru,zh,en``) from ``trade_pairs/NN.txt``.

``hs2022_ru_trade.csv`` and ``hs2022_zh_trade.csv`` meet only through the HS code, and
one code holds many goods: 8481.80 is every kind of valve, so «кран шаровой» shares it
with 闸阀 and 蝶阀. These files link each Russian trade name to the Chinese and English
names of the same good::

    848180<TAB>шаровый кран<TAB>球阀<TAB>ball valve

Chinese and English names are ``|``-separated (``球阀|球形阀``), Chinese in Simplified
characters. Run after editing a chapter file::

    python resources/hs/build_hs2022_trade_pairs.py
    python resources/hs/build_hs2022_trade_pairs.py --coverage   # pairs per chapter

Blank lines and lines starting with ``#`` are skipped.

The script refuses a code that is not in ``hs2022.csv`` or belongs to another chapter's
file, a (code, Russian name) pair that ``hs2022_ru_trade.csv``'s chapter files do not
give (the Russian name exactly as written there), a Chinese name that is not Chinese
(Cyrillic, a Latin word: only a designation in capitals, as in PVC管, LED灯, is part of a
Chinese name), is a single character (包, 球: they read as parts of other words), or is
written in Traditional characters (OpenCC t2s must leave it
unchanged), an English name with Cyrillic or Chinese characters, a line without a
Chinese or an English name, a name given twice on a line, and the same (code, Russian
name) pair twice. It writes the rows in (code, ru) order, so the CSV changes only when a
line does.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
# One reader of the HS 2022 codes, of the Russian trade names and one check of a Chinese
# name for every trade-name table.
sys.path.insert(0, str(HERE))
from build_hs2022_ru_trade import read_chapters as read_russian_chapters  # noqa: E402
from build_hs2022_ru_trade import spelling_key  # noqa: E402
from build_hs2022_zh import nomenclature_codes  # noqa: E402
from build_hs2022_zh_trade import _converters, chapter_lines, check_code, is_traditional  # noqa: E402
from build_hs2022_zh_trade import check_name as check_chinese_name  # noqa: E402

# What an English trade name may hold: Latin letters, digits, spaces and the joiners of
# product names (ball valve, 3D printer, V-belt, PVC pipe, 2-way radio, T-shirt).
ENGLISH = re.compile(r"[A-Za-z0-9 .,\-/+()'&%]+")
LETTER = re.compile(r"[A-Za-z]")
SEPARATOR = "|"


@dataclass(frozen=True)
class TradePair:
    code: str
    ru: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    where: str


def _names(field: str, where: str, what: str) -> tuple[str, ...]:
    names = tuple(" ".join(part.split()) for part in field.split(SEPARATOR))
    if not field.strip() or any(not name for name in names):
        raise ValueError(f"{where}: an empty {what} name in {field!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{where}: a {what} name is given twice in {field!r}")
    return names


def parse_line(line: str, where: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """``(code, Russian name, Chinese names, English names)`` of one chapter-file line."""
    fields = line.split("\t")
    if len(fields) != 4:
        raise ValueError(f"{where}: expected CODE<TAB>ru<TAB>zh|zh<TAB>en|en, got {line!r}")
    code, ru, zh, en = (field.strip() for field in fields)
    if not ru:
        raise ValueError(f"{where}: {code} has no Russian name")
    return code, " ".join(ru.split()), _names(zh, where, "Chinese"), _names(en, where, "English")


def check_english(name: str, where: str) -> None:
    if not ENGLISH.fullmatch(name) or not LETTER.search(name):
        raise ValueError(f"{where}: {name!r} is not an English name")


@cache
def russian_names() -> dict[str, dict[tuple[str, ...], str]]:
    """``{code: {spelling key: name}}`` of the Russian trade-name table."""
    names: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
    for row in read_russian_chapters(HERE / "trade_ru"):
        names[row.code][spelling_key(row.name)] = row.name
    return names


def read_chapters(folder: Path) -> list[TradePair]:
    """Every pair of the chapter files; raises ``ValueError`` on a bad line."""
    known = nomenclature_codes()
    russian = russian_names()
    t2s, _ = _converters()
    rows: list[TradePair] = []
    seen: dict[tuple[str, str], str] = {}
    # Only the line break goes: an empty last field keeps its tab.
    for chapter, where, line in chapter_lines(folder, keep_tabs=True):
        code, ru, zh, en = parse_line(line, where)
        check_code(code, known, chapter, where)
        written = russian.get(code, {}).get(spelling_key(ru))
        if written is None:
            raise ValueError(f"{where}: hs2022_ru_trade.csv has no {ru!r} under {code}")
        if written != ru:
            raise ValueError(f"{where}: write {ru!r} as the Russian table does: {written!r}")
        for name in zh:
            check_chinese_name(name, where)
            if len(name) < 2:
                # 包, 球, 马 read as parts of other words (面包, 足球, 马铃薯).
                raise ValueError(f"{where}: {name!r} is one character: write the word")
            if is_traditional(name, t2s):
                raise ValueError(f"{where}: {name!r} is Traditional: write it Simplified")
        for name in en:
            check_english(name, where)
        if (code, ru) in seen:
            raise ValueError(f"{where}: {code} {ru} is given twice (first at {seen[code, ru]})")
        seen[code, ru] = where
        rows.append(TradePair(code, ru, zh, en, where))
    return rows


def table(rows: list[TradePair]) -> list[tuple[str, str, str, str]]:
    return sorted(
        (row.code, row.ru, SEPARATOR.join(row.zh), SEPARATOR.join(row.en)) for row in rows
    )


def coverage(rows: list[TradePair]) -> list[tuple[str, int, int]]:
    """Per chapter with Russian trade names: (chapter, Russian names, names paired)."""
    russian = russian_names()
    totals: dict[str, int] = defaultdict(int)
    for code, names in russian.items():
        totals[code[:2]] += len(names)
    paired: dict[str, int] = defaultdict(int)
    for row in rows:
        paired[row.code[:2]] += 1
    return [(chapter, totals[chapter], paired[chapter]) for chapter in sorted(totals)]


def main() -> int:
    rows = read_chapters(HERE / "trade_pairs")
    if sys.argv[1:2] == ["--coverage"]:
        names = pairs = 0
        print("chapter  russian names  paired  share")
        for chapter, total, count in coverage(rows):
            names, pairs = names + total, pairs + count
            print(f"{chapter:>7}  {total:>13}  {count:>6}  {count / total:>5.0%}")
        print(f"{'all':>7}  {names:>13}  {pairs:>6}  {pairs / max(names, 1):>5.0%}")
        return 0
    written = table(rows)
    with (HERE / "hs2022_trade_pairs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "ru", "zh", "en"))
        writer.writerows(written)
    codes = {code for code, *_ in written}
    print(f"{len(written)} pairs for {len(codes)} codes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
