"""Evidence that is no evidence (round 12): a bare number shared across scripts, an
article's single English word read as a good, the word "grade" read as a grade asked for.
Each once made a pair of unrelated goods score over the threshold, or lowered a true one."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.scoring import PairScore, score_pair


def _read(*names: str, hs: str | None = None) -> RecordFeatures:
    return record_features(names, hs, shipped_glossary())


def _score(demand: RecordFeatures, product: RecordFeatures, names: float | None) -> PairScore:
    return score_pair(demand, product, names, shipped_glossary(), MatchSettings())


def test_a_number_shared_across_scripts_is_no_evidence_of_the_good() -> None:
    # "Series 3" lies inside the veneer's "сорт 2-3": the model part agreed fully and was
    # the only part present (62.5 before; 100 with an agreeing inferred heading).
    mouse = _read("Logitech G303 Daedalus Apex Series 3 gaming mouse")
    veneer = _read("Шпон строганый дубовый, сорт 2-3")
    pair = _score(mouse, veneer, None)
    assert pair.parts.model is None
    assert pair.score < MatchSettings().store_floor


def test_an_articles_single_english_word_does_not_make_a_good_across_scripts() -> None:
    settings = MatchSettings()
    # "Starter Kit" of a game console read as engine starters, "Cable" of a speaker cable
    # as power cables: 84.4 and 77.7 before, counted in full against a Russian name.
    kit = _read("Nintendo DS Lite Starter Kit NDSL-STK01")
    starters = _read("Стартеры для автомобильных двигателей")
    assert kit.weak_concepts and kit.codes
    assert _score(kit, starters, None).score < settings.suggest_threshold
    cable = _read("Monster Cable THX-certified speaker cable MC-400")
    power = _read("Кабель силовой ВВГнг 3х2,5")
    assert _score(cable, power, None).score < settings.suggest_threshold
    # A commodity named in English (no model code) still meets its Russian offer.
    cod = _read("cod fillet frozen skinless")
    offer = _read("Филе трески мороженое")
    assert cod.weak_concepts and not cod.codes
    assert _score(cod, offer, None).score >= settings.suggest_threshold


def test_the_word_grade_alone_asks_for_no_grade() -> None:
    request = _read("Expanded perlite, horticultural grade, 100 L bags")
    offer = _read("Перлит вспученный М75–М150 (песок)", "Expanded perlite M75-M150")
    assert not request.grades
    pair = _score(request, offer, 60.0)
    assert "grade_missing" not in {p.reason for p in pair.evidence.penalties}
    # A grade named stays asked for: "высший" against an offer that does not say it.
    top = _read("Масло оливковое высший сорт")
    assert top.grades and not _read("Масло оливковое Восток").grades


def test_an_articles_numbers_inside_an_offered_range_are_no_evidence() -> None:
    settings = MatchSettings()
    # "DOCSIS 2.0" inside "4×1,5 – 37×2,5", a TV stand's "48-in." inside "25–50 мм":
    # with the article's single English word damped they were all that was left (97.4).
    modem = _read("D-Link Express EtherNetwork High-Speed DOCSIS 2.0 Cable Modem - DCM-202")
    cable = _read("Кабель контрольный КВВГнг(А) 4×1,5 – 37×2,5")
    pair = _score(modem, cable, None)
    assert pair.parts.model is None and pair.score < settings.suggest_threshold
    stand = _read("ABS48 Wood TV Stand (Avalon Series 48-in. Max)")
    boards = _read("Доска обрезная хвойная (сосна, ель) сухая, 25–50 × 100–200 мм")
    assert _score(stand, boards, None).score < settings.suggest_threshold
