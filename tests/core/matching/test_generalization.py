"""Matching beyond the curated glossary: Traditional and regional Chinese, the dictionary
bridge, kinds under a good, modifiers that are not the good, designations."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.matching import chinese
from desktop_app.core.matching.bridge import (
    bridge_runs,
    chinese_names_for,
    concepts_of_chinese,
    english_senses,
)
from desktop_app.core.matching.chinese import mainland_phrases, to_simplified
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evaluate import line_script, slice_figures, slice_groups
from desktop_app.core.matching.explain import score_meaning
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.matching.scoring import score_pair

SETTINGS = MatchSettings()


def _concepts(text: str) -> frozenset[str]:
    return record_features((text,), None, shipped_glossary()).concepts


def _score(request: str, offer: str, hs: str | None = None) -> float:
    glossary = shipped_glossary()
    demand = record_features((request,), hs, glossary)
    product = record_features((offer,), None, glossary)
    return score_pair(demand, product, None, glossary, SETTINGS).score


def test_traditional_text_is_read_by_characters_and_taiwan_words_by_phrases() -> None:
    # Traditional runs: characters (衞, a Hong Kong variant, too), then Taiwan words
    # phrase by phrase (round 10), where no longer mainland word starts at that place:
    # 軟體動物 (molluscs) keeps its 软体.
    assert to_simplified("印表機 衞生紙") == "打印机 卫生纸"
    assert to_simplified("軟體動物") == "软体动物"
    assert mainland_phrases("印表机") == "打印机" and mainland_phrases("随身碟") == "U盘"


def test_taiwan_and_hong_kong_trade_words_read_as_their_mainland_goods() -> None:
    # Regional names of goods OpenCC's phrase table lacks (resources/matching/
    # regional_words.tsv): read before, they named another good or none.
    assert "forklifts" in _concepts("堆高機 3噸 柴油")  # not "aircraft" from 机
    assert "ceramic_tiles" in _concepts("磁磚 60×60 拋光")  # not bricks
    assert "paper_towels_napkins" in _concepts("餐紙 33×33 雙層")
    assert "power_converters" in _concepts("不斷電系統 UPS 3KVA")
    assert "welded_pipes" in _concepts("白鐵管 DN20")  # galvanized pipe
    # A regional word written in characters both scripts share, which no mainland
    # dictionary knows, is read as its mainland word too (比流器, a current transformer,
    # read before as 器 "tool").
    assert "transformers" in _concepts("比流器 300/5A")
    assert "bearings" in _concepts("培林 6204")
    # Mainland text keeps its own words: 机车 is a locomotive there.
    assert "locomotives" in _concepts("内燃机车")


def test_mainland_text_without_regional_words_is_read_without_the_mainland_lexicon() -> None:
    # The lexicon (CC-CEDICT extract and glossary terms) takes about a second to read; the
    # first Chinese name a process shows (a gloss on the Review screen, an export) must
    # not wait for it unless the name holds a regional word.
    chinese._mainland_lexicon.cache_clear()
    chinese._simplified_run.cache_clear()
    assert to_simplified("精炼葵花籽油 5升") == "精炼葵花籽油 5升"
    assert chinese._mainland_lexicon.cache_info().currsize == 0
    assert to_simplified("比流器 300/5A") == "电流互感器 300/5A"
    assert chinese._mainland_lexicon.cache_info().currsize == 1


def test_a_word_the_glossary_lacks_reaches_its_good_through_english() -> None:
    glossary = shipped_glossary()
    assert "shampoo" in english_senses("洗发精")
    # 洗髮精 (Taiwan) is no glossary term: its English sense names the good.
    assert concepts_of_chinese("洗髮精", glossary) == ("shampoo",)
    assert "shampoo" in _concepts("洗髮精 500ml")
    # The HS texts order the senses: 阀 is a valve in trade, not "a powerful person".
    assert english_senses("阀")[0] == "valve"


def test_the_bridge_reads_the_head_and_not_a_partial_sense() -> None:
    glossary = shipped_glossary()
    bridged = bridge_runs(("毛绒公仔",), glossary)
    assert bridged is not None and bridged.word == "公仔", "the good of a compound is last"
    # A lone character inside a longer run is not read as a word of its own.
    assert "leather" not in _concepts("煞車皮")


def test_russian_names_give_chinese_names_of_their_goods() -> None:
    names = chinese_names_for("Задвижка клиновая стальная", shipped_glossary())
    assert names and names[0] == "闸阀"


def test_a_kind_asked_for_is_a_distinct_good_and_a_generic_request_takes_every_kind() -> None:
    gate = "Задвижка клиновая стальная фланцевая 30с41нж"
    check = "Клапан обратный поворотный стальной фланцевый 19с53нж"
    threshold = SETTINGS.suggest_threshold
    assert _score("闸阀 DN150", gate) >= threshold
    assert _score("闸阀 DN150", check) < threshold
    assert _score("阀门 各类", gate) >= threshold and _score("阀门 各类", check) >= threshold
    assert _score("白水泥 32.5", "Портландцемент ЦЕМ I 42,5Н") < threshold
    assert _score("干式变压器", "Трансформатор силовой масляный ТМГ") < threshold
    assert _score("毛绒玩具 熊", "Игрушка радиоуправляемая машина") < threshold


def test_fittings_and_materials_named_in_a_request_do_not_sink_the_good_asked_for() -> None:
    gate = "Задвижка клиновая стальная фланцевая 30с41нж"
    assert _concepts("闸阀 DN150 法兰 铸钢") >= {"gate_valves"}
    assert _score("闸阀 DN150 法兰 铸钢", gate) >= SETTINGS.suggest_threshold


def test_packaging_purpose_and_type_words_are_not_the_good() -> None:
    assert _concepts("纸杯装酸奶") == {"yogurt"}
    assert "vehicles" not in _concepts("汽车启动用蓄电池")
    assert _concepts("活塞式空压机") == {"piston_compressors"}


def test_designations_order_offers_of_one_good_and_batteries_agree() -> None:
    assert normalize_text("6-QW-60").codes == normalize_text("6СТ-60").codes == ("6st60",)
    assert normalize_text("6-DZM-20").codes == ("6dzm20",), "an e-bike battery stays apart"
    same = _score("深沟球轴承 6308-2Z", "Подшипник шариковый 6308-2Z")
    other = _score("深沟球轴承 6308-2Z", "Подшипник шариковый 6205-2RS")
    assert same > other >= SETTINGS.suggest_threshold


def test_evaluation_slices_by_script_and_sector(tmp_path: Path) -> None:
    assert line_script("闸阀 DN150") == "zh-Hans"
    assert line_script("琺瑯鍋") == "zh-Hant"
    assert line_script("Задвижка") == "ru" and line_script("gate valve") == "en"
    demand = tmp_path / "demand.csv"
    demand.write_text("demand_ref,product_name\nD1,闸阀\nD2,gate valve\n", encoding="utf-8")
    sectors = tmp_path / "sectors.csv"
    sectors.write_text("ref,sector\nD1,machinery\nD2,machinery\n", encoding="utf-8")
    groups = slice_groups(demand, sectors)
    assert groups["sector:machinery"] == {"D1", "D2"} and groups["script:en"] == {"D2"}
    candidates = [("P1", "D1", 80.0, 1), ("P2", "D2", 70.0, 1)]
    figures = {f.name: f for f in slice_figures(candidates, {("P1", "D1")}, groups, 65.0)}
    assert figures["script:zh-Hans"].f1 == 1.0
    assert figures["sector:machinery"].precision == 0.5


def test_a_score_says_what_it_means() -> None:
    assert "%" in score_meaning(90.0) and "%" in score_meaning(70.0)
    assert score_meaning(5.0) == ""


def test_a_value_inside_an_offered_range_or_list_is_contained() -> None:
    assert normalize_text("Подшипник 6200-6312").ranges == ((6200.0, 6312.0),)
    assert normalize_text("двигатель 0,37–315 кВт").ranges == ((0.37, 315.0),)
    assert normalize_text("емкость 100…225 Ач").ranges == ((100.0, 225.0),)
    listed = normalize_text("шприц 2/5/10/20 мл").ranges
    assert listed == ((2.0, 2.0), (5.0, 5.0), (10.0, 10.0), (20.0, 20.0))
    # A part number or a date is no range, nor a falling pair.
    assert normalize_text("part 12-34-56 12/2024 2-1").ranges == ()
    # A motor of 11 kW is within an offered 0.37–315 kW series: it ranks as a motor of
    # the power asked for, above one whose stated power is another.
    request = "Электродвигатель асинхронный 11 кВт"
    series = _score(request, "Электродвигатель асинхронный 0,37–315 кВт")
    other = _score(request, "Электродвигатель асинхронный 355 кВт")
    assert series > other
    glossary = shipped_glossary()
    demand = record_features(("深沟球轴承 6308",), None, glossary)
    inside = record_features(("Подшипники шариковые 6200-6312",), None, glossary)
    outside = record_features(("Подшипники шариковые 6400-6412",), None, glossary)
    assert score_pair(demand, inside, None, glossary, SETTINGS).parts.model == 100.0
    assert score_pair(demand, outside, None, glossary, SETTINGS).parts.model != 100.0
