"""Build ``tnved_terms.tsv.gz``: the Russian words of the complete TN VED, per HS subheading.

Source: the shipped ``resources/tnved/tnved.csv`` (the whole EAEU nomenclature in
Russian, see ``resources/tnved/LICENSE.md``). The matcher's heading index reads only its
957 four-digit texts; a Russian product name whose good is named only further down
("пеностекло", "гидроцилиндр") finds no heading there. Each line of six digits or more
is read with its subheading's and heading's texts, stemmed as the matcher stems
(``normalize_text``), and every stem is listed with the HS 2022 subheadings (six digits)
whose lines use it. Stems of one or two letters, the nomenclature's generic words and
stems used under more than ``MAX_CODES`` subheadings (they pick none) are left out.
Stemming the 20,000 texts takes some seconds, so the index is built here, not at run
time.

    .venv/bin/python resources/matching/build_tnved_terms.py
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop_app.core.matching.hs_inference import GENERIC_WORDS  # noqa: E402
from desktop_app.core.matching.normalize import normalize_text  # noqa: E402

MAX_CODES = 120


def main() -> None:
    """Write the stem -> subheadings file from the shipped TN VED."""
    texts: dict[str, str] = {}
    with (HERE.parent / "tnved" / "tnved.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            texts[row["code"]] = row.get("description", "")
    codes_of: dict[str, set[str]] = defaultdict(set)
    for code, text in texts.items():
        if not code.isdigit() or len(code) < 6:
            continue
        full = " ".join((texts.get(code[:4], ""), texts.get(code[:6], ""), text))
        for word in normalize_text(full).words:
            if word.script == "ru" and len(word.stem) > 2 and word.surface not in GENERIC_WORDS:
                codes_of[word.stem].add(code[:6])
    kept = {stem: codes for stem, codes in codes_of.items() if len(codes) <= MAX_CODES}
    target = HERE / "tnved_terms.tsv.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# Russian stems of the complete TN VED EAEU and the HS subheadings using them\n")
        out.write(f"# built by build_tnved_terms.py from tnved.csv; {len(kept)} stems\n")
        for stem in sorted(kept):
            out.write(f"{stem}\t{' '.join(sorted(kept[stem]))}\n")
    print(f"{len(kept)} stems ({len(codes_of) - len(kept)} too common) -> {target}")


if __name__ == "__main__":
    main()
