"""A kind the buyer names is a distinct good even where the glossary files it with others:
the subheading a concept term names, read from the HS 2022 texts (issue #15)."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.nomenclature_kinds import term_kind
from desktop_app.core.matching.scoring import score_pair
from tests.core.matching.pair_scores import pair_score


def test_terms_of_one_concept_name_the_subheadings_the_nomenclature_separates() -> None:
    switchgear = ("8536", "8538")
    assert term_kind("继电器", switchgear) == "85364"  # relays, both voltage bands
    assert term_kind("插座", switchgear) == "853669"  # plugs and sockets
    assert term_kind("fuses", switchgear) == "853610"
    # A generic term names no kind.
    assert term_kind("低压电器", switchgear) == ""


def test_a_relay_asked_for_is_not_met_by_fuses_but_sockets_still_meet_sockets() -> None:
    threshold = MatchSettings().suggest_threshold
    fuses = "Предохранители ПН-2 100–630 А и плавкие вставки к ним, 380 В"
    assert pair_score("热继电器 JR36-20", fuses, "8536 10 100 0") < threshold
    # Without the subheading the relay and the fuses were one good ("low-voltage devices").
    sockets = "Электроустановочные изделия: розетки с заземлением | Schuko sockets"
    assert pair_score("欧标插座 带接地", sockets, "8536 69 900 8") >= threshold
    # A generic request meets every kind.
    assert pair_score("低压电器", fuses, "8536 10 100 0") >= threshold


def test_agreeing_term_kinds_add_nothing_to_the_score() -> None:
    # Both sides name sockets: the concept part counts that already, so the kind may
    # only ever separate (agreement would lift every pair of such terms).
    glossary = shipped_glossary()
    request = record_features(("插座 10A",), None, glossary)
    offer = record_features(("Wall sockets 10A",), None, glossary)

    def term_kinds(features: RecordFeatures) -> frozenset[str]:
        return frozenset(a for a in features.attributes if a.endswith(" (term)"))

    assert term_kinds(request) and term_kinds(offer)

    def without(features: RecordFeatures) -> RecordFeatures:
        return replace(features, attributes=features.attributes - term_kinds(features))

    settings = MatchSettings()
    assert (
        score_pair(request, offer, None, glossary, settings).score
        == score_pair(without(request), without(offer), None, glossary, settings).score
    )


def test_a_declared_subheading_overrides_the_kind_of_a_term_inside_its_heading() -> None:
    # Paraformaldehyde declared 2912 60 names 甲醛 (formaldehyde, 2912 11) in its name:
    # the declared code says which good it is.
    glossary = shipped_glossary()
    request = record_features(("多聚甲醛 96% 粉末",), "291260", glossary)
    assert not any(a.endswith(" (term)") for a in request.attributes)
    offer = record_features(("Формалин технический (формальдегид 37%)",), "291211", glossary)
    settings = MatchSettings()
    assert score_pair(request, offer, None, glossary, settings).score < settings.suggest_threshold
