"""Offers of the good asked for are ranked by their name in the request's own script."""

from __future__ import annotations

import numpy as np

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.index import CandidateIndex, text_script
from desktop_app.core.matching.pipeline import _select, score_candidates
from desktop_app.core.matching.store import side_evidence


def _ranked(products: list[tuple[str, ...]], request: str) -> list[tuple[int, float]]:
    glossary = shipped_glossary()
    records = [record_features(names, "290919", glossary) for names in products]
    demand = [record_features((request,), None, glossary)]
    index = CandidateIndex(records, demand)
    keep = np.full(1, len(records), dtype=np.int64)
    (chunk,) = score_candidates(index, demand, records, [0], glossary, MatchSettings(), keep=keep)
    return [(c.product_row, c.score) for c in chunk[0]]


def test_other_names_do_not_dilute_an_offer_of_the_same_good() -> None:
    # Both offers name the good (MTBE) in Chinese exactly as the request does; the first
    # is also named in Russian and English. Before, its other names diluted the cosine
    # and it came second at a lower score.
    ranked = _ranked(
        [
            ("Мтбэ отборный Восток", "Mtbe natural Altai", "甲基叔丁基醚 大号 乌拉尔"),
            ("甲基叔丁基醚 大号 乌拉尔",),
        ],
        "甲基叔丁基醚 大号",
    )
    assert [row for row, _ in ranked] == [0, 1]
    assert ranked[0][1] == ranked[1][1]


def test_closer_wording_in_the_request_script_ranks_first() -> None:
    ranked = _ranked(
        [("甲基叔丁基醚 标准 乌拉尔",), ("甲基叔丁基醚 大号 乌拉尔",)],
        "甲基叔丁基醚 大号",
    )
    assert [row for row, _ in ranked] == [1, 0]
    assert ranked[0][1] > ranked[1][1]


def test_equal_scores_are_ordered_by_closeness_then_product() -> None:
    demand = np.zeros(4, dtype=np.int64)
    product = np.arange(4, dtype=np.int64)
    scores = np.asarray([80.0, 80.0, 80.0, 79.0])
    closeness = np.asarray([50.0, 70.0, -1.0, 99.0])
    keep = np.asarray([4])
    picked = _select(demand, product, scores, keep, closeness)
    assert product[picked].tolist() == [1, 0, 2, 3]
    same = _select(demand, product, scores, keep, np.zeros(4))
    assert product[same].tolist() == [0, 1, 2, 3]


def test_text_keys_belong_to_their_script() -> None:
    assert text_script("w:масл") == "ru"
    assert text_script("w:oil") == "en"
    assert text_script("z:葵花") == "zh"
    assert text_script("m:pslx350h") == ""
    assert text_script("k:sunflower_oil") is None


def test_side_evidence_leaves_out_empty_entries() -> None:
    found = side_evidence(record_features(("Масло подсолнечное",), None, shipped_glossary()))
    assert found["concepts"] == ["sunflower_oil"]
    assert "measures" not in found and all(found.values())


def test_the_grade_asked_for_orders_offers_of_the_good() -> None:
    # The same good, the same wording; one offer says "высший сорт" as the request does.
    # The brand words alone put the other first before grade words were compared.
    ranked = _ranked(
        [
            ("Масло оливковое натуральный Восток",),
            ("Масло оливковое высший сорт премиум Полярный",),
        ],
        "Масло оливковое высший сорт экспорт",
    )
    assert [row for row, _ in ranked] == [1, 0]
    settings = MatchSettings()
    assert ranked[0][1] - ranked[1][1] > settings.penalty_grade / 2


def test_grade_words_never_bring_another_good_forward() -> None:
    # "特级" is shared with the capelin offer only; the cauliflower offer wins on the good.
    ranked = _ranked(
        [("毛鳞鱼 特级 北极",), ("花椰菜 泰加",)],
        "花椰菜 特级",
    )
    assert ranked[0][0] == 1


def test_a_missing_grade_is_explained_and_grades_in_another_script_are_not_compared() -> None:
    glossary = shipped_glossary()
    settings = MatchSettings()
    request = record_features(("Масло оливковое высший сорт",), None, glossary)
    plain = record_features(("Масло оливковое Восток",), None, glossary)
    chinese = record_features(("橄榄油 泰加",), None, glossary)
    assert request.grades and not plain.grades
    from desktop_app.core.matching.scoring import score_pair

    lacking = score_pair(request, plain, 95.0, glossary, settings)
    reasons = {p.reason: p for p in lacking.evidence.penalties}
    assert reasons["grade_missing"].points == settings.penalty_grade
    assert reasons["grade_missing"].detail
    # No name in the request's script: the grade cannot be read, nothing is taken off.
    unread = score_pair(request, chinese, None, glossary, settings)
    assert "grade_missing" not in {p.reason for p in unread.evidence.penalties}
