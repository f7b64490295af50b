"""``exportmatch db upgrade|current|backup``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.core.database.backup import backup_sqlite, timestamped_backup_path
from desktop_app.core.database.engine import (
    create_app_engine,
    describe_url,
    resolve_database_url,
    sqlite_path,
)
from desktop_app.core.database.migrate import schema_state, upgrade_database
from desktop_app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``db`` command and its actions."""
    parser = subparsers.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply pending schema migrations")
    upgrade.set_defaults(handler=upgrade_command)
    current = actions.add_parser("current", help="show the database and its schema version")
    current.set_defaults(handler=current_command)
    backup = actions.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("-o", "--output", type=Path, help="the copy's file name")
    backup.set_defaults(handler=backup_command)


def upgrade_command(args: argparse.Namespace) -> int:
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
    """Copy the embedded database with SQLite's online backup API."""
    url = resolve_database_url(args.database)
    path = sqlite_path(url)
    if path is None:
        raise UserError(
            "`db backup` copies a SQLite database file; for PostgreSQL use pg_dump "
            "or the portable dump."
        )
    target = args.output or timestamped_backup_path(path)
    backup_sqlite(path, Path(target))
    print(f"backup written: {target}")
    return 0
