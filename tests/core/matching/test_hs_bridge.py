"""Names the glossary does not know reach HS subheadings (and goods) through the
nomenclature's texts; Traditional Chinese is read with Taiwan words in their mainland form."""

from __future__ import annotations

from desktop_app.core.matching.chinese import to_simplified
from desktop_app.core.matching.features import NameCodes, RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.hs_bridge import chinese_hs_bridge
from desktop_app.core.matching.hs_inference import hs_agreement
from desktop_app.core.matching.term_lookup import analyse_text


def _features(text: str) -> RecordFeatures:
    return record_features((text,), None, shipped_glossary())


def test_unknown_chinese_and_russian_names_meet_at_their_subheading() -> None:
    glossary = shipped_glossary()
    request, offer = "泡沫玻璃", "Пеностекло гранулированное"
    # Neither is a glossary term: without the HS bridge they share no key at all.
    assert not analyse_text(request, glossary).concepts
    assert not analyse_text(offer, glossary).concepts
    chinese, russian = _features(request), _features(offer)
    # Chinese through CC-CEDICT's senses ("foam", "glass") and the HS 2022 texts; Russian
    # through the complete TN VED's words: both read 7016 90 (foam glass). The Russian
    # trade names file granules of it under 7020 00 (the offer's HS guess), so the two
    # meet by their names' subheadings.
    assert chinese.hs_codes and all(code.startswith("7016") for code in chinese.hs_codes)
    assert russian.hs_codes and all(code.startswith("70") for code in russian.hs_codes)
    codes = NameCodes(glossary)
    assert "701690" in set(codes.of(chinese)) & set(codes.of(russian))
    assert hs_agreement(codes.of(chinese), codes.of(russian)) == 6


def test_a_sense_counts_only_where_the_hs_text_carries_most_of_its_words() -> None:
    # 洗面乳 is "cleansing lotion": the HS text of cleansing tissues (4818 20) carries one
    # of its two words, which is no reading of the good.
    found = chinese_hs_bridge(("洗面乳",), shipped_glossary())
    assert found is None or not any(code.startswith("4818") for code in found.codes)


def test_a_modifier_and_a_head_read_together_name_the_good_filed_there() -> None:
    # 煲 (a Cantonese pot) is no glossary term; "enamel" + "pot" is enamel cookware, filed
    # under 7323 where the words' senses point too.
    features = _features("搪瓷煲")
    assert features.concepts == {"enamel_cookware"}
    assert any("HS 7323" in term for term in features.concept_terms)


def test_a_generic_head_does_not_make_any_phrase_a_good() -> None:
    # 器 is "device, tool": "electricity device" must not read as power tools.
    found = chinese_hs_bridge(("漏电保护器",), shipped_glossary())
    assert found is None or "power_tools" not in found.concepts


def test_accessories_and_modifier_runs_are_not_the_head() -> None:
    found = chinese_hs_bridge(("血压计", "机械式", "带听诊器"), shipped_glossary())
    assert found is not None and found.words == ("血压计",)


def test_traditional_taiwan_words_are_read_in_their_mainland_form() -> None:
    assert to_simplified("影印紙 A4") == "复印纸 A4"
    assert to_simplified("印表機") == "打印机"
    assert to_simplified("計程車") == "出租车"
    # Longer mainland words keep theirs: 軟體動物 (molluscs) is not 软件动物, 文件櫃 (a filing
    # cabinet, a glossary term) is not 文档柜.
    assert to_simplified("軟體動物") == "软体动物"
    assert to_simplified("文件櫃") == "文件柜"
    # Simplified text is never rewritten by the Taiwan table.
    assert to_simplified("软体 文件") == "软体 文件"


def test_copy_paper_in_taiwan_wording_reads_as_paper() -> None:
    assert _features("影印紙 A4 70磅").concepts == _features("复印纸 A4 70克").concepts != set()


def test_an_unknown_compound_reaches_its_subheading_by_the_chinese_tariff_names() -> None:
    # 稳压器 (a voltage stabiliser) is in neither the glossary nor CC-CEDICT; the Chinese
    # tariff names list transformers and static converters (8504) with the same head 器
    # and the pair 压器: before, the line had no HS link at all.
    glossary = shipped_glossary()
    found = chinese_hs_bridge(("稳压器",), glossary)
    # The trade-name table files 稳压器 both as a stabilised power supply (8504 40) and
    # as an automatic voltage regulator (9032 89), as Chinese customs practice does.
    assert found is not None and "8504" in {code[:4] for code in found.codes}
    assert {code[:4] for code in found.codes} <= {"8504", "9032"}
    # 标签纸 (label paper): the dictionary knows 纸 only as "paper" in general, which the
    # English HS texts read as paper clips and office articles (8305); the tariff names
    # 纸或纸板标签 (4821).
    labels = chinese_hs_bridge(("标签纸",), glossary)
    assert labels is not None and {code[:4] for code in labels.codes} == {"4821"}
    # 木粉 (wood flour): 粉 is "powder" or face powder to the dictionary; the tariff has 木粉.
    flour = chinese_hs_bridge(("木粉",), glossary)
    assert flour is not None and flour.codes == ("440500",)


