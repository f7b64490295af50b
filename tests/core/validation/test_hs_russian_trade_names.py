"""The table of Russian trade names per HS 2022 code (resources/hs/trade_ru/): codes in
HS 2022, no pair twice, Russian names only, a name under two headings only when tagged,
the CSV in step with the chapter files, and the reader that finds the names in a text."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_chinese import (
    find_russian_trade_names,
    russian_trade_name_codes,
    russian_trade_name_rows,
    russian_trade_names,
)
from tests.core.validation.hs_builds import build_module, hs_levels

HS = resource("hs")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+\b")


def _build_module() -> ModuleType:
    return build_module("build_hs2022_ru_trade")


def _build(tmp_path: Path, text: str, chapter: str = "84") -> list:
    (tmp_path / f"{chapter}.txt").write_text(text, encoding="utf-8")
    return _build_module().read_chapters(tmp_path)


def test_the_table_is_broad() -> None:
    rows = russian_trade_name_rows()
    assert len(rows) >= 10000
    chapters = {row.code[:2] for row in rows}
    # What Russian SMEs export, from machinery to food and fuels.
    wanted = {"84", "85", "90", "87", "73", "39", "40", "94", "44", "48", "68", "69", "70"}
    wanted |= {"72", "76", "74", "30", "33", "34", "95", "96", "61", "62", "63", "64"}
    wanted |= {"42", "49", "56", "59", "82", "83", "86"}
    wanted |= {f"{n:02d}" for n in range(2, 28) if n not in (5, 6)}
    assert wanted <= chapters


def test_every_code_is_an_hs_2022_heading_or_subheading() -> None:
    levels = hs_levels()
    for row in russian_trade_name_rows():
        assert levels.get(row.code) in ("4", "6"), row


def test_no_code_and_name_twice() -> None:
    pairs = [(row.code, row.name) for row in russian_trade_name_rows()]
    assert len(pairs) == len(set(pairs))


def test_names_are_russian() -> None:
    for row in russian_trade_name_rows():
        assert not HAN.search(row.name), row
        assert CYRILLIC.search(row.name) or LATIN_ABBREVIATION.search(row.name), row
        # Lower case, abbreviations in capitals: «профнастил», «ЛДСП», not «Профнастил».
        assert not re.match(r"[А-ЯЁA-Z][а-яёa-z]{2,}", row.name), row
        assert row.name == row.name.strip() and "  " not in row.name, row


def test_a_name_under_two_headings_is_tagged_ambiguous_in_the_chapter_files() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for row in russian_trade_name_rows():
        by_name[row.name].add(row.code[:4])
    tagged = {
        line.split("\t", 1)[1].replace("#ambiguous", "").strip()
        for path in (HS / "trade_ru").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line and "#ambiguous" in line
    }
    spread = {name for name, headings in by_name.items() if len(headings) > 1}
    # Some names are meant to be under two headings: a «кран» lifts or shuts off water.
    assert {"кран", "профнастил", "арматура"} <= spread
    assert not spread - tagged


def test_the_csv_is_what_the_chapter_files_build() -> None:
    module = _build_module()
    with (HS / "hs2022_ru_trade.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "name"]
        written = [tuple(row) for row in reader]
    assert written == module.table(module.read_chapters(HS / "trade_ru"))
    assert written == sorted(written)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("профнастил", "721661"),
        ("металлочерепица", "721691"),
        ("ЛДСП", "441011"),
        ("ОСБ", "441012"),
        ("OSB", "441012"),
        ("ГКЛ", "680911"),
        ("гипсокартон", "680911"),
        ("ПНД труба", "391721"),
        ("СИП", "854460"),
        ("ВВГнг", "854449"),
        ("УЗО", "853630"),
        ("автомат", "853620"),
        ("тельфер", "842511"),
        ("таль", "842519"),
        ("контактор", "853649"),
        ("манжета", "401693"),
        ("сальник", "401693"),
        ("подшипник качения", "848210"),
        ("шаровый кран", "848180"),
        ("задвижка клиновая", "848180"),
        ("пиломатериал обрезной", "4407"),
        ("вагонка", "440910"),
        ("брус клеёный", "441881"),
        ("карбамид", "310210"),
        ("селитра аммиачная", "310230"),
        ("СЗР", "380899"),
        ("стрейч-плёнка", "392010"),
        ("гофрокороб", "481910"),
        ("крафт-мешок", "481930"),
        ("бахилы", "392321"),
        ("шприц инъекционный", "901831"),
        ("ступица", "870899"),
        ("ШРУС", "870899"),
        ("стартер", "851140"),
        ("рохля", "842790"),
        ("подсолнечный шрот", "230630"),
    ],
)
def test_known_names(name: str, code: str) -> None:
    assert name in russian_trade_names()[code]
    assert code in russian_trade_name_codes(name)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("8499\tнет такого\n", "8499"),
        ("9018\tшприц\n", "chapter 90"),
        ("842790\tрохля 地牛\n", "Chinese"),
        ("842790\thand truck\n", "not a Russian name"),
        ("842790\tрохля_\n", "character"),
        ("842790\tРохля\n", "lower case"),
        ("842790\tpохля\n", "mixes Cyrillic and Latin"),
        ("842790\tрохля\n842790\tрохля\n", "twice"),
        # The same name in another spelling (ё, capitals, a hyphen for a space).
        ("842790\tштабелёр ручной\n842790\tштабелер-ручной\n", "twice"),
        ("842790\tПТС\n842790\tптс\n", "twice"),
        ("842790\tрохля #XX\n", "unknown tag"),
        ("842790 рохля\n", "CODE<TAB>name"),
        ("842790\t#ambiguous\n", "no name"),
        ("842790\tдомкрат\n842549\tдомкрат\n", "2 headings"),
    ],
)
def test_the_build_refuses(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        _build(tmp_path, text)


def test_the_build_keeps_spaces_abbreviations_and_a_tagged_ambiguity(tmp_path: Path) -> None:
    rows = _build(
        tmp_path,
        "# comment\n\n842790\tгидравлическая тележка\n842790\tдомкрат #ambiguous\n"
        "842549\tдомкрат #ambiguous\n848180\tкран  шаровый\n847150\tSSD\n",
    )
    assert _build_module().table(rows) == [
        ("842549", "домкрат"),
        ("842790", "гидравлическая тележка"),
        ("842790", "домкрат"),
        ("847150", "SSD"),
        ("848180", "кран шаровый"),
    ]


def test_the_coverage_report_counts_each_chapter(tmp_path: Path) -> None:
    module = _build_module()
    rows = _build(tmp_path, "842790\tрохля\n8427\tпогрузчик\n847420\tдробилка\n")
    report = {
        chapter: (subs, covered, names) for chapter, subs, covered, names in module.coverage(rows)
    }
    subs, covered, names = report["84"]
    # 8427's three subheadings through the heading, 8474.20 through its own name.
    assert covered == 4 and names == 3 and subs > 400
    assert report["01"][1:] == (0, 0)


def test_a_name_is_looked_up_whatever_its_case_and_yo() -> None:
    assert russian_trade_name_codes("узо") == ("853630",)
    assert russian_trade_name_codes("Стрейч плёнка") == ("392010",)
    assert russian_trade_name_codes("стрейч-пленка") == ("392010",)
    assert set(russian_trade_name_codes("кран")) == {"842699", "848180"}
    assert russian_trade_name_codes("нет такого товара") == ()
    assert russian_trade_name_codes("") == ()


def test_names_are_found_in_a_text_as_whole_words() -> None:
    found = find_russian_trade_names("Кран шаровый латунный; кранец судовой; УЗО 40А")
    names = [match.name for match in found]
    assert "кранец" in names and "УЗО" in names
    # «кран» is found where it stands as a word, not inside «кранец».
    assert [(m.start, m.end) for m in found if m.name == "кран"] == [(0, 1)]
    # In text order, and at one position the longest name first.
    found = find_russian_trade_names("шаровый кран ДУ50")
    assert [match.name for match in found][:2] == ["шаровый кран", "кран"]
    assert found[0].codes == ("848180",) and (found[0].start, found[0].end) == (0, 2)
    assert find_russian_trade_names("") == []


def test_the_hs_search_finds_a_code_through_its_russian_trade_names() -> None:
    from desktop_app.core.validation import hs_catalog

    catalog = hs_catalog()
    # «рохля» (a hand pallet truck) is in no TN VED text: the table names 8427.90.
    assert [entry.code for entry in catalog.search("рохля")] == ["8427", "842790"]
    # In another case form, and with a number restricting the codes.
    assert [entry.code for entry in catalog.search("рохлю")] == ["8427", "842790"]
    assert [entry.code for entry in catalog.search("8427 рохля")] == ["8427", "842790"]
    assert catalog.search("85 рохля") == []
    assert "853620" in [entry.code for entry in catalog.search("дифавтомат")]
    assert "392321" in [entry.code for entry in catalog.search("бахилы")]
    assert "870899" in [entry.code for entry in catalog.search("ШРУС")]
    # A code one of whose names is the query itself leads its level: УЗО is 8536, not
    # the ouzo of 2208; ЛДСП is 4410, not the glue for it (3506).
    assert catalog.search("УЗО")[0].code == "8536"
    assert next(e.code for e in catalog.search("УЗО") if e.level == 6) == "853630"
    assert catalog.search("ЛДСП")[0].code == "4410"
    assert catalog.search("ШРУС")[0].code == "8708"
    # What a result list shows beside the texts: the trade name that found the code.
    assert catalog.trade_name_for("842790", "рохля") == "рохля"
    assert catalog.trade_name_for("8427", "рохля") == "рохля"
    assert catalog.trade_name_for("392010", "стрейч-плёнка") == "стрейч-плёнка"
    # Nothing when the code's own texts hold the query.
    assert catalog.trade_name_for("841370", "насос центробежный") == ""
    assert catalog.trade_name_for("842790", "") == ""
    # The TN VED and glossary still lead where the query is in them.
    assert catalog.search("подсолнечное масло")[0].code == "1512"
    assert catalog.search("мёд")[0].code == "0409"
