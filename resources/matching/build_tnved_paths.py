"""Build ``tnved_paths.tsv.gz``: every ten-digit TN VED line with its parent levels.

Source: the complete TN VED EAEU in ``../shared/data/tnved-eaeu-full/tnved_full.csv``
(13,289 ten-digit lines, each with its Russian description written through all its parent
levels: "…: реле: прочие"; see that folder's README for the official FNS and EEC sources).
The shipped ``resources/tnved/tnved.csv`` keeps each level's own words only, so 8536 49 is
"прочие" there and nothing says it is a relay; here it is "реле: прочие".

Each line is written as its code, the path below its heading (the heading's own title is
left out: it names every good of the heading, "Тали подъемные …; домкраты", and tells none
apart) and the stems of that path but its exclusions ("кроме …"), stemmed as the matcher
stems (``normalize_text``), so that reading the file at run time stems nothing. The
matcher reads it to find which line a Russian concept term names
(``nomenclature_kinds.term_kind``: "таль" is 8425 1, "домкрат" 8425 4, "розетки" 8536 6).
Rebuild it when ``normalize.py``'s stemming changes:

    .venv/bin/python resources/matching/build_tnved_paths.py [path/to/tnved_full.csv]

The output depends only on the input file and the stemmer (lines sorted by code).
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop_app.core.matching.normalize import normalize_text  # noqa: E402

# An exclusion names goods a line is not ("тали подъемные и подъемники (кроме скиповых
# подъемников …)"): its words, up to the end of its level, are no stems of the line.
_EXCLUSION = re.compile(r"\(?\bкроме\b[^:;)]*\)?")

DEFAULT_SOURCE = HERE.parents[3] / "shared" / "data" / "tnved-eaeu-full" / "tnved_full.csv"


def path_below_heading(description: str, heading_text: str) -> str:
    """The levels of a line's description below its heading's own title."""
    if heading_text and description.startswith(heading_text):
        return description[len(heading_text) :].lstrip(" :")
    # A few lines repeat the heading in other words: the levels after its first colon.
    return description.split(": ", 1)[1] if ": " in description else ""


def main() -> None:
    """Write the code / path / stems file from the complete TN VED."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    headings: dict[str, str] = {}
    lines: dict[str, str] = {}
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            if row.get("valid_to"):
                continue
            if len(code) == 4:
                headings[code] = row["description_ru"].strip()
            elif len(code) == 10 and code.isdigit():
                lines[code] = row["description_ru"].strip()
    target = HERE / "tnved_paths.tsv.gz"
    with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as raw:
        raw.write(
            "# Ten-digit TN VED EAEU lines: code, the levels below the heading, their stems\n"
            f"# built by build_tnved_paths.py from tnved_full.csv; {len(lines)} lines\n".encode()
        )
        for code in sorted(lines):
            path = path_below_heading(lines[code], headings.get(code[:4], ""))
            stems = dict.fromkeys(
                word.stem
                for word in normalize_text(_EXCLUSION.sub(" ", path)).words
                if word.script == "ru" and len(word.stem) > 2
            )
            raw.write(f"{code}\t{path}\t{' '.join(stems)}\n".encode())
    print(f"{len(lines)} lines of {len(headings)} headings -> {target}")


if __name__ == "__main__":
    main()
