"""The Chinese HS 2022 names table: built from its chapter files, every heading named,
every code in HS 2022, every name Chinese."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_chinese import chinese_hs_name, chinese_hs_names

HS = resource("hs")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Latin is allowed only in designations written in capitals (LED, OSB, PC, T恤, X射线).
LATIN_WORD = re.compile(r"[A-Za-z]+")
# A bracket of the tariff may hold a formula, a refrigerant's code or a botanical name
# (Cr2O3, HFC-245fa, Pinus spp.); outside brackets Latin is only a designation (PVC, LED).
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def _nomenclature() -> dict[str, str]:
    with (HS / "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["hscode"]: row["level"] for row in csv.DictReader(handle)}


def _build_module():
    spec = importlib.util.spec_from_file_location("build_hs2022_zh", HS / "build_hs2022_zh.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_code_is_in_hs_2022() -> None:
    levels = _nomenclature()
    for code in chinese_hs_names():
        assert levels.get(code) in ("4", "6"), code


def test_every_heading_has_a_name() -> None:
    headings = {code for code, level in _nomenclature().items() if level == "4"}
    assert len(headings) == 1229
    assert headings <= set(chinese_hs_names())


def test_names_are_chinese() -> None:
    for code, name in chinese_hs_names().items():
        assert re.search(r"[\u4e00-\u9fff]", name), (code, name)
        assert not CYRILLIC.search(name), (code, name)
        for word in LATIN_WORD.findall(BRACKETED.sub("", name)):
            assert word.isupper(), (code, name)


def test_no_code_twice_and_the_csv_is_what_the_chapter_files_build() -> None:
    with (HS / "hs2022_zh.csv").open(encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    built = _build_module().read_chapters(HS / "zh")
    assert built == chinese_hs_names()


def test_known_names() -> None:
    assert "泵" in chinese_hs_name("8413")
    assert chinese_hs_name("0409") == "天然蜂蜜"
    assert chinese_hs_name("9999x") == ""


def test_the_build_refuses_a_code_outside_hs_2022(tmp_path: Path) -> None:
    (tmp_path / "84.txt").write_text("8413 液体泵\n8499 不存在的品目\n", encoding="utf-8")
    try:
        _build_module().read_chapters(tmp_path)
    except ValueError as error:
        assert "8499" in str(error)
    else:
        raise AssertionError("a code outside HS 2022 was accepted")


def test_the_hs_search_finds_a_chinese_query_in_the_chinese_names() -> None:
    from desktop_app.core.validation import hs_catalog

    catalog = hs_catalog()
    found = [entry.code for entry in catalog.search("离心泵", wait=False)]
    assert "841370" in found
    # Headings first: 液体泵 (8413) before its subheadings when the query is 泵.
    pumps = [entry.code for entry in catalog.search("泵")]
    assert pumps[0] == "8413" and "841370" in [e.code for e in catalog.search("泵", limit=200)]
    # A number restricts the codes; the entry shows its Chinese name.
    assert [entry.code for entry in catalog.search("84 离心泵")] == ["841370"]
    assert catalog.entry("8413") is not None
    assert "泵" in catalog.entry("8413").description_zh  # type: ignore[union-attr]
    assert catalog.search("不存在的商品名称") == []
