"""Two declared subheadings that agree, with nothing read against them, count as the
names' agreement (issue #15, round 13); a residual "n.e.c." subheading does not."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.parts import declared_alike
from tests.core.matching.pair_scores import pair_score


def test_one_declared_subheading_on_both_sides_passes_the_threshold() -> None:
    # Neither name is read by anything (a bituminous shingle under its trade names); both
    # people declare 6807 10.
    score = pair_score(
        "沥青瓦 玻纤胎 彩色", "Черепица гибкая битумная", "6807 10 000 0", request_hs="680710"
    )
    assert score >= MatchSettings().suggest_threshold


def test_a_residual_subheading_declared_on_both_sides_is_no_agreement_of_names() -> None:
    assert declared_alike("680710", "6807100000")
    assert not declared_alike("853690", "8536900001")  # n.e.c. in heading 8536
    assert not declared_alike("6807", "6807")  # a heading names no subheading
    score = pair_score(
        "铜连接管 对接管", "Наконечники медные под опрессовку", "853690", request_hs="853690"
    )
    assert score < MatchSettings().suggest_threshold


def test_one_declared_subheading_outranks_a_reading_that_contradicts_it() -> None:
    # 急救夹板 (first-aid splints) reads as plywood by 夹板, "Шины ... иммобилизационные"
    # as tyres by "шины": both people declare 9021 10 (splints), so the goods read do
    # not set the pair apart.
    score = pair_score(
        "急救夹板 充气式 骨折固定",
        "Шины транспортные иммобилизационные",
        "902110",
        request_hs="902110",
    )
    assert score >= MatchSettings().suggest_threshold
    # Without the declarations the readings keep them apart.
    assert (
        pair_score("急救夹板 充气式", "Шины транспортные иммобилизационные", "", request_hs="") < 50
    )
