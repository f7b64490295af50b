"""Names buyers and exporters write for a good (resources/hs/hs2022_zh_trade.csv,
hs2022_ru_trade.csv) read a name before a glossary term inside it that they contradict:
the term is then a modifier or a homonym, not the good (issue #15, round 14)."""

from __future__ import annotations

from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary


def _features(text: str, hs_code: str | None = None) -> RecordFeatures:
    return record_features((text,), hs_code, shipped_glossary())


def _chapters(features: RecordFeatures) -> set[str]:
    return {code[:2] for code in features.hs_codes}


def test_a_compound_written_whole_as_a_trade_name_is_not_the_good_of_a_term_inside_it() -> None:
    # 石膏砌块, gypsum blocks (6809), holds 石膏 (gypsum, 2520) and 砌块, whose dictionary
    # sense "building block" reads as toys: the trade name reads it.
    features = _features("石膏砌块 600×500×80")
    assert "construction_sets" not in features.concepts
    assert _chapters(features) == {"68"}


def test_a_trade_name_straddling_a_term_reads_the_compound() -> None:
    # 电线耳 is 电 + 线耳 (a cable lug, 8536 90), not 电线 (cables, 8544) with an ear.
    features = _features("電線耳 (銅) 35平方")
    assert "cables" not in features.concepts
    assert any(code.startswith("8536") for code in features.hs_codes)
    # A term that is the whole end of its run keeps its good.
    assert "cables" in _features("电线 铜芯 2.5平方").concepts


def test_a_run_written_whole_as_a_trade_name_is_read_before_another_run() -> None:
    # The buyer's own gloss in brackets (花纹板, chequered plate 7208 40) says what
    # 坑纹铁板 is, not the character pairs of 坑纹铁板 (read as wire mesh).
    features = _features("坑紋鐵板 (花紋板) 6mm")
    assert "wire_mesh" not in features.concepts
    assert _chapters(features) == {"72"}


def test_a_leading_trade_name_makes_the_terms_of_later_runs_its_specifications() -> None:
    # A branch shredder, diesel-driven: not diesel fuel.
    shredder = _features("树枝粉碎机 柴油动力 枝径150mm")
    assert "diesel" not in shredder.concepts
    assert _chapters(shredder) == {"84"}
    # Tile grout, cement-based: not cement.
    grout = _features("瓷砖填缝剂 水泥基 灰色")
    assert "cement" not in grout.concepts
    assert _chapters(grout) == {"32"}
    # A term of the same chapter as the leading name still counts, and a name that does
    # not open with a trade name reads as before.
    assert "chicken_paws" in _features("冷冻鸡爪 纸箱").concepts


def test_a_purpose_or_grade_is_no_good_beside_an_unread_head() -> None:
    # Butyl sealant for insulating glass: not the insulating glass.
    sealant = _features("中空玻璃用 丁基胶")
    assert "insulating_glass" not in sealant.concepts
    # Sodium alginate of cosmetic grade: not cosmetics.
    alginate = _features("海藻酸钠 化妆品级 原料")
    assert "cosmetics" not in alginate.concepts
    # With nothing else in the name, the purpose still names the good.
    assert "animal_feed" in _features("饲料用").concepts


def test_a_longer_russian_trade_name_outranks_a_one_word_term_of_another_chapter() -> None:
    serum = _features("Сыворотка для лица с гиалуроновой кислотой, 30 мл")
    assert "whey" not in serum.concepts
    assert _chapters(serum) == {"33"}
    rings = _features("Кольца колодезные КС 10-9")
    assert "jewellery" not in rings.concepts
    assert _chapters(rings) == {"68"}
    liner = _features("Карандаш для губ контурный, 10 оттенков")
    assert "writing_instruments" not in liner.concepts
    # The term keeps its good where the trade name agrees with it or none is longer.
    assert "whey" in _features("Сыворотка молочная сухая").concepts
    assert "writing_instruments" in _features("Карандаш чернографитный").concepts


def test_a_trade_name_ending_the_run_holding_its_last_term_reads_the_compound() -> None:
    # 气动冲击扳手 ends in 冲击扳手 (an impact wrench, 8467), which holds 扳手 (a hand
    # wrench, 8204): a power tool.
    wrench = _features("氣動衝擊扳手 1/2吋（風炮）")
    assert "hand_tools" not in wrench.concepts
    assert _chapters(wrench) == {"84"}


def test_a_russian_word_exporters_write_is_no_typo_of_a_glossary_word() -> None:
    # "шапочки" (caps) is one letter from the glossary's "тапочки" (slippers).
    assert "slippers" not in _features("Шапочки медицинские одноразовые").concepts
    assert "slippers" in _features("Тапочки домашние").concepts


def test_a_set_of_a_good_is_that_good() -> None:
    # 化妆刷套装: a set of make-up brushes, not a suit (套装 "outfit or suit").
    brushes = _features("化妆刷套装 12支")
    assert "suits" not in brushes.concepts
    assert _chapters(brushes) == {"96"}
