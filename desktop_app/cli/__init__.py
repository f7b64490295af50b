"""The ``exportmatch`` command: the GUI with no arguments, headless work with subcommands.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler`` to a function taking the parsed arguments and returning
the exit status. Add a module to :data:`COMMAND_MODULES` to add a subcommand.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desktop_app import APP_NAME, __version__
from desktop_app.core.errors import UserError
from desktop_app.core.logging_setup import configure_logging

COMMAND_MODULES = (
    "desktop_app.cli.db_cmd",
    "desktop_app.cli.demo_cmd",
    "desktop_app.cli.import_cmd",
    "desktop_app.cli.match_cmd",
    "desktop_app.cli.pool_cmd",
    "desktop_app.cli.rates_cmd",
    "desktop_app.cli.export_cmd",
    "desktop_app.cli.names_cmd",
    "desktop_app.cli.hs_cmd",
    "desktop_app.cli.audit_cmd",
)

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="exportmatch",
        description=f"{APP_NAME}: match Russian exporters' products to Chinese buyers' demand. "
        "Without a command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLite file path or database URL (postgresql://user:pass@host/db); "
        "default: $EXPORTMATCH_DATABASE_URL or the embedded database in the user data folder",
    )
    parser.add_argument("--debug", action="store_true", help="log debug messages")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end in a temporary folder (no display needed)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def gui_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of a start without a command (the GUI), else ``None``.

    Read without the subcommands' parsers, whose modules import the database, importing
    and exporting layers: the window shows before those are loaded (issue #19).
    """
    light = argparse.ArgumentParser(add_help=False)
    light.add_argument("--database")
    light.add_argument("--debug", action="store_true")
    args, rest = light.parse_known_args(argv)
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``exportmatch`` and return its exit status."""
    gui = gui_arguments(argv)
    if gui is not None:
        configure_logging(logging.DEBUG if gui.debug else logging.INFO)
        from desktop_app.ui.app import run_gui

        return run_gui(gui.database)
    parser = build_parser()
    args = parser.parse_args(argv)
    log_file = configure_logging(logging.DEBUG if args.debug else logging.INFO)
    if args.self_test:
        from desktop_app.cli.self_test import self_test_command

        return self_test_command(args)
    if args.command is None:
        from desktop_app.ui.app import run_gui

        return run_gui(args.database)
    try:
        return int(args.handler(args))
    except UserError as exc:
        print(f"exportmatch: {exc.message}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("exportmatch: interrupted", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in %s", args.command)
        print(
            f"exportmatch: unexpected error; this is a bug. Details are in {log_file}",
            file=sys.stderr,
        )
        return EXIT_BUG
