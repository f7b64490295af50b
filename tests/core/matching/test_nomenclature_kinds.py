"""Round 10: kinds derived from the nomenclature, heads and modifiers, materials."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.nomenclature_kinds import declared_kind, kind_index
from desktop_app.core.matching.part_rules import concept_part
from desktop_app.core.matching.scoring import score_pair

ROOT = Path(__file__).resolve().parents[3]


def _features(text: str, hs: str | None = None):
    return record_features((text,), hs, shipped_glossary())


def _score(request: str, offer: str, request_hs: str | None = None, offer_hs: str | None = None):
    return score_pair(
        _features(request, request_hs),
        _features(offer, offer_hs),
        None,
        shipped_glossary(),
        MatchSettings(),
    )


def test_kinds_the_glossary_does_not_list_are_told_apart_by_the_nomenclature() -> None:
    # Dosing and vane pumps are both "pumps" to the glossary; TN VED 8413 50 400 0 and
    # 8413 60 6 tell them apart.
    settings = MatchSettings()
    pair = _score("Насос дозировочный", "Насос пластинчатый")
    assert "attribute_conflict" in [p.reason for p in pair.evidence.penalties]
    assert pair.score < settings.suggest_threshold
    # The same kind, and a generic request, still match.
    assert _score("Насос дозировочный", "Насос дозировочный мембранный").score >= 80
    assert _score("насос", "Насос пластинчатый").score >= 80
    assert not _features("阀门").attributes


def test_a_chinese_kind_is_read_through_its_english_sense() -> None:
    # 离心泵: CC-CEDICT "centrifugal pump"; HS 2022 8413 70 "centrifugal".
    assert any(a.startswith("kind:841370") for a in _features("离心泵").attributes)
    index = kind_index()
    assert any(k.label == "насосы винтовые" for k in index.by_heading["8413"])
    # Words most kinds of a heading share, and nouns alone, are no kinds.
    assert not index.named({"8413"}, {"насос"})
    assert not index.named({"0303"}, {"палтус"})


def test_a_declared_subheading_is_a_kind_unless_residual_or_a_band() -> None:
    assert declared_kind("8544600000")
    assert not declared_kind("8544499300")  # "прочие": sellers put mixtures and variants there
    assert not declared_kind("8504230000")  # "мощностью более ...": a power band of one good
    assert not declared_kind("8544")
    pair = _score("YJV 交联电力电缆 4×185 10kV", "Кабель силовой", "854460", "8544200000")
    assert "attribute_conflict" in [p.reason for p in pair.evidence.penalties]
    # Oil transformers of 400 kVA and of 1,600 kVA are one good in two power bands.
    pair = _score("油浸式变压器 S11-400kVA", "Трансформатор ТМГ масляный", "850421", "8504230000")
    assert "attribute_conflict" not in [p.reason for p in pair.evidence.penalties]


def test_specifications_of_an_offer_do_not_dilute_the_good() -> None:
    # "на фланце" (on a flange) reads as pipe fittings; the offer is a worm reducer.
    request = _features("蜗轮蜗杆减速机 WPA100 速比1:40")
    offer = _features("Редуктор червячный 2Ч-63, исполнение на лапах и на фланце")
    assert "pipe_fittings" in offer.concepts
    assert concept_part(request, offer, shipped_glossary())[0] == 100.0


def test_a_term_before_a_purpose_marker_is_not_the_good() -> None:
    # An oil seal for gear pumps is no gear pump, even though the glossary lacks 油封.
    assert "gear_pumps" not in _features("齿轮泵用骨架油封 25*40*7 丁腈").concepts
    # A flavour or use with nothing after it still names the good when nothing else does.
    assert _features("汽车启动用蓄电池").concepts == {"accumulators"}


def test_packaging_made_of_a_material_is_the_good() -> None:
    assert "textile_sacks" in _features("PP编织袋 50kg 白色").concepts
    assert "textile_sacks" in _features("PP woven sacks 25-50 kg, printed").concepts
    # Packaging named after a good is still how it ships.
    assert _features("Сахар белый в полипропиленовых мешках 50 кг").concepts == {"sugar"}


def test_a_material_adjective_after_an_unknown_noun_is_not_the_good() -> None:
    assert "pig_iron" not in _features("Мясорубка бытовая ручная чугунная МРП-1").concepts
    assert _features("Сковорода чугунная").concepts == {"cast_iron_cookware"}
    assert "ball_valves" in _features("Кран шаровой латунный муфтовый").concepts


def test_the_generator_keeps_kind_words_and_cuts_conditions() -> None:
    path = ROOT / "resources" / "matching" / "build_nomenclature_kinds.py"
    spec = importlib.util.spec_from_file_location("build_nomenclature_kinds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.russian_phrase("– – насосы объемные роторные прочие:") == [
        "насосы",
        "объемные",
        "роторные",
    ]
    assert module.russian_phrase("из литейного чугуна") == []
    assert module.russian_phrase("мощностью не более 650 кВА") == []
    assert module.english_phrase("Cement; portland, other than white, coloured") == ["portland"]
    assert module.english_phrase("Pumps; centrifugal, n.e.c. in heading no. 8413") == [
        "centrifugal"
    ]
