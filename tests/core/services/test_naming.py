"""Suggested product names and glosses of buyers' requests, from the glossary."""

from __future__ import annotations

import pytest

from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.services.naming import gloss, glossary_name, suggest_name
from desktop_app.core.services.nomenclature_names import (
    head_noun,
    head_noun_code,
    read_tariff_code,
    tariff_name,
)


@pytest.mark.parametrize(
    ("name_ru", "zh", "en"),
    [
        (
            # The example, through the trade name of the same good.
            "Масло подсолнечное рафинированное дезодорированное, 5 л",
            "精炼脱臭葵花籽油 5升",
            "refined deodorized sunflower oil 5 l",
        ),
        ("Масло подсолнечное рафинированное, 5 л", "精炼葵花籽油 5升", "refined sunflower oil 5 l"),
        ("Мёд гречишный нефасованный, бочка 300 кг", "荞麦蜜 300公斤", "buckwheat honey 300 kg"),
        ("Фанера берёзовая ФК 18 мм", "桦木胶合板 18毫米", "birch plywood 18 mm"),
    ],
)
def test_a_russian_name_gets_chinese_and_english_suggestions(
    name_ru: str, zh: str, en: str
) -> None:
    suggestion = suggest_name(shipped_glossary(), name_ru)
    assert (suggestion.zh, suggestion.en) == (zh, en)


@pytest.mark.parametrize(
    ("name_ru", "hs_code", "zh"),
    [
        # The glossary's group of pumps and compressors names a compressor here.
        ("Насос вакуумный пластинчатый масляный, 40 м³/ч", None, "真空泵"),
        # The glossary reads a filter (сепаратор), the tariff code 8421 11 a centrifuge.
        ("Сепаратор молочный центробежный 500 л/ч", None, "牛奶分离机"),
        ("Культиватор прицепной КПС-4 для сплошной обработки почвы", None, "中耕机"),
    ],
)
def test_the_trade_name_heading_the_name_gives_the_same_goods_chinese_name(
    name_ru: str, hs_code: str | None, zh: str
) -> None:
    suggestion = suggest_name(shipped_glossary(), name_ru, hs_code=hs_code)
    assert suggestion.zh == zh
    assert suggestion.source == "trade_name"


def test_the_glossarys_name_of_the_same_good_stands_where_it_says_more() -> None:
    # The trade name «плиты древесноволокнистые» is 纤维板 (fibreboard); the glossary reads
    # МДФ, 中密度纤维板, which holds it: the two agree and the glossary's says more.
    name_ru = "Плиты древесноволокнистые средней плотности (МДФ) шлифованные"
    suggestion = suggest_name(shipped_glossary(), name_ru, hs_code="4411 12")
    assert (suggestion.zh, suggestion.source) == ("中密度纤维板", "glossary")


def test_no_suggestion_without_a_recognised_good_unless_the_hs_code_names_one() -> None:
    glossary = shipped_glossary()
    assert suggest_name(glossary, "Изделие номер пять").zh == ""
    by_code = suggest_name(glossary, "Изделие номер пять", hs_code="151211")
    assert "葵花" in by_code.zh


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("葵花籽油", "ru", "масло подсолнечное"),
        ("精炼葵花籽油 5升", "ru", "рафинированное масло подсолнечное"),
        ("冷冻鸡爪", "ru", "мороженые куриные лапки"),
        ("葵花籽油", "en", "sunflower oil"),
        ("масло подсолнечное", "ru", ""),
        ("不知道", "ru", ""),
    ],
)
def test_a_request_is_glossed_in_the_interface_language(
    text: str, language: str, expected: str
) -> None:
    assert gloss(shipped_glossary(), text, language) == expected


@pytest.mark.parametrize(
    ("name_ru", "size"),
    [
        ("Карбамид марки Б, мешки 50 кг", ("50公斤", "50 kg")),
        ("Фанера берёзовая ФК, толщина 4–30 мм", ("", "")),  # a parameter, not a size
        ("Агрегат К 80-50-200, подача 50 м³/ч, напор 50 м", ("", "")),
        ("Лемех плуга ПЛН-5-35, сталь 65Г", ("", "")),  # a steel grade, not 65 g
        ("Стаканы бумажные 250, 350, 450 мл", ("", "")),  # a list: no one size is right
        ("Пиломатериалы, пакеты 4–6 м", ("4–6米", "4–6 m")),
        ("Молоко сгущённое с сахаром 8,5%, ж/б 380 г", ("380克", "380 g")),  # a weight anywhere
        ("Шоколад молочный, плитка 90 г и 200 г", ("", "")),  # two sizes: neither
        ("Станок токарный, диаметр над станиной 500 мм", ("", "")),  # a length is a parameter
    ],
)
def test_only_a_size_of_the_product_is_written_into_its_name(
    name_ru: str, size: tuple[str, str]
) -> None:
    from desktop_app.core.services.name_parts import pack_size

    found = pack_size(name_ru)
    assert (found.zh, found.en) == size


