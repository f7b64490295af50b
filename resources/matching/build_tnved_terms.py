"""Build ``tnved_terms.tsv.gz``: the Russian words of the complete TN VED, per HS subheading.

Source: the complete EAEU nomenclature in Russian, ``tnved_full.csv`` of the shared data
folder ``tnved-eaeu-full`` (FNS classifier files and the EEC Common Customs Tariff; public
legal texts, see that folder's README). The shipped ``resources/tnved/tnved.csv`` has
the headings only (957 four-digit texts); a Russian product name whose good is named
only at the ten-digit level ("тонометр", "газобетон", "мясорубка") finds no heading
there. Each ten-digit line's own text and its subheading's text are stemmed as the
matcher stems them (``normalize_text``), and every stem is listed with the HS 2022
subheadings (six digits) whose lines use it. Stems of one or two letters, the
nomenclature's generic words and stems used under more than ``MAX_CODES`` subheadings
(they pick none) are left out.

    .venv/bin/python resources/matching/build_tnved_terms.py FOLDER/tnved_full.csv

(``FOLDER``: ``../shared/data/tnved-eaeu-full`` beside the repository.)
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


def main(source: Path) -> None:
    """Write the stem -> subheadings file from the complete TN VED at ``source``."""
    codes_of: dict[str, set[str]] = defaultdict(set)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("code", "")
            if not code.isdigit() or len(code) not in (6, 10) or row.get("valid_to"):
                continue
            for text in (row.get("description_line", ""), row.get("description_ru", "")):
                for word in normalize_text(text).words:
                    if (
                        word.script == "ru"
                        and len(word.stem) > 2
                        and word.surface not in GENERIC_WORDS
                    ):
                        codes_of[word.stem].add(code[:6])
    kept = {stem: codes for stem, codes in codes_of.items() if len(codes) <= MAX_CODES}
    target = HERE / "tnved_terms.tsv.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# Russian stems of the complete TN VED EAEU and the HS subheadings using them\n")
        out.write(f"# built by build_tnved_terms.py from {source.name}; {len(kept)} stems\n")
        for stem in sorted(kept):
            out.write(f"{stem}\t{' '.join(sorted(kept[stem]))}\n")
    print(f"{len(kept)} stems ({len(codes_of) - len(kept)} too common) -> {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
