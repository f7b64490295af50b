"""A material both sides share is no good met when both sides name goods besides it: a
kettle of stainless steel is no seamless tube of it (issue #15, materials; the seventh
hold-out's metals requests met a kettle offer through its steel alone)."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from tests.core.matching.pair_scores import pair_score

KETTLE = "Электрочайники 1,7–2 л, нержавеющая сталь и стекло, 2200 Вт"


def test_goods_made_of_one_material_are_not_one_good() -> None:
    threshold = MatchSettings().suggest_threshold
    assert pair_score("stainless steel seamless pipe 57 mm", KETTLE) < threshold
    assert pair_score("不锈钢无缝管 304 Φ57", KETTLE) < threshold
    # The good itself still meets, with or without the material named.
    assert pair_score("不锈钢无缝管 304 Φ57", "Трубы нержавеющие бесшовные 57х3") >= threshold
    assert pair_score("Electric kettle 1.7 l, stainless steel", KETTLE) >= threshold
    assert pair_score("电水壶", KETTLE) >= threshold
    # A request for the material alone is not judged by this rule (the offer's good may
    # be read wrongly while the material is all a true pair shares).
    assert pair_score("304不锈钢冷轧板 2B 1.0mm", "Лист нержавеющий холоднокатаный AISI 304") >= (
        threshold
    )
