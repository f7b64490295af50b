import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.validation import (
    HsCatalog,
    Severity,
    format_hs_code,
    hs_catalog,
    normalize_hs_code,
    restore_leading_zero,
)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("0409.00.000.0", "0409000000"),
        ("1512 11 910 1", "1512119101"),
        ("040900", "040900"),
        ("0409", "0409"),
        ("04.09", "0409"),
        ("０４０９", "0409"),
        ("  1512-19  ", "151219"),
        ("HS 0409", "0409"),
        ("HS code: 151211", "151211"),
        ("HS code：151211", "151211"),
        ("ТН ВЭД 1512", "1512"),
        ("Код ТН ВЭД ЕАЭС: 1512 19 900 2", "1512199002"),
        ("hs0409", "0409"),
        (151211, "151211"),
    ],
)
def test_forms_people_write(text: str | int, digits: str) -> None:
    check = normalize_hs_code(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == digits


@pytest.mark.parametrize("text", [None, "", "  "])
def test_empty_is_empty(text: str | None) -> None:
    assert normalize_hs_code(text).is_empty


def test_lost_leading_zero_is_an_error_with_the_fix_in_the_reason() -> None:
    check = normalize_hs_code("30367")
    assert check.severity is Severity.ERROR
    assert "this one has 5" in check.message
    assert "030367" in check.message


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("30367", "030367"),
        (30367, "030367"),
        (30367.0, "030367"),
        ("409", "0409"),
        ("409000000", "0409000000"),
        ("0409", "0409"),
        ("151211", "151211"),
        ("abc", "abc"),
    ],
)
def test_restore_leading_zero(text: str | int | float, restored: str) -> None:
    assert restore_leading_zero(text) == restored


def test_restored_code_validates() -> None:
    assert normalize_hs_code(restore_leading_zero(30367)).value == "030367"


@pytest.mark.parametrize("text", ["12", "12345678901", "1512a", "HS", "abc"])
def test_bad_shapes_are_errors(text: str) -> None:
    check = normalize_hs_code(text)
    assert check.severity is Severity.ERROR
    assert check.message


def test_letters_are_named() -> None:
    assert '"a"' in normalize_hs_code("1512a").message


def test_unknown_chapter_is_an_error() -> None:
    check = normalize_hs_code("7701")
    assert check.severity is Severity.ERROR
    assert "chapter 77" in check.message


def test_unknown_heading_is_an_error() -> None:
    check = normalize_hs_code("0499")
    assert check.severity is Severity.ERROR
    assert "heading 0499" in check.message


def test_unknown_subheading_of_known_heading_is_a_warning_listing_real_ones() -> None:
    check = normalize_hs_code("1512000000")
    assert check.severity is Severity.WARNING
    assert check.value == "1512000000"
    assert "1512.00" in check.message
    assert "1512.11" in check.message


@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    check = normalize_hs_code(text)
    if check.value is not None:
        assert check.value.isdigit()
        assert len(check.value) in (4, 6, 8, 10)


@given(st.text(alphabet="0123456789 .-", max_size=14))
def test_never_raises_on_digit_soup(text: str) -> None:
    normalize_hs_code(text)


def test_format_hs_code() -> None:
    assert format_hs_code("0409") == "0409"
    assert format_hs_code("040900") == "0409.00"
    assert format_hs_code("15121191") == "1512.11.91"
    assert format_hs_code("0409000000") == "0409.00.000.0"


# -- catalogue -------------------------------------------------------------------------------


def test_catalogue_is_loaded_once() -> None:
    assert hs_catalog() is hs_catalog()


def test_describe_most_specific_level() -> None:
    catalog = hs_catalog()
    assert catalog.describe("0409") == "Honey; natural"
    assert catalog.describe("0409000000") == "Honey; natural"
    assert "sunflower" in (catalog.describe("1512.19") or "")
    assert catalog.describe("7701") is None


def test_describe_ru() -> None:
    catalog = hs_catalog()
    heading = catalog.describe_ru("1512")
    assert heading is not None and heading.startswith("Масло подсолнечное")
    leaf = catalog.describe_ru("1512199002")
    assert leaf is not None and leaf.startswith("Масло подсолнечное")
    assert leaf.endswith(
        "подсолнечное масло или его фракции в первичных упаковках нетто-объемом 10 л или менее"
    )
    assert catalog.describe_ru("9999") is None


