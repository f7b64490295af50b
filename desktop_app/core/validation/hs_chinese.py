"""The Chinese names of the HS 2022 headings and subheadings.

``resources/hs/hs2022_zh.csv`` (built from ``resources/hs/zh/``, see its build script)
gives each heading (four digits) and each subheading written so far (six digits) its
short name in the wording of the Chinese customs tariff: 8413 液体泵；液体提升机,
8413.70 其他离心泵. Read once, on first use.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from desktop_app.core.paths import resource

HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def chinese_hs_names() -> dict[str, str]:
    """``{code: Chinese name}`` for the headings and subheadings the table has."""
    with resource("hs", "hs2022_zh.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle) if row.get("name")}


def chinese_hs_name(code: str) -> str:
    """The Chinese name of exactly this heading or subheading; empty when it has none."""
    return chinese_hs_names().get(code, "")


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return HAN.search(text or "") is not None
