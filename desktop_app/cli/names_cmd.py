"""``exportmatch names suggest``: suggested Chinese and English names for products
named in Russian only, shown for review and stored only with ``--store``."""

from __future__ import annotations

import argparse

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import open_database
from desktop_app.core.i18n import tr
from desktop_app.core.services.name_suggestions import propose_missing_names, store_suggestions


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``names`` command and its ``suggest`` action."""
    parser = subparsers.add_parser(
        "names", help="suggested Chinese and English names for products without them"
    )
    actions = parser.add_subparsers(dest="names_action", metavar="ACTION", required=True)
    suggest = actions.add_parser(
        "suggest",
        help="list the names suggested for products without a Chinese or English name; "
        "--store keeps them as suggestions (exports show them marked)",
    )
    suggest.add_argument(
        "--store", action="store_true", help="store the suggestions listed (after review)"
    )
    suggest.add_argument("--actor", help="who stores them (recorded in the audit trail)")
    suggest.set_defaults(handler=suggest_command)


def suggest_command(args: argparse.Namespace) -> int:
    """Print the proposals; with ``--store``, store them as suggestions."""
    database = open_database(args.database)
    try:
        with database.session(actor=command_actor(args)) as session:
            proposals = propose_missing_names(session)
            for proposal in proposals:
                shown = " / ".join(part for part in (proposal.zh, proposal.en) if part)
                if proposal.source == "nomenclature":
                    shown = tr("{names} (Chinese name from the HS nomenclature)").format(
                        names=shown
                    )
                elif proposal.source == "trade_name":
                    shown = tr("{names} (Chinese name of the same good's trade name)").format(
                        names=shown
                    )
                print(f"#{proposal.product_id} {proposal.name_ru} -> {shown}")
            if args.store:
                stored = store_suggestions(session, proposals)
                print(tr("{count} suggestions stored").format(count=stored))
            else:
                print(
                    tr("{count} suggestions; run again with --store to keep them").format(
                        count=len(proposals)
                    )
                )
    finally:
        database.dispose()
    return 0
