"""Switching the interface language rebuilds the window in the new language at once."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_app.core.settings import LANGUAGE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.translations import install_language


def _nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_a_new_language_applies_without_a_restart(main_window: MainWindow, qtbot) -> None:
    app = QApplication.instance()
    assert app is not None
    main_window.show_page("products")
    english = _nav_titles(main_window)
    try:
        main_window.settings.set(LANGUAGE, "zh_CN")
        install_language(app, "zh_CN")
        chinese_window = main_window.reopen_in_current_language()
        qtbot.addWidget(chinese_window)
        assert not main_window.isVisible()
        assert chinese_window.isVisible()
        assert chinese_window.stack.currentWidget() is chinese_window.page("products")
        assert "产品" in _nav_titles(chinese_window)

        chinese_window.settings.set(LANGUAGE, "ru")
        install_language(app, "ru")
        russian_window = chinese_window.reopen_in_current_language()
        qtbot.addWidget(russian_window)
        assert "Товары" in _nav_titles(russian_window)
        assert _nav_titles(russian_window) != english
    finally:
        install_language(app, "en")
        for window in list(MainWindow.open_windows):
            window.close()


def test_plural_counts_and_verdicts_are_translated(main_window: MainWindow) -> None:
    from desktop_app.core.domain.enums import MatchStatus, Verdict
    from desktop_app.core.services.demo import load_demo_data
    from desktop_app.ui.labels import status_title, verdict_title

    app = QApplication.instance()
    assert app is not None
    with main_window.database.session() as session:
        load_demo_data(session)
    try:
        install_language(app, "ru")
        window = main_window.reopen_in_current_language()
        window.show_page("products")
        page = window.page("products")
        assert window.operations.wait()  # the rows are read on the worker
        assert page.count_label.text() == "28 записей"  # type: ignore[attr-defined]
        assert verdict_title(Verdict.BELOW_FLOOR) == "Ниже порога"
        assert status_title(MatchStatus.SUGGESTED) == "Без решения"
        install_language(app, "zh_CN")
        assert verdict_title(Verdict.SUGGESTED) == "建议"
    finally:
        install_language(app, "en")
        for open_window in list(MainWindow.open_windows):
            open_window.close()


def test_setting_titles_are_translated(main_window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop_app.ui.settings_dialog import SettingsDialog

    app = QApplication.instance()
    assert app is not None
    try:
        install_language(app, "ru")
        dialog = SettingsDialog(main_window.operations, main_window.settings, main_window)
        labels = {label.text() for label in dialog.findChildren(QLabel)}
        assert "Вес сходства названий" in labels
        assert "Наибольший импортируемый файл (МБ)" in labels
        dialog.close()
    finally:
        install_language(app, "en")


def test_settings_options_need_no_sideways_scrolling_in_any_language(
    main_window: MainWindow, qtbot
) -> None:
    from PySide6.QtWidgets import QScrollArea

    from desktop_app.ui.settings_dialog import SettingsDialog

    app = QApplication.instance()
    assert app is not None
    try:
        for language in ("en", "ru", "zh_CN"):
            install_language(app, language)
            dialog = SettingsDialog(main_window.operations, main_window.settings, main_window)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            main_window.operations.wait()  # the shared values arrive from the worker
            (scroll,) = dialog.findChildren(QScrollArea)
            # Every option title is read whole beside its editor, without a sideways bar.
            qtbot.wait(50)
            assert scroll.widget().width() <= scroll.viewport().width(), language
            assert scroll.horizontalScrollBar().maximum() == 0, language
            assert dialog.width() <= 1024
            dialog.close()
    finally:
        install_language(app, "en")


def test_a_long_reviewer_name_is_cut_to_what_the_database_stores(main_window: MainWindow) -> None:
    from desktop_app.core.os_user import ACTOR_CHARS
    from desktop_app.core.settings import REVIEWER
    from desktop_app.ui.local_settings import current_actor
    from desktop_app.ui.settings_dialog import SettingsDialog

    main_window.settings.set(REVIEWER, "Анна " * 60)
    assert len(current_actor(main_window.settings)) <= ACTOR_CHARS
    dialog = SettingsDialog(main_window.operations, main_window.settings, main_window)
    assert dialog.reviewer.maxLength() == ACTOR_CHARS
    dialog.close()
