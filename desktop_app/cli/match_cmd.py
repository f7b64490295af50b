"""``exportmatch match`` and ``exportmatch evaluate``: run and measure the matcher."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import open_database
from desktop_app.core.progress import TerminalProgress


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``match`` and ``evaluate`` commands."""
    match = subparsers.add_parser(
        "match", help="match open demand lines to active products and store the candidates"
    )
    match.add_argument(
        "--changed", action="store_true", help="re-score only what changed since the last run"
    )
    match.add_argument(
        "--explain", metavar="DEMAND_REF", help="print why each candidate of a line was suggested"
    )
    match.set_defaults(handler=match_command)
    evaluate = subparsers.add_parser("evaluate", help="measure the matcher on a labelled gold set")
    evaluate.add_argument("--products", type=Path, required=True, help="products.csv")
    evaluate.add_argument("--demand", type=Path, required=True, help="demand.csv")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold.csv (true pairs)")
    evaluate.add_argument("--threshold", type=float, help="score threshold (default: setting)")
    evaluate.add_argument(
        "--one-to-one",
        action="store_true",
        help="accept at most one product per line and one line per product",
    )
    evaluate.add_argument(
        "--slices",
        type=Path,
        metavar="SECTORS_CSV",
        help="also print figures per script of the line and per sector (ref,sector columns)",
    )
    evaluate.set_defaults(handler=evaluate_command)


def match_command(args: argparse.Namespace) -> int:
    """Run the matcher, or explain one demand line's candidates."""
    # Imported here: NumPy and SciPy would slow every other command's start.
    from desktop_app.core.matching.engine import run_matching
    from desktop_app.core.matching.explain import explain_demand, format_explanation
    from desktop_app.core.pooling.fit_service import format_line_deal_fits, line_deal_fits
    from desktop_app.core.services.labels import choice_title

    database = open_database(args.database)
    try:
        if args.explain:
            with database.session(actor=command_actor()) as session:
                print(format_explanation(explain_demand(session, args.explain), choice_title))
                print(format_line_deal_fits(line_deal_fits(session, args.explain)))
            return 0
        with database.session(actor=command_actor()) as session:
            report = run_matching(session, TerminalProgress(), changed_only=args.changed)
    finally:
        database.dispose()
    print(
        f"matched {report.lines_rescored} of {report.demand_lines} open demand lines against "
        f"{report.products} products: {report.candidates_stored} candidates stored, "
        f"{report.decisions_kept} decisions kept, {report.seconds:.1f} s"
    )
    return 0


def evaluate_command(args: argparse.Namespace) -> int:
    """Print precision, recall, F1 and recall@5 of the matcher on a gold set."""
    from desktop_app.core.matching.evaluate import evaluate_gold_set

    result = evaluate_gold_set(
        args.products,
        args.demand,
        args.gold,
        threshold=args.threshold,
        one_to_one=args.one_to_one,
        progress=TerminalProgress(),
        slices=args.slices,
    )
    print(f"gold pairs: {result.gold_pairs}, predicted pairs: {result.predicted_pairs}")
    print(
        f"at threshold {result.threshold:.1f}: precision {result.precision:.3f}, "
        f"recall {result.recall:.3f}, F1 {result.f1:.3f}"
    )
    print(f"best F1 {result.best_f1:.3f} at threshold {result.best_threshold:.1f}")
    print(f"recall@5 {result.recall_at_5:.3f}")
    for part in result.slices:
        print(
            f"slice {part.name}: lines {part.lines}, gold {part.gold_pairs}, "
            f"predicted {part.predicted_pairs}, precision {part.precision:.3f}, "
            f"recall {part.recall:.3f}, F1 {part.f1:.3f}, recall@5 {part.recall_at_5:.3f}"
        )
    print(
        f"precision={result.precision:.4f} recall={result.recall:.4f} "
        f"f1={result.f1:.4f} recall@5={result.recall_at_5:.4f}"
    )
    return 0