def test_latin_designations_are_kept_as_written_and_cyrillic_ones_left_out() -> None:
    suggestion = suggest_name(
        shipped_glossary(), "Углерод технический (сажа) марок N220, N330, П-803, гранулированный"
    )
    assert "N220 N330" in suggestion.zh and "N220 N330" in suggestion.en
    assert "П-803" not in suggestion.zh


def test_an_hs_code_of_another_heading_overrules_the_reading_of_a_word() -> None:
    glossary = shipped_glossary()
    # "уголь" alone reads as coal (2701); the code says charcoal (4402).
    charcoal = suggest_name(
        glossary, "Уголь древесный берёзовый, мешки 10 кг", hs_code="4402900000"
    )
    assert charcoal.zh and "煤" not in charcoal.zh.replace("木炭", "")
    # A code of an "other" subheading names no good: no name rather than a wrong one.
    # (The glossary's route: «крем для ног» has its own trade name, 护足霜.)
    assert glossary_name(glossary, "Крем для ног от трещин", hs_code="330499").zh == ""


def test_an_attribute_is_never_written_with_a_word_that_names_another_good() -> None:
    glossary = shipped_glossary()
    flakes = suggest_name(glossary, "Кальций хлористый технический чешуированный 77%")
    assert flakes.zh and "片碱" not in flakes.zh  # 片碱 is caustic soda flakes
    pink = suggest_name(glossary, "Калий хлористый розовый гранулированный")
    assert "wine" not in pink.en and "prill" not in pink.en and "granul" in pink.en


def test_a_word_the_matcher_reads_only_as_a_misspelling_adds_nothing_to_a_name() -> None:
    glossary = shipped_glossary()
    # "двойные" (double) is one letter from "хвойные" (softwood).
    sockets = glossary_name(glossary, "Розетки двойные с заземлением 16 А")
    assert "针叶" not in sockets.zh and "softwood" not in sockets.en
    # "white" is not "whiting" (a fish): the colour keeps its own word.
    paint = glossary_name(glossary, "Краска фасадная акриловая белая, вёдра 15 кг")
    assert paint.en.startswith("white ") and "dry" not in paint.en


@pytest.mark.parametrize("hs_code", ["8414 10", "841410", "8414100000"])
def test_a_name_the_glossary_cannot_read_is_named_from_its_subheading(hs_code: str) -> None:
    # "Pumps; vacuum": the subheading's head noun and qualifier are a CC-CEDICT sense of
    # 真空泵, and 真空泵's senses lead back to 8414 10.
    suggestion = suggest_name(shipped_glossary(), "Агрегат АВЗ-20Д, 20 л", hs_code=hs_code)
    assert suggestion.zh == "真空泵 20升"


@pytest.mark.parametrize("hs_code", [None, "8414", "8414 90"])
def test_no_nomenclature_name_from_a_heading_alone_or_an_other_subheading(
    hs_code: str | None,
) -> None:
    # No code, a heading whose Chinese name lists several goods (空气泵或真空泵、…压缩机
    # 及风机) or an "other" subheading the table leaves to its heading: no name rather
    # than a guess.
    assert suggest_name(shipped_glossary(), "Агрегат АВЗ-20Д", hs_code=hs_code).zh == ""


@pytest.mark.parametrize(
    ("hs_code", "zh"),
    [
        ("8479 20", "榨油机"),  # the tariff's common name in brackets
        ("8459690000", "铣床"),  # 其他铣床 without 其他
        ("8471 30", "笔记本电脑"),
        ("4910", "日历"),  # a heading naming one good: 印刷的各种日历
    ],
)
def test_a_name_the_glossary_cannot_read_is_named_from_the_chinese_tariff(
    hs_code: str, zh: str
) -> None:
    suggestion = suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code)
    assert (suggestion.zh, suggestion.source) == (zh, "nomenclature")