def test_the_tariff_names_read_a_compound_only_where_they_explain_its_head() -> None:
    from desktop_app.core.matching.tariff_names import chinese_subheadings, tariff_good

    index = chinese_subheadings()
    # 毛绒公仔 (a plush doll) shares 毛绒 with plush fabrics (6001 10), but their names
    # explain no 仔: no reading, the doll is not a fabric.
    assert "600110" not in index.word_scores("毛绒公仔")
    # A modifier alone names no good (保温, heat-keeping).
    assert not tariff_good("保温")
    # The parts of transformers (8504 90, "…电感器的零件") are not transformers; a request
    # naming parts reads them.
    assert "850490" not in index.word_scores("变压器")
    assert "850490" in index.word_scores("变压器零件")


def test_a_known_dictionary_head_is_not_replaced_by_the_tariff_names() -> None:
    # 泡沫玻璃颗粒: the dictionary reads foam glass (7016) with 颗粒, granules, as its form;
    # the tariff's glass granules (3207 40) must not take over.
    found = chinese_hs_bridge(("泡沫玻璃颗粒",), shipped_glossary())
    assert found is not None and all(code.startswith("7016") for code in found.codes)


def test_a_compound_after_a_material_is_the_good_when_the_tariff_names_read_it() -> None:
    # 水泥路面砖: cement paving bricks. No dictionary word ends 路面砖 (路面 + 砖), but the
    # tariff names list 铺面砖 (paving tiles): the compound is the good, cement its
    # material, so the line is no request for cement.
    glossary = shipped_glossary()
    assert analyse_text("水泥路面砖", glossary).heads == ("路面砖",)
    features = _features("水泥路面砖 6cm")
    assert "cement" not in features.concepts
    assert features.hs_codes and all(
        code.startswith(("6810", "6907")) for code in features.hs_codes
    )


def test_names_in_two_languages_that_read_as_one_subheading_agree() -> None:
    from desktop_app.core.matching.config import MatchSettings
    from desktop_app.core.matching.scoring import score_pair

    glossary = shipped_glossary()
    settings = MatchSettings()
    # Boric acid: the glossary knows neither name; both sides declare 2810 00. The
    # Chinese name reads as 2810 00 through the dictionary and the tariff, the Russian
    # one through the TN VED ("борная"): the names agree as far as the nomenclature
    # tells, so the pair is suggested instead of resting on the codes alone (42.9).
    request = record_features(("硼酸 工业级 99.5% 25公斤袋",), "281000", glossary)
    offer = record_features(("Кислота борная техническая, мешки 25 кг",), "2810 00", glossary)
    assert not request.concepts and not offer.concepts
    name_codes = NameCodes(glossary)
    assert "281000" in name_codes.of(request) and "281000" in name_codes.of(offer)
    paired = score_pair(request, offer, None, glossary, settings)
    assert paired.score >= settings.suggest_threshold
    # Without codes on the offer the names alone still meet; an offer whose name reads as
    # another subheading (borax, 2840 11) gets nothing from the bridge.
    unlabelled = record_features(("Кислота борная техническая, мешки 25 кг",), None, glossary)
    borax = record_features(("Бура техническая (тетраборат натрия)",), None, glossary)
    assert "281000" not in name_codes.of(borax)
    bridged = score_pair(request, unlabelled, None, glossary, settings).score
    assert bridged >= settings.suggest_threshold
    assert score_pair(request, borax, None, glossary, settings).score < 50 < bridged


def test_subheading_index_reads_each_heading_once_with_the_same_words() -> None:
    # The index reads a heading's text once for all its subheadings: on the shipped
    # texts that gives the very words of each subheading's text read after its heading's.
    from collections import defaultdict

    from desktop_app.core.matching.hs_bridge import english_subheadings
    from desktop_app.core.matching.hs_inference import GENERIC_WORDS
    from desktop_app.core.matching.normalize import normalize_text
    from desktop_app.core.validation.hs_texts import hs2022_texts

    texts = hs2022_texts()
    together: dict[str, set[str]] = defaultdict(set)
    for code, text in texts.items():
        if len(code) == 6:
            for word in normalize_text(f"{texts.get(code[:4], '')} {text}").words:
                if len(word.stem) > 2 and word.surface not in GENERIC_WORDS:
                    together[word.stem].add(code)
    assert english_subheadings().postings == {s: frozenset(c) for s, c in together.items()}


def test_trade_names_buyers_write_reach_their_subheadings() -> None:
    """Words buyers write that no tariff name uses (地牛 for a hand pallet truck, 阳光板
    for cellular polycarbonate sheet, 鄂破 for a jaw crusher) reach their subheadings
    through the trade-name table beside the tariff's own names."""
    from desktop_app.core.matching.tariff_names import ChineseNameIndex, chinese_subheadings
    from desktop_app.core.validation.hs_chinese import chinese_hs_names

    tariff_only = ChineseNameIndex(dict(chinese_hs_names()))
    for word, code in (("地牛", "842790"), ("阳光板", "392061"), ("鄂破", "847420")):
        assert not tariff_only.word_scores(word), word
        scores = chinese_subheadings().word_scores(word)
        best = max(scores.values())
        assert scores[code] == best, word
