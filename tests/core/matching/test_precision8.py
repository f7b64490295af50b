"""Round 13 (session 8): precision on goods nobody listed."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from tests.core.matching.pair_scores import scored_pair


def _features(text: str):
    return record_features((text,), None, shipped_glossary())


def test_a_machine_named_before_another_good_is_its_purpose() -> None:
    # Steel balls for ball mills are no ball mill; compressors for air conditioners no
    # air conditioner; pumps driven by a motor no motor.
    assert _features("球磨机钢球 Φ60").concepts == {"castings_forgings"}
    assert _features("空调压缩机").concepts == {"compressors"}
    assert _features("电机水泵").concepts == {"pumps"}
    settings = MatchSettings()
    assert scored_pair("球磨机钢球 Φ60", "Дробилка щековая").score < settings.suggest_threshold
    # The machine asked for alone is still the good, and two goods that are no machine
    # (chocolate biscuits) keep both.
    assert _features("球磨机").concepts == {"crushers"}
    assert _features("巧克力饼干").concepts == {"chocolate", "cookies"}


def test_a_term_read_across_a_dictionary_word_gives_way_to_the_word() -> None:
    # 六角螺母 is 六角 (hexagonal) + 螺母 (nut): 角螺 (a whelk) is read across the two.
    assert _features("六角螺母 M16 8级").concepts == {"fasteners"}
    assert _features("外六角螺栓 M20×100").concepts == {"fasteners"}
    # Two terms that are both words keep both (salmon and roe).
    assert _features("鲑鱼鱼籽").concepts == {"salmon", "fish_roe"}


def test_two_declared_subheadings_of_one_heading_are_two_goods() -> None:
    settings = MatchSettings()
    grill = "Мангалы угольные стальные разборные 3 мм, на 6–12 шампуров"
    gas = scored_pair("燃气烧烤炉 三头", grill, "732111", "732119")
    assert gas.score < settings.suggest_threshold
    assert "subheading_conflict" in [p.reason for p in gas.evidence.penalties]
    # The review card shows no HS agreement for it, though the headings agree.
    assert gas.evidence.hs_level is None
    # The same subheading, or a heading on one side, still agrees.
    assert scored_pair("木炭烧烤炉 三头", grill, "732119", "732119").score >= 80
    assert scored_pair("木炭烧烤炉 三头", grill, "7321", "732119").parts.hs == 100.0


def test_a_run_that_is_a_purpose_phrase_names_no_good() -> None:
    # "For stone quarries" after a jaw crusher is not crushed stone.
    assert _features("颚式破碎机 各型号均可 石料厂用").concepts == {"crushers"}
    # Alone, the purpose still names what the request is about.
    assert _features("石料厂用").concepts == {"crushed_stone"}


def test_goods_for_adults_and_for_children_conflict() -> None:
    settings = MatchSettings()
    baby = scored_pair("婴儿纸尿裤 M码", "Подгузники для взрослых, размеры M, L, XL")
    assert "attribute_conflict" in [p.reason for p in baby.evidence.penalties]
    assert baby.score < settings.suggest_threshold
    assert scored_pair("成人纸尿裤 L码", "Подгузники для взрослых, размеры M, L, XL").score >= 80
    # A side that names no user meets both.
    assert scored_pair("纸尿裤", "Подгузники для взрослых, размеры M, L, XL").score >= 80