@pytest.mark.parametrize("hs_code", ["8431 49", "4421 99", "7326", "3305 90"])
def test_no_tariff_name_for_a_kind_of_goods_or_parts(hs_code: str) -> None:
    # 其他木制品, 其他钢铁制品, parts of machines, 其他护发品 (hair preparations): a kind,
    # not a good a buyer can order.
    assert suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code).zh == ""


def test_a_suggestion_says_it_comes_from_the_glossary() -> None:
    suggestion = glossary_name(shipped_glossary(), "Фанера берёзовая ФК 18 мм", hs_code="4412")
    assert (suggestion.zh, suggestion.source) == ("桦木胶合板 18毫米", "glossary")
    # A trade name that says less (фанера, 胶合板) leaves it standing; one that disagrees
    # with the glossary's good goes first and says so.
    same = suggest_name(shipped_glossary(), "Фанера берёзовая ФК 18 мм", hs_code="4412")
    assert (same.zh, same.source) == ("桦木胶合板 18毫米", "glossary")
    pump = suggest_name(shipped_glossary(), "Насос вакуумный пластинчатый")
    assert (pump.zh, pump.source) == ("真空泵", "trade_name")


@pytest.mark.parametrize(
    ("hs_code", "zh"),
    [
        ("8532 10", "固定电力电容器"),  # not （无功功率不低于0.5千乏）
        ("8541 41", "发光二极管"),  # not （LED）, a Latin designation
        ("8528 71", "电视机顶盒"),  # the common name in brackets
        ("8515 39", "电焊机"),
    ],
)
def test_a_bracket_that_qualifies_is_no_name(hs_code: str, zh: str) -> None:
    suggestion = suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code)
    assert (suggestion.zh, suggestion.source) == (zh, "nomenclature")
    # Where the glossary files its own good at the code, it keeps priority; the tariff's
    # name drops the qualifier all the same: not （光伏发电机除外）.
    assert tariff_name("8501610000") == ("交流发电机", "850161")


@pytest.mark.parametrize("hs_code", ["8508 70", "8507 90", "8539 90", "8542 90"])
def test_parts_are_not_named_as_the_machine_they_belong_to(hs_code: str) -> None:
    # 真空吸尘器的零件: the heading's name (真空吸尘器) would call the part a vacuum cleaner.
    assert suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code).zh == ""


def test_a_request_the_glossary_cannot_read_is_glossed_by_its_hs_code() -> None:
    glossary = shipped_glossary()
    ru = gloss(glossary, "XJ-200型号配套件", "ru", "8413703000")
    assert ru.startswith("TN VED 8413.70.300.0: ") and "насосы центробежные прочие" in ru
    assert gloss(glossary, "XJ-200型号配套件", "en", "841370").startswith("HS 8413.70: Pumps")
    # A heading alone, no code, or a request the glossary reads: no code text.
    assert gloss(glossary, "XJ-200型号配套件", "ru", "8413") == ""
    assert gloss(glossary, "XJ-200型号配套件", "ru") == ""
    assert gloss(glossary, "黄油 82%", "ru", "8413703000") == "сливочное масло"


def test_a_list_of_goods_is_no_name_even_after_its_last_de() -> None:
    # 胶合板、单板饰面板及类似的多层板 is plywood and its kin, not 多层板 alone; 镶嵌木；
    # 木制首饰盒…；木制小雕像 names three goods, none of them a matryoshka's.
    assert tariff_name("4412") == ("", "")
    assert tariff_name("4420") == ("", "")


def test_only_a_whole_tariff_name_stands_in_for_the_glossarys_good() -> None:
    # A head cut off a longer name does not replace the glossary's good (木材 of
    # 针叶木制的…木材 for decking); a qualifier that only bounds a quantity or says what the
    # good lacks leaves the good itself (输出功率不超过37.5瓦的电动机, 不带记录装置的万用表).
    assert tariff_name("4409 10") == ("木材", "440910")
    assert tariff_name("4409 10", whole=True) == ("", "")
    assert tariff_name("8501100000", whole=True) == ("电动机", "850110")
    assert tariff_name("9030 31", whole=True) == ("万用表", "903031")
    assert tariff_name("8479 20", whole=True) == ("榨油机", "847920")
    flour = suggest_name(
        shipped_glossary(), "Мука пшеничная хлебопекарная, мешки 50 кг", hs_code="1101"
    )
    assert flour.source == "glossary"


