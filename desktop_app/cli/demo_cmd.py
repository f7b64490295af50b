"""``exportmatch demo``: load the demo data set."""

from __future__ import annotations

import argparse

from desktop_app.core.database.session import open_database
from desktop_app.core.services.demo import load_demo_data


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="load the demo companies, products and demand")
    parser.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    """Load the demo data into the database; loading twice adds nothing."""
    database = open_database(args.database)
    try:
        with database.session(actor="demo") as session:
            report = load_demo_data(session)
    finally:
        database.dispose()
    print(
        f"demo data loaded into {database.description}: {report.companies} companies, "
        f"{report.products} products, {report.buyers} buyers, "
        f"{report.demand_lines} demand lines added"
    )
    return 0
