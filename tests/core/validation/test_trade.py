from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.errors import InputError
from desktop_app.core.validation import (
    INCOTERMS_2020,
    Severity,
    check_incoterms,
    convert_quantity,
    normalize_currency,
    normalize_unit,
)
from desktop_app.core.validation.reference_tables import (
    currency_table,
    load_currencies,
    load_units,
    unit_table,
)

# -- Incoterms -------------------------------------------------------------------------------


def test_the_eleven_rules_with_descriptions() -> None:
    codes = [term.code for term in INCOTERMS_2020]
    assert codes == ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"]
    assert all(term.name and term.description for term in INCOTERMS_2020)
    assert [term.code for term in INCOTERMS_2020 if not term.any_mode] == [
        "FAS",
        "FOB",
        "CFR",
        "CIF",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FOB Qingdao", ("FOB", "Qingdao")),
        ("DAP 满洲里", ("DAP", "满洲里")),
        ("CIF, Shanghai", ("CIF", "Shanghai")),
        ("fob qingdao port", ("FOB", "Qingdao")),
        ("FOB port of Vladivostok", ("FOB", "Vladivostok")),
        ("FCA Москва", ("FCA", "Москва")),
        ("DAP Забайкальск, Россия", ("DAP", "Забайкальск, Россия")),
        ("ＣＩＦ　上海", ("CIF", "上海")),
        ("Qingdao FOB", ("FOB", "Qingdao")),
        ("FOB Qingdao (Incoterms® 2020)", ("FOB", "Qingdao")),
        ("EXW", ("EXW", None)),
        ("dpu", ("DPU", None)),
    ],
)
def test_rule_and_named_place(text: str, expected: tuple[str, str | None]) -> None:
    check = check_incoterms(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == expected


def test_dat_is_an_error_suggesting_dpu() -> None:
    check = check_incoterms("DAT Manzhouli")
    assert check.severity is Severity.ERROR
    assert "DPU" in check.message


def test_ddu_suggests_dap() -> None:
    assert "DAP" in check_incoterms("DDU Moscow").message


def test_typo_gets_a_suggestion() -> None:
    check = check_incoterms("FOV Qingdao")
    assert not check.ok
    assert "FOB" in check.message


def test_no_rule_at_all() -> None:
    check = check_incoterms("Qingdao")
    assert not check.ok
    assert "Qingdao" in check.message


@pytest.mark.parametrize(
    ("text", "code"), [("C&F Shanghai", "CFR"), ("CNF Tianjin", "CFR"), ("离岸价 青岛", "FOB")]
)
def test_informal_names_are_read_with_a_warning(text: str, code: str) -> None:
    check = check_incoterms(text)
    assert check.severity is Severity.WARNING
    assert check.value is not None and check.value[0] == code
    assert code in check.message


def test_older_edition_is_a_warning() -> None:
    check = check_incoterms("FCA Moscow (Incoterms 2010)")
    assert check.severity is Severity.WARNING
    assert check.value == ("FCA", "Moscow")


def test_empty_incoterms() -> None:
    assert check_incoterms(" ").is_empty


@given(st.text(max_size=40))
def test_check_incoterms_never_raises(text: str) -> None:
    check_incoterms(text)


# -- currencies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("元", "CNY"),
        ("人民币", "CNY"),
        ("RMB", "CNY"),
        ("CNY", "CNY"),
        ("cny", "CNY"),
        ("¥", "CNY"),
        ("￥", "CNY"),
        ("юань", "CNY"),
        ("美元", "USD"),
        ("USD", "USD"),
        ("$", "USD"),
        ("US$", "USD"),
        ("доллар", "USD"),
        ("руб", "RUB"),
        ("руб.", "RUB"),
        ("Руб.", "RUB"),
        ("рубль", "RUB"),
        ("рублей", "RUB"),
        ("₽", "RUB"),
        ("RUR", "RUB"),
        ("卢布", "RUB"),
        ("€", "EUR"),
        ("евро", "EUR"),
        ("EUR", "EUR"),
        ("欧元", "EUR"),
        ("港币", "HKD"),
        ("тенге", "KZT"),
        ("円", "JPY"),
        ("£", "GBP"),
    ],
)
def test_currency_spellings(text: str, code: str) -> None:
    check = normalize_currency(text)
    assert check.severity is Severity.OK
    assert check.value == code


def test_unknown_iso_like_code_is_kept_with_a_warning() -> None:
    check = normalize_currency("XAF")
    assert check.severity is Severity.WARNING
    assert check.value == "XAF"


def test_unknown_currency_is_an_error() -> None:
    check = normalize_currency("ракушки")
    assert check.severity is Severity.ERROR
    assert "ракушки" in check.message


def test_currency_table_has_the_common_currencies() -> None:
    table = currency_table()
    assert len(table.by_code) >= 40
    assert {"CNY", "USD", "RUB", "EUR", "HKD", "KZT"} <= set(table.by_code)


