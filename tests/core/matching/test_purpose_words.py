"""What a Russian good is for ("для …") is never the good (issue #15, round 13)."""

from __future__ import annotations

from desktop_app.core.matching.features import NameCodes, RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.term_lookup import analyse_text


def _features(text: str, hs_code: str | None = None) -> RecordFeatures:
    return record_features((text,), hs_code, shipped_glossary())


def test_goods_named_after_dlya_are_no_good_when_the_opening_noun_is_unknown() -> None:
    glossary = shipped_glossary()
    # Handles for shovels are no shovels (hand tools).
    assert "hand_tools" not in analyse_text("Черенки для лопат и граблей", glossary).concepts
    # A term covering the opening word stays: dishwashing liquid.
    assert analyse_text("Средство для мытья посуды", glossary).concepts
    # A known good before "для" stays the good.
    assert analyse_text("Мука для выпечки хлеба", glossary).concepts == ("flour",)


def test_the_nomenclature_reads_a_russian_name_only_up_to_dlya() -> None:
    # "для снятия макияжа" (for removing make-up) read hoists (8425, "снятия") into
    # micellar water.
    features = _features("Мицеллярная вода для снятия макияжа 250/400 мл")
    name_codes = NameCodes(shipped_glossary()).of(features)
    assert not any(code.startswith("8425") for code in name_codes)
    assert "hoists_winches" not in features.concepts


def test_a_declared_chapter_outranks_the_good_the_nomenclature_bridge_reads() -> None:
    # "черенки" are cuttings (0602) in TN VED; declared 4417 00 they are tool handles.
    assert "seedlings" not in _features("Черенки для лопат берёзовые", "441700").concepts