@pytest.mark.parametrize(
    ("name_ru", "hs_code", "zh"),
    [
        # The glossary files its good (断路器 first) at the heading 8536; the tariff names
        # the fuse of 8536 10 and the relay of 8536 49.
        ("Предохранители плавкие ППН-33 100 А", "8536 10", "熔断器"),
        ("Реле промежуточное 24 В", "8536 49", "继电器"),
        # The glossary's good groups brass and bronze, whose first term is 黄铜 (brass).
        ("Бронза оловянная в чушках", "7403.22", "青铜"),
        # One good of several subheadings (矫形器具 first): the tariff's hearing aid.
        ("Аппарат слуховой заушный цифровой", "9021 40", "助听器"),
    ],
)
def test_a_glossary_good_broader_than_the_code_gives_way_to_the_tariffs_name(
    name_ru: str, hs_code: str, zh: str
) -> None:
    suggestion = glossary_name(shipped_glossary(), name_ru, hs_code=hs_code)
    assert (suggestion.zh, suggestion.source) == (zh, "nomenclature")
    # Without the code the glossary's broader good is all there is.
    assert glossary_name(shipped_glossary(), name_ru).zh not in ("", zh)
    # (The trade name of the same good, 熔断器 or 中间继电器, comes before either.)
    assert zh in suggest_name(shipped_glossary(), name_ru, hs_code=hs_code).zh


def test_a_glossary_group_names_the_member_the_tariff_names_at_the_code() -> None:
    # woodworking machines (木工机械 first) at 8465 92, 木工刨床、铣床或切削成型机床.
    # («Станок рейсмусовый» is named by its trade name instead: 压刨, a thickness planer.)
    suggestion = suggest_name(
        shipped_glossary(), "Станок деревообрабатывающий строгальный", hs_code="846592"
    )
    assert (suggestion.zh, suggestion.en) == ("木工刨床", "")


@pytest.mark.parametrize(
    ("name_ru", "hs_code", "zh"),
    [
        ("Натрия гипохлорит марки А, раствор", "2828 90", "次氯酸钠"),
        ("Натрий тиосульфат 5-водный технический", "2832300000", "硫代硫酸钠"),
        # No cation, or a word that only starts like one (калиброванный): the class.
        ("Гипохлорит, раствор", "2828 90", "次氯酸盐"),
        ("Тиосульфат калиброванный", "283230", "硫代硫酸盐"),
    ],
)
def test_a_class_of_salts_is_named_by_the_cation_the_russian_name_gives(
    name_ru: str, hs_code: str, zh: str
) -> None:
    assert glossary_name(shipped_glossary(), name_ru, hs_code=hs_code).zh == zh


def test_a_chinese_request_the_glossary_cannot_read_is_glossed_by_its_tariff_name() -> None:
    # No code on the line: the Chinese tariff's name it ends in (抽油烟机, kitchen hoods)
    # reads as 8414 60, whose TN VED text a Russian officer can read.
    glossary = shipped_glossary()
    ru = gloss(glossary, "XJ-200型抽油烟机", "ru")
    assert ru.startswith("TN VED 8414.60 by the Chinese name: ") and "вытяжные" in ru
    assert gloss(glossary, "XJ-200型抽油烟机", "en").startswith("HS 8414.60 by the Chinese name")
    # The line's own code comes first; a text holding no tariff name gets no gloss.
    assert gloss(glossary, "XJ-200型抽油烟机", "ru", "8413703000").startswith(
        "TN VED 8413.70.300.0: "
    )
    assert gloss(glossary, "XJ-200型号配套件", "ru") == ""


def test_a_tariff_name_is_read_where_a_chinese_name_ends_in_it() -> None:
    assert read_tariff_code("XJ-200型离心泵") == "841370"
    assert read_tariff_code("数字助听器") == "902140"
    # A head cut off a qualified name (输出功率不超过37.5瓦的电动机) names the heading.
    assert read_tariff_code("电动机") == "8501"
    # A chemical's name is one compound: 硫代硫酸钠 is not 硫酸钠 (sodium sulphate).
    assert read_tariff_code("乙酸") == "291521"
    assert read_tariff_code("硫代硫酸钠") == ""
    assert read_tariff_code("离心泵外壳的零件") == ""  # ends in no good's name


