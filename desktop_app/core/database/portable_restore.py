"""Restore rows from an untrusted source into an ExportMatch database of either backend.

A source is a portable dump (this module) or a SQLite copy (``sqlite_copy``): both give
a schema revision, the tables with their columns, and the rows as Python values. Every
table of that revision must be there with exactly its columns, and every row goes
through the column bounds that forms and import use
(:mod:`desktop_app.core.validation.columns`) before it is inserted; a row the database
still refuses (a duplicate key, a dangling reference) is named by its table and line.

The whole restore is one transaction: wiping (with ``replace``), moving an empty schema
to the source's revision, loading every table, checking counts and checksums, resetting
PostgreSQL's sequences and upgrading to the newest schema either all happen or none
does. On SQLite the transaction is opened with an explicit ``BEGIN IMMEDIATE`` so the
schema changes belong to it too (the driver would otherwise run them outside).
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    Table,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError, StatementError

from desktop_app.core.database.migrate import alembic_config, head_revision, known_revision
from desktop_app.core.database.portable import (
    CHUNK_ROWS,
    DUMP_LIMITS,
    DumpLimits,
    DumpManifest,
    check_archive,
    database_revision,
    dumped_tables,
    read_manifest,
    value_decoder,
)
from desktop_app.core.domain.models import Base
from desktop_app.core.errors import DatabaseError, SchemaTooNewError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter
from desktop_app.core.validation.columns import TableBounds, table_bounds

log = logging.getLogger(__name__)

BATCH_TEXT_LIMIT = 4_000_000
"""Characters of text held before a batch is inserted: long rows make smaller batches."""


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


@dataclass(frozen=True)
class SourceTable:
    """One table a source holds: its columns and, when known, its row count."""

    name: str
    columns: tuple[str, ...]
    rows: int | None


class RowSource(Protocol):
    """Where restored rows come from: a portable dump or a SQLite copy."""

    label: str
    schema_revision: str
    tables: tuple[SourceTable, ...]

    def rows(
        self, table: Table, columns: list[Column[Any]]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line or row number, values) of ``table``; malformed rows raise DatabaseError."""
        ...

    def verify(self, name: str, count: int) -> None:
        """Raise DatabaseError when ``count`` rows of ``name`` are not what was written."""
        ...

    def close(self) -> None:
        """Release the file."""
        ...


def source_error(label: str, table: str, line: int | None, reason: object) -> DatabaseError:
    """A message naming the file, the table and the line of a row that cannot be restored."""
    if line is None:
        where = tr("{file}, table {table}").format(file=label, table=table)
    else:
        where = tr("{file}, table {table}, line {line}").format(file=label, table=table, line=line)
    return DatabaseError(
        tr("{where}: {reason}. Nothing was restored.").format(where=where, reason=reason)
    )


def existing_row_counts(connection: Connection) -> dict[str, int]:
    """Rows in each ExportMatch table that has any."""
    counts = {}
    for table, _ in dumped_tables(connection):
        count = int(connection.scalar(select(func.count()).select_from(table)) or 0)
        if count:
            counts[table.name] = count
    return counts


def check_revision(label: str, revision: str | None) -> str:
    """The source's revision when this version can load it; a clear error otherwise."""
    if revision is None or not revision.strip():
        raise DatabaseError(
            tr(
                "{path} records no schema revision, so it was not written by ExportMatch "
                "or is damaged. Nothing was restored."
            ).format(path=label)
        )
    if not known_revision(revision):
        raise SchemaTooNewError(
            tr(
                "{path} was written by a newer version of ExportMatch (schema "
                "{revision}); this version knows schemas up to {head}. Nothing was restored."
            ).format(path=label, revision=revision[:40], head=head_revision())
        )
    return revision


