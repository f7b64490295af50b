"""Pictures of the import wizard for ``make screenshots``: mapping and check pages.

A small Chinese buyer's request with a merged-title-like first line and one bad row is
written to a temporary folder, so the check page shows counted and coloured problems.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.core.domain.enums import ImportKind
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow

SAMPLE_ROWS = [
    ["2026年俄罗斯产品采购需求表"],
    ["需求编号", "采购商", "产品名称", "海关编码", "数量", "单位", "目标价格", "币种", "贸易术语"],
    [
        "HH-01",
        "黑河华俄商贸有限公司",
        "冷冻帝王蟹",
        "30633",
        "5吨",
        "",
        "4.5万",
        "人民币",
        "DAP 满洲里",
    ],
    ["HH-02", "黑河华俄商贸有限公司", "葵花籽油", "151219", "2万", "升", "12", "元", "FCA 绥芬河"],
    ["HH-03", "黑河华俄商贸有限公司", "荞麦", "1008AB", "很多", "吨", "", "卢布", "FOB"],
    [
        "HH-04",
        "大连远洋食品有限公司",
        "冷冻明太鱼",
        "030367",
        "200",
        "t",
        "1200",
        "USD",
        "CFR 大连",
    ],
]


def _wait(app: QApplication, window: MainWindow, settle: Callable[[], None]) -> None:
    window.operations.wait()
    settle()


def grab_import_wizard(
    app: QApplication, window: MainWindow, folder: Path, target: Path
) -> list[Path]:
    """Walk the wizard to the check page on a sample file; one PNG per page shown."""
    sample = folder / "采购需求.csv"
    with sample.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(SAMPLE_ROWS)
    wizard = ImportWizard(window.operations, window, sample, ImportKind.DEMAND)
    wizard.resize(1100, 720)
    wizard.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    written = []
    for name in ("import-file", "import-layout", "import-mapping", "import-check"):
        _wait(app, window, settle)
        path = target / f"{name}.png"
        wizard.grab().save(str(path))
        written.append(path)
        if name != "import-check":
            wizard.next()
    wizard.close()
    return written
