"""Round 14 (session 9): precision on goods nobody listed."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from tests.core.matching.pair_scores import scored_pair


def _features(text: str, hs: str | None = None):
    return record_features((text,), hs, shipped_glossary())


def test_a_wide_subheading_read_by_the_hs_bridge_is_no_shared_good() -> None:
    # 3304 99 holds creams, lotions, masks, serums, toners, scrubs: the glossary files
    # several kinds there, and a name read there through the nomenclature only (a kind
    # the glossary does not know) names one of them, not "cosmetics".
    settings = MatchSettings()
    serum = _features("精华液 30ml")
    scrub = _features("Скраб для лица")
    assert serum.concepts == scrub.concepts == {"cosmetics"}
    assert serum.wide_concepts and scrub.wide_concepts
    # Two kinds of one wide subheading that no trade pair names on both sides: under the
    # threshold, still a candidate.
    pair = scored_pair("卸妆膏 100g", "Скраб для лица")
    assert 50 < pair.score < settings.suggest_threshold
    # An unknown kind against a kind the glossary knows (body lotion, a face mask) is
    # another kind, not a request for the broader good.
    assert scored_pair("精华液 30ml", "Молочко для тела 250 мл").score < 50
    assert scored_pair("面膜 补水", "Тоник для лица").score < 50


def test_the_trade_pairs_tell_the_kinds_of_a_wide_subheading_apart() -> None:
    # resources/hs/hs2022_trade_pairs.csv names one good in Russian and Chinese:
    # «мицеллярная вода» is 卸妆水, «тоник» 爽肤水 / 化妆水, «скраб» 磨砂膏.
    settings = MatchSettings()
    remover = _features("卸妆水 温和型 500ml")
    water = _features("Вода мицеллярная для всех типов кожи, 500 мл")
    assert remover.wide_concepts and water.wide_concepts
    assert remover.kinds & water.kinds
    assert scored_pair(
        "卸妆水 温和型 500ml", "Вода мицеллярная для всех типов кожи, 500 мл"
    ).score >= (settings.suggest_threshold)
    assert scored_pair("化妆水 大瓶", "Тоник для лица, 200 мл").score >= settings.suggest_threshold
    # A make-up remover is no scrub, a toner no serum: both sides name a paired good,
    # and not the same one.
    assert scored_pair("卸妆水 温和型 500ml", "Скраб для лица сахарный").score < 50
    assert scored_pair("玻尿酸原液 30ml", "Тоник для лица, 200 мл").score < 50


def test_a_request_for_the_good_itself_still_takes_every_kind() -> None:
    settings = MatchSettings()
    # 化妆品 ("cosmetics") is read by the glossary, not through a subheading: no kind
    # of its own, so every kind will do.
    assert not _features("化妆品 批发").wide_concepts
    assert scored_pair("化妆品 批发", "Скраб для лица").score >= settings.suggest_threshold
    # A good with one kind filed under its subheading is read whole, as before.
    assert scored_pair("面膜 补水", "Маска для лица тканевая").score >= 80


def test_a_material_alone_is_no_good_where_the_name_says_more() -> None:
    settings = MatchSettings()
    # Pine explains two of the ten characters of "wooden fence pickets (pine)": the
    # fence is what is asked for, and pine poles are no offer of it.
    fence = _features("木栅栏 尖头围栏板（松木）")
    assert fence.concepts == {"pine_wood"} and fence.goods_unread
    poles = "Опоры деревянные пропитанные, сосна, 9,5-13 м"
    pair = scored_pair("木栅栏 尖头围栏板（松木）", poles, None, "440311")
    assert pair.parts.concept is not None and pair.parts.concept <= 40
    assert pair.score < settings.suggest_threshold
    # Pine asked for as such (logs, sawn pine) is still the good.
    assert not _features("松木 原木").goods_unread
    assert scored_pair("松木 原木", "Сосна, бревна").score >= settings.suggest_threshold
