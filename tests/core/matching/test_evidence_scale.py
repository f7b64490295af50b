"""The total is a mean over the parts with evidence on both sides, with a minimum of evidence."""

from __future__ import annotations

import numpy as np

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.part_rules import model_part
from desktop_app.core.matching.pipeline import score_candidates
from desktop_app.core.matching.scoring import score_pair

SETTINGS = MatchSettings()


def _features(text: str, hs: str | None = None) -> RecordFeatures:
    return record_features((text,), hs, shipped_glossary())


def _batch_score(demand: RecordFeatures, product: RecordFeatures) -> float:
    index = CandidateIndex([product], [demand])
    keep = np.ones(1, dtype=np.int64)
    chunk = next(
        score_candidates(index, [demand], [product], [0], shipped_glossary(), SETTINGS, keep=keep)
    )
    # The score before the line's calibration by its runner-up (scoring.margin_points),
    # which a line of one candidate would raise: the pair's own evidence is tested here.
    candidate = chunk[0][0]
    return round(candidate.score - (candidate.evidence.calibration or 0.0), 1)


def test_a_strong_name_only_match_clears_the_default_threshold() -> None:
    demand = _features("Plantronics Voyager 510 Bluetooth Earset")
    product = _features("Plantronics Voyager 510 Bluetooth Headset - Black")
    assert not demand.concepts and not product.concepts
    single = score_pair(demand, product, 85.0, shipped_glossary(), SETTINGS)
    assert single.parts.get("concept") is None, "no concept on either side: the part is left out"
    assert single.score >= SETTINGS.suggest_threshold
    assert _batch_score(demand, product) >= SETTINGS.suggest_threshold


def test_a_concept_on_one_side_only_does_not_drag_the_total_down() -> None:
    demand = _features("frozen pollock fillet 10 kg")
    product = _features("Aurora Trading pollock fillet skinless")
    with_concept = score_pair(demand, product, 80.0, shipped_glossary(), SETTINGS)
    unknown = _features("Aurora Trading zorblax fillet skinless")
    one_sided = score_pair(demand, unknown, 80.0, shipped_glossary(), SETTINGS)
    assert demand.concepts and not unknown.concepts
    assert one_sided.parts.concept is None
    assert one_sided.score >= 60.0
    assert with_concept.score >= one_sided.score


def test_a_declared_hs_conflict_still_costs_its_penalty() -> None:
    demand = _features("Acme widget 3000", "850440")
    product = _features("Acme widget 3000", "030367")
    single = score_pair(demand, product, 100.0, shipped_glossary(), SETTINGS)
    reasons = [p.reason for p in single.evidence.penalties]
    assert reasons == ["hs_conflict"]
    assert single.parts.hs == 0.0
    clean = score_pair(demand, _features("Acme widget 3000"), 100.0, shipped_glossary(), SETTINGS)
    assert clean.score - single.score >= SETTINGS.penalty_hs_conflict
    assert abs(_batch_score(demand, product) - single.score) <= 0.2


def test_too_little_evidence_is_not_a_full_score() -> None:
    # Names in no shared language and no concept either side: only the HS codes agree,
    # at a residual subheading (n.e.c.), which names no one good (a subheading that names
    # one counts as the names' agreement too: see test_declared_alike.py).
    demand = _features("ХХХ изделие", "853690")
    product = _features("某某产品", "853690")
    single = score_pair(demand, product, None, shipped_glossary(), SETTINGS)
    assert set(single.parts.as_json()) == {"hs"}
    expected = 100.0 * SETTINGS.weight_hs / SETTINGS.weight_name
    assert abs(single.score - expected) <= 0.1
    assert single.score < SETTINGS.suggest_threshold


def test_a_model_code_inside_a_longer_one_agrees() -> None:
    short = _features("Hoover Tempo Upright Vacuum U5140")
    long = _features("Hoover Company U5140900 Wide Path Vac")
    other = _features("Hoover Company U6140 Wide Path Vac")
    # A kit, colour or region suffix added: the same article, a shared code.
    assert model_part(short, long) == (100.0, ["u5140"])
    assert model_part(short, other)[0] == 0.0, "one digit apart is another model"


def test_versions_count_only_when_both_sides_give_one() -> None:
    studio = _features("zend studio 5.1")
    assert studio.numbers == {"5.1"}
    assert _features("adobe acrobat v8.0 professional").numbers == {"8"}
    assert _features("logic express 7.2 upgrade from v.6").numbers == {"7.2", "6"}
    # Catalogue numbers and ranges are not versions; pack sizes are measures.
    assert not _features("encore software 25020 win 95-98").numbers
    assert not _features("精炼葵花籽油 5升").numbers
    assert model_part(studio, _features("zend studio 5"))[0] == 0.0
    assert model_part(studio, _features("zend studio 5.1 for linux"))[0] == 100.0
    assert model_part(studio, _features("zend studio"))[0] is None
    # Any shared number agrees: names also carry system requirements.
    cleanup = _features("internet cleanup 4.0 mac os 10.4 or higher")
    assert model_part(_features("allume internet cleanup 4.0"), cleanup)[0] == 100.0
    assert model_part(_features("internet cleanup 3.0"), cleanup)[0] == 0.0


def test_a_shared_model_code_outweighs_differing_numbers() -> None:
    washer = _features("LG WM0642HW front load washing machine with 7 washing programs")
    offer = _features("LG WM0642HW 4.0 cu ft white rear control washer")
    assert model_part(washer, offer) == (100.0, ["wm0642hw"])
    newer = _features("zend studio 5.1")
    older = _features("zend studio 5")
    assert _batch_score(newer, older) < _batch_score(newer, _features("zend studio 5.1"))
