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
