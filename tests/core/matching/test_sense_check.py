"""The dictionary bridge checks a Chinese word's English sense as a whole: the sense's
head noun names the good, and a modifier the nomenclature never writes under a good's
headings says the sense is another good (issue #15, round 13)."""

from __future__ import annotations

from desktop_app.core.matching.bridge import bridge_word, sense_concepts, sense_head
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary


def _features(text: str) -> RecordFeatures:
    return record_features((text,), None, shipped_glossary())


def test_the_head_noun_of_a_sense_is_its_last_word_before_a_preposition() -> None:
    assert sense_head("cable tie") == 1
    assert sense_head("bottle of wine") == 0
    assert sense_head("to boil") == -1


def test_a_good_named_by_a_modifier_of_the_sense_is_not_the_good() -> None:
    glossary = shipped_glossary()
    # 扎带 is "cable tie": a tie (of plastics, 3926), not a cable (8544).
    assert "cables" not in sense_concepts("cable tie", glossary)
    bridged = bridge_word("扎带", glossary)
    assert bridged is not None and "cables" not in bridged.concepts
    assert "cables" not in _features("尼龙扎带").concepts


def test_a_modifier_the_goods_headings_never_write_makes_another_good() -> None:
    glossary = shipped_glossary()
    # 热缩管 "heat shrink tubing": HS and TN VED never write "heat" or "shrink" under
    # steel tubes (7304-7306); heat-shrink tubing is of plastics.
    assert "steel_pipes" not in sense_concepts("heat shrink tubing", glossary)
    assert "steel_pipes" not in _features("热缩管").concepts
    # Modifiers that the good's headings do write keep the good.
    assert sense_concepts("seamless steel tube", glossary)
    assert sense_concepts("ball valve", glossary) == ("ball_valves",)
    assert sense_concepts("radio-controlled car", glossary) == ("rc_toys",)


def test_a_part_of_a_compound_does_not_name_a_good_the_whole_compound_contradicts() -> None:
    # The dictionary knows only a lone character or the modifier of these compounds; the
    # Chinese tariff and trade names read the whole compound in another chapter.
    for compound, wrong, right in (
        ("导尿管", "steel_pipes", "9018"),  # a catheter, not a 管 "tube" of steel
        ("倒链", "chains", "8425"),  # a chain hoist, not a chain
        ("脱毛膏", "feathers_down", "3307"),  # a depilatory cream, a 膏 for 脱毛
    ):
        features = _features(compound)
        assert wrong not in features.concepts, compound
        assert any(code.startswith(right) for code in features.hs_codes), compound


def test_a_part_read_in_the_compounds_chapter_keeps_its_good() -> None:
    # 烘焙纸 (baking paper, 4806 20): the lone 纸 "paper" is still chapter 48's paper.
    assert "paper" in _features("烘焙纸").concepts


def test_the_head_word_decides_the_subheadings_of_an_unknown_chinese_name() -> None:
    # 电容器 "capacitor" is the head; 低压 ("low pressure") alone reads boilers (8402).
    features = _features("自愈式低压并联电容器")
    assert features.hs_codes and all(code.startswith("8532") for code in features.hs_codes)
    assert "boilers" not in features.concepts


def test_a_trade_name_buyers_write_outranks_the_dictionary_sense_of_its_head() -> None:
    # 纸吸管 (paper straws, 4823 90): 吸管's sense "straw" is the glossary's cereal straw
    # (1213); the trade name reads the whole compound.
    features = _features("纸吸管")
    assert "straw" not in features.concepts
    assert any(code.startswith("4823") for code in features.hs_codes)
