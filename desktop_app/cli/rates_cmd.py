"""``exportmatch rates``: the office's exchange rates, listed, added or imported from CSV."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import open_database
from desktop_app.core.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``rates`` command and its ``list``, ``add`` and ``import`` actions."""
    rates = subparsers.add_parser(
        "rates", help="exchange rates used to compare prices (deal fit, pooled offers)"
    )
    actions = rates.add_subparsers(dest="rates_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every rate, newest first").set_defaults(handler=list_rates)
    add = actions.add_parser("add", help="store one rate: 1 BASE is RATE QUOTE on DATE")
    add.add_argument("base", help="currency code, e.g. USD")
    add.add_argument("quote", help="currency code, e.g. CNY")
    add.add_argument("rate", help="how many QUOTE one BASE is worth")
    add.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    add.add_argument("--source", help="where the rate comes from")
    add.add_argument("--actor", help="who adds it (recorded in the audit trail)")
    add.set_defaults(handler=add_rate)
    load = actions.add_parser("import", help="store every rate of a CSV (all rows or none)")
    load.add_argument("file", type=Path, help="columns: base, quote, rate, date[, source]")
    load.add_argument("--actor", help="who imports (recorded in the audit trail)")
    load.set_defaults(handler=import_rates)


def list_rates(args: argparse.Namespace) -> int:
    """Print the rates, old ones marked."""
    from desktop_app.core.services.exchange_rates import list_rates as stored_rates
    from desktop_app.core.services.exchange_rates import rate_book

    database = open_database(args.database)
    try:
        with database.session() as session:
            rates = stored_rates(session)
            book = rate_book(session)
    finally:
        database.dispose()
    for rate in rates:
        old = (book.today - rate.rate_date).days > book.max_age_days
        mark = tr(" (old)") if old else ""
        print(
            f"{rate.rate_date.isoformat()}  1 {rate.base} = {rate.rate.normalize():f} "
            f"{rate.quote}  {rate.source or ''}{mark}".rstrip()
        )
    return 0


def add_rate(args: argparse.Namespace) -> int:
    """Store one rate."""
    from desktop_app.core.services.exchange_rates import save_rate

    actor = command_actor(args)
    database = open_database(args.database)
    try:
        with database.session(actor=actor) as session:
            stored = save_rate(
                session,
                args.base,
                args.quote,
                args.rate,
                args.date or date.today().isoformat(),
                args.source,
                actor,
            )
    finally:
        database.dispose()
    print(
        tr("stored: 1 {base} = {rate} {quote} on {date}").format(
            base=stored.base,
            rate=f"{stored.rate.normalize():f}",
            quote=stored.quote,
            date=stored.rate_date.isoformat(),
        )
    )
    return 0


def import_rates(args: argparse.Namespace) -> int:
    """Store every rate of a CSV file."""
    from desktop_app.core.services.exchange_rates import import_rates_csv

    actor = command_actor(args)
    database = open_database(args.database)
    try:
        with database.session(actor=actor) as session:
            count = import_rates_csv(session, args.file, actor)
    finally:
        database.dispose()
    print(tr("{count} rate(s) imported from {file}").format(count=count, file=args.file))
    return 0
