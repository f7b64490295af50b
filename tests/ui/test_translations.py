"""Switching the interface language shows Russian and Chinese labels, core messages too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.i18n import tr
from desktop_app.core.importing.service import ImportSummary
from desktop_app.ui.export_page import ExportPage
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.translations import install_language

TS_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "translations"


@pytest.fixture
def language(qapp: QApplication) -> Iterator[str]:
    """Install a language for one test and always return to English."""
    yield "en"
    install_language(qapp, "en")


def window_in(
    language_code: str, qapp, qtbot, database: Database, settings: LocalSettings
) -> MainWindow:
    assert install_language(qapp, language_code)
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    return window


def labels(window: MainWindow) -> tuple[list[str], list[str]]:
    nav = [window.nav.item(row).text() for row in range(window.nav.count())]
    menus = [action.text() for action in window.menuBar().actions()]
    return nav, menus


def test_chinese_labels(language, qapp, qtbot, sqlite_database, local_settings) -> None:
    window = window_in("zh_CN", qapp, qtbot, sqlite_database, local_settings)
    nav, menus = labels(window)
    assert nav[:5] == ["概览", "公司", "产品", "需求", "匹配"]
    assert "导出" in nav
    assert menus[:1] == ["文件(&F)"] and "匹配(&M)" in menus and "帮助(&H)" in menus
    export = window.page("export")
    assert isinstance(export, ExportPage) and export.export_button.text() == "导出(&E)"
    wizard = ImportWizard(window.operations, window)
    qtbot.addWidget(wizard)
    assert wizard.file_page.title() == "选择文件"
    # A core message (no Qt in the core) comes back in Chinese too.
    assert tr("the file is empty") == "文件为空"
    assert (
        tr("HS code must have 4, 6, 8 or 10 digits, this one has {count}").format(count=3)
        == "海关编码应为 4、6、8 或 10 位数字，此编码为 3 位"
    )


def test_russian_labels_and_core_outcome(
    language, qapp, qtbot, sqlite_database, local_settings
) -> None:
    window = window_in("ru", qapp, qtbot, sqlite_database, local_settings)
    nav, menus = labels(window)
    assert nav[:5] == ["Сводка", "Компании", "Товары", "Запросы", "Совпадения"]
    assert menus[:1] == ["&Файл"] and "&Сопоставление" in menus
    assert window.matching.run_all_action.text() == "&Запустить сопоставление"
    summary = ImportSummary(
        "a.xlsx", ImportKind.DEMAND, "Лист1", 1, {}, (), 3, 1, 0, 2, (), None, False
    )
    assert summary.describe() == ("импортировано: 3, обновлено: 1, без изменений: 0, отклонено: 2")


def test_english_again_after_switching_back(
    language, qapp, qtbot, sqlite_database, local_settings
) -> None:
    install_language(qapp, "ru")
    window = window_in("en", qapp, qtbot, sqlite_database, local_settings)
    nav, menus = labels(window)
    assert nav[0] == "Dashboard" and menus[0] == "&File"
    assert tr("the file is empty") == "the file is empty"


@pytest.mark.parametrize("code", ["ru", "zh_CN"])
def test_every_string_is_translated(code: str) -> None:
    text = (TS_FOLDER / f"exportmatch_{code}.ts").read_text(encoding="utf-8")
    assert text.count("<message") > 500
    assert 'type="unfinished"' not in text


@pytest.mark.slow
def test_mapping_field_titles_follow_the_language(
    language, qapp, qtbot, sqlite_database, local_settings
) -> None:
    window = window_in("zh_CN", qapp, qtbot, sqlite_database, local_settings)
    wizard = ImportWizard(window.operations, window, kind=ImportKind.DEMAND)
    qtbot.addWidget(wizard)
    titles = wizard.mapping_page.model.field_titles()
    assert titles["hs_code"] == "海关编码"
    assert titles[""] == "（不导入）"


def test_stored_choices_read_in_the_interface_language(language, qapp) -> None:
    from desktop_app.core.domain.enums import DemandStatus, MatchStatus, ProductStatus, Verdict
    from desktop_app.ui.record_table_model import display_value

    assert install_language(qapp, "ru")
    assert display_value(MatchStatus.SUGGESTED) == "Без решения"
    assert display_value(Verdict.BELOW_FLOOR) == "Ниже порога"
    assert display_value(ProductStatus.ACTIVE) == "Активен"
    assert display_value(DemandStatus.OPEN) == "Открыта"
    assert install_language(qapp, "zh_CN")
    assert display_value(ProductStatus.ARCHIVED) == "已归档"
    install_language(qapp, "en")
    assert display_value(MatchStatus.SUGGESTED) == "Undecided"
    assert display_value(Verdict.BELOW_FLOOR) == "Below floor"
