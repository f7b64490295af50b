"""``exportmatch export catalogue|matches -o FILE`` and ``exportmatch export templates``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.enums import BatchStatus
from desktop_app.core.errors import Cancelled, UserError
from desktop_app.core.exporting import (
    ExportFilters,
    ExportKind,
    ExportSummary,
    PerBuyer,
    builtin_templates,
    load_template,
    record_failed_export,
    run_export,
)
from desktop_app.core.exporting.buyer_check import UntranslatedColumn, untranslated_columns
from desktop_app.core.i18n import tr
from desktop_app.core.progress import TerminalProgress
from desktop_app.core.services.naming import glosser


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export", help="export the supplier catalogue or accepted matches to .xlsx or .csv"
    )
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    for kind, help_text in (
        (ExportKind.CATALOGUE, "active products with their companies"),
        (ExportKind.MATCHES, "accepted matches: buyer, wanted product, supplier, product"),
    ):
        sub = kinds.add_parser(kind.value, help=help_text)
        sub.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            help="the .xlsx or .csv to write; with --per-buyer workbooks, a .zip or a folder",
        )
        sub.add_argument(
            "--template",
            default=None,
            help="aggregator (default), trade_representation, full_data, or a .toml file",
        )
        sub.add_argument(
            "--hs-chapter",
            action="append",
            default=[],
            metavar="NN",
            help="only these HS chapters (repeatable), e.g. 03",
        )
        sub.add_argument(
            "--region",
            action="append",
            default=[],
            help="only suppliers of regions whose name contains this (repeatable)",
        )
        sub.add_argument(
            "--status",
            action="append",
            default=[],
            help="product status (catalogue, default active) or match status "
            "(matches, default accepted); repeatable",
        )
        sub.add_argument("--actor", help="who exports (recorded with the export)")
        if kind is ExportKind.MATCHES:
            sub.add_argument(
                "--buyer",
                action="append",
                default=[],
                help="only this buyer: id or part of the name (repeatable)",
            )
            sub.add_argument(
                "--per-buyer",
                nargs="?",
                const="auto",
                choices=["auto", PerBuyer.SHEETS.value, PerBuyer.WORKBOOKS.value],
                help="one sheet per buyer (-o FILE.xlsx) or one workbook per buyer "
                "(-o FOLDER or FILE.zip); 'auto' chooses by the output name",
            )
        sub.set_defaults(handler=export_command, kind=kind)
    listing = kinds.add_parser("templates", help="list the built-in export templates")
    listing.set_defaults(handler=templates_command)


def per_buyer_mode(choice: str | None, output: Path) -> PerBuyer:
    """The split asked for; ``auto`` means sheets for a .xlsx, workbooks otherwise."""
    if not choice:
        return PerBuyer.NONE
    if choice == "auto":
        return PerBuyer.SHEETS if output.suffix.lower() == ".xlsx" else PerBuyer.WORKBOOKS
    return PerBuyer(choice)


def _record_failure(database: Database, args: argparse.Namespace, status: BatchStatus) -> None:
    template = args.template or "aggregator"
    with contextlib.suppress(UserError):
        template = load_template(args.template).name
    # The failure being reported matters more than its record: a database that cannot
    # take the record (it may be what failed) does not hide the original error.
    with contextlib.suppress(UserError), database.session(actor=command_actor(args)) as session:
        record_failed_export(session, args.kind, args.output, template, status, args.actor)


def _print_summary(summary: ExportSummary) -> None:
    print(
        f"{summary.kind} exported with template {summary.template!r}: "
        f"{summary.row_count} rows, {summary.sheet_count} sheets"
    )
    for path in summary.files:
        print(f"  {path}")
    if summary.filters:
        shown = "; ".join(
            f"{name}: {', '.join(values)}" for name, values in summary.filters.items()
        )
        print(f"  filters: {shown}")


def _print_untranslated(columns: list[UntranslatedColumn]) -> None:
    """The pre-export check: what would reach the buyer untranslated, per column."""
    if not columns:
        return
    print(tr("Would reach the buyer untranslated:"), file=sys.stderr)
    for column in columns:
        print(f"  {column.header}: {column.count} ({column.reason})", file=sys.stderr)
    print(
        tr(
            "Fix: add English and Chinese names to the products (Products screen), "
            "or add the region or place to resources/reference/places.csv."
        ),
        file=sys.stderr,
    )


def export_command(args: argparse.Namespace) -> int:
    """Run one export with a progress bar; a failure is recorded as a failed export run."""
    kind: ExportKind = args.kind
    filters = ExportFilters(
        hs_chapters=tuple(args.hs_chapter),
        regions=tuple(args.region),
        buyers=tuple(getattr(args, "buyer", []) or ()),
        statuses=tuple(args.status),
    )
    per_buyer = per_buyer_mode(getattr(args, "per_buyer", None), args.output)
    database = open_database(args.database)
    try:
        try:
            with database.session(actor=command_actor(args)) as session:
                template = load_template(args.template)
                _print_untranslated(untranslated_columns(session, kind, template, filters))
                summary = run_export(
                    session,
                    kind,
                    args.output,
                    template,
                    filters,
                    per_buyer,
                    TerminalProgress(),
                    args.actor,
                    glosser,
                )
        except (Cancelled, KeyboardInterrupt):
            _record_failure(database, args, BatchStatus.CANCELLED)
            raise
        except UserError:
            _record_failure(database, args, BatchStatus.FAILED)
            raise
    finally:
        database.dispose()
    _print_summary(summary)
    return 0


def templates_command(args: argparse.Namespace) -> int:
    """Print the built-in templates with their columns."""
    for template in builtin_templates():
        print(f"{template.id}: {template.name}")
        print(f"  {template.description}")
        print(f"  headers: {' + '.join(template.header_languages)}")
        for kind in ExportKind:
            keys = ", ".join(column.field.key for column in template.columns_for(kind))
            print(f"  {kind.value}: {keys}")
    return 0