def test_exists_and_levels() -> None:
    catalog = hs_catalog()
    assert catalog.exists("04")
    assert catalog.exists("0409")
    assert catalog.exists("040900")
    assert catalog.exists("0409000000")
    assert not catalog.exists("0499")
    assert not catalog.exists("151200")
    assert catalog.exists_tnved("1512199002")
    chapter = catalog.chapter("1512199002")
    heading = catalog.heading("1512199002")
    subheading = catalog.subheading("1512199002")
    assert chapter is not None and chapter.code == "15"
    assert heading is not None and heading.code == "1512"
    assert subheading is not None and subheading.code == "151219"
    assert catalog.subheading("1512") is None
    assert [e.code for e in catalog.children("1512")] == ["151211", "151219", "151221", "151229"]


@pytest.mark.parametrize(
    "query",
    [
        "подсолнечное масло",
        "масло подсолнечное",
        "sunflower oil",
        "Sunflower OIL",
        "sun-flower oil",
    ],
)
def test_search_finds_sunflower_oil_first(query: str) -> None:
    found = hs_catalog().search(query)
    assert found, query
    assert found[0].code == "1512"


def test_search_partial_words_while_typing() -> None:
    codes = [entry.code for entry in hs_catalog().search("подсолн мас")]
    assert "1512" in codes[:3]


def test_search_ranks_headings_before_subheadings() -> None:
    found = hs_catalog().search("honey")
    levels = [entry.level for entry in found]
    assert levels == sorted(levels)
    assert found[0].code == "0409"


def test_search_by_code_prefix() -> None:
    codes = [entry.code for entry in hs_catalog().search("15.12")]
    assert codes == ["1512", "151211", "151219", "151221", "151229"]


def test_search_folds_yo() -> None:
    assert hs_catalog().search("мёд") == hs_catalog().search("мед")


def test_search_limit_and_nothing() -> None:
    assert len(hs_catalog().search("oil", limit=5)) == 5
    assert hs_catalog().search("") == []
    assert hs_catalog().search("zzzqqq") == []


def test_search_is_fast_enough_for_a_completer() -> None:
    catalog = hs_catalog()
    queries = [
        "п",
        "по",
        "под",
        "подсолн",
        "подсолнечное м",
        "подсолнечное масло",
        "s",
        "su",
        "sunflower o",
        "a",
        "1",
    ]
    catalog.search("warm up")
    start = time.perf_counter()
    for query in queries:
        catalog.search(query)
    per_query = (time.perf_counter() - start) / len(queries)
    assert per_query < 0.020


def test_small_catalogue_from_rows() -> None:
    catalog = HsCatalog(
        [("04", "Dairy; honey"), ("0409", "Honey; natural"), ("040900", "Honey; natural")],
        [
            ("04", "МОЛОЧНАЯ ПРОДУКЦИЯ; МЕД"),
            ("0409", "МЕД НАТУРАЛЬНЫЙ"),
            ("0409000000", "Мед натуральный"),
        ],
    )
    assert [e.code for e in catalog.search("мед натуральный")] == ["0409", "040900"]
    assert normalize_hs_code("0409 00", catalog).value == "040900"
    assert normalize_hs_code("1512", catalog).severity is Severity.ERROR


def test_the_search_index_is_built_on_the_first_search_only() -> None:
    # Importing and matching check and describe codes; only the completer searches.
    catalog = HsCatalog.load()
    assert catalog.exists("151211") and catalog.describe("1512")
    assert catalog._words is None
    assert [entry.code for entry in catalog.search("sunflower oil")][:1] == ["1512"]
    assert catalog._words


# -- the complete TN VED ------------------------------------------------------------------


