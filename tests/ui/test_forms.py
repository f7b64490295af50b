"""Company and product forms: live validation, Save only when valid, HS completer, pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QMessageBox

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.domain.models import Company
from desktop_app.core.services.companies import CompanyForm, create_company
from desktop_app.core.services.products import get_product
from desktop_app.ui.company_form_dialog import CompanyFormDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operations import Operations
from desktop_app.ui.product_form_dialog import ProductFormDialog
from desktop_app.ui.products_page import ProductsPage
from desktop_app.ui.translations import install_language


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch) -> None:
    """A form left with changes is closed at teardown: answer its question with Discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def hs_index() -> None:
    """The catalogue's index built (the form builds it on a thread; these tests rank by it)."""
    from desktop_app.core.validation import hs_catalog

    hs_catalog().prepare_search()


def _company(database: Database) -> int:
    with database.session(actor="test") as session:
        return create_company(session, CompanyForm(name_ru="ООО Ёлка", inn="7707083893")).id


def _type(qtbot, dialog, key: str, text: str) -> None:
    edit = dialog.fields[key]
    assert isinstance(edit, QLineEdit)
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)  # typed key by key: the check runs on every keystroke
    else:
        edit.setText(text)  # QTest cannot type Cyrillic key by key


def _leave(dialog, key: str) -> None:
    """The user leaves field ``key`` (Tab or a click elsewhere)."""
    dialog.fields[key].editingFinished.emit()


def test_wrong_inn_shows_the_error_once_the_field_is_left_and_save_refuses_until_corrected(
    qtbot, operations: Operations
) -> None:
    dialog = CompanyFormDialog(operations)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()  # nothing typed yet
    _type(qtbot, dialog, "name_ru", "ООО Сосна")
    _type(qtbot, dialog, "inn", "7707083894")
    assert dialog.messages["inn"].text() == ""  # still typing: no red yet
    _leave(dialog, "inn")
    assert "check digit" in dialog.messages["inn"].text()
    assert dialog.messages["inn"].isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.fields["inn"]  # Save went to the problem
    _type(qtbot, dialog, "inn", "7707083893")
    assert dialog.messages["inn"].text() == ""
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert operations.wait()
    assert dialog.saved is not None and dialog.saved.form.inn == "7707083893"


def test_new_forms_open_on_the_first_field_without_errors_and_enter_does_not_cancel(
    qtbot, sqlite_database: Database, operations: Operations
) -> None:
    company = CompanyFormDialog(operations)
    qtbot.addWidget(company)
    company.show()
    assert company.focusWidget() is company.fields["name_ru"]
    assert all(label.text() == "" for label in company.messages.values())
    below = company.fields["name_en"].mapTo(company, company.fields["name_en"].rect().topLeft())
    qtbot.keyClick(company.fields["name_ru"], Qt.Key.Key_Return)
    assert company.isVisible() and company.saved is None  # Enter did not cancel
    # Enter tried to save: the missing name is named, and the form did not jump.
    assert company.messages["name_ru"].text() == "This field is required"
    assert company.fields["name_en"].mapTo(company, company.fields["name_en"].rect().topLeft()) == (
        below
    )
    _company(sqlite_database)  # one company in the database: the product form picks it
    product = ProductFormDialog(operations)
    qtbot.addWidget(product)
    product.show()
    assert operations.wait()  # the companies arrive from the worker
    assert product.company.currentText() == "ООО Ёлка"
    assert product.focusWidget() is product.fields["name_ru"]
    # The long form fits the screen with its buttons; its fields scroll.
    assert product.height() <= product.screen().availableGeometry().height()


def test_product_form_marks_no_single_name_required_and_shows_how_it_read_each_field(
    qtbot, sqlite_database: Database, operations: Operations, monkeypatch
) -> None:
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    role = QFormLayout.ItemRole.LabelRole
    captions = [
        dialog.layout_form.itemAt(row, role).widget().text()
        for row in range(dialog.layout_form.rowCount())
    ]
    assert "Company *" in captions
    assert [c for c in captions if c.startswith("Name")] == [
        "Name (Russian)",
        "Name (English)",
        "Name (Chinese)",
    ]
    _type(qtbot, dialog, "name_en", "Buckwheat")
    _type(qtbot, dialog, "unit", "кг")
    _type(qtbot, dialog, "currency", "юань")
    _type(qtbot, dialog, "price_min", "5,50")
    _type(qtbot, dialog, "moq", "20")
    _type(qtbot, dialog, "shelf_life_days", "2 года")
    assert dialog.messages["currency"].text() == "Read as CNY"
    assert dialog.messages["unit"].text() == "Read as kg"
    assert dialog.messages["price_min"].text() == "Read as 5.50 · CNY per kg"
    assert dialog.messages["moq"].text() == "in kg"
    assert dialog.messages["shelf_life_days"].text() == "Read as 730 days"


