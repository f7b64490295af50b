"""Kinds on the Russian side: a Russian concept term is read in the ten-digit TN VED
lines through their parent levels, so a Russian-only offer of a concept that holds several
goods (hoists and jacks, relays and sockets) is one kind, not all of them (issue #15)."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.nomenclature_kinds import lumped_concept, term_kind
from tests.core.matching.pair_scores import pair_score


def test_a_russian_term_names_the_line_its_parent_levels_name() -> None:
    hoists = ("8425",)
    # "тали подъемные …: с приводом от электрического двигателя" and "…: прочие".
    assert term_kind("таль", hoists) == "84251"
    assert term_kind("тали", hoists) == "84251"
    assert term_kind("домкрат", hoists) == "84254"
    assert term_kind("лебедка", hoists) == "84253"
    # A word only in an exclusion ("кроме скиповых подъемников") or in the levels of
    # several groups names none.
    assert term_kind("подъемник", hoists) == ""
    switchgear = ("8536", "8538")
    # 8536 49 is "прочие" under "реле": only its parent level says it is a relay.
    assert term_kind("реле", switchgear) == "85364"
    assert term_kind("розетки", switchgear) == "85366"
    assert term_kind("предохранители", switchgear) == "853610"
    # "выключатели автоматические" (8536 20) against switches of 8536 50: the adjective
    # decides, the noun alone is generic.
    assert term_kind("автоматический выключатель", switchgear) == "853620"
    assert term_kind("выключатель", switchgear) == ""
    # A noun no line names gives no kind, whatever its adjective.
    assert term_kind("вилка электрическая", switchgear) == ""


def test_only_a_concept_of_several_goods_reads_its_russian_terms() -> None:
    glossary = shipped_glossary()
    assert lumped_concept("hoists_winches", glossary)
    assert lumped_concept("low_voltage_devices", glossary)
    # One good: its Russian terms name one line or none, the concept says it all.
    assert not lumped_concept("centrifugal_pumps", glossary)
    assert not lumped_concept("trucks", glossary)


def test_a_russian_offer_of_a_lumped_concept_meets_only_its_own_kind() -> None:
    threshold = MatchSettings().suggest_threshold
    hoist = "Таль ручная цепная 1 т"
    jack = "Домкрат гидравлический бутылочный 5 т"
    assert pair_score("hydraulic jack 5t", hoist) < threshold
    assert pair_score("hydraulic jack 5t", jack) >= threshold
    assert pair_score("手拉葫芦 1吨", jack) < threshold
    assert pair_score("手拉葫芦 1吨", hoist) >= threshold
    relay = "Реле промежуточное РП-21 220В"
    assert pair_score("保险丝 10A", relay) < threshold
    assert pair_score("继电器", relay) >= threshold
    # A generic request still meets every kind.
    assert pair_score("低压电器", "Розетка двойная с заземлением 16А") >= threshold
