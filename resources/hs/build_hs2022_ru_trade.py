"""Build ``hs2022_ru_trade.csv`` (columns ``code,name``) from ``trade_ru/NN.txt``.

The TN VED says «профили листовые гнутые из нелегированной стали, оцинкованные»;
Russian exporters write профнастил, металлочерепица, ГКЛ, ОСБ, УЗО, ШРУС. These files
give, per HS 2022 subheading (six digits) or heading (four digits, when a name covers
the whole heading), the trade names, colloquial names and abbreviations Russian
manufacturers, distributors, price lists and marketplaces use for the goods. Run after
editing a chapter file::

    python resources/hs/build_hs2022_ru_trade.py
    python resources/hs/build_hs2022_ru_trade.py --coverage   # names per chapter

A line is ``CODE<TAB>name`` followed by an optional ``#ambiguous`` tag, for a name
deliberately given under codes of two different headings. A name may hold spaces
(«шаровый кран»). Blank lines and lines starting with ``#`` are skipped.

The script refuses a code that is not in ``hs2022.csv`` or belongs to another chapter's
file, a name with Chinese characters, a name with neither a Cyrillic letter nor a Latin
abbreviation in capitals (OSB, PVC), a word mixing Cyrillic and Latin letters, a name
written with a capital initial (names are lower case; abbreviations are in capitals:
ЛДСП, ВВГнг), an unknown tag, the same (code, name) pair twice (also in another spelling of
case, ``ё`` or joiners: ТЭН and тэн, сетка-рабица and сетка рабица), and a name given under
codes of two different headings unless every such line says ``#ambiguous``. It writes
the rows in (code, name) order, so the CSV changes only when a line does.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# One reader of the HS 2022 codes, one heading check and one coverage report for the
# Chinese and the Russian trade names.
sys.path.insert(0, str(HERE))
from build_hs2022_zh import nomenclature_codes  # noqa: E402
from build_hs2022_zh_trade import TradeName, chapter_lines, check_code, coverage  # noqa: E402
from build_hs2022_zh_trade import _check_headings as check_headings  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# A Latin abbreviation Russians write as such: OSB, PVC, LED, HDMI, SFP.
LATIN_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+\b")
# What a name may hold: letters, digits, spaces and the joiners of product names.
ALLOWED = re.compile(r"[А-Яа-яЁёA-Za-z0-9 .,\-/+()«»№%]+")
# A name starting with a capital initial and small letters (Профнастил): names are
# written in lower case, abbreviations in capitals (ЛДСП, ВВГнг, ПНД, СИП); a proper
# name inside a name keeps its capital (датчик Холла).
CAPITALISED = re.compile(r"^[А-ЯЁA-Z][а-яёa-z]{2,}")
# A word spelt with Cyrillic and Latin letters together (a Latin «а» typed in a Russian
# word): it looks right and matches nothing. Latin designations stand as words of their
# own (ВВГнг-LS, OSB-3, 3D-принтер).
MIXED_SCRIPT = re.compile(r"[А-Яа-яЁё][A-Za-z]|[A-Za-z][А-Яа-яЁё]")
TAGS = frozenset({"#ambiguous"})
WORD = re.compile(r"[^\W_]+")


def spelling_key(name: str) -> tuple[str, ...]:
    """The words of ``name`` as a reader compares them: case, ``ё`` and the joiners
    between words do not count (стрейч-плёнка and стрейч пленка are one name)."""
    return tuple(WORD.findall(name.casefold().replace("ё", "е")))


def parse_line(line: str, where: str) -> tuple[str, str, bool]:
    """``(code, name, ambiguous)`` of one chapter-file line."""
    code, tab, rest = line.partition("\t")
    if not tab:
        raise ValueError(f"{where}: expected CODE<TAB>name, got {line!r}")
    words = rest.split()
    tags = []
    while words and words[-1].startswith("#"):
        tags.append(words.pop())
    for tag in tags:
        if tag not in TAGS:
            raise ValueError(f"{where}: unknown tag {tag!r} (use #ambiguous)")
    if not words:
        raise ValueError(f"{where}: {code} has no name")
    return code.strip(), " ".join(words), "#ambiguous" in tags


def check_name(name: str, where: str) -> None:
    if HAN.search(name):
        raise ValueError(f"{where}: {name!r} holds Chinese characters")
    if not ALLOWED.fullmatch(name):
        raise ValueError(f"{where}: {name!r} holds a character a Russian name does not")
    if not CYRILLIC.search(name) and not LATIN_ABBREVIATION.search(name):
        raise ValueError(f"{where}: {name!r} is not a Russian name")
    if MIXED_SCRIPT.search(name):
        raise ValueError(f"{where}: {name!r} mixes Cyrillic and Latin letters in a word")
    if CAPITALISED.search(name):
        raise ValueError(f"{where}: {name!r}: write names in lower case")


def read_chapters(folder: Path) -> list[TradeName]:
    """Every trade name of the chapter files; raises ``ValueError`` on a bad line."""
    known = nomenclature_codes()
    rows: list[TradeName] = []
    seen: dict[tuple[str, tuple[str, ...]], str] = {}
    for chapter, where, line in chapter_lines(folder):
        code, name, ambiguous = parse_line(line, where)
        check_code(code, known, chapter, where)
        check_name(name, where)
        key = (code, spelling_key(name))
        if key in seen:
            raise ValueError(f"{where}: {code} {name} is given twice (as {seen[key]!r})")
        seen[key] = name
        rows.append(TradeName(code, name, "", ambiguous, where))
    check_headings(rows)
    return rows


def table(rows: list[TradeName]) -> list[tuple[str, str]]:
    return sorted({(row.code, row.name) for row in rows})


def main() -> int:
    rows = read_chapters(HERE / "trade_ru")
    if sys.argv[1:2] == ["--coverage"]:
        total = [0, 0, 0]
        print("chapter  subheadings  covered  names")
        for chapter, subs, covered, count in coverage(rows):
            total = [total[0] + subs, total[1] + covered, total[2] + count]
            print(f"{chapter:>7}  {subs:>11}  {covered:>7}  {count:>5}")
        print(f"{'all':>7}  {total[0]:>11}  {total[1]:>7}  {total[2]:>5}")
        return 0
    written = table(rows)
    with (HERE / "hs2022_ru_trade.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name"))
        writer.writerows(written)
    codes = {code for code, _ in written}
    print(f"{len(written)} names for {len(codes)} codes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
