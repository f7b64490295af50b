"""Insert many new rows of one table at driver speed, converting values as SQLAlchemy would.

``session.connection().execute(insert(table), dicts)`` spends most of its time compiling
parameters per row (type processors, defaults, dict handling); with a hundred thousand
demand lines that is several seconds. :class:`BulkInserter` prepares the statement text,
the column order and each column's bind processor once, evaluates Python-side defaults
(timestamps, version) once per chunk, and hands the driver one ``executemany`` of tuples.
The stored values are the same as through Core: the same processors convert them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table

from desktop_app.core.database.drivers import driver_placeholder
from desktop_app.core.database.sqlalchemy_compat import bind_processor

Processor = Callable[[Any], Any]


def _processor(column: Column[Any], connection: Connection) -> Processor | None:
    # What Core itself applies to a bound value of this type.
    return bind_processor(column.type, connection.dialect)


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        # Core wraps a zero-argument default such as utcnow() to take the context.
        return default.arg(None)  # type: ignore[attr-defined]
    if default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    return None


class DriverValues:
    """Converts rows of ``names`` columns of ``table`` to what the driver is handed.

    The same bind processors :class:`BulkInserter` applies (so a row converted here is
    inserted as it would have been), for a process that converts rows before they reach
    the one that inserts them: it needs the dialect only, never a connection.
    """

    def __init__(self, table: Table, names: Sequence[str], dialect: Dialect) -> None:
        self.names = tuple(names)
        self._processors = [
            (index, process)
            for index, name in enumerate(self.names)
            if (process := bind_processor(table.columns[name].type, dialect)) is not None
        ]

    def __call__(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """``row`` (values in ``names`` order) as the driver takes it."""
        return _converted(row, self._processors)


@dataclass(frozen=True)
class BulkInserter:
    """One prepared ``INSERT`` of rows given as tuples in ``row_columns`` order.

    Columns of the table that are neither in ``row_columns`` nor ``constants`` get their
    Python default (evaluated per :meth:`insert` call) or NULL; the primary key is left to
    the database. The first ``converted`` values of each row are already as the driver
    takes them (:class:`DriverValues`); the others are converted here.
    """

    table: Table
    row_columns: tuple[str, ...]
    constants: dict[str, Any]
    converted: int = 0

    def insert(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (tuples of values in ``row_columns`` order) in one executemany."""
        if not rows:
            return
        dialect = connection.dialect
        placeholder = driver_placeholder(dialect)
        given = set(self.row_columns)
        fixed_names: list[str] = []
        fixed_values: list[Any] = []
        for column in self.table.columns:
            if column.name in given or column.primary_key:
                continue
            value = self.constants.get(column.name, _default(column))
            if value is None:
                continue
            process = _processor(column, connection)
            fixed_names.append(column.name)
            fixed_values.append(process(value) if process else value)
        processors = [
            (index, process)
            for index, name in enumerate(self.row_columns)
            if index >= self.converted
            and (process := _processor(self.table.columns[name], connection)) is not None
        ]
        tail = tuple(fixed_values)
        prepared = [_converted(row, processors) + tail for row in rows]
        quote = dialect.identifier_preparer.quote
        names = [*self.row_columns, *fixed_names]
        statement = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
            table=quote(self.table.name),
            columns=", ".join(quote(name) for name in names),
            values=", ".join([placeholder] * len(names)),
        )
        connection.exec_driver_sql(statement, prepared)


def _converted(row: Sequence[Any], processors: list[tuple[int, Processor]]) -> tuple[Any, ...]:
    if not processors:
        return tuple(row)
    values = list(row)
    for index, process in processors:
        value = values[index]
        if value is not None:
            values[index] = process(value)
    return tuple(values)


IMPORT_PAGE_CACHE_KIB = 16 * 1024


@contextmanager
def larger_page_cache(connection: Connection) -> Iterator[None]:
    """On SQLite, give ``connection`` a 16 MiB page cache while a bulk import writes.

    SQLite's default cache is 2 MiB; the six indexes of ``demand_lines`` (a fingerprint
    index takes keys in random order) and the FTS5 segments outgrow it at some ten
    thousand rows, and the inserts then re-read pages from the WAL. A larger cache made
    the inserts of 100,000 demand lines a fifth cheaper. The pooled connection gets its
    own size back afterwards, also after an error; the cache grows only as pages are
    used. Other databases manage their buffers themselves: nothing is changed there.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    # The driver's own connection: it answers even when an error ended the transaction.
    driver = connection.connection.driver_connection
    if driver is None:
        yield
        return
    before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    if before < 0 and -before >= IMPORT_PAGE_CACHE_KIB:
        yield
        return
    driver.execute(f"PRAGMA cache_size = -{IMPORT_PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {before}")
