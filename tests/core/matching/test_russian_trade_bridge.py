"""Russian names exporters write (resources/hs/hs2022_ru_trade.csv) reach their HS codes
in any case, number and word order, through their head noun (issue #15, round 13)."""

from __future__ import annotations

from desktop_app.core.matching.features import NameCodes, RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.hs_bridge import RussianTradeIndex, name_stems
from desktop_app.core.matching.normalize import normalize_text


def _features(text: str) -> RecordFeatures:
    return record_features((text,), None, shipped_glossary())


def _index() -> RussianTradeIndex:
    rows = [
        ("842790", "рохля"),
        ("842790", "гидравлическая тележка рохля"),
        ("442199", "шпатель медицинский деревянный"),
        ("220210", "тоник"),
        ("330499", "тоник для лица"),
        ("721499", "пруток"),
        ("722211", "пруток нержавеющий"),
        ("7407", "пруток латунный"),
    ]
    return RussianTradeIndex(rows, {"7407": ["740710", "740721", "740729"]})


def test_a_trade_name_is_found_in_any_case_number_and_order() -> None:
    index = _index()
    read = index.read
    assert read(normalize_text("Шпатели деревянные медицинские одноразовые").words) == ("442199",)
    assert read(normalize_text("Тележки гидравлические (рохли) 2,5 т").words) == ("842790",)
    # The longest name wins: a face toner, not a tonic drink.
    assert read(normalize_text("Тоник для лица освежающий").words) == ("330499",)
    # A heading's name stands for its subheadings.
    assert read(normalize_text("Пруток латунный ЛС59").words) == ("740710", "740721", "740729")


def test_a_name_must_hold_the_head_noun_and_a_lone_generic_word_reads_nothing() -> None:
    read = _index().read
    # "рохля" is not the head of a name about its wheels.
    assert read(normalize_text("Колёса для рохли полиуретановые").words) == ()
    # "пруток" alone lies under several headings (steel, stainless steel, brass).
    assert read(normalize_text("Пруток бронзовый").words) == ()


def test_shipped_trade_names_give_unread_russian_offers_their_subheading() -> None:
    features = _features("Зонды желудочные одноразовые CH 6 – CH 30")
    assert "901839" in NameCodes(shipped_glossary()).of(features)
    assert any(code.startswith("9018") for code in features.hs_codes)


def test_the_lazy_name_reading_finds_what_the_words_find() -> None:
    # NameCodes reads a record's names from their stems (hs_bridge.name_stems, the head
    # noun's stem first): the same trade names as read from the words.
    index = _index()
    for name in (
        "Шпатели деревянные медицинские одноразовые",
        "Тележки гидравлические (рохли) 2,5 т",
        "Тоник для лица освежающий",
        "Колёса для рохли полиуретановые",
        "Пруток бронзовый",
        "Гидравлические",
    ):
        words = normalize_text(name).words
        assert index.read_stems(name_stems(words, "ru")) == index.read(words), name
