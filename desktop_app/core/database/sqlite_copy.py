"""A SQLite file from elsewhere (a backup copy, a file someone sent): read it, never trust it.

Following SQLite's advice for database files from untrusted sources, the file is opened
read-only and immutable (its journal is never replayed, nothing is written beside it),
with ``trusted_schema=OFF`` so that its views and triggers cannot call functions with
side effects, and its whole ``sqlite_schema`` is compared with the exact schema of the
revision it claims, built by migrating an empty database to that revision. A copy with
a trigger, a view, an index or a table more or less, or a changed column, is refused.

Its rows are then read as plain values and restored by the same path as a portable dump
(:mod:`desktop_app.core.database.portable_restore`): every row is bounded like a form
field, and nothing of the copy's own schema (nor its full-text index pages) reaches the
database.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Table, create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from desktop_app.core.database.migrate import alembic_config
from desktop_app.core.database.portable import CHUNK_ROWS, dumped_tables
from desktop_app.core.database.portable_restore import (
    SourceTable,
    check_revision,
    source_error,
)
from desktop_app.core.database.untrusted_sqlite import open_untrusted
from desktop_app.core.errors import DatabaseError
from desktop_app.core.i18n import tr

SQLITE_HEADER = b"SQLite format 3\x00"
_SPACES = re.compile(r"\s+")


def _not_a_database(path: Path, reason: object) -> DatabaseError:
    return DatabaseError(
        tr("{path} is not a usable ExportMatch database: {reason}. Nothing was restored.").format(
            path=path, reason=reason
        )
    )


def copy_revision(path: Path) -> str:
    """The one Alembic revision recorded in the copy; a clear error for none or several."""
    try:
        with closing(open_untrusted(path)) as connection:
            kinds = dict(
                connection.execute(
                    "SELECT name, type FROM sqlite_schema WHERE name = 'alembic_version'"
                ).fetchall()
            )
            if kinds.get("alembic_version") != "table":
                raise _not_a_database(path, tr("it records no ExportMatch schema revision"))
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise _not_a_database(path, exc) from exc
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise _not_a_database(
            path,
            tr("it records {count} schema revisions instead of one").format(count=len(rows)),
        )
    return check_revision(str(path), rows[0][0])


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find in the copy."""
    try:
        with closing(open_untrusted(path)) as connection:
            found = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            found += [
                f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")
            ]
    except sqlite3.Error as exc:
        return [str(exc)]
    return [problem for problem in found if problem != "ok"]


def _normalised(sql: str | None) -> str | None:
    # A table rebuilt by a batch migration is renamed, which quotes its name.
    return None if sql is None else _SPACES.sub(" ", sql.replace('"', "")).strip()


SchemaRow = tuple[str, str, str, str | None]


def schema_of(connection: sqlite3.Connection) -> set[SchemaRow]:
    """Every object of ``sqlite_schema`` (bar SQLite's statistics) with its normalised SQL."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    return {
        (str(kind), str(name), str(table), _normalised(sql))
        for kind, name, table, sql in rows
        if not str(name).startswith(("sqlite_stat", "sqlite_sequence"))
    }


@lru_cache(maxsize=8)
def reference_schema(revision: str) -> frozenset[SchemaRow]:
    """The schema ExportMatch's own migrations give a new SQLite database at ``revision``."""
    with tempfile.TemporaryDirectory(prefix="exportmatch-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
        try:
            from alembic import command  # imported here: checking a copy is rare

            config = alembic_config()
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        finally:
            engine.dispose()
        with closing(sqlite3.connect(path)) as connection:
            return frozenset(schema_of(connection))


_KIND_ORDER = {"table": 0, "view": 1, "trigger": 2, "index": 3}


def _schema_order(row: SchemaRow) -> tuple[int, str]:
    # Tables first: a missing table explains its missing indexes.
    return _KIND_ORDER.get(row[0], 4), row[1]


def schema_differences(path: Path, revision: str) -> list[str]:
    """How the copy's schema differs from ``revision``'s, one line per object."""
    try:
        with closing(open_untrusted(path)) as connection:
            found = schema_of(connection)
    except sqlite3.Error as exc:
        return [str(exc)]
    expected = reference_schema(revision)
    by_name = {(kind, name): sql for kind, name, _, sql in expected}
    problems = []
    for kind, name, _, _sql in sorted(found - expected, key=_schema_order):
        if (kind, name) in by_name:
            problems.append(
                tr("the {kind} {name} is defined differently").format(kind=kind, name=name)
            )
        else:
            problems.append(tr("an unexpected {kind} {name}").format(kind=kind, name=name[:60]))
    present = {(kind, name) for kind, name, _, _ in found}
    for kind, name, _, _ in sorted(expected - found, key=_schema_order):
        if (kind, name) not in present:
            problems.append(tr("the {kind} {name} is missing").format(kind=kind, name=name))
    return problems


def check_copy(path: Path) -> str:
    """Refuse a copy that is damaged or whose schema is not exactly its revision's.

    Returns the copy's revision.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _not_a_database(path, exc.strerror or exc) from exc
    if header != SQLITE_HEADER:
        raise _not_a_database(path, tr("it is not a SQLite database"))
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Read immutable, the copy's own file would be restored without these changes.
        raise _not_a_database(
            path,
            tr(
                "part of it is still in {wal} (the file was copied while in use); make the "
                "backup with exportmatch db backup, which writes one whole file"
            ).format(wal=wal.name),
        )
    revision = copy_revision(path)
    differences = schema_differences(path, revision)
    if differences:
        shown = "; ".join(differences[:5])
        more = len(differences) - 5
        if more > 0:
            shown += tr("; and {count} more").format(count=more)
        raise _not_a_database(
            path,
            tr("its schema is not ExportMatch's schema {revision}: {differences}").format(
                revision=revision, differences=shown
            ),
        )
    problems = integrity_problems(path)
    if problems:
        raise _not_a_database(
            path, tr("it is damaged: {problem}").format(problem=problems[0][:200])
        )
    return revision


class SqliteCopySource:
    """The rows of a checked SQLite copy, read through the ORM's column types."""

    def __init__(self, path: Path, revision: str) -> None:
        self.label = str(path)
        self.schema_revision = revision
        self._engine: Engine = create_engine(
            "sqlite://", creator=lambda: open_untrusted(path), poolclass=NullPool
        )
        try:
            with self._engine.connect() as connection:
                self._tables = dumped_tables(connection)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise _not_a_database(path, exc) from exc
        self.tables = tuple(
            SourceTable(table.name, tuple(c.name for c in columns), None)
            for table, columns in self._tables
        )

    def close(self) -> None:
        """Release the copy."""
        self._engine.dispose()

    def rows(
        self, table: Table, columns: list[Column[Any]]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """Rows of ``table`` in key order, numbered from 1."""
        number = 0
        order = list(table.primary_key.columns) or columns
        try:
            with self._engine.connect() as connection:
                result = connection.execution_options(yield_per=CHUNK_ROWS).execute(
                    select(*columns).order_by(*order)
                )
                for row in result:
                    number += 1
                    yield number, dict(zip((c.name for c in columns), row, strict=True))
        except (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, ArithmeticError) as exc:
            raise source_error(
                self.label,
                table.name,
                number + 1,
                tr("the row cannot be read ({reason})").format(
                    reason=str(exc).splitlines()[0][:200]
                ),
            ) from exc

    def verify(self, name: str, count: int) -> None:
        """Nothing to compare: a copy has no manifest."""
