"""The import wizard driven page by page, offscreen, on fixture files."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import DemandLine, ImportBatch, Product
from desktop_app.core.importing.profiles import list_profiles
from desktop_app.ui.import_models import MappingModel
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from tests.conftest import TEST_DATA
from tests.core.importing.crafted import chinese_demand_xlsx

PRODUCTS = TEST_DATA / "matching" / "products.csv"


def open_wizard(main_window: MainWindow, qtbot, path: Path, kind: ImportKind) -> ImportWizard:
    wizard = ImportWizard(main_window.operations, main_window, path, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def settle(main_window: MainWindow, qtbot) -> None:
    assert main_window.operations.wait(15_000)


def advance(wizard: ImportWizard, main_window: MainWindow, qtbot, page: int) -> None:
    assert wizard.currentPage().isComplete(), f"page {wizard.currentId()} is not complete"
    wizard.next()
    assert wizard.currentId() == page
    settle(main_window, qtbot)


def count(main_window: MainWindow, model: type) -> int:
    with main_window.database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_products_fixture_imports_end_to_end(main_window: MainWindow, qtbot, qtmodeltester):
    wizard = open_wizard(main_window, qtbot, PRODUCTS, ImportKind.PRODUCTS)
    wizard.file_page.products_button.setChecked(True)
    advance(wizard, main_window, qtbot, ImportWizard.LAYOUT)
    assert wizard.draft.header_row == 1
    assert wizard.layout_page.model.rowCount() == 5  # header + 4 products
    qtmodeltester.check(wizard.layout_page.model)

    advance(wizard, main_window, qtbot, ImportWizard.MAPPING)
    mapping = wizard.mapping_page.model
    qtmodeltester.check(mapping)
    shown = [mapping.index(row, MappingModel.FIELD_COLUMN).data() for row in range(7)]
    assert shown[0] == "Product ref"  # the field's title, its key only in the tooltip
    assert all("_" not in text for text in shown if text)
    tip = mapping.index(0, MappingModel.FIELD_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "product_ref" in tip
    assert set(wizard.draft.mapped_fields()) >= {"product_ref", "company_name", "hs_code"}

    advance(wizard, main_window, qtbot, ImportWizard.CHECK)
    assert wizard.check_page.summary is not None
    assert wizard.check_page.summary.dry_run
    assert count(main_window, Product) == 0  # the dry run wrote nothing
    qtmodeltester.check(wizard.check_page.problems)

    advance(wizard, main_window, qtbot, ImportWizard.RESULT)
    assert wizard.result_page.finished
    assert wizard.result_page.summary is not None
    assert wizard.result_page.summary.imported == 4
    assert count(main_window, Product) == 4
    assert count(main_window, ImportBatch) == 1
    assert "4 imported" in wizard.result_page.outcome.text()


def test_chinese_demand_with_title_row_problem_cells_and_report(
    main_window: MainWindow, qtbot, qtmodeltester, tmp_path: Path
) -> None:
    path = chinese_demand_xlsx(tmp_path / "采购需求.xlsx")
    wizard = open_wizard(main_window, qtbot, path, ImportKind.DEMAND)
    advance(wizard, main_window, qtbot, ImportWizard.LAYOUT)
    assert wizard.draft.header_row == 2  # the merged title above the header was skipped
    advance(wizard, main_window, qtbot, ImportWizard.MAPPING)
    assert {"product_name", "quantity", "hs_code"} <= set(wizard.draft.mapped_fields())

    advance(wizard, main_window, qtbot, ImportWizard.CHECK)
    check = wizard.check_page
    assert check.summary is not None and check.summary.problems
    assert "rows read" in check.counts.text()
    # The field of each problem is named by its title, as in the mapping.
    fields = {check.problems.index(r, 2).data() for r in range(check.problems.rowCount())}
    assert "HS code" in fields and "hs_code" not in fields
    # The first problem's cell is coloured in the preview.
    problem = check.summary.problems[0]
    coloured = [
        (check.preview.row_number(row), column)
        for row in range(check.preview.rowCount())
        for column in range(check.preview.columnCount())
        if check.preview.index(row, column).data(8) is not None  # BackgroundRole
        and check.preview.row_number(row) != wizard.draft.header_row
    ]
    assert any(number == problem.row for number, _ in coloured)
    qtmodeltester.check(check.preview)

    advance(wizard, main_window, qtbot, ImportWizard.RESULT)
    result = wizard.result_page
    assert result.finished and result.summary is not None
    assert count(main_window, DemandLine) == result.summary.imported > 0
    report = result.save_report(tmp_path / "report.csv")
    assert report is not None
    with report.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][:4] == ["file", "sheet", "row", "column"]
    assert len(lines) == len(result.summary.problems) + 1


def test_mapping_is_editable_and_saved_as_profile(main_window: MainWindow, qtbot) -> None:
    wizard = open_wizard(main_window, qtbot, PRODUCTS, ImportKind.PRODUCTS)
    wizard.file_page.products_button.setChecked(True)
    advance(wizard, main_window, qtbot, ImportWizard.LAYOUT)
    advance(wizard, main_window, qtbot, ImportWizard.MAPPING)
    model = wizard.mapping_page.model
    # Column D (product_name_ru) is left out by the user.
    assert model.setData(model.index(3, MappingModel.FIELD_COLUMN), "")
    assert 3 not in wizard.draft.mapping
    assert not model.setData(model.index(3, MappingModel.FIELD_COLUMN), "no_such_field")
    assert model.setData(model.index(3, MappingModel.FIELD_COLUMN), "description")
    wizard.mapping_page.save_profile("masla")
    settle(main_window, qtbot)
    with main_window.database.session() as session:
        (profile,) = list_profiles(session)
    assert profile.columns["product_name_ru"] == "description"
    assert profile.kind is ImportKind.PRODUCTS

    wizard.draft.mapping.clear()
    wizard.mapping_page.apply_selected_profile()
    settle(main_window, qtbot)
    assert wizard.draft.mapping[3] == "description"


def test_import_can_be_cancelled_and_writes_nothing(main_window: MainWindow, qtbot, tmp_path):
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["demand_ref", "buyer_name", "product_name", "quantity", "unit"])
        writer.writerows([f"D{n}", "买家", f"葵花籽油 {n}", "5", "t"] for n in range(9000))
    wizard = open_wizard(main_window, qtbot, path, ImportKind.DEMAND)
    advance(wizard, main_window, qtbot, ImportWizard.LAYOUT)
    advance(wizard, main_window, qtbot, ImportWizard.MAPPING)
    advance(wizard, main_window, qtbot, ImportWizard.CHECK)
    tokens = []
    original = main_window.operations.tasks.run

    def run_and_cancel(task, parent=None):
        token = original(task, parent)
        token.cancel()  # as the progress dialog's Cancel button does
        tokens.append(token)
        return token

    main_window.operations.tasks.run = run_and_cancel  # type: ignore[method-assign]
    wizard.next()
    settle(main_window, qtbot)
    assert tokens
    assert wizard.result_page.finished
    assert "cancelled" in wizard.result_page.outcome.text()
    assert count(main_window, DemandLine) == 0
    assert count(main_window, ImportBatch) == 0


def test_dropping_a_file_on_the_window_opens_the_wizard_on_it(main_window: MainWindow, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(PRODUCTS))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    wizard = main_window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.file_page.path_edit.text() == str(PRODUCTS)
    assert wizard.file_page.isComplete()
    wizard.close()


def test_file_menu_offers_import_and_export_with_shortcuts(main_window: MainWindow) -> None:
    shortcuts = {
        action.text(): action.shortcut().toString()
        for menu in main_window.menuBar().actions()
        if menu.menu() is not None
        for action in menu.menu().actions()
    }
    assert shortcuts["&Import…"] == "Ctrl+I"
    assert shortcuts["&Export…"] == "Ctrl+E"
    assert shortcuts["&Run matching"] == "Ctrl+M"


def test_file_import_action_opens_the_wizard_with_an_empty_file_field(
    main_window: MainWindow,
) -> None:
    action = next(
        action
        for menu in main_window.menuBar().actions()
        if menu.menu() is not None
        for action in menu.menu().actions()
        if action.text() == "&Import…"
    )
    action.trigger()  # as Ctrl+I or the menu does: triggered(checked=False)
    wizard = main_window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.file_page.path_edit.text() == ""
    assert not wizard.file_page.isComplete()
    wizard.close()


def test_preview_shows_whole_numbers_as_written(tmp_path: Path, qtbot) -> None:
    from openpyxl import Workbook

    from desktop_app.core.importing import ImportLimits
    from desktop_app.ui.import_models import PreviewModel
    from desktop_app.ui.import_state import ImportDraft, inspect_file

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["产品名称", "数量", "单价"])
    sheet.append(["葵花籽油", 500, 1.0])
    sheet.append(["面粉", 2.5, 1150])
    path = tmp_path / "numbers.xlsx"
    workbook.save(path)

    draft = ImportDraft(kind=ImportKind.DEMAND)
    draft.adopt(inspect_file(path, ImportKind.DEMAND, ImportLimits()))
    model = PreviewModel()
    model.set_rows(draft.sheet_rows(), draft.header_row)
    shown = [[model.index(row, column).data() for column in range(3)] for row in range(3)]
    assert shown[1] == ["葵花籽油", "500", "1"]
    assert shown[2] == ["面粉", "2.5", "1150"]
    assert draft.sample(1) == "500"  # the mapping page's sample value, too
