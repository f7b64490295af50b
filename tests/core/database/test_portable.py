"""Portable dump and restore: SQLite -> PostgreSQL -> SQLite keeps every row."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.core.database.migrate import head_revision
from desktop_app.core.database.portable import dump_database, read_manifest
from desktop_app.core.database.portable_restore import restore_dump
from desktop_app.core.database.search_index import matching_ids
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Company, SearchEntry
from desktop_app.core.errors import Cancelled, DatabaseError, SchemaTooNewError
from desktop_app.core.progress import CancelToken, NullProgress
from tests.conftest import new_postgres_database
from tests.core.database.portable_data import fill, snapshot, snapshot_of
from tests.reliability.figures import record


@pytest.fixture
def filled_sqlite(sqlite_database: Database) -> Database:
    fill(sqlite_database)
    return sqlite_database


def _columns_at(folder: Path, revision: str) -> dict[str, set[str]]:
    """The tables and columns of the schema at ``revision``, from a database migrated to it."""
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from desktop_app.core.database.migrate import alembic_config

    url = f"sqlite:///{folder / f'schema-{revision}.sqlite3'}"
    config = alembic_config()
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    inspector = inspect(engine)
    tables = {
        name: {column["name"] for column in inspector.get_columns(name)}
        for name in inspector.get_table_names()
    }
    engine.dispose()
    return tables


def _fresh_sqlite(template: Path, folder: Path, name: str) -> Database:
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return open_database(str(path))


@pytest.mark.slow
@pytest.mark.postgres
def test_sqlite_to_postgresql_to_sqlite_keeps_every_row(
    filled_sqlite: Database,
    sqlite_template: Path,
    postgres_admin_url: str,
    postgres_template: str,
    tmp_path: Path,
) -> None:
    original = snapshot(filled_sqlite)
    first = dump_database(filled_sqlite.engine, tmp_path / "from-sqlite.emdump")
    assert first.schema_revision == head_revision()
    assert {e.name: e.rows for e in first.tables} == {k: len(v) for k, v in original.items()}

    postgres = open_database(new_postgres_database(postgres_admin_url, postgres_template))
    try:
        report = restore_dump(postgres.engine, tmp_path / "from-sqlite.emdump")
        assert report.total_rows == first.total_rows
        assert snapshot(postgres) == original
        # Sequences were moved past the restored ids: new rows get fresh ones.
        with postgres.session(actor="test") as session:
            added = Company(name_ru="Новая компания")
            session.add(added)
            session.flush()
            assert added.id > max(row[0] for row in original["companies"])
        second = dump_database(postgres.engine, tmp_path / "from-postgresql.emdump")
    finally:
        postgres.dispose()
    assert second.source_backend == "postgresql"

    back = _fresh_sqlite(sqlite_template, tmp_path, "back")
    try:
        restore_dump(back.engine, tmp_path / "from-postgresql.emdump")
        restored = snapshot(back)
    finally:
        back.dispose()
    assert restored["companies"][:-1] == original["companies"]
    assert restored["companies"][-1][1] == "Новая компания"
    for table in original:
        if table not in ("companies", "audit_events", "search_entries"):
            assert restored[table] == original[table], table
    # The company added on PostgreSQL brought its audit and search rows along.
    assert restored["audit_events"][: len(original["audit_events"])] == original["audit_events"]
    assert len(restored["search_entries"]) == len(original["search_entries"]) + 1
    rows = sum(len(table) for table in original.values())
    record("rows compared after SQLite -> PostgreSQL -> SQLite", rows)


def test_restore_refuses_a_database_with_data(filled_sqlite: Database, tmp_path: Path) -> None:
    dump = tmp_path / "dump.emdump"
    dump_database(filled_sqlite.engine, dump)
    before = snapshot(filled_sqlite)
    with pytest.raises(DatabaseError, match="already holds ExportMatch data"):
        restore_dump(filled_sqlite.engine, dump)
    assert snapshot(filled_sqlite) == before
    # With replace, the same data comes back (here: over itself), each version moved past
    # the highest the replaced rows had, so no form read before the restore saves over it.
    restore_dump(filled_sqlite.engine, dump, replace=True)
    assert snapshot(filled_sqlite, versions=False) == snapshot_of(before, versions=False)
    with filled_sqlite.engine.connect() as connection:
        assert connection.scalar(select(func.min(Company.version))) > 1


def _rewrite(
    dump: Path, target: Path, change_manifest=None, change_member=None, project=False
) -> None:
    """Copy ``dump`` with its manifest or members changed.

    ``project=True`` keeps in each row only the columns its manifest entry lists (as a dump
    written by an older schema would have them) and checksums the rewritten member.
    """
    with zipfile.ZipFile(dump) as source, zipfile.ZipFile(target, "w") as out:
        manifest = json.loads(source.read("manifest.json"))
        if change_manifest:
            change_manifest(manifest)
        members = {e["member"]: e for e in manifest["tables"]}
        for name in source.namelist():
            if name == "manifest.json" or name not in members:
                continue
            data = source.read(name)
            if project:
                columns = members[name]["columns"]
                lines = [json.loads(line) for line in data.splitlines() if line.strip()]
                data = b"".join(
                    json.dumps({c: row[c] for c in columns}, ensure_ascii=False).encode() + b"\n"
                    for row in lines
                )
                members[name]["sha256"] = hashlib.sha256(data).hexdigest()
            out.writestr(name, change_member(name, data) if change_member else data)
        out.writestr("manifest.json", json.dumps(manifest))


def test_a_damaged_dump_restores_nothing(
    filled_sqlite: Database, sqlite_template: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.emdump"
    dump_database(filled_sqlite.engine, dump)
    damaged = tmp_path / "damaged.emdump"

    def flip(name: str, data: bytes) -> bytes:
        return data.replace("Масло".encode(), "Мясо".encode()) if "products" in name else data

    _rewrite(dump, damaged, change_member=flip)
    target = _fresh_sqlite(sqlite_template, tmp_path, "target")
    try:
        with pytest.raises(DatabaseError, match="products is damaged"):
            restore_dump(target.engine, damaged)
        assert all(rows == [] for rows in snapshot(target).values())
    finally:
        target.dispose()


def test_a_dump_from_a_newer_schema_is_refused(filled_sqlite: Database, tmp_path: Path) -> None:
    dump = tmp_path / "dump.emdump"
    dump_database(filled_sqlite.engine, dump)
    newer = tmp_path / "newer.emdump"
    _rewrite(dump, newer, change_manifest=lambda m: m.update(schema_revision="9999_future"))
    with pytest.raises(SchemaTooNewError, match="newer version"):
        restore_dump(filled_sqlite.engine, newer, replace=True)


@pytest.mark.slow
def test_a_dump_from_an_older_schema_is_restored_then_upgraded(
    database: Database, sqlite_template: Path, tmp_path: Path
) -> None:
    """A dump at 0001 (before the search index) loads into either backend and is upgraded."""
    source = _fresh_sqlite(sqlite_template, tmp_path, "source")
    fill(source)
    expected = snapshot(source)
    dump = tmp_path / "dump.emdump"
    dump_database(source.engine, dump)
    source.dispose()
    older = tmp_path / "older.emdump"

    at_0001 = _columns_at(tmp_path, "0001")

    def as_0001(manifest: dict) -> None:
        manifest["schema_revision"] = "0001"
        manifest["tables"] = [t for t in manifest["tables"] if t["name"] in at_0001]
        # A dump written at 0001 lacks the columns later revisions added (this data
        # leaves them empty), in its manifest and in its rows.
        for table in manifest["tables"]:
            table["columns"] = [c for c in table["columns"] if c in at_0001[table["name"]]]

    _rewrite(dump, older, change_manifest=as_0001, project=True)
    report = restore_dump(database.engine, older)
    assert report.schema_revision == "0001"
    assert report.upgraded_to == head_revision()
    with database.session() as session:
        # Migration 0002 rebuilt the index from the restored records.
        assert session.scalar(select(func.count()).select_from(SearchEntry)) > 0
        query = matching_ids(session, "product", "масло")
        assert query is not None and session.scalars(query).all()
    got = snapshot(database)
    for table in expected:
        if table != "search_entries":
            assert got[table] == expected[table], table


def test_a_cancelled_dump_leaves_no_file(filled_sqlite: Database, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    target = tmp_path / "cancelled.emdump"
    with pytest.raises(Cancelled):
        dump_database(filled_sqlite.engine, target, NullProgress(token))
    assert list(tmp_path.glob("cancelled*")) == []


def test_manifest_lists_counts_and_checksums(filled_sqlite: Database, tmp_path: Path) -> None:
    dump = tmp_path / "dump.emdump"
    written = dump_database(filled_sqlite.engine, dump)
    assert read_manifest(dump) == written
    companies = next(e for e in written.tables if e.name == "companies")
    assert companies.rows == len(snapshot(filled_sqlite)["companies"])
    assert len(companies.sha256) == 64
    with pytest.raises(DatabaseError, match="not an ExportMatch portable dump"):
        read_manifest(Path(__file__))
