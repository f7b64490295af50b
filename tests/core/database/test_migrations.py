"""Schema migrations: from empty, up from an older revision with a backup, newer refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from desktop_app.core.database.engine import create_app_engine, resolve_database_url
from desktop_app.core.database.migrate import (
    alembic_config,
    head_revision,
    schema_state,
    upgrade_database,
)
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Base
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.paths import migrations_dir

EXTRA_REVISION = '''
"""test-only revision on top of head"""
import sqlalchemy as sa
from alembic import op

revision = "ffff0001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("future_things", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("future_things")
'''


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_is_migrated_to_head(database: Database) -> None:
    state = schema_state(database.engine)
    assert state.current == head_revision()
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def _not_a_search_index(name: str | None, type_: str, parent_names: object) -> bool:
    # The full-text index has no portable declaration: the FTS5 table (and its shadow
    # tables) and PostgreSQL's stored vector column and its index exist only in the
    # migrations (0002, 0007, 0008).
    return not (name or "").startswith(("search_fts", "ix_search_entries_tsv", "search_tsv"))


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_name": _not_a_search_index}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_migration_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    engine = create_app_engine(resolve_database_url(str(tmp_path / "roundtrip.sqlite3")))
    upgrade_database(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert schema_state(engine).current is None
    upgrade_database(engine)
    assert schema_state(engine).up_to_date
    engine.dispose()


def _scripts_with_extra_revision(tmp_path: Path) -> Path:
    scripts = tmp_path / "db"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "ffff0001_future.py").write_text(
        EXTRA_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    return scripts


def test_upgrade_of_an_existing_file_writes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    database = open_database(str(path))
    with database.session() as session:
        session.execute(
            text(
                "INSERT INTO settings (key, value, updated_at) VALUES ('marker', '1', '2026-01-01')"
            )
        )
    database.dispose()

    engine = create_app_engine(resolve_database_url(str(path)))
    report = upgrade_database(engine, script_location=_scripts_with_extra_revision(tmp_path))
    engine.dispose()

    assert report.from_revision == head_revision()
    assert report.to_revision == "ffff0001"
    assert report.backup is not None and report.backup.exists()
    assert report.backup.parent == path.parent
    with sqlite3.connect(report.backup) as backup:
        assert backup.execute("SELECT value FROM settings WHERE key='marker'").fetchone()
        version = backup.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == head_revision()
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT count(*) FROM future_things").fetchone() == (0,)


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    engine = create_app_engine(resolve_database_url(str(path)))
    upgrade_database(engine, script_location=_scripts_with_extra_revision(tmp_path))
    engine.dispose()
    before = _sha(path)

    with pytest.raises(SchemaTooNewError, match="newer version of ExportMatch"):
        open_database(str(path))
    assert _sha(path) == before
    assert not list(tmp_path.glob("newer.pre-upgrade-*"))


def test_foreign_tables_without_a_version_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseError, match="not created by ExportMatch"):
        open_database(str(path))


def test_sqlite_pragmas_are_set(sqlite_database: Database) -> None:
    with sqlite_database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.slow
def test_upgrade_from_the_previous_head_keeps_the_data(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_revision(head_revision())
    assert head is not None and head.down_revision, "needs at least two migrations"
    previous = str(head.down_revision)
    path = tmp_path / "previous.sqlite3"
    engine = create_app_engine(resolve_database_url(str(path)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, previous)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO companies (name_ru, name_key, inn, archived, version, created_at, "
                "updated_at) VALUES ('ООО «Прежняя»', 'прежняя', '7707083893', 0, 1, "
                "'2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()

    database = open_database(str(path))
    assert database.upgrade is not None
    assert database.upgrade.from_revision == previous
    assert database.upgrade.backup is not None and database.upgrade.backup.exists()
    with database.session() as session:
        names = session.execute(text("SELECT name_ru FROM companies")).scalars().all()
    database.dispose()
    assert names == ["ООО «Прежняя»"]


def test_search_index_backfill_is_frozen_in_its_migration(tmp_path: Path) -> None:
    # Migration 0002 indexes the rows that exist before it with its own copy of the
    # normalisation: replayed later, it must not run today's code against that schema.
    # Today the copy and the app's indexing agree, so an upgraded file is searchable.
    source = (migrations_dir() / "versions" / "0002_search_index.py").read_text("utf-8")
    assert "desktop_app" not in source
    path = tmp_path / "before_0002.sqlite3"
    engine = create_app_engine(resolve_database_url(str(path)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO companies (id, name_ru, name_en, name_key, inn, region, archived, "
                "version, created_at, updated_at) VALUES (1, 'ООО «Ёлка-Мёд»', 'Yolka Honey', "
                "'елка мед', '7707083893', 'Алтайский край', 0, 1, '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO products (id, company_id, name_ru, name_zh, hs_code, status, "
                "version, created_at, updated_at) VALUES (1, 1, 'Мёд гречишный', '荞麦蜂蜜', "
                "'040900', 'active', 1, '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO demand_lines (id, product_text, ref, language, status, version, "
                "created_at, updated_at) VALUES (1, 'ＨＯＮＥＹ 荞麦蜂蜜 1kg', 'R-1', 'mixed', "
                "'open', 1, '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()

    database = open_database(str(path))
    with database.engine.begin() as connection:
        migrated = connection.execute(
            text("SELECT kind, record_id, text FROM search_entries ORDER BY kind, record_id")
        ).all()
        from desktop_app.core.database.search_index import rebuild

        rebuild(connection)
        today = connection.execute(
            text("SELECT kind, record_id, text FROM search_entries ORDER BY kind, record_id")
        ).all()
    database.dispose()
    assert [tuple(row) for row in migrated] == [tuple(row) for row in today]
    assert [row[0] for row in migrated] == ["company", "demand", "product"]
