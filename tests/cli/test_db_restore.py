"""``db backup --portable``, ``db restore`` and the automatic backups with their retention."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, select

from desktop_app.cli import main
from desktop_app.core.database.engine import create_app_engine
from desktop_app.core.database.migrate import alembic_config, upgrade_database
from desktop_app.core.database.portable import read_manifest
from desktop_app.core.database.retention import prune_automatic_backups
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Company, Setting
from tests.conftest import new_postgres_database
from tests.core.database.portable_data import fill, snapshot, snapshot_of


def _cli(database: Database | str, *args: str) -> int:
    url = database if isinstance(database, str) else database.url.render_as_string(False)
    return main(["--database", url, "db", *args])


@pytest.mark.slow
def test_portable_backup_restores_into_a_new_file(
    sqlite_database: Database, tmp_path: Path, capsys
) -> None:
    fill(sqlite_database)
    dump = tmp_path / "office.emdump"
    assert _cli(sqlite_database, "backup", "--portable", "-o", str(dump)) == 0
    assert "portable dump written" in capsys.readouterr().out
    fresh = tmp_path / "moved" / "fresh.sqlite3"
    assert _cli(str(fresh), "restore", str(dump)) == 0
    moved = open_database(str(fresh))
    try:
        assert snapshot(moved) == snapshot(sqlite_database)
    finally:
        moved.dispose()


@pytest.mark.slow
def test_restore_over_data_needs_force_and_backs_up_first(
    sqlite_database: Database, tmp_path: Path, capsys
) -> None:
    fill(sqlite_database)
    before = snapshot(sqlite_database)
    dump = tmp_path / "office.emdump"
    assert _cli(sqlite_database, "backup", "--portable", "-o", str(dump)) == 0
    with sqlite_database.session(actor="test") as session:
        session.add(Company(name_ru="Добавлена после дампа"))
    capsys.readouterr()
    assert _cli(sqlite_database, "restore", str(dump)) == 1
    assert "--force" in capsys.readouterr().err
    assert _cli(sqlite_database, "restore", str(dump), "--force") == 0
    assert "backed up to" in capsys.readouterr().out
    # The records' versions move past the replaced ones' (a form read before the
    # restore cannot save over it); everything else is as it was.
    assert snapshot(sqlite_database, versions=False) == snapshot_of(before, versions=False)
    safety = list(tmp_path.glob("exportmatch.pre-restore-*.sqlite3"))
    assert len(safety) == 1
    copy = open_database(str(safety[0]))
    try:
        with copy.session() as session:
            names = session.scalars(select(Company.name_ru)).all()
        assert "Добавлена после дампа" in names
    finally:
        copy.dispose()


@pytest.mark.slow
def test_sqlite_backup_file_replaces_the_database(
    sqlite_database: Database, tmp_path: Path
) -> None:
    fill(sqlite_database)
    before = snapshot(sqlite_database)
    copy = tmp_path / "copy.sqlite3"
    assert _cli(sqlite_database, "backup", "-o", str(copy)) == 0
    with sqlite_database.session(actor="test") as session:
        for company in session.scalars(select(Company)):
            company.notes = "changed after the backup"
    # The app keeps a connection open while the backup is restored.
    with sqlite_database.engine.connect():
        assert _cli(sqlite_database, "restore", str(copy)) == 0
    assert snapshot(sqlite_database, versions=False) == snapshot_of(before, versions=False)
    assert len(list(tmp_path.glob("exportmatch.pre-restore-*.sqlite3"))) == 1


def test_restore_of_something_else_is_a_clear_error(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    assert _cli(str(tmp_path / "db.sqlite3"), "restore", str(junk)) == 1
    assert "neither a SQLite backup nor" in capsys.readouterr().err


def test_prune_keeps_the_newest_automatic_backups(tmp_path: Path) -> None:
    names = [
        "exportmatch.pre-upgrade-20260101-000000-000001.sqlite3",
        "exportmatch.pre-restore-20260102-000000-000001.sqlite3",
        "exportmatch.pre-upgrade-20260103-000000-000001.sqlite3",
        "exportmatch.backup-20250101-000000-000001.sqlite3",  # made by a person: kept
        "other.pre-upgrade-20250101-000000-000001.sqlite3",  # another database: kept
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = prune_automatic_backups(tmp_path / "exportmatch", keep=2)
    assert [p.name for p in removed] == [names[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_is_dumped_before_an_upgrade_and_old_dumps_pruned(
    postgres_admin_url: str,
) -> None:
    url = new_postgres_database(postgres_admin_url)
    engine = create_app_engine(url)
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(insert(Setting).values(key="backup/keep", value=2))
            connection.execute(insert(Company).values(name_ru="Старая схема", name_key="x"))
        folder = Path(os.environ["EXPORTMATCH_DATA_DIR"]) / "backups"
        prefix = engine.url.database
        folder.mkdir(exist_ok=True)
        for day in ("01", "02"):
            (folder / f"127_0_0_1_{prefix}.pre-upgrade-202601{day}-000000-000000.emdump").touch()
        report = upgrade_database(engine)
    finally:
        engine.dispose()
    assert report.backup is not None and report.backup.parent == folder
    manifest = read_manifest(report.backup)
    assert manifest.schema_revision == "0001"
    assert {e.name: e.rows for e in manifest.tables}["companies"] == 1
    kept = sorted(p.name for p in folder.glob(f"*{prefix}.pre-upgrade-*"))
    assert kept == sorted(
        [report.backup.name, f"127_0_0_1_{prefix}.pre-upgrade-20260102-000000-000000.emdump"]
    )
