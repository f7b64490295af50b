"""The import wizard shows a hostile file's refusal and stays up (it used to abort)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.domain.enums import ImportKind
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
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
