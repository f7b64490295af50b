"""Build ``hs2022_zh.csv`` (columns ``code,name``) from the per-chapter files in ``zh/``.

Run after editing a chapter file::

    python resources/hs/build_hs2022_zh.py
    python resources/hs/build_hs2022_zh.py --missing [84 85 ...]   # what is left to write

Each ``zh/NN.txt`` holds the Chinese names of chapter NN's HS 2022 headings (four
digits) and subheadings (six digits), one ``code name`` line each; blank lines and lines
starting with ``#`` are skipped. The script refuses a code that is not in ``hs2022.csv``,
a code filed under another chapter's file, a code given twice and a name holding Cyrillic
or a Latin word of more than one letter run not written as a designation (PC, LED, OSB),
then writes the rows in code order, so that the CSV changes only when a name does.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def nomenclature_codes() -> set[str]:
    with (HERE / "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["hscode"]
            for row in csv.DictReader(handle)
            if row["hscode"].isdigit() and len(row["hscode"]) in (4, 6)
        }


def read_chapters(folder: Path) -> dict[str, str]:
    """``{code: name}`` from every chapter file; raises ``ValueError`` on a bad line."""
    known = nomenclature_codes()
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            code, _, name = line.partition(" ")
            name = name.strip()
            where = f"{path.name}:{number}"
            if code not in known:
                raise ValueError(f"{where}: {code} is not an HS 2022 heading or subheading")
            if code[:2] != path.stem:
                raise ValueError(f"{where}: {code} belongs to chapter {code[:2]}'s file")
            if code in names:
                raise ValueError(f"{where}: {code} is given twice")
            if not HAN.search(name) or CYRILLIC.search(name):
                raise ValueError(f"{where}: {name!r} is not a Chinese name")
            names[code] = name
    return names


def missing(chapters: list[str]) -> list[str]:
    """The subheadings (of ``chapters``, else of all) without a Chinese name yet."""
    names = read_chapters(HERE / "zh")
    return sorted(
        code
        for code in nomenclature_codes()
        if len(code) == 6 and code not in names and (not chapters or code[:2] in chapters)
    )


def main() -> int:
    if sys.argv[1:2] == ["--missing"]:
        left = missing(sys.argv[2:])
        print("\n".join(left))
        print(f"{len(left)} subheadings without a Chinese name", file=sys.stderr)
        return 0
    names = read_chapters(HERE / "zh")
    with (HERE / "hs2022_zh.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name"))
        writer.writerows(sorted(names.items()))
    headings = sum(len(code) == 4 for code in names)
    print(f"{headings} headings, {len(names) - headings} subheadings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
