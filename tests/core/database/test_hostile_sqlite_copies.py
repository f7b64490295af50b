"""SQLite copies built by an attacker: refused before anything is written, on both backends.

A copy is restored only when its ``sqlite_schema`` is exactly the schema of the revision
it records and every row fits its column; its own triggers, views and full-text pages
never reach the database. Good copies restore into SQLite and into PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop_app.cli import main
from desktop_app.core.database.backup import backup_sqlite
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Company
from tests.core.database.hostile_backups import hostile_copy
from tests.core.database.portable_data import fill, snapshot
from tests.reliability.figures import record


@pytest.fixture(scope="module")
def good_copy(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good-copy")
    path = folder / "source.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    source = open_database(str(path))
    try:
        fill(source)
    finally:
        source.dispose()
    return backup_sqlite(path, folder / "good-copy.sqlite3")


CASES: list[tuple[str, tuple[str, ...], str]] = [
    (
        "a trigger on audit_events",
        (
            "CREATE TRIGGER rewrite AFTER INSERT ON audit_events BEGIN "
            "UPDATE products SET name_ru = 'pwned'; END",
        ),
        "unexpected trigger rewrite",
    ),
    ("a view", ("CREATE VIEW leak AS SELECT * FROM companies",), "unexpected view leak"),
    ("a junk table", ("CREATE TABLE junk (x BLOB)",), "unexpected table junk"),
    ("products dropped", ("DROP TABLE products",), "table products is missing"),
    ("an index dropped", ("DROP INDEX ix_products_hs_code",), "ix_products_hs_code is missing"),
    (
        "a CHECK constraint removed",
        (
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_schema SET sql = replace(sql, 'score >= 0 AND score <= 100', "
            "'1') WHERE name = 'match_candidates'",
        ),
        "match_candidates is defined differently",
    ),
    ("an empty alembic_version", ("DELETE FROM alembic_version",), "0 schema revisions"),
    (
        "two revisions",
        ("INSERT INTO alembic_version VALUES ('0001')",),
        "2 schema revisions",
    ),
    ("no alembic_version", ("DROP TABLE alembic_version",), "no ExportMatch schema revision"),
    (
        "a revision from the future",
        ("UPDATE alembic_version SET version_num = '9999_future'",),
        "newer version of ExportMatch",
    ),
    (
        "text in an integer column",
        ("UPDATE products SET shelf_life_days = 'forever' WHERE id = 1",),
        "shelf_life_days",
    ),
    (
        "10^12 days of shelf life",
        ("UPDATE products SET shelf_life_days = 1000000000000 WHERE id = 1",),
        "out of range",
    ),
    (
        "a NUL in a name",
        ("UPDATE companies SET name_ru = 'a' || char(0) || 'b' WHERE id = 1",),
        "U+0000",
    ),
    (
        "40,000 characters in a 500 column",
        ("UPDATE products SET name_ru = printf('%.40000c', 'x') WHERE id = 1",),
        "at most 500 fit",
    ),
    ("a price stored as 1e20", ("UPDATE products SET price_max = 1e20 WHERE id = 1",), "too large"),
    (
        "broken JSON",
        ("UPDATE settings SET value = '{not json' WHERE key = 'backup/keep'",),
        "settings",
    ),
    (
        "a dangling foreign key",
        ("UPDATE products SET company_id = 999999 WHERE id = 1",),
        "foreign key",
    ),
]


def _restore_cli(database: Database, copy: Path) -> int:
    url = database.url.render_as_string(hide_password=False)
    return main(["--database", url, "db", "restore", str(copy)])


@pytest.mark.parametrize(("case", "statements", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_copy_is_refused_and_changes_nothing(
    database: Database,
    good_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    statements: tuple[str, ...],
    message: str,
) -> None:
    with database.session(actor="test") as session:
        session.add(Company(name_ru="Была до восстановления"))
    before = snapshot(database)
    schema_before = _schema(database)
    hostile = hostile_copy(good_copy, tmp_path / "hostile.sqlite3", *statements)
    capsys.readouterr()
    assert _restore_cli(database, hostile) == 1, case
    error = capsys.readouterr().err
    assert message in error, error
    assert "this is a bug" not in error
    assert snapshot(database) == before
    assert _schema(database) == schema_before
    record("hostile SQLite copies refused", backend=database.backend, case=case)


def _schema(database: Database) -> Any:
    with database.engine.connect() as connection:
        if database.backend == "sqlite":
            query = "SELECT type, name, sql FROM sqlite_schema ORDER BY name"
        else:
            query = (
                "SELECT event_object_table, trigger_name, action_statement "
                "FROM information_schema.triggers ORDER BY trigger_name"
            )
        return connection.execute(text(query)).all()


@pytest.mark.parametrize(
    "damage",
    ["random bytes", "truncated", "plain text", "damaged page"],
)
def test_a_damaged_copy_is_refused_with_a_message(
    sqlite_database: Database,
    good_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    data = good_copy.read_bytes()
    broken = tmp_path / "broken.sqlite3"
    if damage == "random bytes":
        broken.write_bytes(data[:16] + bytes(range(256)) * 64)
    elif damage == "truncated":
        broken.write_bytes(data[: len(data) // 3])
    elif damage == "plain text":
        broken.write_bytes(b"SQLite format 3\x00" + b"hello " * 1000)
    else:
        page = 4096 * 3
        broken.write_bytes(data[:page] + b"\xff" * 4096 + data[page + 4096 :])
    before = snapshot(sqlite_database)
    capsys.readouterr()
    assert _restore_cli(sqlite_database, broken) == 1
    error = capsys.readouterr().err
    assert "Nothing was restored" in error, error
    assert snapshot(sqlite_database) == before
    record("damaged SQLite copies refused", case=damage)


def test_a_good_copy_restores_into_either_backend_with_its_own_schema(
    database: Database, good_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema_before = _schema(database)
    assert _restore_cli(database, good_copy) == 0
    source = open_database(str(hostile_copy(good_copy, tmp_path / "same.sqlite3")), upgrade=False)
    try:
        assert snapshot(database) == snapshot(source)
    finally:
        source.dispose()
    assert _schema(database) == schema_before
    assert "restored" in capsys.readouterr().out


def test_the_copy_is_never_written(good_copy: Path, sqlite_database: Database) -> None:
    before = good_copy.read_bytes()
    assert _restore_cli(sqlite_database, good_copy) == 0
    assert good_copy.read_bytes() == before
    assert not list(good_copy.parent.glob("good-copy.sqlite3-*"))
    with sqlite3.connect(good_copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_copy_of_an_older_schema_upgraded_or_not_is_accepted(
    sqlite_database: Database, tmp_path: Path
) -> None:
    """The reference schema matches real databases: one made at 0001, and one upgraded."""
    from alembic import command

    from desktop_app.core.database.engine import create_app_engine
    from desktop_app.core.database.migrate import alembic_config, head_revision
    from desktop_app.core.database.sqlite_copy import check_copy

    old = tmp_path / "old.sqlite3"
    engine = create_app_engine(str(old))
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO companies (name_ru, name_key, archived, version, "
                    "created_at, updated_at) VALUES ('ООО Старая', 'старая', 0, 1, "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            )
    finally:
        engine.dispose()
    copy_0001 = backup_sqlite(old, tmp_path / "copy-0001.sqlite3")
    assert check_copy(copy_0001) == "0001"
    assert _restore_cli(sqlite_database, copy_0001) == 0
    with sqlite_database.session() as session:
        assert session.scalar(text("SELECT name_ru FROM companies")) == "ООО Старая"
        assert session.scalar(text("SELECT count(*) FROM search_entries")) == 1
    upgraded = open_database(str(old))
    upgraded.dispose()
    assert check_copy(backup_sqlite(old, tmp_path / "copy-head.sqlite3")) == head_revision()


def test_the_database_itself_is_not_restored_over_itself(
    sqlite_database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(str(sqlite_database.url.database))
    assert _restore_cli(sqlite_database, path) == 1
    assert "the database itself" in capsys.readouterr().err


def test_a_copy_with_its_changes_still_in_a_wal_file_is_refused(
    sqlite_database: Database, good_copy: Path, tmp_path: Path, capsys
) -> None:
    """Read immutable, the main file alone would restore without the WAL's rows."""
    live = hostile_copy(good_copy, tmp_path / "live.sqlite3")
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE companies SET notes = 'only in the WAL'")
    writer.commit()
    try:
        before = snapshot(sqlite_database)
        assert _restore_cli(sqlite_database, live) == 1
        assert "live.sqlite3-wal" in capsys.readouterr().err
        assert snapshot(sqlite_database) == before
    finally:
        writer.close()
