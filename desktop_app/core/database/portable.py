"""A portable dump of all ExportMatch data that restores into SQLite or PostgreSQL.

The dump is one zip file: a JSON Lines member per table (``tables/<name>.jsonl``, one
object per row, in primary-key order) and a ``manifest.json`` with the app version, the
schema revision, and each member's columns, row count and SHA-256. Values are written as
JSON where JSON has the type; decimals, dates and timestamps as ISO text, so nothing is
rounded through a float and both backends read the same values back.

Everything is generic over ``Base.metadata`` and the tables the database really has, so a
new migration needs no change here. Rows are streamed (constant memory) and the dump is
written under a temporary name, so a failed or cancelled dump leaves no file behind.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Column, Connection, Engine, Float, Numeric, Table, func, inspect, select
from sqlalchemy.types import Date, DateTime, TypeDecorator, TypeEngine

from desktop_app import __version__
from desktop_app.core.database.backup import durable_replace, partial_path, remove_stale_partials
from desktop_app.core.domain.models import Base
from desktop_app.core.errors import DatabaseError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

DUMP_FORMAT = "exportmatch-dump"
DUMP_FORMAT_VERSION = 1
DUMP_SUFFIX = ".emdump"
MANIFEST_MEMBER = "manifest.json"
CHUNK_ROWS = 1_000


@dataclass(frozen=True)
class TableEntry:
    """One table in a dump: its member, columns, row count and checksum."""

    name: str
    member: str
    columns: tuple[str, ...]
    rows: int
    sha256: str


@dataclass(frozen=True)
class DumpManifest:
    """What a dump holds and where it came from."""

    app_version: str
    schema_revision: str | None
    source_backend: str
    created_at: str
    tables: tuple[TableEntry, ...]

    @property
    def total_rows(self) -> int:
        """Rows in every table together."""
        return sum(entry.rows for entry in self.tables)

    def to_json(self) -> dict[str, Any]:
        """The manifest as written into the dump."""
        return {
            "format": DUMP_FORMAT,
            "format_version": DUMP_FORMAT_VERSION,
            "app_version": self.app_version,
            "schema_revision": self.schema_revision,
            "source_backend": self.source_backend,
            "created_at": self.created_at,
            "tables": [
                {
                    "name": e.name,
                    "member": e.member,
                    "columns": list(e.columns),
                    "rows": e.rows,
                    "sha256": e.sha256,
                }
                for e in self.tables
            ],
        }


def _base_type(column: Column[Any]) -> TypeEngine[Any]:
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def encode_value(column: Column[Any], value: Any) -> Any:
    """A JSON-friendly form of one column value that :func:`decode_value` reverses."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode_value(column: Column[Any], value: Any) -> Any:
    """The Python value to insert for ``value`` as :func:`encode_value` wrote it.

    A value of another JSON type than the one written is left as it is, for the column
    bounds (:mod:`desktop_app.core.validation.columns`) to refuse with a reason; text that
    does not parse raises ``ValueError`` or ``ArithmeticError``.
    """
    if value is None:
        return None
    decoder = value_decoder(column)
    return value if decoder is None else decoder(value)


def _timestamp(value: Any) -> Any:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Any:
    readable = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    return Decimal(value) if readable else value


def value_decoder(column: Column[Any]) -> Callable[[Any], Any] | None:
    """What turns a non-empty dumped value of ``column`` back into Python (``None``: as is)."""
    kind = _base_type(column)
    if isinstance(kind, DateTime):
        return _timestamp
    if isinstance(kind, Date):
        return _day
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        return _decimal
    return None


def dumped_tables(connection: Connection) -> list[tuple[Table, list[Column[Any]]]]:
    """ExportMatch tables present in the database, parents first, with their columns.

    Only columns the database really has are taken, so a database at an older schema
    revision than the models is dumped as it is.
    """
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    result = []
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        existing = {column["name"] for column in inspector.get_columns(table.name)}
        result.append((table, [column for column in table.columns if column.name in existing]))
    return result


