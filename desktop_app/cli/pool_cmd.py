"""``exportmatch pool REF``: propose (and with ``--accept`` store) a pooled offer."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.enums import PoolRanking
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``pool`` command."""
    pool = subparsers.add_parser(
        "pool",
        help="split one request's quantity among several suppliers (a pooled offer)",
    )
    pool.add_argument("ref", metavar="REF", help="the demand line's reference (or id)")
    pool.add_argument(
        "--by",
        choices=[ranking.value for ranking in PoolRanking],
        default=PoolRanking.PRICE.value,
        help="fill the cheapest offers first (price, default) or the best matches (score)",
    )
    pool.add_argument(
        "--share",
        action="append",
        default=[],
        metavar="PRODUCT=QUANTITY",
        help="set a supplier's share by product reference or id (repeat; 0 leaves it out)",
    )
    action = pool.add_mutually_exclusive_group()
    action.add_argument("--accept", action="store_true", help="store the pooled offer")
    action.add_argument(
        "--withdraw",
        action="store_true",
        help="withdraw the pooled offer in force (the one it replaced comes back)",
    )
    pool.add_argument("--actor", help="who accepts (recorded in the audit trail)")
    pool.set_defaults(handler=pool_command)


def _shares(texts: list[str]) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = {}
    for text in texts:
        key, _, amount = text.partition("=")
        try:
            shares[key.strip()] = Decimal(amount.strip())
        except InvalidOperation as exc:
            raise InputError(
                tr("write --share as PRODUCT=QUANTITY, not {text!r}").format(text=text),
                Location(field="--share"),
            ) from exc
    return shares


def pool_command(args: argparse.Namespace) -> int:
    """Print the proposed allocation; store it with ``--accept``."""
    # Imported here: SciPy would slow every other command's start.
    from desktop_app.core.pooling.format import format_proposal
    from desktop_app.core.pooling.offer import with_shares
    from desktop_app.core.pooling.proposal import propose_pool
    from desktop_app.core.pooling.store import accept_pool

    database = open_database(args.database)
    try:
        if args.withdraw:
            return _withdraw(database, args)
        with database.session(actor=command_actor(args), write=args.accept) as session:
            proposal = propose_pool(session, args.ref, PoolRanking(args.by))
            if args.share:
                wanted = _shares(args.share)
                by_key = {}
                for supplier in proposal.suppliers:
                    by_key[str(supplier.product_id)] = supplier.product_id
                    if supplier.product_ref:
                        by_key[supplier.product_ref] = supplier.product_id
                shares = {s.product_id: s.share for s in proposal.suppliers}
                for key, amount in wanted.items():
                    if key not in by_key:
                        raise InputError(
                            tr("{key} is not a supplier of this request").format(key=key),
                            Location(field="--share"),
                        )
                    shares[by_key[key]] = amount
                proposal = with_shares(proposal, shares)
            print(format_proposal(proposal))
            if args.accept:
                stored = accept_pool(session, proposal, command_actor(args))
                print(
                    tr("pooled offer {id} stored for request {ref}").format(
                        id=stored.id, ref=args.ref
                    )
                )
    finally:
        database.dispose()
    return 0


def _withdraw(database: Database, args: argparse.Namespace) -> int:
    from desktop_app.core.pooling.proposal import find_line
    from desktop_app.core.pooling.store import list_pools, undo_pool

    actor = command_actor(args)
    with database.session(actor=actor, write=True) as session:
        line = find_line(session, args.ref)
        pools = list_pools(session, line.id)
        if not pools:
            raise InputError(
                tr("no pooled offer is in force for request {ref}").format(ref=args.ref),
                Location(field="REF"),
            )
        undo_pool(session, pools[0].id, pools[0].version, actor)
        restored = list_pools(session, line.id)
    print(tr("pooled offer {id} withdrawn").format(id=pools[0].id))
    if restored:
        print(tr("pooled offer {id} is in force again").format(id=restored[0].id))
    return 0
