"""``exportmatch hs search``: HS 2022 headings and subheadings for a query in Russian,
English or Chinese (a Chinese query finds the Chinese tariff names), with their texts in
the three languages. Reads the shipped nomenclature only, never the database."""

from __future__ import annotations

import argparse

from desktop_app.core.i18n import tr
from desktop_app.core.validation import format_hs_code
from desktop_app.core.validation.hs_catalog import hs_catalog
from desktop_app.core.validation.hs_chinese import has_han


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``hs`` command and its ``search`` action."""
    parser = subparsers.add_parser("hs", help="look up HS 2022 / TN VED codes")
    actions = parser.add_subparsers(dest="hs_action", metavar="ACTION", required=True)
    search = actions.add_parser(
        "search",
        help="headings and subheadings whose texts hold every word of the query "
        "(Russian, English or Chinese; a number restricts the codes)",
    )
    search.add_argument("query", nargs="+", help="words or a code, e.g. насос центробежный, 离心泵")
    search.add_argument("--limit", type=int, default=20, help="at most this many codes")
    search.set_defaults(handler=search_command)


def search_command(args: argparse.Namespace) -> int:
    """Print one line per code found: the code, its Chinese tariff name (with the trade
    name a Chinese query found it by), its Russian text (with the Russian trade name a
    Russian query found it by) and its English text; exit 1 when nothing is found."""
    query = " ".join(args.query)
    catalog = hs_catalog()
    entries = catalog.search(query, limit=max(1, args.limit))
    chinese_query = has_han(query)
    for entry in entries:
        chinese = entry.description_zh
        russian = entry.description_ru or ""
        trade = catalog.trade_name_for(entry.code, query)
        if trade and chinese_query:
            # Found through the name buyers write (地牛): show it beside the tariff name.
            chinese = f"{chinese}（{trade}）" if chinese else trade
        elif trade:
            # Found through the name Russian exporters write (рохля): show it beside
            # the TN VED text.
            russian = f"{russian} ({trade})" if russian else trade
        parts = [chinese, russian, entry.description_en]
        shown = " / ".join(part for part in parts if part)
        print(f"{format_hs_code(entry.code)}  {shown}")
    if not entries:
        print(tr("No HS code found for '{query}'").format(query=query))
        return 1
    return 0