def database_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at, or ``None`` before the first migration."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def dump_database(
    engine: Engine, target: Path, progress: ProgressReporter = NULL_PROGRESS
) -> DumpManifest:
    """Write every ExportMatch table of ``engine``'s database to the zip file ``target``.

    Reads in one transaction, so the dump is a consistent snapshot even while others
    write (PostgreSQL: repeatable read; SQLite: one read transaction in WAL mode).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target.parent)
    partial = partial_path(target)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                manifest = _write_dump(connection, partial, progress)
        durable_replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            tr("Could not write the dump {target}: {reason}").format(
                target=target, reason=exc.strerror or exc
            )
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_dump(connection: Connection, path: Path, progress: ProgressReporter) -> DumpManifest:
    tables = dumped_tables(connection)
    counts = {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table, _ in tables
    }
    progress.start(sum(counts.values()), tr("Writing the portable dump"))
    entries: list[TableEntry] = []
    done = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, columns in tables:
            progress.check_cancelled()
            member = f"tables/{table.name}.jsonl"
            digest = hashlib.sha256()
            written = 0
            order = list(table.primary_key.columns) or columns
            rows = connection.execution_options(yield_per=CHUNK_ROWS).execute(
                select(*columns).order_by(*order)
            )
            with archive.open(member, "w", force_zip64=True) as stream:
                for row in rows:
                    record = {c.name: encode_value(c, v) for c, v in zip(columns, row, strict=True)}
                    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
                    digest.update(line)
                    stream.write(line)
                    written += 1
                    if written % CHUNK_ROWS == 0:
                        progress.check_cancelled()
                        progress.advance(done + written)
            done += written
            progress.advance(done)
            entries.append(
                TableEntry(
                    table.name, member, tuple(c.name for c in columns), written, digest.hexdigest()
                )
            )
        manifest = DumpManifest(
            app_version=__version__,
            schema_revision=database_revision(connection),
            source_backend=connection.dialect.name,
            created_at=datetime.now(UTC).isoformat(),
            tables=tuple(entries),
        )
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest.to_json(), indent=2))
    return manifest


def is_portable_dump(path: Path) -> bool:
    """True when ``path`` is a zip holding an ExportMatch manifest."""
    try:
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            return MANIFEST_MEMBER in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


class DumpLimits(NamedTuple):
    """How big a dump may grow when it is read: guards against zip bombs and huge lines."""

    max_line_bytes: int = 16 * 1024 * 1024
    max_manifest_bytes: int = 1024 * 1024
    max_total_bytes: int = 64 * 1024**3
    max_ratio: int = 200
    ratio_floor_bytes: int = 16 * 1024 * 1024


DUMP_LIMITS = DumpLimits()


def _not_a_dump(path: Path, reason: object) -> DatabaseError:
    return DatabaseError(
        tr("{path} is not an ExportMatch portable dump or is damaged: {reason}. ").format(
            path=path, reason=reason
        )
        + tr("Nothing was restored.")
    )


def check_archive(path: Path, manifest: DumpManifest, limits: DumpLimits = DUMP_LIMITS) -> None:
    """Refuse a dump whose members are missing, repeated, unexpected or too big.

    The sizes come from the zip's directory; :mod:`zipfile` never yields more than a
    member's recorded size (and checks its CRC), so bounding them bounds what is read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise _not_a_dump(path, exc) from exc
    names = [info.filename for info in infos]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _not_a_dump(path, tr("it holds {members} twice").format(members=", ".join(repeated)))
    expected = {entry.member for entry in manifest.tables} | {MANIFEST_MEMBER}
    missing = sorted(expected - set(names))
    if missing:
        raise _not_a_dump(path, tr("the member {member} is missing").format(member=missing[0]))
    unexpected = sorted(set(names) - expected)
    if unexpected:
        raise _not_a_dump(
            path,
            tr("it holds a member {member} its manifest does not list").format(
                member=unexpected[0]
            ),
        )
    total = 0
    for info in infos:
        total += info.file_size
        allowed = max(limits.ratio_floor_bytes, limits.max_ratio * info.compress_size)
        if info.file_size > allowed:
            raise _not_a_dump(
                path,
                tr(
                    "the member {member} would unpack from {packed} to {size} bytes, more than "
                    "{ratio} times its packed size"
                ).format(
                    member=info.filename,
                    packed=info.compress_size,
                    size=info.file_size,
                    ratio=limits.max_ratio,
                ),
            )
    if total > limits.max_total_bytes:
        raise _not_a_dump(
            path,
            tr("it would unpack to {size} bytes, more than the limit of {limit}").format(
                size=total, limit=limits.max_total_bytes
            ),
        )


