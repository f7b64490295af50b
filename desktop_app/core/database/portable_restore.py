"""Restore a portable dump into an empty ExportMatch database of either backend.

The whole restore is one transaction: wiping (with ``replace``), moving an empty schema
to the dump's revision, loading every table, checking counts and checksums, resetting
PostgreSQL's sequences and upgrading to the newest schema either all happen or none
does. On SQLite the transaction is opened with an explicit ``BEGIN IMMEDIATE`` so the
schema changes belong to it too (the driver would otherwise run them outside).
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, Engine, Integer, Table, delete, func, insert, select, text

from desktop_app.core.database.migrate import alembic_config, head_revision, known_revision
from desktop_app.core.database.portable import (
    CHUNK_ROWS,
    DumpManifest,
    TableEntry,
    database_revision,
    decode_value,
    dumped_tables,
    read_manifest,
)
from desktop_app.core.domain.models import Base
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`restore_dump` loaded."""

    schema_revision: str | None
    upgraded_to: str
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        """Rows loaded into every table together."""
        return sum(self.rows.values())


def existing_row_counts(connection: Connection) -> dict[str, int]:
    """Rows in each ExportMatch table that has any."""
    counts = {}
    for table, _ in dumped_tables(connection):
        count = int(connection.scalar(select(func.count()).select_from(table)) or 0)
        if count:
            counts[table.name] = count
    return counts


def restore_dump(
    engine: Engine,
    source: Path,
    replace: bool = False,
    progress: ProgressReporter = NULL_PROGRESS,
) -> RestoreReport:
    """Load the dump ``source`` into ``engine``'s database and upgrade it to our schema.

    The database must hold no ExportMatch data, unless ``replace`` is true: then its
    tables are emptied first, in the same transaction (take a backup before). A dump
    from a newer schema is refused; one from an older schema is loaded into the schema
    of its revision and then migrated.
    """
    manifest = read_manifest(source)
    revision = manifest.schema_revision
    if revision is None or not known_revision(revision):
        raise SchemaTooNewError(
            tr(
                "The dump {path} was written by a newer version of ExportMatch (schema "
                "{revision}); this version knows schemas up to {head}. Nothing was restored."
            ).format(path=source, revision=revision, head=head_revision())
        )
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Opens the transaction that the schema changes below must belong to.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            report = _restore(connection, source, manifest, replace, progress)
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
    log.info("restored %s rows from %s into %s", report.total_rows, source, engine.url)
    return report


def _restore(
    connection: Connection,
    source: Path,
    manifest: DumpManifest,
    replace: bool,
    progress: ProgressReporter,
) -> RestoreReport:
    existing = existing_row_counts(connection)
    if existing and not replace:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(existing.items()))
        raise DatabaseError(
            tr(
                "The database already holds ExportMatch data: {tables}. Restore into an "
                "empty database, or replace its data (a backup is taken first)."
            ).format(tables=listed)
        )
    if existing:
        for table, _ in reversed(dumped_tables(connection)):
            connection.execute(delete(table))
    config = alembic_config()
    config.attributes["connection"] = connection
    current = database_revision(connection)
    revision = manifest.schema_revision
    assert revision is not None
    if current is not None and not known_revision(current):
        raise SchemaTooNewError(
            tr(
                "The database was written by a newer version of ExportMatch (schema "
                "{revision}); nothing was restored."
            ).format(revision=current)
        )
    if current != revision:
        # The database is empty now, so moving its schema loses nothing.
        if current is None or _is_older(current, revision):
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
    rows = _load_tables(connection, source, manifest, progress)
    _reset_sequences(connection)
    head = head_revision()
    if revision != head:
        command.upgrade(config, "head")
    return RestoreReport(revision, head, rows)


def _is_older(revision: str, than: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return any(step.revision == revision for step in script.iterate_revisions(than, "base"))


def _load_tables(
    connection: Connection, source: Path, manifest: DumpManifest, progress: ProgressReporter
) -> dict[str, int]:
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    progress.start(manifest.total_rows, tr("Restoring the portable dump"))
    loaded: dict[str, int] = {}
    done = 0
    with zipfile.ZipFile(source) as archive:
        for entry in manifest.tables:
            progress.check_cancelled()
            table = tables.get(entry.name)
            if table is None:
                raise DatabaseError(
                    tr("The dump holds a table {table} this version does not know.").format(
                        table=entry.name
                    )
                )
            count = _load_table(connection, archive, table, entry, progress, done)
            done += count
            loaded[entry.name] = count
    return loaded


def _load_table(
    connection: Connection,
    archive: zipfile.ZipFile,
    table: Table,
    entry: TableEntry,
    progress: ProgressReporter,
    done: int,
) -> int:
    columns = [table.c[name] for name in entry.columns if name in table.c]
    if len(columns) != len(entry.columns):
        unknown = sorted(set(entry.columns) - set(table.c.keys()))
        raise DatabaseError(
            tr("The dump's table {table} has columns this version does not know: {columns}").format(
                table=entry.name, columns=", ".join(unknown)
            )
        )
    digest = hashlib.sha256()
    batch: list[dict[str, Any]] = []
    count = 0
    with archive.open(entry.member) as stream:
        for line in stream:
            digest.update(line)
            record = json.loads(line)
            batch.append({c.name: decode_value(c, record.get(c.name)) for c in columns})
            if len(batch) >= CHUNK_ROWS:
                connection.execute(insert(table), batch)
                count += len(batch)
                batch = []
                progress.check_cancelled()
                progress.advance(done + count)
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    progress.advance(done + count)
    if digest.hexdigest() != entry.sha256 or count != entry.rows:
        raise DatabaseError(
            tr(
                "The dump's table {table} is damaged: {count} rows read, {expected} expected, "
                "or its checksum differs. Nothing was restored."
            ).format(table=entry.name, count=count, expected=entry.rows)
        )
    stored = int(connection.scalar(select(func.count()).select_from(table)) or 0)
    if stored != entry.rows:
        raise DatabaseError(
            tr("Restoring {table} stored {stored} rows instead of {expected}.").format(
                table=entry.name, stored=stored, expected=entry.rows
            )
        )
    return count


def _reset_sequences(connection: Connection) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table, _ in dumped_tables(connection):
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key}'), "
                f"COALESCE(MAX({key}), 1), MAX({key}) IS NOT NULL) FROM {table.name}"
            )
        )
