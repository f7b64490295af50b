"""File > Back up database… and File > Restore from backup…, offscreen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlalchemy import func, select

from desktop_app.core.database.portable import read_manifest
from desktop_app.core.database.restore import BackupKind, RestoreOutcome
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.backup_dialog import BackupDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.table_page import TablePage
from tests.core.database.hostile_backups import hostile_copy, rewrite_dump
from tests.ui.conftest import operations_on

DEMO_PRODUCTS = 28


def _products(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Product)) or 0)


def _menu_action(window: MainWindow, text: str):
    for action in window.menuBar().actions()[0].menu().actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File > {text}")


@pytest.fixture
def window(main_window: MainWindow) -> MainWindow:
    with main_window.database.session(actor="demo") as session:
        load_demo_data(session)
    return main_window


def _back_up(window: MainWindow, qtbot, monkeypatch, target: Path, portable: bool) -> Path:
    def choose_and_accept(dialog: BackupDialog) -> int:
        assert dialog.sqlite_copy.isEnabled() and dialog.sqlite_copy.isChecked()
        dialog.portable.setChecked(portable)
        dialog.path.setText(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BackupDialog, "exec", choose_and_accept)
    with qtbot.waitSignal(window.backups.backed_up, timeout=20_000) as written:
        _menu_action(window, "Back up database…").trigger()
    return Path(written.args[0])


def test_sqlite_copy_through_the_menu(window: MainWindow, qtbot, monkeypatch, tmp_path) -> None:
    path = _back_up(window, qtbot, monkeypatch, tmp_path / "office.sqlite3", portable=False)
    assert path == tmp_path / "office.sqlite3"
    with sqlite3.connect(path) as copy:
        assert copy.execute("SELECT count(*) FROM products").fetchone() == (DEMO_PRODUCTS,)
    assert "Backup written" in window.statusBar().currentMessage()


def test_portable_dump_through_the_menu(window: MainWindow, qtbot, monkeypatch, tmp_path) -> None:
    path = _back_up(window, qtbot, monkeypatch, tmp_path / "office", portable=True)
    assert path == tmp_path / "office.emdump"  # the suffix is added
    products = next(t for t in read_manifest(path).tables if t.name == "products")
    assert products.rows == DEMO_PRODUCTS


@pytest.mark.parametrize("portable", [False, True], ids=["sqlite-copy", "portable-dump"])
def test_restore_shows_what_it_is_replaces_the_data_and_reloads_the_screen(
    window: MainWindow, qtbot, monkeypatch, tmp_path: Path, portable: bool
) -> None:
    backup = _back_up(window, qtbot, monkeypatch, tmp_path / "before", portable=portable)
    with window.database.session(actor="anna") as session:
        for product in session.scalars(select(Product).limit(10)):
            session.delete(product)
    window.show_page("products")
    page = window.page("products")
    assert window.operations.wait()
    assert isinstance(page, TablePage) and page.model.rowCount() == DEMO_PRODUCTS - 10

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))

    def confirm(parent, title, text, buttons, default):
        asked.append(text)
        assert default == QMessageBox.StandardButton.Cancel  # the safe answer is the default
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", confirm)
    with qtbot.waitSignal(window.backups.restored, timeout=30_000) as restored:
        _menu_action(window, "Restore from backup…").trigger()
    outcome = restored.args[0]
    assert isinstance(outcome, RestoreOutcome)
    assert outcome.kind is (BackupKind.PORTABLE_DUMP if portable else BackupKind.SQLITE_FILE)
    assert len(asked) == 1 and "will be replaced" in asked[0]
    if portable:
        assert f"products {DEMO_PRODUCTS}" in asked[0] and "portable dump" in asked[0]
    else:
        assert "SQLite database, schema" in asked[0]
    assert _products(window.database) == DEMO_PRODUCTS
    assert window.operations.wait()
    assert page.model.rowCount() == DEMO_PRODUCTS  # the visible screen was reloaded
    # The data that was replaced is kept in the safety copy.
    assert outcome.safety_backup is not None and outcome.safety_backup.exists()
    assert "previous data was saved" in window.statusBar().currentMessage()


def test_declined_or_unreadable_restore_changes_nothing(
    window: MainWindow, qtbot, monkeypatch, tmp_path: Path
) -> None:
    backup = _back_up(window, qtbot, monkeypatch, tmp_path / "b.sqlite3", portable=False)
    with window.database.session(actor="anna") as session:
        session.add(Company(name_ru="ООО «После копии»"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    _menu_action(window, "Restore from backup…").trigger()
    assert not window.operations.busy

    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a backup", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(garbage), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    _menu_action(window, "Restore from backup…").trigger()
    assert len(shown) == 1 and "neither a SQLite backup nor" in shown[0]
    with window.database.session() as session:
        names = set(session.scalars(select(Company.name_ru)))
    assert "ООО «После копии»" in names


def test_on_postgresql_only_a_portable_dump_is_offered(qtbot, database: Database) -> None:
    dialog = BackupDialog(operations_on(database))
    qtbot.addWidget(dialog)
    on_sqlite = database.backend == "sqlite"
    assert dialog.sqlite_copy.isEnabled() is on_sqlite
    assert dialog.kind() is (BackupKind.SQLITE_FILE if on_sqlite else BackupKind.PORTABLE_DUMP)
    assert dialog.target().suffix == (".sqlite3" if on_sqlite else ".emdump")


def _nul_in_last_company(lines: list[bytes]) -> list[bytes]:
    import json

    last = json.loads(lines[-1])
    last["name_ru"] = "Последняя\x00"
    return [*lines[:-1], json.dumps(last, ensure_ascii=False).encode() + b"\n"]


def _hostile_dump(good: Path, target: Path) -> Path:
    return rewrite_dump(good, target, tables={"companies": _nul_in_last_company})


def _dump_without_products(good: Path, target: Path) -> Path:
    return rewrite_dump(
        good,
        target,
        manifest_change=lambda m: m.update(
            tables=[t for t in m["tables"] if t["name"] != "products"]
        ),
        drop=("tables/products.jsonl",),
    )


def _zip_bomb_member(good: Path, target: Path) -> Path:
    return rewrite_dump(good, target, tables={"companies": lambda lines: [b" " * 50_000_000]})


def _copy_with_a_trigger(good: Path, target: Path) -> Path:
    return hostile_copy(
        good,
        target,
        "CREATE TRIGGER evil AFTER INSERT ON audit_events BEGIN "
        "UPDATE products SET name_ru = 'x'; END",
    )


# name -> (builder from a good dump or copy, the backup kind it needs, what the message says)
HOSTILE_BACKUPS = {
    "dump whose last row holds a NUL": (_hostile_dump, True, "U+0000"),
    "dump without the products table": (_dump_without_products, True, "lacks the table"),
    "dump member packed 1,000 times": (_zip_bomb_member, True, "times"),
    "SQLite copy with a trigger": (_copy_with_a_trigger, False, "trigger"),
}


@pytest.mark.parametrize("case", list(HOSTILE_BACKUPS))
def test_a_hostile_backup_through_the_restore_dialog_is_refused_with_a_message(
    case: str, window: MainWindow, qtbot, monkeypatch, tmp_path: Path
) -> None:
    build, portable, reason = HOSTILE_BACKUPS[case]
    good = _back_up(window, qtbot, monkeypatch, tmp_path / "good", portable=portable)
    hostile = build(good, tmp_path / f"hostile{good.suffix}")
    with window.database.session(actor="anna") as session:
        session.add(Company(name_ru="ООО «После копии»"))
    before = _products(window.database)
    warnings: list[str] = []
    bugs: list[str] = []

    def answer(parent, title, text, *rest):
        warnings.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hostile), ""))
    monkeypatch.setattr(QMessageBox, "warning", answer)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: bugs.append(a[2]))
    _menu_action(window, "Restore from backup…").trigger()
    assert window.operations.wait(60_000)
    qtbot.wait(50)
    assert not bugs, bugs
    assert any(reason in text and hostile.name in text for text in warnings), warnings
    with window.database.session() as session:
        assert "ООО «После копии»" in set(session.scalars(select(Company.name_ru)))
    assert _products(window.database) == before
    assert window.isVisible()
