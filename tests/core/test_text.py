"""Text helpers shared by the importer, the matcher and the services."""

from __future__ import annotations

from desktop_app.core.importing.rows import free_text
from desktop_app.core.text import detect_language, fold_width, name_key


def test_fold_width_turns_full_width_into_ascii_and_keeps_the_rest() -> None:
    assert fold_width("桦木胶合板 １２ｍｍ　ＢＢ／ＣＰ") == "桦木胶合板 12mm BB/CP"
    assert fold_width("Скважина № 3, ½ л, м²") == "Скважина № 3, ½ л, м²"
    assert fold_width(fold_width("１８ｍｍ")) == "18mm"


def test_importer_free_text_is_folded_but_not_rewritten() -> None:
    assert free_text("  Пиломатериал １８ｍｍ ") == "Пиломатериал 18mm"
    assert free_text("Вода «Байкал» № 3") == "Вода «Байкал» № 3"
    assert free_text(12.0) == "12"


def test_name_key_ignores_legal_forms_quotes_case_and_yo() -> None:
    assert name_key("ООО «Ёлка»") == name_key("Елка ООО") == "елка"
    assert name_key("大连海湾水产有限公司") == name_key("大连海湾水产 公司")
    assert name_key("COMPANY_") == ""


def test_detect_language_by_script() -> None:
    assert detect_language("冷冻明太鱼") == "zh"
    assert detect_language("Минтай мороженый") == "ru"
    assert detect_language("Frozen pollock") == "en"
    assert detect_language("俄罗斯糖果 散装 混合 Russian candy mix") == "mixed"
    assert detect_language("12345") == "unknown"


def test_fold_is_the_one_comparison_form() -> None:
    from desktop_app.core.text import fold

    assert fold("Ёлка") == fold("ЕЛКА") == fold("елка") == "елка"
    assert fold("ＡＢＣ １２") == "abc 12"
    assert fold("Straße") == "strasse"


def test_every_comparison_uses_the_same_fold() -> None:
    from desktop_app.core.database.search_index import normalize_search_text
    from desktop_app.core.exporting.queries import fold as export_fold
    from desktop_app.core.importing.fields import normalize_header
    from desktop_app.core.matching.normalize import fold as match_fold
    from desktop_app.core.services.glossary_terms import fold_term
    from desktop_app.core.text import fold

    word = "ＭЁД"  # full-width M, capital Ё: NFKC and ё -> е both matter
    assert export_fold is fold
    assert match_fold(word) == fold(word) == "mед"
    assert fold_term(word) == normalize_header(word) == normalize_search_text(word) == "mед"


def test_drop_invisible_removes_what_disguises_text_and_keeps_what_scripts_need() -> None:
    from desktop_app.core.text import drop_invisible

    # A right-to-left override makes «Мёд галп» display as «Мёд плаг».
    assert drop_invisible("Мёд \u202eгалп\u202c") == "Мёд галп"
    assert drop_invisible("\u2066冷冻\u200b明太鱼\u2069\ufeff") == "冷冻明太鱼"
    assert drop_invisible("Мин\u00adтай\u200e \u200fмо\u2060роженый") == "Минтай мороженый"
    assert drop_invisible("Мёд\u200d липовый\u200c") == "Мёд липовый"
    # Emoji sequences and the joiners of Arabic or Indic scripts stay as written.
    assert drop_invisible("Кофе 👩\u200d💻 и 🏳️\u200d🌈") == "Кофе 👩\u200d💻 и 🏳️\u200d🌈"
    assert drop_invisible("می\u200cخواهم क्\u200dष") == "می\u200cخواهم क्\u200dष"
    for text in ("桦木胶合板 12mm", "Ёлка «Север» № 3", "plain ascii"):
        assert drop_invisible(text) == text


def test_imported_free_text_has_no_bidirectional_controls_or_zero_width_spaces() -> None:
    assert free_text("\u202eМёд\u202c \u200bлиповый\u2066 ") == "Мёд липовый"
    assert free_text("冷冻\ufeff明太鱼") == "冷冻明太鱼"
