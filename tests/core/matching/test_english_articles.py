"""English catalogue articles: model codes by structure, catalogue numbers, editions, and
no evidence counted twice, so a score means the same on another catalogue."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.part_rules import code_similarity, model_part
from desktop_app.core.matching.scoring import score_pair

SETTINGS = MatchSettings()


def _features(text: str) -> RecordFeatures:
    return record_features((text,), None, shipped_glossary())


def test_codes_whose_digits_differ_are_other_models() -> None:
    # One digit apart reads 86% alike, but it is another camera.
    first = _features("Canon PowerShot SX200IS 12MP Digital Camera")
    second = _features("Canon PowerShot SX210IS 14MP Digital Camera")
    assert model_part(first, second)[0] == 0.0
    assert code_similarity("ln32c450", "un32c450") == 0.0, "LCD and LED lines of one size"


def test_a_letter_suffix_is_a_variant_of_one_model() -> None:
    # A colour or region suffix after the same letters and digits.
    white = _features("Frigidaire 24' White Built-In Dishwasher - FDB130WH")
    other = _features("Frigidaire FDB130RGS 24' Built-In Dishwasher (White)")
    assert model_part(white, other)[0] == 90.0
    assert code_similarity("dscs750", "dsc750") == 85.0
    assert code_similarity("el1000b", "el1000a") == 90.0


def test_catalogue_numbers_in_digits_are_codes() -> None:
    case = _features("Garmin Leather Carry Case for Nuvi 660 - 010-10823-01")
    assert "0101082301" in case.codes
    same = _features("Garmin 010-10823-01 Carrying Case - 0101082301")
    other = _features("Garmin 010-10723-02 Carrying Case - 0101072302")
    assert model_part(case, same) == (100.0, ["0101082301"])
    assert model_part(case, other)[0] == 0.0
    # A series, years and a standard's number are not articles.
    assert not _features("bearing series 6200-6312").codes
    assert not _features("win 95-98 cd").codes
    assert not _features("Молоко ГОСТ 31449-2013").codes


def test_a_shared_quantity_does_not_identify_an_article() -> None:
    first = _features("textbridge pro 11 5u license")
    second = _features("conn sec shell 2007 5u")
    assert "5u" in first.codes & second.codes
    assert model_part(first, second)[1] == [], "five users is no article"


def test_different_editions_lower_the_score() -> None:
    upgrade = _features("microsoft windows xp professional upgrade")
    full = _features("microsoft windows xp professional edition")
    also_upgrade = _features("microsoft windows xp professional upgrade edition")
    differ = score_pair(upgrade, full, 92.0, shipped_glossary(), SETTINGS)
    same = score_pair(upgrade, also_upgrade, 92.0, shipped_glossary(), SETTINGS)
    reasons = {penalty.reason: penalty for penalty in differ.evidence.penalties}
    assert reasons["edition_differs"].detail == ("upgrade",)
    assert same.score - differ.score >= 10
    academic = _features("adobe photoshop cs3 extended for mac academic")
    retail = _features("adobe photoshop cs4 extended mac")
    assert "edition_differs" in {
        p.reason for p in score_pair(academic, retail, 90.0, shipped_glossary(), SETTINGS)
        .evidence.penalties
    }  # fmt: skip


def test_a_heading_guessed_from_the_words_does_not_count_twice() -> None:
    # Every English software title "agrees" on one heading guessed from its words; where
    # the names are compared, that agreement is the names' own evidence again.
    first = _features("onone essentials for adobe photoshop elements onone software")
    second = _features("essential software architecture")
    assert {first.hs_source, second.hs_source} == {"nomenclature"}
    pair = score_pair(first, second, 52.6, shipped_glossary(), SETTINGS)
    assert pair.parts.hs is None
    assert pair.score == 52.6
    assert pair.score < SETTINGS.suggest_threshold
