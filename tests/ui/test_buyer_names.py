"""Suggested names in the product form and on the Products screen; the Export screen's
check of what would reach the buyer untranslated, with its link to fix it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import NameOrigin
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.exporting import ExportKind
from desktop_app.core.services.companies import CompanyForm, create_company
from desktop_app.ui import products_page
from desktop_app.ui.export_page import ExportPage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operations import Operations
from desktop_app.ui.product_form_dialog import ProductFormDialog
from desktop_app.ui.products_page import ProductsPage


def _new_product_form(
    qtbot, sqlite_database: Database, operations: Operations
) -> ProductFormDialog:
    """A new-product form of a fresh company, shown, its companies read on the worker."""
    with sqlite_database.session(actor="test") as session:
        company_id = create_company(session, CompanyForm(name_ru="ООО Ёлка", inn="7707083893")).id
    dialog = ProductFormDialog(operations, company_id=company_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert operations.wait()
    return dialog


def test_product_form_suggests_names_and_saves_them_as_accepted(
    qtbot, sqlite_database: Database, operations: Operations
) -> None:
    dialog = _new_product_form(qtbot, sqlite_database, operations)
    name = dialog.fields["name_ru"]
    assert isinstance(name, QLineEdit)
    name.setText("Масло подсолнечное рафинированное дезодорированное, 5 л")
    assert not dialog.use_button.isEnabled()
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert operations.wait()  # the suggestion is built on the worker
    assert "葵花籽油" in dialog.suggestion_label.text()
    assert dialog.use_button.isEnabled()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert dialog.text_of("name_zh") == "精炼脱臭葵花籽油 5升"
    # The exporter edits the English one: it counts as entered, the Chinese as accepted.
    dialog.set_text("name_en", "Refined sunflower oil, 5 l bottle")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert operations.wait()
    with sqlite_database.session() as session:
        product = session.get(Product, dialog.saved.id)
        assert product is not None
        assert (product.name_zh, product.name_zh_origin) == ("精炼脱臭葵花籽油 5升", "accepted")
        assert product.name_en_origin == NameOrigin.ENTERED.value


def test_export_check_lists_untranslated_columns_and_its_link_suggests_names(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    with main_window.database.session(actor="test") as session:
        company = Company(name_ru="ООО «Нива»", name_key="нива", region="Алтайский край")
        session.add(Product(company=company, ref="N-1", name_ru="Мёд гречишный, 1 кг"))
    main_window.show_page("export")
    page = main_window.page("export")
    assert isinstance(page, ExportPage)
    page.kind.setCurrentIndex(page.kind.findData(ExportKind.CATALOGUE.value))
    page.template.setCurrentIndex(page.template.findData("aggregator"))
    page.check_translations()
    assert main_window.operations.wait()
    text = page.check_result.text()
    assert "Name (ZH) 中文名称: 1" in text and 'href="fix"' in text

    shown: list[int] = []

    def review(self, proposals, parent=None):  # the review dialog, answered "Store"
        shown.append(len(proposals))
        dialog = real(proposals, parent)
        dialog.exec = lambda: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
        return dialog

    real = products_page.NameSuggestionsDialog
    monkeypatch.setattr(
        products_page, "NameSuggestionsDialog", lambda p, parent: review(None, p, parent)
    )
    page.check_result.linkActivated.emit("fix")
    assert main_window.operations.wait()  # proposed, reviewed, then stored
    assert isinstance(main_window.page("products"), ProductsPage)
    assert shown == [1]
    with main_window.database.session() as session:
        product = session.scalars(select(Product).where(Product.ref == "N-1")).one()
        assert product.suggested_name_zh and "荞麦蜜" in product.suggested_name_zh
    page.check_translations()
    assert main_window.operations.wait()
    assert "Name (ZH)" not in page.check_result.text()


def test_demand_and_review_show_each_request_in_the_interface_language(
    main_window: MainWindow, monkeypatch
) -> None:
    from desktop_app.core.domain.models import DemandLine
    from desktop_app.core.services.demo import load_demo_data
    from desktop_app.ui import demand_page, review_page

    monkeypatch.setattr(demand_page, "current_language", lambda: "ru")
    monkeypatch.setattr(review_page, "current_language", lambda: "ru")
    with main_window.database.session(actor="test") as session:
        load_demo_data(session)
        line_id = session.scalars(
            select(DemandLine.id).where(DemandLine.product_text == "黄油 82%")
        ).one()
    main_window.show_page("demand")
    page = main_window.page("demand")
    page.refresh()
    assert main_window.operations.wait()
    page.select_id(line_id)
    assert main_window.operations.wait()  # the line and its gloss are read on the worker
    assert "сливочное масло" in page.detail.toHtml()
    review = main_window.page("review")
    review.gloss_of("黄油 82%")  # asked for on the worker; the card is shown again with it
    assert main_window.operations.wait()
    assert review.gloss_of("黄油 82%") == "сливочное масло"
    assert review.card.gloss_of("黄油 82%") == "сливочное масло"
    # Beyond the glossary: the line's HS code, else the Chinese tariff name it holds.
    review.gloss_of("XJ-200型号配套件", "8413703000")
    review.gloss_of("XJ-200型抽油烟机")
    assert main_window.operations.wait()
    assert "насосы центробежные прочие" in review.gloss_of("XJ-200型号配套件", "8413703000")
    assert review.card.gloss_of("XJ-200型抽油烟机", "").startswith("TN VED 8414.60")


def test_product_form_says_a_chinese_name_comes_from_the_hs_nomenclature(
    qtbot, sqlite_database: Database, operations: Operations
) -> None:
    dialog = _new_product_form(qtbot, sqlite_database, operations)
    dialog.set_text("name_ru", "Маслоотжимной агрегат 100 кг/ч")
    dialog.set_text("hs_code", "8479200000")
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert operations.wait()
    text = dialog.suggestion_label.text()
    assert "榨油机" in text and "HS nomenclature" in text


def test_product_form_says_a_chinese_name_comes_from_the_same_goods_trade_name(
    qtbot, sqlite_database: Database, operations: Operations
) -> None:
    dialog = _new_product_form(qtbot, sqlite_database, operations)
    dialog.set_text("name_ru", "Насос вакуумный пластинчатый масляный, 40 м³/ч")
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert operations.wait()
    text = dialog.suggestion_label.text()
    assert "真空泵" in text and "trade name" in text


def test_suggestion_review_names_where_each_chinese_name_came_from(qtbot) -> None:
    from desktop_app.core.services.name_suggestions import Proposal
    from desktop_app.ui.name_suggestions_dialog import COLUMN_SOURCE, NameSuggestionsDialog

    dialog = NameSuggestionsDialog(
        [
            Proposal(1, 1, "Маслопресс шнековый", "榨油机", "", "nomenclature"),
            Proposal(2, 1, "Мёд гречишный", "荞麦蜜", "buckwheat honey", "glossary"),
            Proposal(3, 1, "Насос вакуумный", "真空泵", "vacuum pump", "trade_name"),
        ]
    )
    qtbot.addWidget(dialog)
    sources = [dialog.table.item(row, COLUMN_SOURCE) for row in range(3)]
    assert [item.text() if item else "" for item in sources] == [
        "HS nomenclature (Chinese tariff)",
        "glossary",
        "trade name of the same good",
    ]
    assert [proposal.source for proposal in dialog.chosen()] == [
        "nomenclature",
        "glossary",
        "trade_name",
    ]


def test_demand_screen_glosses_an_unreadable_request_by_its_hs_code(
    main_window: MainWindow, monkeypatch
) -> None:
    from desktop_app.core.domain.models import Buyer, DemandLine
    from desktop_app.ui import demand_page

    monkeypatch.setattr(demand_page, "current_language", lambda: "ru")
    with main_window.database.session(actor="test") as session:
        buyer = Buyer(name_zh="青岛某某贸易有限公司", name_key="青岛某某贸易有限公司")
        line = DemandLine(buyer=buyer, product_text="XJ-200型号配套件", hs_code="8413703000")
        session.add(line)
        session.flush()
        line_id = line.id
    main_window.show_page("demand")
    page = main_window.page("demand")
    page.refresh()
    assert main_window.operations.wait()
    page.select_id(line_id)
    assert main_window.operations.wait()
    # The glossary reads no good in the request: the officer sees what its code covers.
    assert "насосы центробежные прочие" in page.detail.toHtml()
