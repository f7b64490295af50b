"""Names the glossary does not know reach HS subheadings (and goods) through the
nomenclature's texts; Traditional Chinese is read with Taiwan words in their mainland form."""

from __future__ import annotations

from desktop_app.core.matching.chinese import to_simplified
from desktop_app.core.matching.features import RecordFeatures, record_features
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
    # through the complete TN VED's words: both reach 7016 (foam glass).
    assert chinese.hs_codes and all(code.startswith("7016") for code in chinese.hs_codes)
    assert russian.hs_codes and all(code.startswith("7016") for code in russian.hs_codes)
    assert hs_agreement(chinese.hs_codes, russian.hs_codes) == 6
    assert "h:7016" in set(chinese.keys) & set(russian.keys)


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
