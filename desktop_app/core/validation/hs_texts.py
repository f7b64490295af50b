"""The English texts of the HS 2022 headings and subheadings, read once.

Several readers of the nomenclature (the matcher's kinds, heads, bridge and heading
inference, the names suggested from the tariff) need the same ``{code: text}`` of the
four- and six-digit codes of the shipped ``resources/hs/hs2022.csv``; they share this one
read instead of parsing the file each.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache

from desktop_app.core.paths import resource


@cache
def hs2022_texts() -> Mapping[str, str]:
    """``{four- or six-digit code: its English text}``, in the file's order."""
    texts: dict[str, str] = {}
    with resource("hs", "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("hscode", "")
            if code.isdigit() and len(code) in (4, 6):
                texts[code] = row.get("description") or ""
    return texts
