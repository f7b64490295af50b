"""Reading any product name or request never fails, whatever words it strings together."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import KIND_PREFIX, shipped_glossary

# Words that steer the reading (markers of ingredients and uses, grades, states, measures,
# terms that span several words) mixed with ordinary ones, in any order.
WORDS = [
    "с", "со", "из", "для", "with", "for", "масло", "подсолнечное", "шоколад", "фундуком",
    "activated", "carbon", "water", "1", "сорт", "3-й", "класс", "1.2-1.4kg", "5", "кг",
    "высший", "premium", "grade", "с/м", "мороженый", "красная", "цельное", "молоко",
    "сухое", "обезжиренное", "liquid", "flakes", "shell-on", "raw", "frozen", "flexi",
    "葵花籽油", "全脂乳粉", "液碱", "干白", "饼干", "蜂蜜口味", "饲料用", "用于", "低芥酸菜籽油",
    "巧克力夹心", "特级", "精选", "20~25公斤", "饲料级", "原料", "味", "用",
    # Phrases as names write them (a marker that is also a letter: "витамин С").
    "Кислота аскорбиновая (витамин С)", "драже", "Activated carbon", "for water treatment",
    "с цельным фундуком", "Масло из семян льна", "для выпечки хлеба",
]  # fmt: skip


@pytest.mark.slow
@given(st.lists(st.sampled_from(WORDS), max_size=10), st.sampled_from([" ", "", ", "]))
def test_any_name_is_read(words: list[str], separator: str) -> None:
    glossary = shipped_glossary()
    features = record_features((separator.join(words),), None, glossary)
    assert features.concepts <= glossary.concepts.keys()
    # States are the glossary's, or kinds the nomenclature tells apart (``kind:…``).
    assert all(a in glossary.attributes or a.startswith(KIND_PREFIX) for a in features.attributes)
    assert features.grades <= glossary.grade_stems | glossary.grade_han
    assert all(text == text.casefold() for text in features.strings.values())
