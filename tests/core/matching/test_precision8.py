"""Round 13 (session 8): precision on goods nobody listed."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.scoring import score_pair


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


def test_a_machine_named_before_another_good_is_its_purpose() -> None:
    # Steel balls for ball mills are no ball mill; compressors for air conditioners no
    # air conditioner; pumps driven by a motor no motor.
    assert _features("球磨机钢球 Φ60").concepts == {"castings_forgings"}
    assert _features("空调压缩机").concepts == {"compressors"}
    assert _features("电机水泵").concepts == {"pumps"}
    settings = MatchSettings()
    assert _score("球磨机钢球 Φ60", "Дробилка щековая").score < settings.suggest_threshold
    # The machine asked for alone is still the good, and two goods that are no machine
    # (chocolate biscuits) keep both.
    assert _features("球磨机").concepts == {"crushers"}
    assert _features("巧克力饼干").concepts == {"chocolate", "cookies"}
