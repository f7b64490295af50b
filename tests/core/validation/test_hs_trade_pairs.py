"""The table of the same good in Russian, Chinese and English (resources/hs/trade_pairs/):
every code in HS 2022, every Russian name one the Russian trade-name table gives under
that code, Chinese names in Simplified characters only, English names in Latin letters, the
CSV in step with the chapter files, and the reader that tells the kinds of one code apart
(шаровый кран → 球阀, not 闸阀 or 蝶阀, which share 8481.80)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from opencc import OpenCC

from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_chinese import (
    chinese_names_of_russian,
    english_names_of_russian,
    russian_names_of_chinese,
    russian_trade_name_rows,
    trade_pair_rows,
    trade_pairs_of_chinese,
    trade_pairs_of_code,
    trade_pairs_of_russian,
)
from tests.core.validation.hs_builds import build_module, hs_levels

HS = resource("hs")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
HAN = re.compile(r"[\u3400-\u9fff]")
# A Latin word inside a Chinese name: small letters, or capitals longer than a
# designation buyers write (PVC管, LED灯, U盘).
LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*|[A-Z]{6,}")
T2S = OpenCC("t2s")


@cache
def _build_module() -> ModuleType:
    return build_module("build_hs2022_trade_pairs")


def _build(tmp_path: Path, text: str, chapter: str = "84") -> list:
    (tmp_path / f"{chapter}.txt").write_text(text, encoding="utf-8")
    return _build_module().read_chapters(tmp_path)


def test_nearly_every_russian_trade_name_is_paired_in_every_chapter() -> None:
    russian = Counter(row.code[:2] for row in russian_trade_name_rows())
    paired = Counter(pair.code[:2] for pair in trade_pair_rows())
    # A name added to the Russian table later may wait for its pair; a chapter may not.
    for chapter, count in russian.items():
        assert paired[chapter] >= 0.9 * count, chapter
    assert sum(paired.values()) >= 0.98 * sum(russian.values())


def test_every_code_is_an_hs_2022_heading_or_subheading() -> None:
    levels = hs_levels()
    for pair in trade_pair_rows():
        assert levels.get(pair.code) in ("4", "6"), pair


def test_every_russian_name_is_the_russian_tables_under_the_same_code() -> None:
    russian = {(row.code, row.name) for row in russian_trade_name_rows()}
    for pair in trade_pair_rows():
        assert (pair.code, pair.russian) in russian, pair


def test_no_code_and_russian_name_twice() -> None:
    keys = [(pair.code, pair.russian) for pair in trade_pair_rows()]
    assert len(keys) == len(set(keys))


def test_chinese_names_are_simplified_chinese_only() -> None:
    for pair in trade_pair_rows():
        assert pair.chinese, pair
        for name in pair.chinese:
            assert HAN.search(name), pair
            assert not CYRILLIC.search(name), pair
            assert not LATIN_WORD.search(name), pair
            assert T2S.convert(name) == name, pair
            assert len(name) >= 2, pair


def test_english_names_are_latin() -> None:
    for pair in trade_pair_rows():
        assert pair.english, pair
        for name in pair.english:
            assert re.fullmatch(r"[A-Za-z0-9 .,\-/+()'&%]+", name), pair
            assert re.search(r"[A-Za-z]", name), pair


def test_the_csv_is_what_the_chapter_files_build() -> None:
    module = _build_module()
    with (HS / "hs2022_trade_pairs.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "ru", "zh", "en"]
        written = [tuple(row) for row in reader]
    assert written == module.table(module.read_chapters(HS / "trade_pairs"))
    assert written == sorted(written)


@pytest.mark.parametrize(
    ("russian", "chinese", "not_chinese"),
    [
        # Kinds of one HS code that a buyer names apart.
        ("шаровый кран", "球阀", {"闸阀", "蝶阀", "截止阀", "止回阀"}),
        ("задвижка", "闸阀", {"球阀", "蝶阀"}),
        ("дисковый затвор", "蝶阀", {"球阀", "闸阀"}),
        ("центробежный насос", "离心泵", {"齿轮泵", "螺杆泵"}),
        ("шестеренный насос", "齿轮泵", {"离心泵"}),
        ("скважинный насос", "深井泵", {"齿轮泵"}),
        ("планетарный редуктор", "行星减速机", {"齿轮"}),
        ("сухой трансформатор", "干式变压器", {"油浸式变压器"}),
        ("масляный трансформатор", "油浸式变压器", {"干式变压器"}),
        ("УЗО", "漏电保护开关", {"断路器"}),
        ("рохля", "地牛", {"叉车"}),
        ("ЛДСП", "三聚氰胺刨花板", {"胶合板"}),
        ("фанера", "胶合板", {"刨花板"}),
    ],
)
def test_a_russian_trade_name_gives_the_chinese_names_of_the_same_good(
    russian: str, chinese: str, not_chinese: set[str]
) -> None:
    names = chinese_names_of_russian(russian)
    assert chinese in names
    assert not not_chinese & set(names)


def test_english_names_of_the_same_good() -> None:
    assert "ball valve" in english_names_of_russian("Кран шаровой")
    assert "gate valve" in english_names_of_russian("задвижка")
    assert "hand pallet truck" in english_names_of_russian("рохля")


def test_the_russian_name_is_looked_up_whatever_its_case_yo_and_joiners() -> None:
    assert chinese_names_of_russian("ШАРОВЫЙ  КРАН") == chinese_names_of_russian("шаровый кран")
    assert chinese_names_of_russian("штабелер ручной") == chinese_names_of_russian(
        "штабелёр-ручной"
    )
    assert chinese_names_of_russian("нет такого товара") == ()
    assert english_names_of_russian("") == ()


def test_a_code_limits_the_pairs_to_its_heading_or_subheading() -> None:
    # «кран» lifts (8426) or shuts off water (8481).
    lifting = chinese_names_of_russian("кран", "8426")
    valves = chinese_names_of_russian("кран", "8481.80")
    assert "起重机" in lifting and "起重机" not in valves
    assert "阀门" in valves and "阀门" not in lifting
    assert {pair.code for pair in trade_pairs_of_russian("кран")} == {"842699", "848180"}
    assert trade_pairs_of_russian("кран", "8517") == ()


def test_the_kinds_of_one_code_are_listed_in_three_languages() -> None:
    valves = trade_pairs_of_code("8481.80")
    chinese = {name for pair in valves for name in pair.chinese}
    assert {"球阀", "闸阀", "蝶阀", "截止阀"} <= chinese
    assert all(pair.code in ("8481", "848180") for pair in valves)
    assert {pair.code for pair in trade_pairs_of_code("8481")} >= {"8481", "848180", "848130"}
    assert trade_pairs_of_code("") == ()


def test_a_chinese_name_gives_the_russian_names_of_the_same_good() -> None:
    ball = russian_names_of_chinese("球阀")
    assert {"шаровый кран", "кран шаровой"} <= set(ball)
    assert "задвижка" not in ball
    assert "задвижка" in russian_names_of_chinese("闸阀")
    assert russian_names_of_chinese(" 球阀 ") == ball
    assert all(pair.code == "848180" for pair in trade_pairs_of_chinese("球阀"))
    assert russian_names_of_chinese("球阀", "8413") == ()
    assert russian_names_of_chinese("没有这个") == ()


def test_a_chinese_name_in_traditional_characters_finds_the_same_good() -> None:
    # Taiwan and Hong Kong buyers write 球閥 and 閘閥.
    assert russian_names_of_chinese("球閥") == russian_names_of_chinese("球阀")
    assert "задвижка" in russian_names_of_chinese("閘閥")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("849999\tшаровый кран\t球阀\tball valve\n", "not an HS 2022"),
        ("848180\tшаровый кран\t球阀\tball valve\n", "chapter 84's file"),
        ("848180\tкран золотой\t球阀\tball valve\n", "no 'кран золотой' under 848180"),
        ("848190\tшаровый кран\t球阀\tball valve\n", "no 'шаровый кран' under 848190"),
        ("848180\tШаровый  Кран\t球阀\tball valve\n", "as the Russian table does"),
        ("848180\tшаровый кран\t球閥\tball valve\n", "Traditional"),
        ("848180\tшаровый кран\t球阀valve\tball valve\n", "Latin word"),
        ("848180\tшаровый кран\tшар阀\tball valve\n", "Cyrillic"),
        ("848180\tшаровый кран\tball valve\tball valve\n", "Latin word"),
        ("848180\tшаровый кран\t\tball valve\n", "empty Chinese"),
        ("848180\tшаровый кран\t球阀||球形阀\tball valve\n", "empty Chinese"),
        ("848180\tшаровый кран\t球阀|球阀\tball valve\n", "twice"),
        ("848180\tшаровый кран\t阀\tball valve\n", "one character"),
        ("848180\tшаровый кран\t球阀\tшаровый\n", "not an English name"),
        ("848180\tшаровый кран\t球阀\t球阀\n", "not an English name"),
        ("848180\tшаровый кран\t球阀\t\n", "empty English"),
        ("848180\tшаровый кран\t球阀\n", "CODE<TAB>ru"),
        (
            "848180\tшаровый кран\t球阀\tball valve\n848180\tшаровый кран\t球形阀\tball valve\n",
            "given twice",
        ),
    ],
)
def test_the_build_refuses(tmp_path: Path, text: str, reason: str) -> None:
    chapter = "84" if "chapter 84" not in reason else "85"
    with pytest.raises(ValueError, match=reason):
        _build(tmp_path, text, chapter)


def test_the_build_writes_rows_in_order_with_designations(tmp_path: Path) -> None:
    module = _build_module()
    rows = _build(
        tmp_path,
        "# comment\n\n848180\tшаровый кран\t球阀 | 球形阀\tball valve\n"
        "847150\tсервер\t服务器\tserver\n847170\tSSD\t固态硬盘\tSSD|solid state drive\n",
    )
    assert module.table(rows) == [
        ("847150", "сервер", "服务器", "server"),
        ("847170", "SSD", "固态硬盘", "SSD|solid state drive"),
        ("848180", "шаровый кран", "球阀|球形阀", "ball valve"),
    ]


def test_the_coverage_report_counts_each_chapter(tmp_path: Path) -> None:
    module = _build_module()
    rows = _build(tmp_path, "848180\tшаровый кран\t球阀\tball valve\n")
    report = {chapter: (total, paired) for chapter, total, paired in module.coverage(rows)}
    assert report["84"][1] == 1 and report["84"][0] > 1000
    assert report["85"][1] == 0