def test_product_form_with_wrong_hs_and_price_range_then_corrected_saves(
    qtbot, sqlite_database: Database, operations: Operations
) -> None:
    company_id = _company(sqlite_database)
    dialog = ProductFormDialog(operations, company_id=company_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert operations.wait()  # the companies are read on the worker
    assert dialog.company.currentData() == company_id
    _type(qtbot, dialog, "name_ru", "Масло подсолнечное")
    _type(qtbot, dialog, "hs_code", "9999")
    _leave(dialog, "hs_code")
    assert "chapter 99" in dialog.messages["hs_code"].text()
    _type(qtbot, dialog, "hs_code", "1512")
    assert "подсолнечное" in dialog.messages["hs_code"].text()  # the description, beside
    _type(qtbot, dialog, "price_min", "10")
    _type(qtbot, dialog, "price_max", "5")
    _type(qtbot, dialog, "currency", "USD")
    _leave(dialog, "price_max")
    assert "greater than maximum" in dialog.messages["price_max"].text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is None
    _type(qtbot, dialog, "price_max", "12")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert operations.wait()
    with sqlite_database.session() as session:
        saved = get_product(session, dialog.saved.id)
    assert saved.form.hs_code == "1512" and saved.form.price_max == "12"


def test_hs_completer_offers_1512_for_russian_and_english_words(
    qtbot, sqlite_database: Database, operations: Operations, hs_index: None
) -> None:
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    for words in ("подсолнечное масло", "sunflower oil"):
        _type(qtbot, dialog, "hs_code", words)
        if not words.isascii():
            dialog.hs_completer.suggest(words)  # setText() does not emit textEdited
        assert dialog.hs_completer.codes()[0] == "1512"
        shown = dialog.hs_completer.entries.item(0).text()
        assert shown.startswith("1512 — ") and "одсолнечное" in shown


def test_hs_completer_finds_a_chinese_trade_name_and_shows_it(
    qtbot, sqlite_database: Database, operations: Operations, hs_index: None
) -> None:
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    # 地牛 (a hand pallet truck) is in no tariff name; the trade-name table finds 8427.90.
    _type(qtbot, dialog, "hs_code", "地牛")
    dialog.hs_completer.suggest("地牛")
    assert dialog.hs_completer.codes()[0] == "842790"
    shown = dialog.hs_completer.entries.item(0).text()
    assert shown.startswith("8427.90 — 其他叉车及工作车（地牛） / ")


def test_hs_completer_finds_a_russian_trade_name_and_shows_it(
    qtbot, sqlite_database: Database, operations: Operations, hs_index: None
) -> None:
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    # «рохля» (a hand pallet truck) is in no TN VED text; the trade-name table finds it.
    _type(qtbot, dialog, "hs_code", "рохля")
    dialog.hs_completer.suggest("рохля")
    assert dialog.hs_completer.codes() == ["8427", "842790"]
    # Beside a heading's code (its text is long), after a subheading's own words.
    assert dialog.hs_completer.entries.item(0).text().startswith("8427 (рохля) — ")
    shown = dialog.hs_completer.entries.item(1).text()
    assert shown.startswith("8427.90 — ") and " (рохля) / Fork-lift" in shown


def test_closing_with_unsaved_changes_asks(qtbot, operations: Operations, monkeypatch):
    dialog = CompanyFormDialog(operations)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, "name_ru", "ООО Сосна")
    asked: list[str] = []

    def keep_editing(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", keep_editing)
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()


def test_products_page_duplicates_archives_and_restores(main_window: MainWindow) -> None:
    database, operations = main_window.database, main_window.operations
    company_id = _company(database)
    dialog = ProductFormDialog(operations, company_id=company_id)
    assert operations.wait()
    dialog.set_text("name_en", "Buckwheat")
    dialog.revalidate()
    dialog.save_button.click()
    assert operations.wait()
    main_window.show_page("products")
    page = main_window.page("products")
    assert isinstance(page, ProductsPage)
    page.refresh()
    assert operations.wait()
    page.select_id(dialog.saved.id)
    page.duplicate_current()
    assert operations.wait()
    assert page.model.rowCount() == 2
    copy_id = page.current_id()
    assert copy_id is not None and copy_id != dialog.saved.id
    page.archive_button.click()
    assert operations.wait()
    assert page.model.rowCount() == 1
    page.show_archived.setChecked(True)
    assert operations.wait()
    page.select_id(copy_id)
    page.restore_button.click()
    assert operations.wait()
    with database.session() as session:
        assert get_product(session, copy_id).status is ProductStatus.ACTIVE
    assert "restored" in main_window.statusBar().currentMessage()


def test_column_layout_is_remembered(qtbot, operations: Operations, local_settings) -> None:
    first = ProductsPage(operations, local_settings)
    qtbot.addWidget(first)
    first.view.setColumnWidth(1, 333)
    second = ProductsPage(operations, local_settings)
    qtbot.addWidget(second)
    assert second.view.columnWidth(1) == 333


def test_archive_carries_the_version_shown_and_a_change_meanwhile_is_named(
    main_window: MainWindow, monkeypatch
) -> None:
    database, operations = main_window.database, main_window.operations
    company_id = _company(database)
    main_window.show_page("companies")
    page = main_window.page("companies")
    assert operations.wait()
    page.select_id(company_id)
    page.model.row_values(page.view.currentIndex().row())
    assert operations.wait()  # the row, with its version, as the person sees it
    # Somebody else edits the company after the table showed it.
    with database.session(actor="boris") as session:
        get_company_row = session.get(Company, company_id)
        assert get_company_row is not None
        get_company_row.region = "Алтайский край"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: shown.append(args[2]))
    page.archive_button.click()
    assert operations.wait()
    assert shown and "boris" in shown[0]
    with database.session() as session:
        company = session.get(Company, company_id)
        assert company is not None and not company.archived


