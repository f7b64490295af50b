"""``exportmatch db backup`` writes a consistent copy that opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.core.database.backup import check_sqlite_integrity
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Product
from desktop_app.core.services.demo import load_demo_data


@pytest.mark.slow
def test_backup_command_writes_a_copy_that_opens(
    sqlite_database: Database, tmp_path: Path, capsys
) -> None:
    with sqlite_database.session() as session:
        load_demo_data(session)
    # The app keeps its connection open while the backup runs.
    with sqlite_database.engine.connect():
        target = tmp_path / "copy.sqlite3"
        status = main(
            ["--database", sqlite_database.description, "db", "backup", "-o", str(target)]
        )
    assert status == 0
    assert "backup written" in capsys.readouterr().out
    assert check_sqlite_integrity(target) == []
    copy = open_database(str(target))
    with copy.session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 28
    copy.dispose()


def test_backup_of_a_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    status = main(["--database", str(tmp_path / "none.sqlite3"), "db", "backup"])
    assert status == 1
    assert "No database file" in capsys.readouterr().err
