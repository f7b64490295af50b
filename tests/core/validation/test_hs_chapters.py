"""HS chapter names in the three interface languages: every table complete and in its script."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.validation.hs_chapters import (
    chapter_name,
    chapter_short_name,
    hs_chapter_names,
)

CHAPTERS = [f"{number:02d}" for number in range(1, 98)]
# Chapter 77 is reserved in the HS; the TN VED has no row for it.
USED = [chapter for chapter in CHAPTERS if chapter != "77"]


def test_english_names_every_chapter() -> None:
    names = hs_chapter_names()
    assert all(names[chapter].get("en") for chapter in USED)
    assert chapter_name("04", "en").startswith("Dairy produce")


def test_russian_names_every_chapter_in_cyrillic() -> None:
    names = hs_chapter_names()
    for chapter in USED:
        russian = names[chapter].get("ru", "")
        assert re.search("[а-яё]", russian, re.IGNORECASE), chapter
        assert not re.search("[a-z]", russian, re.IGNORECASE), (chapter, russian)
    assert chapter_short_name("15", "ru").startswith("Жиры и масла")


def test_chinese_names_every_chapter_in_han() -> None:
    names = hs_chapter_names()
    for chapter in CHAPTERS:
        chinese = names[chapter].get("zh", "")
        assert re.search("[\u4e00-\u9fff]", chinese), chapter
        assert not re.search("[A-Za-zА-Яа-я]", chinese), (chapter, chinese)
    assert chapter_name("04", "zh") == "乳品；蛋品；天然蜂蜜；其他食用动物产品"
    # The chart shows the part before the first (full-width) semicolon.
    assert chapter_short_name("04", "zh") == "乳品"
    assert chapter_short_name("44", "zh") == "木及木制品"


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_an_unknown_chapter_has_no_name(language: str) -> None:
    assert chapter_name("00", language) == ""
