"""The import wizard shows a hostile file's refusal and stays up (it used to abort)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing import FileRefused, ImportOptions, import_file
from desktop_app.core.settings import (
    IMPORT_MAX_CELLS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_FILE_MB,
    Option,
    set_setting,
)
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from tests.core.importing import crafted
from tests.reliability.hostile_files import GRID_BOMBS
from tests.ui.test_import_wizard import open_wizard, settle


@pytest.mark.parametrize("case", list(GRID_BOMBS))
def test_the_wizard_refuses_a_grid_bomb_with_a_message(
    case: str, main_window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(("warning", args[2])))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(("bug", args[2])))
    make, reason = GRID_BOMBS[case]
    path = make(tmp_path)
    wizard = open_wizard(main_window, qtbot, path, ImportKind.DEMAND)
    wizard.next()
    assert wizard.currentId() == ImportWizard.LAYOUT
    settle(main_window, qtbot)
    assert len(shown) == 1 and shown[0][0] == "warning", shown
    assert path.name in shown[0][1] and reason in shown[0][1]
    assert not wizard.currentPage().isComplete()
    assert main_window.isVisible()
    wizard.close()


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        (IMPORT_MAX_CELLS, 20, "at most 20 are allowed (setting import/max_cells)"),
        (IMPORT_MAX_COLUMNS, 2, "at most 2 are allowed"),
        (IMPORT_MAX_FILE_MB, 1, "more than the limit of 1 MB"),
    ],
)
def test_the_preview_uses_the_offices_limits_as_the_import_does(
    option: Option,
    value: int,
    reason: str,
    main_window: MainWindow,
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 40 rows of 3 columns (120 cells); a 1.5 MB file for the size limit.
    rows = [["产品名称", "数量", "单价"]] + [[f"豆粕 {n}", n, 1.5] for n in range(39)]
    path = crafted.write_xlsx(tmp_path / "demand.xlsx", rows)
    if option is IMPORT_MAX_FILE_MB:
        path = tmp_path / "demand.csv"
        path.write_text("产品名称,数量\n" + "豆粕,5\n" * 200_000, encoding="utf-8")
    with main_window.database.session(write=True) as session:
        set_setting(session, option, value)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(("warning", args[2])))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(("bug", args[2])))
    wizard = open_wizard(main_window, qtbot, path, ImportKind.DEMAND)
    wizard.next()
    settle(main_window, qtbot)
    # The preview refuses what the import would refuse, with the same words.
    assert len(shown) == 1 and shown[0][0] == "warning", shown
    assert path.name in shown[0][1] and reason in shown[0][1]
    assert not wizard.currentPage().isComplete()
    with main_window.database.session() as session, pytest.raises(FileRefused) as refused:
        import_file(session, path, ImportKind.DEMAND, ImportOptions(dry_run=True))
    assert reason in str(refused.value)
    wizard.close()


def test_the_preview_reads_a_file_the_offices_raised_limit_allows(
    main_window: MainWindow, qtbot, tmp_path: Path
) -> None:
    # 2,100 columns: beyond the default 500, within a raised setting.
    header = ["产品名称", "数量"] + [f"x{n}" for n in range(2_098)]
    path = crafted.write_xlsx(tmp_path / "wide.xlsx", [header, ["豆粕", 5] + [""] * 2_098])
    with main_window.database.session(write=True) as session:
        set_setting(session, IMPORT_MAX_COLUMNS, 3_000)
    wizard = open_wizard(main_window, qtbot, path, ImportKind.DEMAND)
    wizard.next()
    settle(main_window, qtbot)
    assert wizard.currentPage().isComplete()
    wizard.close()
