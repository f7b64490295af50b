"""Normalization per language, glossary loading and look-up, HS inference."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.matching.chinese import longest_matches, to_simplified
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import build_glossary, shipped_glossary
from desktop_app.core.matching.hs_inference import hs_agreement
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.matching.term_lookup import analyse_text
from desktop_app.core.paths import resource


def test_russian_is_folded_stemmed_and_measures_are_split_out() -> None:
    text = normalize_text("Мёд ГРЕЧИШНЫЙ, ведро 25 кг, ГОСТ 19792-2017")
    stems = [word.stem for word in text.words]
    assert "мед" in stems and "гречишн" in stems
    assert "25 kg" in text.measures
    assert text.standards == ("гост 19792-2017",)


def test_english_codes_are_kept_whole() -> None:
    text = normalize_text("Sony Turntable - PS-LX350H, 5L")
    assert "pslx350h" in text.codes
    assert "5 l" in text.measures
    assert [w.stem for w in text.words][:2] == ["soni", "turntabl"]


def test_traditional_chinese_becomes_simplified_and_full_width_is_folded() -> None:
    assert to_simplified("俄羅斯黑巧克力 進口") == "俄罗斯黑巧克力 进口"
    text = normalize_text("桦木胶合板 １２ｍｍ")
    assert text.han == ("桦木胶合板",) and text.measures == ("12 mm",)


def test_longest_match_drops_nested_terms() -> None:
    terms = {"葵花籽": "a", "葵花籽油": "b", "油": "c"}
    assert longest_matches("精炼葵花籽油", terms, 4) == [(2, 6, "葵花籽油")]


def test_stop_words_are_set_aside_and_traditional_requests_find_concepts() -> None:
    analysis = analyse_text("俄羅斯黑巧克力 進口", shipped_glossary())
    assert "chocolate" in analysis.concepts
    assert "俄罗斯" in analysis.stop_words and "进口" in analysis.stop_words


def test_russian_offer_and_chinese_request_meet_on_a_concept() -> None:
    glossary = shipped_glossary()
    offer = analyse_text("Масло подсолнечное рафинированное дезодорированное", glossary)
    request = analyse_text("精炼葵花籽油 5升", glossary)
    assert offer.concepts == request.concepts == ("sunflower_oil",)
    assert offer.attributes == request.attributes == ("refined",)


def test_processing_states_and_typos() -> None:
    glossary = shipped_glossary()
    assert "boiled_frozen" in analyse_text("熟冻雪蟹腿", glossary).attributes
    assert "in_shell" in analyse_text("Орех кедровый в скорлупе", glossary).attributes
    # "Мороженое" opening a name is ice cream; after a noun it is a state.
    assert "ice_cream" in analyse_text("Мороженое пломбир", glossary).concepts
    fillet = analyse_text("Филе минтая мороженое", glossary)
    assert "ice_cream" not in fillet.concepts and "frozen" in fillet.attributes
    assert "sunflower_oil" in analyse_text("Sunflwer oil refined", glossary).concepts


def test_glossary_files_load_with_user_terms(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    (folder / "concepts").mkdir(parents=True)
    (folder / "concepts" / "01-test.csv").write_text(
        "concept,broader,hs,en,ru,zh\nspruce,,4407,spruce,ель,云杉\n", encoding="utf-8"
    )
    for name in ("attributes.csv", "stopwords.csv"):
        (folder / name).write_bytes(resource("glossary", name).read_bytes())
    glossary = build_glossary(
        folder, [("spruce", "zh", "白松", None), ("kvass", "ru", "квас", "2202")]
    )
    assert analyse_text("白松板材", glossary).concepts == ("spruce",)
    assert glossary.hs_of("kvass") == ("2202",)


def test_hs_is_inferred_from_glossary_then_nomenclature() -> None:
    glossary = shipped_glossary()
    from_glossary = record_features(("葵花籽油",), None, glossary)
    assert from_glossary.hs_source == "glossary" and "151219" in from_glossary.hs_codes
    declared = record_features(("Что-то",), "1512 19 900 2", glossary)
    assert declared.hs_codes == ("1512199002",) and declared.hs_source == "declared"
    assert hs_agreement(("151219",), ("1512199002",)) == 6
    assert hs_agreement(("1512",), ("151110",)) == 2
    assert hs_agreement(("0303",), ("7403",)) == 0