def read_manifest(path: Path, limits: DumpLimits = DUMP_LIMITS) -> DumpManifest:
    """The manifest of the dump at ``path``; a clear error for anything else."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST_MEMBER)
            if info.file_size > limits.max_manifest_bytes:
                raise _not_a_dump(
                    path,
                    tr("its manifest is {size} bytes, more than {limit}").format(
                        size=info.file_size, limit=limits.max_manifest_bytes
                    ),
                )
            raw = json.loads(archive.read(info), parse_constant=_refuse_constant)
    except FileNotFoundError as exc:
        raise DatabaseError(tr("No dump file at {path}").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise DatabaseError(tr("{path} is a folder, not a dump file").format(path=path)) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError) as exc:
        raise _not_a_dump(path, exc) from exc
    if not isinstance(raw, dict):
        raise _not_a_dump(path, tr("its manifest is not a JSON object"))
    if raw.get("format") != DUMP_FORMAT or raw.get("format_version") != DUMP_FORMAT_VERSION:
        raise DatabaseError(
            tr("{path} is a dump of an unknown format ({format} {version}).").format(
                path=path,
                format=_short(raw.get("format")),
                version=_short(raw.get("format_version")),
            )
        )
    try:
        return _manifest_from_json(raw)
    except ManifestError as exc:
        raise _not_a_dump(path, tr("its manifest is wrong: {reason}").format(reason=exc)) from exc


class ManifestError(ValueError):
    """A manifest field is missing or of the wrong type."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(tr("{name} is not a JSON number").format(name=name))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _field(raw: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ManifestError(
            tr("{where}: {key} is missing or of the wrong type").format(where=where, key=key)
        )
    return value


def _manifest_from_json(raw: dict[str, Any]) -> DumpManifest:
    revision = raw.get("schema_revision")
    if revision is not None and not isinstance(revision, str):
        raise ManifestError(tr("schema_revision is not text"))
    tables = _field(raw, "tables", list, "manifest")
    entries: list[TableEntry] = []
    seen: set[str] = set()
    for position, table in enumerate(tables, start=1):
        where = tr("table {number}").format(number=position)
        if not isinstance(table, dict):
            raise ManifestError(tr("{where} is not an object").format(where=where))
        name = _field(table, "name", str, where)
        if name in seen:
            raise ManifestError(tr("the table {table} is listed twice").format(table=_short(name)))
        seen.add(name)
        member = _field(table, "member", str, where)
        if member != f"tables/{name}.jsonl":
            raise ManifestError(
                tr("the table {table} is in {member}, not tables/{table}.jsonl").format(
                    table=_short(name), member=_short(member)
                )
            )
        columns = _field(table, "columns", list, where)
        if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
            raise ManifestError(
                tr("the columns of {table} are not distinct names").format(table=_short(name))
            )
        rows = _field(table, "rows", int, where)
        if rows < 0:
            raise ManifestError(tr("{table} has {rows} rows").format(table=_short(name), rows=rows))
        digest = _field(table, "sha256", str, where)
        if len(digest) != 64:
            raise ManifestError(tr("the checksum of {table} is not a SHA-256").format(table=name))
        entries.append(TableEntry(name, member, tuple(columns), rows, digest))
    return DumpManifest(
        app_version=_short(raw.get("app_version", "")),
        schema_revision=revision,
        source_backend=_short(raw.get("source_backend", "")),
        created_at=_short(raw.get("created_at", "")),
        tables=tuple(entries),
    )
