"""Engines and sessions for the embedded SQLite file or a shared PostgreSQL server."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.database.listeners import install_session_listeners
from desktop_app.core.errors import DatabaseError
from desktop_app.core.i18n import tr
from desktop_app.core.paths import default_database_path

ENV_DATABASE_URL = "EXPORTMATCH_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def resolve_database_url(explicit: str | None = None) -> URL:
    """The database to open: ``explicit``, else the environment, else the embedded file.

    A value without ``://`` is taken as the path of a SQLite file. ``postgresql://`` URLs
    use the psycopg 3 driver.
    """
    raw = explicit or os.environ.get(ENV_DATABASE_URL) or str(default_database_path())
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseError(tr("Not a database URL: {url}").format(url=raw)) from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            tr("Unsupported database {name}: use a SQLite file or a PostgreSQL URL").format(
                name=url.get_backend_name()
            )
        )
    return url


def describe_url(url: URL) -> str:
    """A short, password-free description of the database for the status bar."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite database, or ``None`` for memory or another backend."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100


def _left_untouched(path: Path, reason: str) -> DatabaseError:
    return DatabaseError(
        tr(
            "{path} {reason}; it is left untouched. Open another database, or restore this "
            "one from a backup into a new file (exportmatch --database NEW db restore BACKUP)."
        ).format(path=path, reason=reason)
    )


def folder_is_writable(folder: Path) -> bool:
    """Whether files can be created in ``folder``: not on a read-only file system (which
    even root cannot write) and writable by this user."""
    try:
        if os.name == "posix" and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def check_sqlite_file(path: Path) -> None:
    """Refuse, before any connection writes to it, a file that is no ExportMatch database.

    Opening a SQLite database switches it to WAL, which rewrites its header: a file of
    random bytes, plain text, a truncated or damaged database, or another program's
    SQLite database is refused here, read-only, and so left exactly as it was. A missing
    or empty file is a new database and passes.
    """
    try:
        if path.is_dir():
            raise _left_untouched(path, tr("is a folder, not a database file"))
        if not path.exists():
            return
        if not path.is_file():
            raise _left_untouched(path, tr("is not a regular file"))
        size = path.stat().st_size
        if size == 0:
            return
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError as exc:
        raise DatabaseError(
            tr("Cannot read the database {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    if len(header) < _HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        raise _left_untouched(path, tr("is not a SQLite database"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _left_untouched(path, tr("has a damaged header"))
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    if size_is_valid and pages and size < page_size * pages and not wal.exists():
        raise _left_untouched(
            path,
            tr("is truncated ({size} of {expected} bytes)").format(
                size=size, expected=page_size * pages
            ),
        )
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA trusted_schema = OFF")
            objects = conn.execute("SELECT name, type FROM sqlite_schema").fetchall()
    except sqlite3.Error as exc:
        if not folder_is_writable(path.parent):
            # A database in WAL mode is opened (read-only too) with its -shm file beside it;
            # on a read-only disk or in a folder we cannot write, SQLite "cannot open" it.
            raise DatabaseError(
                tr(
                    "The database {path} is on a read-only disk or in a folder ExportMatch "
                    "cannot write to, so it cannot be opened; it is left untouched. Copy it "
                    "to a folder you can write to and open the copy, or make the folder "
                    "writable."
                ).format(path=path)
            ) from exc
        raise _left_untouched(
            path, tr("is damaged or not a database ({reason})").format(reason=exc)
        ) from exc
    tables = {str(name) for name, kind in objects if kind == "table"}
    if (
        tables - {"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}
        and "alembic_version" not in tables
    ):
        raise _left_untouched(
            path,
            tr("holds tables but no ExportMatch schema version: it was not created by ExportMatch"),
        )


def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers and one writer work at once across processes; the busy timeout
    # makes a second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def create_app_engine(url: URL | str) -> Engine:
    """An engine with the settings ExportMatch relies on for its backend."""
    url = resolve_database_url(str(url)) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, pool_pre_ping=True
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "ExportMatch"},
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """The app's sessions: audited and indexed on every flush (see ``listeners``).

    Their objects stay readable after commit (they are turned into dataclasses).
    """
    return install_session_listeners(sessionmaker(engine, expire_on_commit=False))


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any exception."""
    with factory() as session, session.begin():
        yield session