def test_words_in_the_hs_field_are_a_search_until_the_field_is_left(
    qtbot, sqlite_database: Database, operations: Operations, monkeypatch, hs_index: None
) -> None:
    # Closing the dirty form at the end must not wait on a question.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.fields["hs_code"]
    assert isinstance(edit, QLineEdit)
    message = dialog.messages["hs_code"]
    qtbot.keyClicks(edit, "honey")  # typed as a person types: every key a textEdited
    assert dialog.hs_completer.codes()[0] == "0409"
    # No red "digits only" while the words are a search; the field says it searches.
    assert "digits" not in message.text() and "color" not in message.styleSheet()
    assert "choose a code" in message.text()
    assert not dialog.save_button.isEnabled()  # the words are not a code to save
    edit.editingFinished.emit()  # the user leaves the field with words in it
    assert "may contain only digits" in message.text()
    assert "color" in message.styleSheet()
    # Typing Russian words (QTest cannot type Cyrillic) and picking the first entry.
    edit.setText("")
    edit.textEdited.emit("")
    edit.setText("мёд")
    edit.textEdited.emit("мёд")
    dialog.hs_completer.suggest("мёд")
    assert dialog.hs_completer.codes()[0] == "0409"
    assert "digits" not in message.text()
    dialog.hs_completer.activated.emit("0409")
    edit.editingFinished.emit()
    assert edit.text() == "0409"
    assert "Мед натуральный" in message.text()  # the heading's own Russian text


def test_hs_completer_shows_a_subheadings_own_words(
    qtbot, sqlite_database: Database, operations: Operations, hs_index: None
) -> None:
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.hs_completer.suggest("доска сосна")
    codes = dialog.hs_completer.codes()
    assert codes[0] == "4407" and "440711" in codes
    pine = dialog.hs_completer.entries.item(codes.index("440711")).text()
    assert pine.startswith("4407.11 — хвойные: из сосны")


def test_hs_field_answers_at_once_while_the_index_is_still_building(
    qtbot, sqlite_database: Database, operations: Operations, monkeypatch
) -> None:
    """The first words typed never wait for the index: a scan answers, the index re-ranks."""
    from desktop_app.core.validation.hs_catalog import HsCatalog
    from desktop_app.ui import hs_completer

    fresh = HsCatalog.load()
    monkeypatch.setattr(hs_completer, "hs_catalog", lambda: fresh)
    monkeypatch.setattr(hs_completer, "prepare_in_background", lambda: None)  # "still building"
    dialog = ProductFormDialog(operations, company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.fields["hs_code"]
    edit.setText("sunflower oil")
    dialog.hs_completer.suggest("sunflower oil")
    assert dialog.hs_completer.codes() == []  # nothing read yet: no wait, no answer
    fresh._scan_texts()  # the thread's first half second: the texts to scan
    qtbot.waitUntil(lambda: dialog.hs_completer.codes()[:1] == ["1512"], timeout=3000)
    edit.setText("доска сосна")
    dialog.hs_completer.suggest("доска сосна")
    assert not fresh.search_ready  # nothing waited for (or built) the index
    assert dialog.hs_completer.codes() == []  # the glossary's names need the index
    dialog.hs_completer.suggest("sunflower oil")
    assert dialog.hs_completer.codes()[0] == "1512"
    # The index arrives: the words typed are asked again, now with the glossary's names.
    fresh.prepare_search()
    qtbot.waitUntil(lambda: dialog.hs_completer.codes()[:1] == ["4407"], timeout=3000)


@pytest.mark.parametrize("language", ["en", "ru", "zh_CN"])
def test_product_form_suggestion_row_is_not_cut_at_the_right_edge(
    qtbot, operations: Operations, language: str
) -> None:
    app = QApplication.instance()
    assert app is not None
    install_language(app, language)
    try:
        dialog = ProductFormDialog(operations)
        qtbot.addWidget(dialog)
        dialog.show()
        operations.wait()
        qtbot.waitExposed(dialog)
        scroll = dialog.field_scroll
        # The form's fields need no sideways scrolling: the whole row is on screen.
        assert not scroll.horizontalScrollBar().isVisible()
        room = scroll.viewport().rect()
        for button in (dialog.suggest_button, dialog.use_button):
            corner = button.mapTo(scroll.viewport(), button.rect().bottomRight())
            assert room.contains(corner), (language, button.text())
    finally:
        install_language(app, "en")
