"""Heads without a marker: the last dictionary word of a Chinese compound is its good
when the nomenclature names goods with it, not when it is a collection word or only the
category the glossary's term is filed under (issue #15, item 5)."""

from __future__ import annotations

from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.goods_words import category_of, names_a_good, relational


def _concepts(text: str) -> frozenset[str]:
    return record_features((text,), None, shipped_glossary()).concepts


def test_the_last_noun_of_a_compound_is_the_good_not_the_words_before_it() -> None:
    # A fan belt for trucks is neither a truck nor a fan.
    assert not _concepts("卡车风扇皮带") & {"trucks", "fans"}
    # A production line for syringes is no syringe.
    assert "syringes" not in _concepts("注射器生产线")
    # The glossary's term alone is still the good.
    assert "fans" in _concepts("风扇")
    assert "syringes" in _concepts("一次性注射器")


def test_a_category_or_collection_after_the_term_leaves_the_term_the_good() -> None:
    # Wood briquettes are filed by HS as fuel (4401): "fuel" is their category.
    assert "wood_briquettes" in _concepts("木质压块燃料")
    # A set of bed linen is bed linen.
    assert "bed_linen" in _concepts("床上用品套装")


def test_goods_words_are_read_from_the_nomenclature() -> None:
    assert names_a_good(("valve",)) and names_a_good(("production line",))
    assert not names_a_good(("either will do",))
    assert relational(("set of coordinated items",)) and not relational(("wet wipe",))
    assert category_of(("fuel",), ("440131",)) and not category_of(("fuel",), ("630210",))


def test_a_material_before_the_made_of_marker_is_never_the_good() -> None:
    # A vacuum flask made of stainless steel; the glossary knows both words.
    assert _concepts("不锈钢制保温杯") == {"vacuum_flasks"}
    # A fire door made of steel: the door's heading (7308), not steel (72xx).
    assert "steel" not in _concepts("鋼製防火門（入戶門）")
    # 制 opening a word of its own is no marker: 制动盘 (brake discs).
    assert "brake_discs_drums" in _concepts("刹车制动盘")
