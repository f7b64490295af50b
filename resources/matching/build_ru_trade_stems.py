"""Build ``ru_trade_stems.tsv.gz``: the Russian trade names of the HS bridge, stemmed.

Source: the shipped ``resources/hs/hs2022_ru_trade.csv`` (the names Russian exporters
write for HS codes), read as validation reads it (``russian_trade_name_rows``). The HS
bridge indexes these names by their stems (``hs_bridge.RussianTradeIndex``); stemming
the 15,000 names took over a second of CPU in every process that met an unread Russian
name (three in a large run), so it is done here; reading the file stems nothing.

Each line: the code, then the name's stems as ``hs_bridge.trade_name_stems`` gives them
(no generic word of the nomenclature, no one-letter stem, in order of first use), in the
table's order. Rebuild it when ``hs2022_ru_trade.csv``, ``normalize.py``'s stemming or
``GENERIC_WORDS`` change (``tests/core/matching/test_ru_trade_stems.py`` checks that the
shipped file is the one this script writes):

    .venv/bin/python resources/matching/build_ru_trade_stems.py
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop_app.core.matching.hs_bridge import trade_name_stems  # noqa: E402
from desktop_app.core.validation.hs_chinese import russian_trade_name_rows  # noqa: E402

TARGET = HERE / "ru_trade_stems.tsv.gz"
HEADER = (
    "# Stems of the Russian trade names (resources/hs/hs2022_ru_trade.csv): code, stems;\n"
    "# built by build_ru_trade_stems.py\n"
)


def build() -> str:
    """The file's text, from the shipped table and the matcher's stemming."""
    lines = [HEADER]
    for row in russian_trade_name_rows():
        lines.append(f"{row.code}\t{' '.join(trade_name_stems(row.name))}\n")
    return "".join(lines)


def main() -> None:
    """Write the file next to this script."""
    text = build()
    # No time stamp in the header: the same sources give the same bytes.
    with gzip.GzipFile(TARGET, "wb", compresslevel=9, mtime=0) as out:
        out.write(text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 2} names -> {TARGET}")


if __name__ == "__main__":
    main()