@pytest.mark.parametrize(
    ("name_ru", "noun"),
    [
        ("Лебёдка ручная рычажная 3 т", "лебедка"),
        ("Мицеллярная вода для снятия макияжа", "вода"),
        ("Бумага для выпечки силиконизированная", "бумага"),
        ("Унитаз-компакт керамический", "унитаз"),
        ("Для выпечки бумага", ""),  # a preposition first: what it is for, not the good
    ],
)
def test_the_head_noun_is_the_first_noun_before_any_preposition(name_ru: str, noun: str) -> None:
    assert head_noun(name_ru) == noun


@pytest.mark.parametrize(
    ("name_ru", "zh"),
    [
        # The glossary groups hoists, winches and jacks (葫芦 first); the TN VED reads
        # лебёдка and домкрат in heading 8425 only, and the Russian trade name heading
        # the name (ручная лебёдка, гидравлический домкрат) names the member, with or
        # without the heading written (the heading alone once gave the group's 葫芦).
        ("Лебёдка ручная рычажная 3 т", "手动绞盘 3吨"),
        ("Домкрат гидравлический бутылочный 10 т", "液压千斤顶 10吨"),
    ],
)
def test_a_member_of_a_glossary_group_is_named_by_its_own_trade_name(name_ru: str, zh: str) -> None:
    assert head_noun_code(name_ru)[:4] == "8425"
    assert suggest_name(shipped_glossary(), name_ru).zh == zh
    assert suggest_name(shipped_glossary(), name_ru, hs_code="8425").zh == zh


def test_no_code_is_read_from_a_noun_the_tnved_names_in_several_headings() -> None:
    assert head_noun_code("Бумага для выпечки") == ""  # paper: chapters 48 and more
    assert head_noun_code("Изделие номер пять") == ""


def test_a_glossary_good_filed_in_several_headings_names_the_one_of_the_code() -> None:
    # postcards and calendars, one good of 4909 and 4910 (明信片 first): a calendar's
    # heading, 印刷的各种日历, names the calendar.
    glossary = shipped_glossary()
    calendars = glossary_name(glossary, "Календари настенные перекидные", hs_code="4910")
    assert calendars.zh == "日历"


@pytest.mark.parametrize(
    ("hs_code", "zh"),
    [
        ("4806 30", "描图纸"),  # 描图纸，成卷或成张: the form after the comma qualifies
        ("4817 10", "信封"),  # 纸或纸板制信封: the materials before 制 qualify
    ],
)
def test_a_form_or_material_qualifier_is_no_part_of_the_name(hs_code: str, zh: str) -> None:
    suggestion = suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code)
    assert (suggestion.zh, suggestion.source) == (zh, "nomenclature")


def test_a_group_member_is_read_outside_the_tariffs_brackets_first() -> None:
    # No code: коньки reads 9506 70, 溜冰鞋及旱冰鞋（包括装有冰刀的溜冰靴）: the skates, not
    # 冰刀 (blades) of the bracket nor 滑雪板 (skis), the group's first term. (With the
    # trade names first, «коньки фигурные» is 花样冰刀鞋, figure skates.)
    assert glossary_name(shipped_glossary(), "Коньки фигурные детские").zh == "溜冰鞋"


@pytest.mark.parametrize(
    "name_ru",
    ["Столешница из массива дуба", "Контейнер из алюминиевой фольги", "Коробка для пиццы"],
)
def test_a_good_named_after_the_head_noun_is_not_the_product(name_ru: str) -> None:
    # What a thing is made of or for (дуб, фольга, пицца) is not the thing: without a
    # glossary good for the head noun itself, no name rather than 柞木 or 铝箔.
    assert glossary_name(shipped_glossary(), name_ru).zh == ""


@pytest.mark.parametrize(
    ("name_ru", "zh"),
    [
        ("Столешница из массива дуба", "台面"),
        ("Коробка для пиццы", "披萨盒"),
        ("Доски разделочные буковые", "砧板"),
        ("Плита OSB-3 9 мм", "欧松板"),
    ],
)
def test_the_head_nouns_own_trade_name_names_what_the_glossary_cannot(
    name_ru: str, zh: str
) -> None:
    suggestion = suggest_name(shipped_glossary(), name_ru)
    assert (suggestion.zh.split()[0], suggestion.source) == (zh, "trade_name")


