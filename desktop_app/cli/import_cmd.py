"""``exportmatch import products|demand FILE`` and ``exportmatch template products|demand``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import open_database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.errors import UserError
from desktop_app.core.importing import ImportOptions, ImportRejected, ImportSummary, import_file
from desktop_app.core.importing.profiles import MappingProfile, load_profile, save_profile
from desktop_app.core.progress import TerminalProgress

SHOWN_PROBLEMS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` and ``template`` commands."""
    parser = subparsers.add_parser(
        "import", help="import products or buyers' demand from xlsx, xls, ods or csv"
    )
    parser.add_argument("kind", choices=[kind.value for kind in ImportKind])
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help="the sheet to read (default: the one with a header)")
    parser.add_argument("--header-row", type=int, metavar="N", help="the header is row N")
    parser.add_argument("--mapping", metavar="NAME", help="use the saved mapping profile NAME")
    parser.add_argument(
        "--save-mapping", metavar="NAME", help="save the mapping used as profile NAME"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--all-or-nothing", action="store_true", help="import nothing if any row is rejected"
    )
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help="write every problem to FILE (.xlsx or .csv)"
    )
    parser.add_argument("--actor", help="who imports (recorded in the audit trail)")
    parser.set_defaults(handler=import_command)

    template = subparsers.add_parser(
        "template", help="write an empty import workbook with trilingual headers"
    )
    template.add_argument("kind", choices=[kind.value for kind in ImportKind])
    template.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
    template.set_defaults(handler=template_command)


def _print_summary(summary: ImportSummary) -> None:
    print(f"{summary.file}: sheet {summary.sheet}, header row {summary.header_row}")
    if summary.unmapped:
        print("unmapped columns: " + ", ".join(summary.unmapped))
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        where = f"row {problem.row}" + (f", column {problem.column}" if problem.column else "")
        print(f"  {problem.severity.value}: {where}: {problem.value!r}: {problem.reason}")
    if len(summary.problems) > SHOWN_PROBLEMS:
        print(f"  ... and {len(summary.problems) - SHOWN_PROBLEMS} more (see --report)")


def import_command(args: argparse.Namespace) -> int:
    """Import one file; exit 1 when it was refused or no row could be imported."""
    kind = ImportKind(args.kind)
    if args.report is not None:
        # Before importing: an import is not run for a report that cannot be written.
        from desktop_app.core.services.import_report import check_report_path

        check_report_path(args.report)
    database = open_database(args.database)
    progress = TerminalProgress()
    try:
        with database.session(actor=command_actor(args)) as session:
            options = ImportOptions(
                sheet=args.sheet,
                header_row=args.header_row,
                dry_run=args.dry_run,
                all_or_nothing=args.all_or_nothing,
                actor=command_actor(args),
            )
            if args.mapping:
                profile = load_profile(session, args.mapping, kind)
                options = ImportOptions(
                    **{
                        **options.__dict__,
                        "mapping": profile.columns,
                        "sheet": args.sheet or profile.sheet,
                        "header_row": args.header_row or profile.header_row,
                    }
                )
            try:
                summary = import_file(session, args.file, kind, options, progress)
            except ImportRejected as rejected:
                summary = rejected.summary
                _finish(summary, args.report)
                print(f"exportmatch: {rejected.message}", file=sys.stderr)
                raise _RolledBack() from rejected
            if args.save_mapping:
                save_profile(
                    session,
                    MappingProfile(
                        args.save_mapping, kind, summary.mapping, summary.sheet, summary.header_row
                    ),
                )
    except _RolledBack:
        return 1
    finally:
        database.dispose()
    reported = _finish(summary, args.report)
    accepted = summary.imported + summary.updated + summary.unchanged
    return 0 if accepted and reported else 1


class _RolledBack(Exception):
    """Leaves the unit of work so that it rolls back."""


def _finish(summary: ImportSummary, report: Path | None) -> bool:
    """Print the outcome and write the report; False if the report could not be written
    (the import itself stands: say so rather than fail as if nothing was imported)."""
    _print_summary(summary)
    written = True
    if report is not None:
        # openpyxl is loaded only when a workbook is written.
        from desktop_app.core.services.import_report import write_report

        try:
            write_report(summary.problems, report)
            print(f"report: {report}")
        except UserError as exc:
            print(f"exportmatch: the report was not written: {exc.message}", file=sys.stderr)
            written = False
    print(summary.describe())
    return written


def template_command(args: argparse.Namespace) -> int:
    """Write an empty template for products or demand."""
    from desktop_app.core.exporting.files import atomic_file
    from desktop_app.core.importing.template import write_template

    # Written like an export: a full disk or a folder without room is a message naming the
    # file, and leaves no empty or half-written workbook under its name.
    path = Path(args.output)
    with atomic_file(path) as temporary:
        write_template(ImportKind(args.kind), temporary)
    print(f"template written: {path}")
    return 0