def test_every_hs_heading_has_its_own_russian_text() -> None:
    # The shipped nomenclature once lacked 272 headings (0409 honey, 1101 flour, 2203 beer).
    catalog = hs_catalog()
    headings = [entry for entry in catalog._entries if entry.level == 4]
    missing = [entry.code for entry in headings if not entry.description_ru]
    assert missing == ["9999"] or missing == []
    assert catalog.describe_ru("0409") == "Мед натуральный"  # its own, not the chapter's
    assert catalog.describe_ru("1101") == "Мука пшеничная или пшенично-ржаная"
    assert catalog.describe_ru("2203") == "Пиво солодовое"
    for code in ("0205", "0702", "1801", "2709"):
        text = catalog.describe_ru(code)
        assert text and text != catalog.describe_ru(code[:2]), code
    assert catalog.describe_ru("2203000100") == (
        "Пиво солодовое: в сосудах емкостью 10 л или менее: в бутылках"
    )
    assert catalog.describe_ru("040900") == "Мед натуральный"
    assert catalog.exists_tnved("2203000100") and catalog.exists_tnved("220300")


@pytest.mark.parametrize("query", ["мёд", "мед", "мёда", "Мёд натуральный"])
def test_honey_in_russian_offers_0409_first(query: str) -> None:
    found = hs_catalog().search(query, limit=15)
    assert found[0].code == "0409", [entry.code for entry in found]
    assert found[0].description_ru == "Мед натуральный"


@pytest.mark.parametrize("query", ["пиломатериалы", "пиломатериалов", "пиломатериал обрезной"])
def test_sawn_timber_offers_4407(query: str) -> None:
    codes = [entry.code for entry in hs_catalog().search(query, limit=15)]
    assert "4407" in codes[:3], codes


@pytest.mark.parametrize("query", ["доска сосна", "доски из сосны", "сосновая доска"])
def test_pine_boards_offer_4407_and_its_pine_subheading(query: str) -> None:
    codes = [entry.code for entry in hs_catalog().search(query, limit=15)]
    assert codes and codes[0] == "4407", codes
    assert "440711" in codes


def test_ten_digit_lines_words_are_searched() -> None:
    # "в бутылках" is only in the ten-digit line 2203 00 010 0.
    codes = [entry.code for entry in hs_catalog().search("пиво в бутылках")]
    assert codes[:2] == ["2203", "220300"]
    # "убойные" is in national lines of live animals only.
    assert "0101" in [entry.code for entry in hs_catalog().search("лошади убойные")]


def test_front_coded_file_decodes_to_whole_chains(tmp_path: Path) -> None:
    from desktop_app.core.validation.hs_catalog import read_tnved_rows

    path = tmp_path / "tnved.csv"
    path.write_text(
        "code,shared,description\n"
        "0101,0,Лошади живые\n"
        "010121,1,лошади: племенные\n"
        "0101210000,3,\n"
        "010129,2,прочие\n"
        "0101291000,3,убойные\n",
        encoding="utf-8",
    )
    assert read_tnved_rows(path) == [
        ("0101", "Лошади живые"),
        ("010121", "Лошади живые: лошади: племенные"),
        ("0101210000", "Лошади живые: лошади: племенные"),
        ("010129", "Лошади живые: лошади: прочие"),
        ("0101291000", "Лошади живые: лошади: прочие: убойные"),
    ]


def test_a_search_that_does_not_wait_answers_from_the_texts_while_the_index_builds() -> None:
    from desktop_app.core.validation.hs_catalog import HsCatalog

    catalog = HsCatalog.load()
    assert not catalog.search_ready and not catalog.scan_ready
    assert catalog.search("мёд", limit=15, wait=False) == []  # nothing read yet: at once
    catalog._scan_texts()  # what the form's thread reads first
    assert catalog.scan_ready
    # No index, and none is built: the entries' own texts are scanned.
    assert catalog.search("мёд", limit=15, wait=False)[0].code == "0409"
    assert catalog.search("sunflower oil", limit=15, wait=False)[0].code == "1512"
    assert catalog.search("подсолнечное масло", limit=15, wait=False)[0].code == "1512"
    assert catalog.search("1512 масло", limit=3, wait=False)[0].code == "1512"
    assert not catalog.search_ready
    # Once the index is there, the same call uses it (glossary names: «доска сосна»).
    assert catalog.search("доска сосна", limit=15, wait=False) == []
    catalog.prepare_search()
    assert catalog.search_ready
    assert catalog.search("доска сосна", limit=15, wait=False)[0].code == "4407"