def test_a_materials_abbreviation_in_the_head_phrase_is_not_the_good() -> None:
    # ПВХ is what the skipping ropes are made of, not PVC for sale (聚氯乙烯).
    assert glossary_name(shipped_glossary(), "Скакалки спортивные ПВХ, 2,5 м").zh == ""
    assert "聚氯乙烯" in glossary_name(shipped_glossary(), "Поливинилхлорид суспензионный").zh


@pytest.mark.parametrize(
    ("name_ru", "zh"),
    [
        ("Фольга алюминиевая пищевая", "铝箔"),
        ("Утеплитель из базальтовой ваты", "岩棉"),  # a head noun naming no good
        ("Плита OSB-3 9 мм", "定向刨花板"),  # a Latin name of the good beside the noun
        ("Крем-краска для волос", "染发剂"),  # either part of a hyphenated head
    ],
)
def test_a_good_read_in_the_head_noun_still_names_the_product(name_ru: str, zh: str) -> None:
    assert zh in glossary_name(shipped_glossary(), name_ru).zh
    # No trade name of a part of a hyphenated head: «Крем-краска» is no 面霜 (cream).
    assert "面霜" not in suggest_name(shipped_glossary(), name_ru).zh


@pytest.mark.parametrize(
    ("hs_code", "zh"),
    [
        ("360500", "火柴"),  # 火柴，但品目3604的烟火制品除外: the exception is no name
        ("740929", ""),  # …铜锌合金（黄铜）板、片、带: brass names the material, not the sheet
        ("300490", ""),  # 药品（零售包装）: retail packing is no good
        ("280610", "盐酸"),  # 氯化氢（盐酸）: the common name closing the tariff's name
    ],
)
def test_only_a_bracket_closing_the_tariff_name_is_the_goods_common_name(
    hs_code: str, zh: str
) -> None:
    assert tariff_name(hs_code)[0] == zh


@pytest.mark.parametrize(("hs_code", "zh"), [("841370", "离心泵"), ("720221", "硅铁")])
def test_a_code_gives_the_glossarys_good_the_tariff_names_there_too(hs_code: str, zh: str) -> None:
    assert suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code).zh == zh


@pytest.mark.parametrize("hs_code", ["330410", "870893"])
def test_a_code_gives_no_glossary_good_the_tariff_does_not_name(hs_code: str) -> None:
    # 唇用化妆品 (lip make-up) is no 口红 (lipstick) for a lip liner; 离合器及其零件 holds
    # a clutch's parts: the glossary's good filed at the code names one good of it only.
    assert suggest_name(shipped_glossary(), "Изделие номер пять", hs_code=hs_code).zh == ""


def test_a_kind_of_goods_names_the_kind_but_not_one_of_its_members_of_a_subheading() -> None:
    glossary = shipped_glossary()
    # 木制餐具 (wooden tableware, filed at two subheadings) groups several goods: a
    # cutting board of 4419 90 named by it is read by a buyer as a plate or a spoon.
    assert glossary_name(glossary, "Доски разделочные буковые", hs_code="441990").zh == ""
    assert glossary_name(glossary, "Посуда деревянная", hs_code="441990").zh == "木制餐具"


def test_a_part_is_named_with_the_good_it_belongs_to() -> None:
    # «Отвал плуга»: a mouldboard of a plough, not a plough. («Лемех плуга» has its own
    # trade name, 犁铧, ploughshare.)
    suggestion = suggest_name(shipped_glossary(), "Отвал плуга ПЛН-5-35")
    assert (suggestion.zh, suggestion.en) == ("犁配件", "")
    assert suggest_name(shipped_glossary(), "Лемех плуга ПЛН-5-35").zh == "犁铧"


@pytest.mark.parametrize(
    ("name_ru", "zh"), [("Филе минтая мороженое", "明太鱼"), ("Спинка минтая", "明太鱼")]
)
def test_a_cut_of_a_food_after_the_head_noun_is_still_the_food(name_ru: str, zh: str) -> None:
    # Unlike «Лемех плуга» (a plough's part), a fillet of pollock is pollock, not 明太鱼配件.
    suggestion = glossary_name(shipped_glossary(), name_ru).zh
    assert zh in suggestion and "配件" not in suggestion
