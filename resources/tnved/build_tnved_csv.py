"""Build ``tnved.csv`` from the complete EAEU TN VED (``tnved_full.csv``).

Run once when the nomenclature changes::

    python resources/tnved/build_tnved_csv.py ../shared/data/tnved-eaeu-full

``tnved_full.csv`` (see its README) holds every chapter, heading, subheading, 8- and
9-digit intermediate code and ten-digit code with its Russian text resolved into the
chain "heading: group line: … : own text". Consecutive codes repeat most of that chain,
so ``tnved.csv`` stores each row's chain front-coded by segments (split at ": "):

* ``code``: 2, 4, 6, 8, 9 or 10 digits, leading zeros kept, in code order;
* ``shared``: how many leading segments the chain has in common with the row above;
* ``description``: the rest of the chain, its segments joined by ": " (empty when the
  chain is the row above's). Chapters and headings always have ``shared`` 0, so their
  ``description`` is their whole text.

The row's full text is ``": ".join(above[:shared] + description.split(": "))``, exactly
``description_ru`` of the source (the script checks that every row decodes back).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SEPARATOR = ": "


def encode(rows: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """Front-code ``(code, text)`` rows (in code order) by ": "-separated segments."""
    encoded: list[tuple[str, int, str]] = []
    above: list[str] = []
    for code, text in rows:
        parts = text.split(SEPARATOR)
        shared = 0
        if len(code) > 4:
            limit = min(len(above), len(parts))
            while shared < limit and above[shared] == parts[shared]:
                shared += 1
        encoded.append((code, shared, SEPARATOR.join(parts[shared:])))
        above = parts
    return encoded


def decode(rows: list[tuple[str, int, str]]) -> list[tuple[str, str]]:
    """The ``(code, text)`` rows back from :func:`encode`'s output."""
    decoded: list[tuple[str, str]] = []
    above: list[str] = []
    for code, shared, rest in rows:
        parts = above[:shared] + (rest.split(SEPARATOR) if rest else [])
        decoded.append((code, SEPARATOR.join(parts)))
        above = parts
    return decoded


def main(source: Path, target: Path) -> None:
    with (source / "tnved_full.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            (row["code"], " ".join(row["description_ru"].split())) for row in csv.DictReader(handle)
        ]
    rows.sort(key=lambda row: row[0])
    encoded = encode(rows)
    if decode(encoded) != rows:
        raise SystemExit("front coding does not decode back to the source")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "shared", "description"])
        writer.writerows(encoded)
    print(f"{target}: {len(encoded)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("tnved.csv"))
