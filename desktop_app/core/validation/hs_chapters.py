"""The 97 HS chapters by name in English, Russian and Chinese, for charts and summaries.

English from the HS 2022 nomenclature (``resources/hs/hs2022.csv``), Russian from the
TN VED (``resources/tnved/tnved.csv``), Chinese from the chapter titles of the Chinese
customs tariff (``resources/hs/chapters_zh.csv``, its source in ``resources/hs/LICENSE.md``).
Only the chapter rows are read: the full catalogue of the validators also builds a search
index, which takes a second that a chart or a summary sheet does not need.
"""

from __future__ import annotations

import csv
from functools import cache

from desktop_app.core.paths import resource

LANGUAGES = ("en", "ru", "zh")


@cache
def hs_chapter_names() -> dict[str, dict[str, str]]:
    """Chapter (two digits) -> {"en": ..., "ru": ..., "zh": ...} from the shipped tables."""
    names: dict[str, dict[str, str]] = {}
    sources = (
        ("en", resource("hs", "hs2022.csv"), "hscode", "description"),
        ("ru", resource("tnved", "tnved.csv"), "code", "description"),
        ("zh", resource("hs", "chapters_zh.csv"), "chapter", "name"),
    )
    for language, path, code_column, text_column in sources:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = (row.get(code_column) or "").strip()
                if len(code) == 2 and code.isdigit():
                    text = (row.get(text_column) or "").strip()
                    # TN VED writes chapter names in capitals.
                    if text.isupper():
                        text = text[:1] + text[1:].lower()
                    names.setdefault(code, {})[language] = text
    return names


def chapter_name(chapter: str, language: str) -> str:
    """The name of ``chapter`` in ``language`` (``en``, ``ru``, ``zh``), else in English."""
    entry = hs_chapter_names().get(chapter, {})
    return entry.get(language) or entry.get("en", "")


def chapter_short_name(chapter: str, language: str) -> str:
    """The first part of the chapter's name (up to its first semicolon), for a chart axis."""
    name = chapter_name(chapter, language)
    return name.replace("；", ";").split(";")[0].strip()
