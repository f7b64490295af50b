"""Values from users made safe for a spreadsheet cell and a file name."""

from __future__ import annotations

import pytest

from desktop_app.core.exporting.safety import (
    MAX_CELL_CHARS,
    clean_cell_text,
    cut_to_cell_limit,
    display_width,
    hyperlink_target,
    inert_csv_text,
    sanitize_file_stem,
    sanitize_sheet_name,
    starts_like_formula,
    unique_file_name,
)


@pytest.mark.parametrize("text", ["=1+1", "+7 423", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_recognised(text: str) -> None:
    assert starts_like_formula(text)
    assert inert_csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Минтай", "冷冻狭鳕鱼", "1+1", " =1", ""])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not starts_like_formula(text)
    assert inert_csv_text(text) == text


def test_illegal_xml_characters_are_dropped_but_line_breaks_stay() -> None:
    assert clean_cell_text("a\x00b\x07c\x1fd\te\nf\rg") == "abcd\te\nf\rg"


def test_long_text_is_cut_to_the_cell_limit_with_a_visible_mark() -> None:
    text = "я" * 100_000
    cut = cut_to_cell_limit(text)
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith("characters cut]")
    omitted = int(cut.rsplit("[", 1)[1].split()[0])
    assert cut.count("я") + omitted == len(text)
    assert cut_to_cell_limit("short") == "short"


def test_cjk_characters_count_double_in_width() -> None:
    assert display_width("abc") == 3
    assert display_width("Минтай") == 6
    assert display_width("冷冻狭鳕鱼") == 10
    assert display_width("HS 编码") == 7


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("sales@prim-fish.example", "email", "mailto:sales@prim-fish.example"),
        ("not an email", "email", None),
        ("prim-fish.example", "website", "https://prim-fish.example"),
        ("http://a.example/x", "website", "http://a.example/x"),
        ("javascript:alert(1)", "website", None),
        ("file:///etc/passwd", "website", None),
        ("localhost", "website", None),
    ],
)
def test_only_mail_and_web_links_are_made(value: str, kind: str, expected: str | None) -> None:
    assert hyperlink_target(value, kind) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("大连海湾水产有限公司", "大连海湾水产有限公司"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("..\\..\\etc/passwd", "etc_passwd"),
        ("CON", "CON_"),
        ("lpt1.txt", "lpt1.txt_"),
        ("  . ", "export"),
        ("tab\tand\x00null", "tab_and_null"),
    ],
)
def test_file_names_from_user_data_are_sanitized(name: str, expected: str) -> None:
    assert sanitize_file_stem(name) == expected


def test_file_names_fit_in_150_bytes_without_splitting_a_character() -> None:
    stem = sanitize_file_stem("哈" * 200)
    assert len(stem.encode("utf-8")) <= 150
    assert set(stem) == {"哈"}


def test_file_and_sheet_names_are_unique_ignoring_case() -> None:
    taken: set[str] = set()
    assert unique_file_name("Buyer", ".xlsx", taken) == "Buyer.xlsx"
    assert unique_file_name("buyer", ".xlsx", taken) == "buyer (2).xlsx"
    sheets: set[str] = set()
    long_name = "Харбинская северная зерновая торговая компания"
    first = sanitize_sheet_name(long_name, sheets)
    second = sanitize_sheet_name(long_name, sheets)
    assert len(first) == len(second) == 31
    assert first != second and second.endswith("(2)")
    assert sanitize_sheet_name("a[b]:c*d?e/f\\g", set()) == "a_b_c_d_e_f_g"
