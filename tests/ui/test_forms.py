"""Company and product forms: live validation, Save only when valid, HS completer, pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QMessageBox

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.services.companies import CompanyForm, create_company
from desktop_app.core.services.products import get_product
from desktop_app.ui.company_form_dialog import CompanyFormDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.product_form_dialog import ProductFormDialog
from desktop_app.ui.products_page import ProductsPage


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch) -> None:
    """A form left with changes is closed at teardown: answer its question with Discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


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
    qtbot, sqlite_database: Database
) -> None:
    dialog = CompanyFormDialog(sqlite_database, "anna")
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
    assert dialog.saved is not None and dialog.saved.form.inn == "7707083893"


def test_new_forms_open_on_the_first_field_without_errors_and_enter_does_not_cancel(
    qtbot, sqlite_database: Database
) -> None:
    company = CompanyFormDialog(sqlite_database, "anna")
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
    product = ProductFormDialog(sqlite_database, "anna")
    qtbot.addWidget(product)
    product.show()
    assert product.company.currentText() == "ООО Ёлка"
    assert product.focusWidget() is product.fields["name_ru"]
    # The long form fits the screen with its buttons; its fields scroll.
    assert product.height() <= product.screen().availableGeometry().height()


def test_product_form_marks_no_single_name_required_and_shows_how_it_read_each_field(
    qtbot, sqlite_database: Database, monkeypatch
) -> None:
    dialog = ProductFormDialog(sqlite_database, "anna", company_id=_company(sqlite_database))
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
    qtbot, sqlite_database: Database
) -> None:
    company_id = _company(sqlite_database)
    dialog = ProductFormDialog(sqlite_database, "anna", company_id=company_id)
    qtbot.addWidget(dialog)
    dialog.show()
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
    with sqlite_database.session() as session:
        saved = get_product(session, dialog.saved.id)
    assert saved.form.hs_code == "1512" and saved.form.price_max == "12"


def test_hs_completer_offers_1512_for_russian_and_english_words(
    qtbot, sqlite_database: Database
) -> None:
    dialog = ProductFormDialog(sqlite_database, "anna", company_id=_company(sqlite_database))
    qtbot.addWidget(dialog)
    dialog.show()
    for words in ("подсолнечное масло", "sunflower oil"):
        _type(qtbot, dialog, "hs_code", words)
        if not words.isascii():
            dialog.hs_completer.suggest(words)  # setText() does not emit textEdited
        assert dialog.hs_completer.codes()[0] == "1512"
        shown = dialog.hs_completer.entries.item(0).text()
        assert shown.startswith("1512 — ") and "одсолнечное" in shown


def test_closing_with_unsaved_changes_asks(qtbot, sqlite_database: Database, monkeypatch):
    dialog = CompanyFormDialog(sqlite_database, "anna")
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
    database = main_window.database
    company_id = _company(database)
    dialog = ProductFormDialog(database, "anna", company_id=company_id)
    dialog.set_text("name_en", "Buckwheat")
    dialog.revalidate()
    dialog.save_button.click()
    main_window.show_page("products")
    page = main_window.page("products")
    assert isinstance(page, ProductsPage)
    page.refresh()
    page.select_id(dialog.saved.id)
    page.duplicate_current()
    assert page.model.rowCount() == 2
    copy_id = page.current_id()
    assert copy_id is not None and copy_id != dialog.saved.id
    page.archive_button.click()
    assert page.model.rowCount() == 1
    page.show_archived.setChecked(True)
    page.select_id(copy_id)
    page.restore_button.click()
    with database.session() as session:
        assert get_product(session, copy_id).status is ProductStatus.ACTIVE
    assert "restored" in main_window.statusBar().currentMessage()


def test_column_layout_is_remembered(qtbot, sqlite_database: Database, local_settings) -> None:
    first = ProductsPage(sqlite_database, local_settings)
    qtbot.addWidget(first)
    first.view.setColumnWidth(1, 333)
    second = ProductsPage(sqlite_database, local_settings)
    qtbot.addWidget(second)
    assert second.view.columnWidth(1) == 333
