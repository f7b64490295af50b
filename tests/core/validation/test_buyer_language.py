"""The buyer-language tables (regions, places, legal forms) and transliteration."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desktop_app.core.errors import InputError
from desktop_app.core.paths import resource
from desktop_app.core.transliteration import GOST, transliterate
from desktop_app.core.validation.buyer_language import (
    company_for_buyer,
    has_cyrillic,
    incoterms_for_buyer,
    legal_forms,
    places,
    region_for_buyer,
    regions,
)


def test_regions_table_holds_the_89_federal_subjects_in_three_languages() -> None:
    with resource("reference", "regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 89
    assert len({row["code"] for row in rows}) == 89
    for row in rows:
        assert has_cyrillic(row["name_ru"])
        assert row["name_en"] and not has_cyrillic(row["name_en"])
        assert row["name_zh"] and not has_cyrillic(row["name_zh"])
    assert len({entry.code for entry in regions().values()}) == 89


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Алтайский край", "Altai Krai 阿尔泰边疆区"),
        ("алтайский кр.", "Altai Krai 阿尔泰边疆区"),
        ("Республика Алтай", "Altai Republic 阿尔泰共和国"),
        ("г. Москва", "Moscow 莫斯科"),
        ("Приморский край", "Primorsky Krai 滨海边疆区"),
        ("ХМАО", "Khanty-Mansi Autonomous Okrug – Yugra 汉特-曼西自治区（尤格拉）"),
        ("Алтайский край, г. Барнаул", "Altai Krai 阿尔泰边疆区"),
    ],
)
def test_a_region_reaches_the_buyer_in_english_and_chinese(written: str, shown: str) -> None:
    rendered = region_for_buyer(written)
    assert rendered is not None and rendered.translated
    assert rendered.text == shown


def test_an_unknown_region_is_transliterated_and_reported_untranslated() -> None:
    rendered = region_for_buyer("Тридевятое царство")
    assert rendered is not None
    assert not rendered.translated
    assert not has_cyrillic(rendered.text)


def test_places_table_names_crossings_ports_and_stations_with_the_chinese_side() -> None:
    table = places()
    for name in ("Забайкальск", "Благовещенск", "Владивосток", "Находка", "Новороссийск"):
        assert table[name.casefold()].name_zh
    for name in ("Санкт-Петербург", "Москва", "Новосибирск", "Барнаул"):
        assert table[name.casefold().replace("-", " ")].name_en
    assert table["забайкальск"].across_zh == "满洲里"
    assert table["благовещенск"].across_zh == "黑河"
    rendered = incoterms_for_buyer("FCA", "ст. Забайкальск")
    assert rendered is not None and rendered.text == "FCA Zabaykalsk 后贝加尔斯克（对岸：满洲里）"
    assert incoterms_for_buyer("FCA", "Барнаул") == incoterms_for_buyer("FCA", "г. Барнаул")
    rendered = incoterms_for_buyer("EXW", "Барнаул, Алтайский край")
    assert rendered is not None and rendered.text == "EXW Barnaul 巴尔瑙尔"
    rendered = incoterms_for_buyer("DAP", "Владивосток")
    assert rendered is not None and rendered.text == "DAP Vladivostok 符拉迪沃斯托克"
    for entry in table.values():
        assert entry.kind in {"border_crossing", "port", "rail_station", "city"}
        assert not has_cyrillic(entry.name_en) and not has_cyrillic(entry.name_zh)


def test_legal_forms_table_gives_english_and_chinese() -> None:
    forms = {form.short_ru: form for form in legal_forms()}
    assert (forms["ООО"].en, forms["ООО"].zh) == ("LLC", "有限责任公司")
    assert {"АО", "ПАО", "ЗАО", "ИП", "КФХ"} <= set(forms)
    for form in forms.values():
        assert form.en and not has_cyrillic(form.en) and form.zh


@pytest.mark.parametrize(
    ("name_ru", "name_en", "shown"),
    [
        ("ООО «Золотая Нива»", None, "Zolotaia Niva LLC 有限责任公司"),
        ("ООО «Золотая Нива»", "Golden Niva LLC", "Golden Niva LLC"),
        ("Агрохолдинг «Кубань» АО", None, "Agrokholding Kuban JSC 股份公司"),
        ("ПАО «Щит»", None, "Shchit PJSC 公众股份公司"),
        (
            'Общество с ограниченной ответственностью "Дары Алтая"',
            "",
            "Dary Altaia LLC 有限责任公司",
        ),
        ("КФХ Петров", None, "Petrov Peasant Farm Enterprise 农户（农场）经济"),
    ],
)
def test_a_company_is_named_in_english_else_transliterated_with_its_legal_form(
    name_ru: str, name_en: str | None, shown: str
) -> None:
    rendered = company_for_buyer(name_ru, name_en)
    assert rendered is not None and rendered.text == shown


def test_transliteration_icao_and_gost() -> None:
    assert transliterate("Щукино") == "Shchukino"
    assert transliterate("ЩИТ") == "SHCHIT"
    assert transliterate("Барнаул, ул. Ленина 5") == "Barnaul, ul. Lenina 5"
    assert transliterate("Щукино", GOST) == "Shhukino"
    assert transliterate("Цимлянск", GOST) == "Cimlyansk"
    assert transliterate("Ёлка", GOST) == "Yolka"
    assert not has_cyrillic(transliterate("Съешь же ещё этих мягких французских булок"))
    with pytest.raises(ValueError):
        transliterate("а", "bgn")


def test_a_spelling_given_to_two_regions_names_the_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name_ru,name_en,name_zh,spellings\n"
        "A,Алтайский край,Altai Krai,阿尔泰边疆区,Алтай\n"
        "B,Республика Алтай,Altai Republic,阿尔泰共和国,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        regions(path)
    assert caught.value.location.row == 3


def test_trade_terms_table_translates_packaging_and_certificates() -> None:
    from desktop_app.core.validation.buyer_language import free_text_for_buyer, trade_terms

    for words, term in trade_terms().items():
        assert all(words) and term.en and not has_cyrillic(term.en)
        assert not has_cyrillic(term.zh)
    packed = free_text_for_buyer("ПЭТ 5 л в коробе 3 шт")
    assert packed is not None and packed.translated
    assert packed.text == "PET 5 l in carton 3 pcs / PET瓶 5升纸箱 3件"
    papers = free_text_for_buyer("Декларация ЕАЭС; Сертификат происхождения СТ-1")
    assert papers is not None and papers.translated
    assert papers.text.startswith("EAEU declaration of conformity; certificate of origin CT-1")
    unknown = free_text_for_buyer("Туесок берестяной")
    assert unknown is not None and not unknown.translated and not has_cyrillic(unknown.text)
