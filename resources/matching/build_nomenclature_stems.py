"""Build ``nomenclature_stems.tsv.gz``: the HS 2022 and TN VED heading texts, stemmed.

Sources: the shipped ``resources/hs/hs2022.csv`` (the English texts of every HS 2022
heading and subheading) and ``resources/tnved/tnved.csv`` (the Russian texts of the
TN VED; only its four-digit headings are used). Three indexes of the matcher read these
texts' stems: the headings a name's words point to (``hs_inference.nomenclature_index``),
the subheadings of the HS bridge (``hs_bridge.english_subheadings``) and the words that
tell a heading's subheadings apart (``nomenclature_kinds``). Stemming the 7,000 texts
took some two seconds of CPU in every process that reads names (three in a large run),
so it is done here; reading the file stems nothing.

Each line: the source (``hs`` or ``tnved``), the code, the stems of the text's words of
three letters or more whose surface is not one of the nomenclature's generic words
(``hs_inference.GENERIC_WORDS``), then the other stems of three letters or more (those
only generic surfaces give: "other", "whether"), in order of first use. HS lines follow
the file's order, TN VED lines too (a heading may have several). Rebuild it when
``normalize.py``'s stemming, ``GENERIC_WORDS`` or either source changes
(``tests/core/matching/test_nomenclature_stems.py`` checks that the shipped file is the
one this script writes):

    .venv/bin/python resources/matching/build_nomenclature_stems.py
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop_app.core.matching.hs_inference import GENERIC_WORDS  # noqa: E402
from desktop_app.core.matching.normalize import normalize_text  # noqa: E402

TARGET = HERE / "nomenclature_stems.tsv.gz"
HEADER = (
    "# Stems of the HS 2022 (hs2022.csv) and TN VED heading (tnved.csv) texts: source, code,\n"
    "# stems of non-generic words, other stems; built by build_nomenclature_stems.py\n"
)


def _stems(text: str) -> tuple[list[str], list[str]]:
    content: dict[str, None] = {}
    generic: dict[str, None] = {}
    for word in normalize_text(text).words:
        if len(word.stem) <= 2:
            continue
        if word.surface in GENERIC_WORDS:
            generic[word.stem] = None
        else:
            content[word.stem] = None
    return list(content), [stem for stem in generic if stem not in content]


def _texts() -> Iterator[tuple[str, str, str]]:
    with (HERE.parent / "hs" / "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("hscode", "")
            if code.isdigit() and len(code) in (4, 6):
                yield "hs", code, row.get("description") or ""
    with (HERE.parent / "tnved" / "tnved.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("code", "")
            if code.isdigit() and len(code) == 4:
                yield "tnved", code, row.get("description", "")


def build() -> str:
    """The file's text, from the shipped sources and the matcher's stemming."""
    lines = [HEADER]
    for source, code, text in _texts():
        content, other = _stems(text)
        lines.append(f"{source}\t{code}\t{' '.join(content)}\t{' '.join(other)}\n")
    return "".join(lines)


def main() -> None:
    """Write the file next to this script."""
    text = build()
    # No time stamp in the header: the same sources give the same bytes.
    with gzip.GzipFile(TARGET, "wb", compresslevel=9, mtime=0) as out:
        out.write(text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 2} texts -> {TARGET}")


if __name__ == "__main__":
    main()
