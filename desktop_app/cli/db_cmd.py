"""``exportmatch db upgrade|current|backup|restore``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.backup import backup_sqlite, timestamped_backup_path
from desktop_app.core.database.engine import (
    create_app_engine,
    describe_url,
    resolve_database_url,
    sqlite_path,
)
from desktop_app.core.database.migrate import schema_state, upgrade_database
from desktop_app.core.database.portable import DUMP_SUFFIX, dump_database
from desktop_app.core.database.portable_restore import existing_row_counts
from desktop_app.core.database.restore import BackupKind, backup_kind, restore_from_file
from desktop_app.core.database.retention import automatic_backups_dir
from desktop_app.core.database.session import is_damage, translate_operational_error
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.progress import TerminalProgress


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``db`` command and its actions."""
    parser = subparsers.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply pending schema migrations")
    upgrade.set_defaults(handler=upgrade_command)
    current = actions.add_parser("current", help="show the database and its schema version")
    current.set_defaults(handler=current_command)
    backup = actions.add_parser(
        "backup",
        help="write a consistent copy of the database (SQLite file copy, or a portable dump)",
    )
    backup.add_argument("-o", "--output", type=Path, help="the copy's file name")
    backup.add_argument(
        "--portable",
        action="store_true",
        help="write a portable dump that restores into SQLite or PostgreSQL "
        "(always used for PostgreSQL)",
    )
    backup.set_defaults(handler=backup_command)
    restore = actions.add_parser(
        "restore",
        help="restore a SQLite backup file or a portable dump into the database",
    )
    restore.add_argument("file", type=Path, help="a backup written by `db backup`")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace the data of a database that is not empty (it is backed up first)",
    )
    restore.set_defaults(handler=restore_command)


def upgrade_command(args: argparse.Namespace) -> int:
    with translated_errors(args.database):
        return _upgrade_command(args)


@contextmanager
def translated_errors(database: str | None) -> Iterator[None]:
    """Connection failures and damaged files as messages, like every other command."""
    try:
        yield
    except OperationalError as exc:
        raise translate_operational_error(exc, _where(database)) from exc
    except SQLAlchemyDatabaseError as exc:
        if not is_damage(exc):
            raise
        raise translate_operational_error(exc, _where(database)) from exc


def _where(database: str | None) -> str:
    try:
        return describe_url(resolve_database_url(database))
    except UserError:
        return str(database)


def _upgrade_command(args: argparse.Namespace) -> int:
    """Migrate the database to the newest schema."""
    url = resolve_database_url(args.database)
    engine = create_app_engine(url)
    try:
        report = upgrade_database(engine)
    finally:
        engine.dispose()
    if report.from_revision == report.to_revision:
        print(f"{describe_url(url)}: already at schema {report.to_revision}")
    else:
        print(
            f"{describe_url(url)}: upgraded from {report.from_revision or 'empty'} "
            f"to {report.to_revision}"
        )
    if report.backup:
        print(f"backup before the upgrade: {report.backup}")
    return 0


def current_command(args: argparse.Namespace) -> int:
    with translated_errors(args.database):
        return _current_command(args)


def _current_command(args: argparse.Namespace) -> int:
    """Print the database and its schema revision against the app's newest."""
    url = resolve_database_url(args.database)
    engine = create_app_engine(url)
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    print(f"database: {describe_url(url)}")
    print(f"schema: {state.current or 'empty'} (this version of ExportMatch: {state.head})")
    if not state.known:
        print("the schema is newer than this version of ExportMatch")
    elif not state.up_to_date:
        print("migrations are pending: run `exportmatch db upgrade`")
    return 0


def backup_command(args: argparse.Namespace) -> int:
    with translated_errors(args.database):
        return _backup_command(args)


def _backup_command(args: argparse.Namespace) -> int:
    """Copy the database: SQLite's online backup, or a portable dump of either backend."""
    url = resolve_database_url(args.database)
    path = sqlite_path(url)
    if path is not None and not args.portable:
        target = args.output or timestamped_backup_path(path)
        backup_sqlite(path, Path(target))
        print(f"backup written: {target}")
        return 0
    if args.output:
        target = Path(args.output)
    elif path is not None:
        target = timestamped_backup_path(path).with_suffix(DUMP_SUFFIX)
    else:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = url.database or "exportmatch"
        target = automatic_backups_dir() / f"{name}.backup-{stamp}{DUMP_SUFFIX}"
    engine = create_app_engine(url)
    try:
        manifest = dump_database(engine, target, TerminalProgress())
    finally:
        engine.dispose()
    print(
        f"portable dump written: {target} ({manifest.total_rows} rows in "
        f"{len(manifest.tables)} tables, schema {manifest.schema_revision})"
    )
    return 0


def restore_command(args: argparse.Namespace) -> int:
    with translated_errors(args.database):
        return _restore_command(args)


def _restore_command(args: argparse.Namespace) -> int:
    """Restore a backup; a safety copy of the current database is taken first."""
    url = resolve_database_url(args.database)
    source = Path(args.file)
    engine = create_app_engine(url)
    try:
        if backup_kind(source) is BackupKind.PORTABLE_DUMP and not args.force:
            with engine.connect() as connection:
                existing = existing_row_counts(connection)
            if existing:
                raise UserError(
                    tr(
                        "{where} already holds ExportMatch data ({rows} rows); restore into "
                        "an empty database, or add --force to replace its data (it is backed "
                        "up first)."
                    ).format(where=describe_url(url), rows=sum(existing.values()))
                )
        outcome = restore_from_file(
            engine,
            source,
            replace=args.force,
            progress=TerminalProgress(),
            actor=command_actor(args),
        )
    finally:
        engine.dispose()
    if outcome.safety_backup is not None:
        print(f"the previous database was backed up to {outcome.safety_backup}")
    rows = f" ({outcome.rows} rows)" if outcome.rows is not None else ""
    print(f"restored {source} into {describe_url(url)}{rows}")
    return 0
