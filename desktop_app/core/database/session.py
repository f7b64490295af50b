"""The open database of a running app: its URL, engine and session factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.database.audit import set_actor
from desktop_app.core.database.conflicts import conflict_from_stale
from desktop_app.core.database.engine import (
    create_app_engine,
    describe_url,
    make_session_factory,
    resolve_database_url,
)
from desktop_app.core.database.migrate import UpgradeReport, upgrade_database
from desktop_app.core.database.retry import retry_when_busy
from desktop_app.core.errors import DatabaseBusyError, DatabaseError
from desktop_app.core.i18n import tr


@dataclass
class Database:
    """An opened, migrated database."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    upgrade: UpgradeReport | None = field(default=None)

    @property
    def description(self) -> str:
        """Password-free name of the database for people."""
        return describe_url(self.url)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @contextmanager
    def session(self, actor: str | None = None, *, write: bool = False) -> Iterator[Session]:
        """One unit of work, committed at the end of the block or rolled back on error.

        ``write=True`` says the block reads and then writes (a counter, a decision): on
        SQLite it takes the write lock at the start, retrying while another process holds
        it, so it cannot be refused half-way. A record changed by someone else since it
        was read raises :class:`~desktop_app.core.errors.ConflictError`.
        """
        with self.sessions() as session:
            set_actor(session, actor)
            try:
                with session.begin():
                    if write and self.backend == "sqlite":
                        connection = session.connection()
                        retry_when_busy(lambda: connection.exec_driver_sql("BEGIN IMMEDIATE"))
                    yield session
            except StaleDataError as exc:
                raise conflict_from_stale(exc, session, self.sessions) from exc
            except OperationalError as exc:
                raise translate_operational_error(exc, self.description) from exc
            except SQLAlchemyDatabaseError as exc:
                if not is_damage(exc):
                    raise
                raise translate_operational_error(exc, self.description) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_DAMAGE = ("malformed", "not a database", "file is encrypted")


def is_damage(exc: SQLAlchemyDatabaseError) -> bool:
    """True when the driver reports a damaged database file (not a refused row)."""
    lowered = str(exc.orig if exc.orig is not None else exc).lower()
    return any(sign in lowered for sign in _DAMAGE)


def translate_operational_error(exc: SQLAlchemyDatabaseError, where: str) -> DatabaseError:
    """Turn a driver's connection, locking or damage failure into a message a person can act on."""
    text_ = str(exc.orig) if exc.orig is not None else str(exc)
    lowered = text_.lower()
    if is_damage(exc):
        return DatabaseError(
            tr(
                "The database {where} is damaged ({reason}). Restore it from a backup into a "
                "new file (exportmatch --database NEW db restore BACKUP)."
            ).format(where=where, reason=text_.strip().splitlines()[0][:200])
        )
    if "database is locked" in lowered or "database is busy" in lowered:
        return DatabaseBusyError(
            tr(
                "The database {where} is busy: another ExportMatch is writing to it. "
                "Try again in a moment."
            ).format(where=where)
        )
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseError(
            tr("The database {where} is read-only; ExportMatch cannot save changes.").format(
                where=where
            )
        )
    if "disk" in lowered and "full" in lowered:
        return DatabaseError(tr("The disk holding {where} is full.").format(where=where))
    return DatabaseError(
        tr("Cannot use the database {where}: {reason}").format(
            where=where, reason=text_.strip().splitlines()[0] if text_.strip() else exc
        )
    )


def open_database(url: str | URL | None = None, upgrade: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url``, the env, or the embedded file."""
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    engine = create_app_engine(resolved)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        report = upgrade_database(engine) if upgrade else None
    except OperationalError as exc:
        engine.dispose()
        raise translate_operational_error(exc, describe_url(resolved)) from exc
    except SQLAlchemyDatabaseError as exc:
        engine.dispose()
        if not is_damage(exc):
            raise
        raise translate_operational_error(exc, describe_url(resolved)) from exc
    except Exception:
        engine.dispose()
        raise
    return Database(resolved, engine, make_session_factory(engine), report)


def check_connection(url: str | None) -> str:
    """Open the database at ``url`` without migrating it; its description when it answers.

    A refused connection or a bad URL raises :class:`DatabaseError` with the reason.
    """
    database = open_database(url, upgrade=False)
    try:
        with database.session() as session:
            session.connection()
        return database.description
    finally:
        database.dispose()
