"""Build ``tnved.csv`` from the official EAEU TN VED classifier files.

Run once when the classifier changes::

    python resources/tnved/build_tnved_csv.py ../shared/data/tnved-eaeu

It keeps the entries in force (no end date): chapters from TNVED2.TXT, headings from
TNVED3.TXT (cp866, pipe-separated) and ten-digit codes from tnved.json, and writes
``code,description`` rows in UTF-8, sorted by code.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def _current_rows(path: Path, code_fields: int) -> dict[str, str]:
    """Return code -> description for the rows of a classifier file still in force."""
    result: dict[str, str] = {}
    lines = path.read_bytes().decode("cp866").splitlines()[1:]
    for line in lines:
        parts = line.split("|")
        if len(parts) < code_fields + 3:
            continue
        code = "".join(parts[:code_fields]).strip()
        name = " ".join(parts[code_fields].split())
        end = parts[-2].strip()
        if not end:
            result[code] = name.rstrip(":; ")
    return result


def main(source: Path, target: Path) -> None:
    rows = _current_rows(source / "TNVED2.TXT", 2)
    chapters = {code[-2:]: text for code, text in rows.items()}
    headings = _current_rows(source / "TNVED3.TXT", 2)
    entries: dict[str, str] = dict(chapters)
    entries.update(headings)
    for section in json.loads((source / "tnved.json").read_text(encoding="utf-8")):
        for group in section.get("groups") or []:
            for good in group.get("goods") or []:
                for sub in good.get("subs") or []:
                    text = " ".join(sub["naim"].split()).lstrip("- ").strip()
                    entries[sub["code"]] = text
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description"])
        for code in sorted(entries):
            writer.writerow([code, entries[code]])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("tnved.csv"))