# -- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("公斤", "kg"),
        ("千克", "kg"),
        ("kg", "kg"),
        ("KG", "kg"),
        ("кг", "kg"),
        ("ＫＧ", "kg"),
        ("吨", "t"),
        ("t", "t"),
        ("т", "t"),
        ("тонн", "t"),
        ("тонна", "t"),
        ("MT", "t"),
        ("г", "g"),
        ("грамм", "g"),
        ("克", "g"),
        ("件", "pcs"),
        ("个", "pcs"),
        ("只", "pcs"),
        ("支", "pcs"),
        ("шт", "pcs"),
        ("шт.", "pcs"),
        ("штук", "pcs"),
        ("pieces", "pcs"),
        ("箱", "box"),
        ("коробка", "box"),
        ("Boxes", "box"),
        ("ctn", "carton"),
        ("袋", "bag"),
        ("мешок", "bag"),
        ("升", "l"),
        ("л", "l"),
        ("литр", "l"),
        ("毫升", "ml"),
        ("мл", "ml"),
        ("立方米", "m3"),
        ("м3", "m3"),
        ("м³", "m3"),
        ("куб.м", "m3"),
        ("куб. м", "m3"),
        ("CBM", "m3"),
        ("平方米", "m2"),
        ("м2", "m2"),
        ("кв.м", "m2"),
        ("米", "m"),
        ("м", "m"),
        ("套", "set"),
        ("комплект", "set"),
        ("双", "pair"),
        ("пара", "pair"),
        ("dozen", "dozen"),
        ("瓶", "bottle"),
        ("бутылка", "bottle"),
        ("罐", "can"),
        ("банка", "can"),
        ("托", "pallet"),
        ("паллет", "pallet"),
        ("柜", "container"),
        ("集装箱", "container"),
        ("контейнер", "container"),
    ],
)
def test_unit_spellings(text: str, code: str) -> None:
    check = normalize_unit(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == code


def test_unknown_unit_lists_the_known_ones() -> None:
    check = normalize_unit("попугаи")
    assert not check.ok
    assert "kg" in check.message and "pcs" in check.message


def test_unit_with_a_number_is_explained() -> None:
    assert "number" in normalize_unit("25 kg").message


def test_unit_factors() -> None:
    units = unit_table().by_code
    assert units["t"].factor == Decimal(1000)
    assert units["g"].factor == Decimal("0.001")
    assert units["ml"].factor == Decimal("0.001")
    assert units["kg"].kind == "mass" and units["kg"].factor == 1
    assert units["box"].factor is None


def test_convert_quantity() -> None:
    assert convert_quantity(Decimal(5), "t", "kg") == Decimal(5000)
    assert convert_quantity(Decimal(250), "g", "kg") == Decimal("0.25")
    assert convert_quantity(Decimal(500), "ml", "l") == Decimal("0.5")
    assert convert_quantity(Decimal(2), "m3", "l") == Decimal(2000)
    assert convert_quantity(Decimal(3), "dozen", "pcs") == Decimal(36)
    assert convert_quantity(Decimal(1), "kg", "l") is None
    assert convert_quantity(Decimal(1), "box", "pcs") is None
    assert convert_quantity(Decimal(7), "box", "box") == Decimal(7)


@pytest.mark.slow
@given(st.text(max_size=20))
def test_normalizers_never_raise(text: str) -> None:
    normalize_unit(text)
    normalize_currency(text)


# -- the tables users may extend -------------------------------------------------------------


def test_user_can_add_a_unit(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "code,kind,factor,names_en,names_ru,names_zh\n"
        "kg,mass,1,kg|kilo,кг,公斤\n"
        "drum,package,,drum|drums,бочка|бочки,桶\n",
        encoding="utf-8",
    )
    table = load_units(path)
    drum = table.find("Бочки")
    assert drum is not None and drum.code == "drum"


def test_spelling_used_twice_is_reported_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "code,kind,factor,names_en,names_ru,names_zh\nkg,mass,1,kg,кг,\ng,mass,0.001,g|KG,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_units(path)
    assert raised.value.location.row == 3
    assert "kg" in raised.value.reason.lower()


def test_bad_kind_and_factor_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "code,kind,factor,names_en,names_ru,names_zh\nx,weight,1,,,\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="weight"):
        load_units(path)
    path.write_text(
        "code,kind,factor,names_en,names_ru,names_zh\nx,mass,zero,,,\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="zero"):
        load_units(path)


def test_currencies_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "currencies.csv"
    path.write_text(
        "code,name_en,name_ru,name_zh,spellings\nCNY,Chinese yuan,юань,人民币,元|RMB\n",
        encoding="utf-8-sig",
    )
    table = load_currencies(path)
    yuan = table.find("rmb")
    assert yuan is not None and yuan.code == "CNY"