class DumpSource:
    """The rows of a portable dump, read line by line within :class:`DumpLimits`."""

    def __init__(
        self, path: Path, manifest: DumpManifest, limits: DumpLimits = DUMP_LIMITS
    ) -> None:
        self.label = str(path)
        self.schema_revision = check_revision(str(path), manifest.schema_revision)
        self.tables = tuple(SourceTable(e.name, e.columns, e.rows) for e in manifest.tables)
        self._entries = {entry.name: entry for entry in manifest.tables}
        self._digests: dict[str, str] = {}
        self._limits = limits
        self._archive = zipfile.ZipFile(path)

    def close(self) -> None:
        """Close the zip file."""
        self._archive.close()

    def rows(
        self, table: Table, columns: list[Column[Any]]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """Decoded rows of one member, with their line numbers."""
        entry = self._entries[table.name]
        names = set(entry.columns)
        digest = hashlib.sha256()
        limit = self._limits.max_line_bytes
        decoders = [(column.name, value_decoder(column)) for column in columns]
        number = 0
        try:
            with self._archive.open(entry.member) as stream:
                while line := stream.readline(limit + 1):
                    number += 1
                    if len(line) > limit:
                        raise source_error(
                            self.label,
                            table.name,
                            number,
                            tr("the line is longer than {limit} bytes").format(limit=limit),
                        )
                    digest.update(line)
                    yield number, self._decode(table.name, number, line, names, decoders)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise source_error(self.label, table.name, number or None, exc) from exc
        self._digests[table.name] = digest.hexdigest()

    def _decode(
        self,
        name: str,
        number: int,
        line: bytes,
        names: set[str],
        decoders: list[tuple[str, Callable[[Any], Any] | None]],
    ) -> dict[str, Any]:
        try:
            record = json.loads(line, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise source_error(
                self.label, name, number, tr("not valid JSON ({reason})").format(reason=exc)
            ) from exc
        if not isinstance(record, dict):
            raise source_error(self.label, name, number, tr("the line is not a JSON object"))
        if set(record) != names:
            odd = sorted(set(record) ^ names)
            raise source_error(
                self.label,
                name,
                number,
                tr("the row's fields differ from the manifest's columns: {columns}").format(
                    columns=", ".join(str(c)[:40] for c in odd[:5])
                ),
            )
        values = {}
        for column, decoder in decoders:
            value = record[column]
            if decoder is not None and value is not None:
                try:
                    value = decoder(value)
                except (ValueError, TypeError, ArithmeticError) as exc:
                    raise source_error(
                        self.label,
                        name,
                        number,
                        tr("column {column}: {value} cannot be read ({reason})").format(
                            column=column, value=str(value)[:40], reason=exc
                        ),
                    ) from exc
            values[column] = value
        return values

    def verify(self, name: str, count: int) -> None:
        """Compare the rows read and their checksum with the manifest."""
        entry = self._entries[name]
        if self._digests.get(name) != entry.sha256 or count != entry.rows:
            raise DatabaseError(
                tr(
                    "The dump's table {table} is damaged: {count} rows read, {expected} "
                    "expected, or its checksum differs. Nothing was restored."
                ).format(table=name, count=count, expected=entry.rows)
            )


def _refuse_constant(name: str) -> Any:
    raise ValueError(tr("{name} is not a number JSON allows").format(name=name))


def restore_dump(
    engine: Engine,
    source: Path,
    replace: bool = False,
    progress: ProgressReporter = NULL_PROGRESS,
    limits: DumpLimits = DUMP_LIMITS,
) -> RestoreReport:
    """Load the dump ``source`` into ``engine``'s database and upgrade it to our schema.

    The database must hold no ExportMatch data, unless ``replace`` is true: then its
    tables are emptied first, in the same transaction (take a backup before). A dump
    from a newer schema is refused; one from an older schema is loaded into the schema
    of its revision and then migrated. A malformed or oversized dump is refused with
    the table and line at fault, and the database is left as it was.
    """
    manifest = read_manifest(source, limits)
    check_archive(source, manifest, limits)
    rows = DumpSource(source, manifest, limits)
    try:
        checked = check_dump_rows(rows, progress)
        return restore_rows(engine, rows, replace=replace, progress=progress, checked=checked)
    finally:
        rows.close()


def check_dump_rows(
    source: DumpSource, progress: ProgressReporter = NULL_PROGRESS
) -> frozenset[str]:
    """Read every row of the dump once, before anything is written, and refuse it at the
    first row that could not be restored: a line too long, invalid JSON, a value its
    column cannot hold on both backends (the column bounds), a required value missing, a
    member whose row count or checksum differs from the manifest.

    It reads and decodes, no database is involved, so a bad dump is refused in a fraction
    of the time a restore takes, whichever row is bad, and before the safety copy. What
    only the database can tell (a duplicate key, a reference to a missing parent) is
    still found while loading. Tables and columns the models do not know are left to the
    load, which refuses them by name. Returns the tables checked.
    """
    models = {table.name: table for table in Base.metadata.sorted_tables}
    known = [entry.rows for entry in source.tables]
    total = sum(r for r in known if r is not None) if None not in known else 0
    progress.start(total, tr("Checking the backup"))
    done = 0
    checked: set[str] = set()
    for entry in source.tables:
        table = models.get(entry.name)
        names = set(entry.columns)
        if table is None or not names <= {column.name for column in table.columns}:
            continue
        columns = [column for column in table.columns if column.name in names]
        bounds = table_bounds(table)
        count = 0
        for line, values in source.rows(table, columns):
            _check_bounds(source, table, bounds, line, values)
            count += 1
            if count % CHUNK_ROWS == 0:
                progress.check_cancelled()
                progress.advance(done + count)
        source.verify(table.name, count)
        checked.add(table.name)
        done += count
        progress.advance(done)
    return frozenset(checked)


def _check_bounds(
    source: RowSource, table: Table, bounds: TableBounds, line: int, values: dict[str, Any]
) -> None:
    problems = bounds.problems(values, complete=True)
    if problems:
        column, reason = problems[0]
        raise source_error(
            source.label,
            table.name,
            line,
            tr("column {column}: {reason}").format(column=column, reason=reason),
        )


def restore_rows(
    engine: Engine,
    source: RowSource,
    replace: bool = False,
    progress: ProgressReporter = NULL_PROGRESS,
    checked: frozenset[str] = frozenset(),
) -> RestoreReport:
    """Load every row of ``source`` into ``engine``'s database in one transaction.

    ``checked``: tables whose rows :func:`check_dump_rows` passed already, so their
    column bounds are not checked again (the load still compares each member's checksum
    before the commit, so rows changed since the check are never committed).
    """
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Opens the transaction that the schema changes below must belong to.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            report = _restore(connection, source, replace, progress, checked)
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
    log.info("restored %s rows from %s into %s", report.total_rows, source.label, engine.url)
    return report


def _restore(
    connection: Connection,
    source: RowSource,
    replace: bool,
    progress: ProgressReporter,
    checked: frozenset[str] = frozenset(),
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
    # A record's restored version could equal one a window opened before the restore
    # still holds, whose save would then overwrite the restored values unseen: restored
    # versions start above every version the replaced rows had.
    passed: dict[str, int] = {}
    if existing:
        for table, columns in reversed(dumped_tables(connection)):
            if any(column.name == "version" for column in columns):
                highest = connection.scalar(select(func.max(table.c.version)))
                passed[table.name] = int(highest or 0)
            connection.execute(delete(table))
    from alembic import command  # imported here: restoring is rare, start-up is not

    config = alembic_config()
    config.attributes["connection"] = connection
    current = database_revision(connection)
    revision = source.schema_revision
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
    tables = _matching_tables(connection, source)
    rows = _load_tables(connection, source, tables, progress, checked)
    for table, columns in tables:
        if passed.get(table.name) and any(column.name == "version" for column in columns):
            # Every other column as restored: no ``onupdate`` stamp (updated_at) moves.
            kept = {c.name: c for c in columns if c.onupdate is not None and c.name != "version"}
            bumped = update(table).values(version=table.c.version + passed[table.name], **kept)
            connection.execute(bumped)
    _reset_sequences(connection)
    head = head_revision()
    if revision != head:
        command.upgrade(config, "head")
    return RestoreReport(revision, head, rows)


def _matching_tables(
    connection: Connection, source: RowSource
) -> list[tuple[Table, list[Column[Any]]]]:
    """The schema's tables in load order, once the source is known to hold exactly them."""
    schema = dumped_tables(connection)
    expected = {table.name: columns for table, columns in schema}
    given = {table.name: table for table in source.tables}
    revision = source.schema_revision
    for name in expected:
        if name not in given:
            raise DatabaseError(
                tr(
                    "{file} lacks the table {table}: every table of schema {revision} must "
                    "be there, even when empty. Nothing was restored."
                ).format(file=source.label, table=name, revision=revision)
            )
    for name in given:
        if name not in expected:
            raise DatabaseError(
                tr(
                    "{file} holds a table {table} that schema {revision} does not have. "
                    "Nothing was restored."
                ).format(file=source.label, table=name[:60], revision=revision)
            )
    for name, columns in expected.items():
        want = {column.name for column in columns}
        have = set(given[name].columns)
        if want != have:
            missing, unknown = sorted(want - have), sorted(have - want)
            raise DatabaseError(
                tr(
                    "{file}: the columns of table {table} are not those of schema {revision} "
                    "(missing: {missing}; unknown: {unknown}). Nothing was restored."
                ).format(
                    file=source.label,
                    table=name,
                    revision=revision,
                    missing=", ".join(missing) or "-",
                    unknown=", ".join(c[:40] for c in unknown) or "-",
                )
            )
    return schema


def _is_older(revision: str, than: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return any(step.revision == revision for step in script.iterate_revisions(than, "base"))


def _load_tables(
    connection: Connection,
    source: RowSource,
    tables: list[tuple[Table, list[Column[Any]]]],
    progress: ProgressReporter,
    checked: frozenset[str],
) -> dict[str, int]:
    known = [entry.rows for entry in source.tables]
    total = sum(r for r in known if r is not None) if None not in known else 0
    progress.start(total, tr("Restoring the backup"))
    loaded: dict[str, int] = {}
    done = 0
    # Parents before children, whatever order the source lists them in.
    for table, columns in tables:
        progress.check_cancelled()
        count = _load_table(connection, source, table, columns, progress, done, checked)
        done += count
        loaded[table.name] = count
    return loaded


def _load_table(
    connection: Connection,
    source: RowSource,
    table: Table,
    columns: list[Column[Any]],
    progress: ProgressReporter,
    done: int,
    checked: frozenset[str],
) -> int:
    bounds = table_bounds(table)
    batch: list[tuple[int, dict[str, Any]]] = []
    count = held = 0
    for line, values in source.rows(table, columns):
        if table.name not in checked:
            _check_bounds(source, table, bounds, line, values)
        batch.append((line, values))
        held += sum(len(v) for v in values.values() if v.__class__ is str)
        if len(batch) >= CHUNK_ROWS or held >= BATCH_TEXT_LIMIT:
            _insert(connection, source.label, table, batch)
            count += len(batch)
            batch, held = [], 0
            progress.check_cancelled()
            progress.advance(done + count)
    if batch:
        _insert(connection, source.label, table, batch)
        count += len(batch)
    progress.advance(done + count)
    source.verify(table.name, count)
    stored = int(connection.scalar(select(func.count()).select_from(table)) or 0)
    if stored != count:
        raise DatabaseError(
            tr("Restoring {table} stored {stored} rows instead of {expected}.").format(
                table=table.name, stored=stored, expected=count
            )
        )
    return count


def _insert(
    connection: Connection, label: str, table: Table, batch: list[tuple[int, dict[str, Any]]]
) -> None:
    """Insert ``batch``; when the database refuses it, find and name the row at fault."""
    try:
        with connection.begin_nested():
            connection.execute(insert(table), [values for _, values in batch])
        return
    except OperationalError:
        raise
    except StatementError as exc:
        first = exc
    for line, values in batch:
        try:
            with connection.begin_nested():
                connection.execute(insert(table), values)
        except OperationalError:
            raise
        except StatementError as exc:
            raise source_error(label, table.name, line, _database_reason(exc)) from exc
    raise source_error(label, table.name, None, _database_reason(first)) from first


def _database_reason(exc: StatementError) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return tr("the database refused the row: {reason}").format(
        reason=lines[0][:200] if lines else type(original).__name__
    )


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
