"""The Chinese name of a product's good through the Russian trade name heading its name
(``resources/hs/hs2022_trade_pairs.csv``: the same good in Russian, Chinese, English)."""

from __future__ import annotations

import pytest

from desktop_app.core.services.trade_pair_names import index_pairs, trade_name
from desktop_app.core.validation.hs_chinese import TradePair

# One code holding several goods (8481 80: every valve), one name under two headings.
ROWS = (
    TradePair("848180", "кран шаровой", ("球阀",), ("ball valve",)),
    TradePair("848180", "задвижка", ("闸阀",), ("gate valve",)),
    TradePair("848180", "затвор дисковый", ("蝶阀",), ("butterfly valve",)),
    TradePair("842119", "сепаратор", ("碟式离心机", "分离机"), ("separator",)),
    TradePair("843710", "сепаратор", ("清选机",), ("grain separator",)),
    TradePair("842111", "сепаратор молочный", ("牛奶分离机",), ("milk separator",)),
    TradePair("841410", "вакуумный насос", ("真空泵",), ("vacuum pump",)),
    TradePair("961610", "бумага для выпечки", ("烘焙纸",), ("baking paper",)),
    TradePair("330499", "крем", ("面霜",), ("cream",)),
    TradePair("846039", "точильный станок", ("砂轮机",), ("bench grinder",)),
)
INDEX = index_pairs(ROWS)


@pytest.mark.parametrize(
    ("name_ru", "code", "zh"),
    [
        # Endings and word order as exporters write them.
        ("Краны шаровые латунные DN15–DN50", "848180", "球阀"),
        ("Шаровой кран полнопроходной", "", "球阀"),
        ("Затворы дисковые чугунные", "8481", "蝶阀"),
        ("Насосы вакуумные пластинчатые масляные, 40 м³/ч", "", "真空泵"),
        # The longest trade name wins: a milk separator, not any separator.
        ("Сепаратор молочный центробежный 500 л/ч", "", "牛奶分离机"),
        # A trade name with a preposition in it.
        ("Бумага для выпечки силиконизированная, рулон 8 м", "", "烘焙纸"),
        # An adjective's hyphenated word may be cut, the head noun's may not.
        ("Станок точильно-шлифовальный (точило)", "", "砂轮机"),
        # The code picks among a name's goods.
        ("Сепаратор", "843710", "清选机"),
        ("Сепаратор барабанный", "842119", "碟式离心机"),
    ],
)
def test_the_trade_name_heading_a_product_name_gives_that_goods_chinese_name(
    name_ru: str, code: str, zh: str
) -> None:
    found = trade_name(name_ru, code, INDEX)
    assert found is not None
    assert found.zh == zh


@pytest.mark.parametrize(
    ("name_ru", "code"),
    [
        # A name of two goods and no code to pick one: no name rather than a guess.
        ("Сепаратор", ""),
        # The code lies in another heading: the pair names another good.
        ("Краны шаровые", "730719"),
        # A trade name after the head noun (a purpose, a part of something) is not the good.
        ("Прокладки для кранов шаровых", ""),
        ("Ремкомплект вакуумного насоса", ""),
        # Word-bounded: кранец (a fender) is no кран, a hair colour cream no cream.
        ("Кранец шаровой", ""),
        ("Крем-краска для волос", ""),
        # Only the first phrase: a material or a use after a comma is not the good.
        ("Муфта, для крана шарового", ""),
    ],
)
def test_no_name_when_no_trade_name_heads_the_product_or_its_goods_disagree(
    name_ru: str, code: str
) -> None:
    assert trade_name(name_ru, code, INDEX) is None


def test_the_english_name_of_the_same_good_comes_with_it() -> None:
    found = trade_name("Кран шаровой муфтовый", "", INDEX)
    assert found is not None
    assert (found.zh, found.en, found.code) == ("球阀", "ball valve", "848180")


def test_the_shipped_table_is_read() -> None:
    found = trade_name("Насос вакуумный пластинчатый", "8414 10")
    assert found is not None
    assert found.zh == "真空泵"


def test_a_name_of_goods_of_several_headings_needs_the_code() -> None:
    # «муфта» is a pipe fitting (7307) and a shaft coupling (8483) in the Russian table.
    assert trade_name("Муфты 32 мм") is None
    found = trade_name("Муфта упругая втулочно-пальцевая", "8483 60")
    assert found is not None
    assert found.code.startswith("8483")
