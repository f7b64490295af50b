"""The table of Chinese trade names per HS 2022 code (resources/hs/trade_zh/): codes in
HS 2022, no pair twice, Chinese only, Taiwan and Hong Kong words tagged, the CSV in step
with the chapter files, and a Chinese query finding a code through them."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest
from opencc import OpenCC

from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_chinese import chinese_trade_name_rows, chinese_trade_names
from tests.core.validation.hs_builds import build_module, hs_levels

HS = resource("hs")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A Latin word: small letters, or capitals longer than a designation (LED, PCB, U盘).
LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*|[A-Z]{6,}")
T2S = OpenCC("t2s")


def _build_module() -> ModuleType:
    return build_module("build_hs2022_zh_trade")


def _build(tmp_path: Path, text: str) -> list:
    (tmp_path / "84.txt").write_text(text, encoding="utf-8")
    return _build_module().read_chapters(tmp_path)


def test_the_table_is_broad() -> None:
    rows = chinese_trade_name_rows()
    assert len(rows) >= 3000
    chapters = {row.code[:2] for row in rows}
    assert {"39", "40", "73", "84", "85", "87", "90", "94"} <= chapters


def test_every_code_is_an_hs_2022_heading_or_subheading() -> None:
    levels = hs_levels()
    for row in chinese_trade_name_rows():
        assert levels.get(row.code) in ("4", "6"), row


def test_no_code_and_name_twice() -> None:
    pairs = [(row.code, row.name) for row in chinese_trade_name_rows()]
    assert len(pairs) == len(set(pairs))


def test_names_are_chinese_only() -> None:
    for row in chinese_trade_name_rows():
        assert HAN.search(row.name), row
        assert not CYRILLIC.search(row.name), row
        assert not LATIN_WORD.search(row.name), row
        assert row.region in ("", "TW", "HK"), row


def test_traditional_names_are_marked_regional_and_have_their_simplified_form() -> None:
    names = chinese_trade_names()
    regional = 0
    for row in chinese_trade_name_rows():
        simplified = T2S.convert(row.name)
        if simplified != row.name:
            regional += 1
            assert row.region in ("TW", "HK"), row
            # A buyer typing the same word in Simplified characters finds the code too.
            assert simplified in names[row.code], row
    assert regional >= 100


def test_a_name_under_two_headings_is_tagged_ambiguous_in_the_chapter_files() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for row in chinese_trade_name_rows():
        by_name[row.name].add(row.code[:4])
    tagged = {
        line.split("\t", 1)[1].split()[0]
        for path in (HS / "trade_zh").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line and "#ambiguous" in line
    }
    # A Traditional line tagged #ambiguous carries its Simplified form with it.
    tagged |= {T2S.convert(name) for name in tagged}
    spread = {name for name, headings in by_name.items() if len(headings) > 1}
    assert spread, "some generic names (铲车, 发电机) are meant to be under two headings"
    assert not spread - tagged


def test_the_csv_is_what_the_chapter_files_build() -> None:
    module = _build_module()
    with (HS / "hs2022_zh_trade.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "name", "region"]
        written = [tuple(row) for row in reader]
    assert written == module.table(module.read_chapters(HS / "trade_zh"))
    assert written == sorted(written)


def test_known_names() -> None:
    names = chinese_trade_names()
    assert "地牛" in names["842790"]
    assert "堆高機" in names["8427"] and "堆高机" in names["8427"]
    assert "阳光板" in names["392061"]
    assert "鄂破" in names["847420"]
    assert "方向机" in names["870894"]
    rows = {(row.code, row.name): row.region for row in chinese_trade_name_rows()}
    assert rows[("8427", "堆高機")] == "TW"
    assert rows[("8501", "摩打")] == "HK"
    assert rows[("842790", "地牛")] == ""


def _codes_of(name: str) -> set[str]:
    return {row.code for row in chinese_trade_name_rows() if row.name == name}


def test_the_short_words_buyers_write_alone_have_a_code() -> None:
    """A buyer writes 扎带, not 尼龙扎带; 空开, not 小型断路器: the bare word reads as the good."""
    names = chinese_trade_names()
    assert "扎带" in names["392690"]
    assert "热缩管" in names["391732"]
    assert "空开" in names["853620"] and "漏保" in names["853620"]
    assert "接线端子" in names["853690"] and "冷压端子" in names["853690"]
    assert "缠绕膜" in names["392010"] and "打包带" in names["392020"]
    assert "面膜" in names["330499"] and "洗面奶" in names["340130"]
    # A concrete poker vibrator is read under both headings a buyer may mean.
    assert {"847910", "846729"} <= _codes_of("振动棒")


def test_names_moved_to_their_hs_2022_code() -> None:
    # A regulated power supply is a static converter, not an automatic regulator.
    assert _codes_of("稳压电源") == {"850440"}
    # HS 2022 gave flat panel display modules their own heading, 8524.
    assert {code[:4] for code in _codes_of("液晶模组")} == {"8524"}
    assert {code[:4] for code in _codes_of("手机屏幕")} == {"8524"}
    # An oxygen sensor analyses gas; a watch movement is not an "other part".
    assert _codes_of("氧传感器") == {"902710"}
    assert _codes_of("机芯") == {"9108"}
    # Plaice has its own subheading; horse meat its own heading.
    assert _codes_of("鲽鱼") == {"030332"}
    assert _codes_of("马肉") == {"020500"}
    # Chapter 94 excludes pneumatic mattresses.
    assert _codes_of("充气床垫") == {"392690"}


def test_the_food_and_chemical_subheadings_are_covered() -> None:
    """The second pass named the species and compounds buyers ask for by name."""
    names = chinese_trade_names()
    assert "明太鱼糜" in names["030494"]
    assert "虾夷扇贝" in names["030721"]
    assert "双氰胺" in names["292620"]
    assert "乙腈" in names["292690"]
    assert "孜然" in names["090931"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("8499\t不存在\n", "8499"),
        ("9018\t注射器\n", "chapter 90"),
        ("842790\t托盘truck\n", "Latin"),
        ("842790\tтележка\n", "Cyrillic"),
        ("842790\t地牛\n842790\t地牛\n", "twice"),
        ("842790\t堆高機\n", "#TW or #HK"),
        ("842790\t地牛 #XX\n", "unknown tag"),
        ("842790 地牛\n", "CODE<TAB>name"),
        ("842790\t千斤顶\n842549\t千斤顶\n", "2 headings"),
    ],
)
def test_the_build_refuses(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        _build(tmp_path, text)


def test_the_build_adds_the_simplified_form_and_allows_a_tagged_ambiguity(
    tmp_path: Path,
) -> None:
    rows = _build(
        tmp_path,
        "# comment\n\n842790\t堆高機 #TW\n842790\t千斤顶 #ambiguous\n"
        "842549\t千斤顶 #ambiguous\n847420\t鄂破\n",
    )
    module = _build_module()
    assert module.table(rows) == [
        ("842549", "千斤顶", ""),
        ("842790", "千斤顶", ""),
        ("842790", "堆高机", "TW"),
        ("842790", "堆高機", "TW"),
        ("847420", "鄂破", ""),
    ]


def test_the_coverage_report_counts_each_chapter(tmp_path: Path) -> None:
    module = _build_module()
    rows = _build(tmp_path, "842790\t地牛\n8427\t叉车\n847420\t鄂破\n")
    report = {
        chapter: (subs, covered, names) for chapter, subs, covered, names in module.coverage(rows)
    }
    subs, covered, names = report["84"]
    # 8427's three subheadings through the heading, 8474.20 through its own name.
    assert covered == 4 and names == 3 and subs > 400
    assert report["01"][1:] == (0, 0)


def test_the_hs_search_finds_a_code_through_its_trade_names() -> None:
    from desktop_app.core.validation import hs_catalog

    catalog = hs_catalog()
    assert "842790" in [entry.code for entry in catalog.search("地牛", wait=False)]
    # A number restricts the codes: 地牛 is a hand pallet truck, 电动地牛 an electric one.
    assert [entry.code for entry in catalog.search("8427 地牛")] == ["842790", "842710"]
    assert catalog.search("85 地牛") == []
    # A Taiwan word in Traditional characters finds the heading.
    assert catalog.search("堆高機")[0].code == "8427"
    # A word that is exactly a trade name ranks before codes that only contain it.
    assert catalog.search("阳光板")[0].code in ("392061", "392190")
    assert "847420" in [entry.code for entry in catalog.search("鄂破")]
    # What a result list shows beside the tariff name: the trade name that found it.
    assert catalog.trade_name_for("842790", "地牛") == "地牛"
    assert catalog.trade_name_for("841370", "离心泵") == ""
    # The tariff names still lead where the query is in them.
    assert catalog.search("泵")[0].code == "8413"
    assert [entry.code for entry in catalog.search("84 离心泵")] == ["841370"]
