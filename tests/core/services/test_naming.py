"""Suggested product names and glosses of buyers' requests, from the glossary."""

from __future__ import annotations

import pytest

from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.services.naming import gloss, suggest_name


@pytest.mark.parametrize(
    ("name_ru", "zh", "en"),
    [
        (
            "Масло подсолнечное рафинированное дезодорированное, 5 л",
            "精炼葵花籽油 5升",
            "refined sunflower oil 5 l",
        ),
        ("Мёд гречишный нефасованный, бочка 300 кг", "荞麦蜜 300公斤", "buckwheat honey 300 kg"),
        ("Фанера берёзовая ФК 18 мм", "桦木胶合板 18毫米", "birch plywood 18 mm"),
    ],
)
def test_a_russian_name_gets_chinese_and_english_suggestions(
    name_ru: str, zh: str, en: str
) -> None:
    suggestion = suggest_name(shipped_glossary(), name_ru)
    assert (suggestion.zh, suggestion.en) == (zh, en)


def test_no_suggestion_without_a_recognised_good_unless_the_hs_code_names_one() -> None:
    glossary = shipped_glossary()
    assert suggest_name(glossary, "Изделие номер пять").zh == ""
    by_code = suggest_name(glossary, "Изделие номер пять", hs_code="151211")
    assert "葵花" in by_code.zh


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("葵花籽油", "ru", "масло подсолнечное"),
        ("精炼葵花籽油 5升", "ru", "рафинированное масло подсолнечное"),
        ("冷冻鸡爪", "ru", "мороженые куриные лапки"),
        ("葵花籽油", "en", "sunflower oil"),
        ("масло подсолнечное", "ru", ""),
        ("不知道", "ru", ""),
    ],
)
def test_a_request_is_glossed_in_the_interface_language(
    text: str, language: str, expected: str
) -> None:
    assert gloss(shipped_glossary(), text, language) == expected
