"""The Chinese names of the HS 2022 headings and subheadings.

``resources/hs/hs2022_zh.csv`` (built from ``resources/hs/zh/``, see its build script)
gives each heading (four digits) and each subheading written so far (six digits) its
short name in the wording of the Chinese customs tariff: 8413 液体泵；液体提升机,
8413.70 其他离心泵. ``resources/hs/hs2022_zh_trade.csv`` (built from
``resources/hs/trade_zh/``) gives codes the names buyers and traders write instead:
叉车, 地牛 and 堆高機 (Taiwan) for 8427, 阳光板 for 3920.61. Each is read once, on first use.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChineseTradeName:
    """A name buyers use for the goods of ``code`` (a heading or a subheading);
    ``region`` is ``"TW"`` or ``"HK"`` for a Taiwan or Hong Kong word, else empty."""

    code: str
    name: str
    region: str


@cache
def chinese_trade_name_rows() -> tuple[ChineseTradeName, ...]:
    """Every trade name of the table, in code order."""
    with resource("hs", "hs2022_zh_trade.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            ChineseTradeName(row["code"], row["name"], row.get("region") or "")
            for row in csv.DictReader(handle)
            if row.get("code") and row.get("name")
        )


@cache
def chinese_trade_names() -> Mapping[str, tuple[str, ...]]:
    """``{code: (trade name, ...)}``: the names buyers write for each code that has any."""
    names: dict[str, list[str]] = {}
    for row in chinese_trade_name_rows():
        names.setdefault(row.code, []).append(row.name)
    return {code: tuple(found) for code, found in names.items()}


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return HAN.search(text or "") is not None
