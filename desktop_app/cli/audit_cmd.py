"""``exportmatch audit export``: the audit trail of edits and match decisions as CSV."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from desktop_app.core.database.session import open_database
from desktop_app.core.i18n import tr
from desktop_app.core.progress import TerminalProgress
from desktop_app.core.services.audit_export import ENTITY_TYPES, AuditFilters, write_audit_csv


def parse_since(text: str) -> datetime:
    """``2026-11-01`` (midnight UTC) or ``2026-11-01T14:30[+03:00]`` (UTC if no zone)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not a date; write it as 2026-11-01 or 2026-11-01T14:30").format(
                text=text
            )
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``audit`` command and its ``export`` action."""
    parser = subparsers.add_parser("audit", help="the audit trail of edits and decisions")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write audit and review events to a CSV file (UTF-8 with BOM)"
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="the CSV file")
    export.add_argument("--since", type=parse_since, help="only events from this date or time on")
    export.add_argument("--entity", choices=ENTITY_TYPES, help="only this kind of record")
    export.add_argument("--actor", help="only what this person did")
    export.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    """Write the filtered audit trail to ``--output``."""
    filters = AuditFilters(since=args.since, entity_type=args.entity, actor=args.actor)
    database = open_database(args.database)
    try:
        with database.session() as session:
            count = write_audit_csv(session, args.output, filters, TerminalProgress())
    finally:
        database.dispose()
    print(tr("{count} audit events written to {path}").format(count=count, path=args.output))
    return 0
