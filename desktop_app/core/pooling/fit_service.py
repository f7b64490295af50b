"""Deal fit of stored candidates: read both sides once, judge each pair, format for a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.domain.models import Company, DemandLine, MatchCandidate, Product
from desktop_app.core.i18n import tr
from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit, Fit, FitContext, deal_fit
from desktop_app.core.pooling.proposal import (
    find_line,
    fit_context,
    offer_terms,
    request_terms,
)
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

CHUNK = 500


def deal_fits(
    session: Session,
    candidate_ids: Sequence[int],
    context: FitContext | None = None,
    today: date | None = None,
) -> dict[int, DealFit]:
    """The deal fit of each candidate in ``candidate_ids``, by candidate id."""
    context = context or fit_context(session, today)
    result: dict[int, DealFit] = {}
    ids = list(candidate_ids)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(MatchCandidate.id, DemandLine, Product, Company)
            .join(DemandLine, DemandLine.id == MatchCandidate.demand_line_id)
            .join(Product, Product.id == MatchCandidate.product_id)
            .join(Company, Company.id == Product.company_id)
            .where(MatchCandidate.id.in_(ids[start : start + CHUNK]))
        )
        for candidate_id, line, product, company in rows:
            result[candidate_id] = deal_fit(
                request_terms(line), offer_terms(product, company), context
            )
    return result


@dataclass(frozen=True)
class FitListing:
    """The ids whose deal fit is the one asked for (in the order given), and every fit."""

    ids: list[int]
    fits: dict[int, DealFit]


def ids_with_fit(
    session: Session,
    candidate_ids: Sequence[int],
    wanted: Fit,
    progress: ProgressReporter = NULL_PROGRESS,
    today: date | None = None,
) -> FitListing:
    """Narrow a listing to the candidates whose overall deal fit is ``wanted``.

    Deal fit is judged in Python, so a filter on it judges every listed candidate: in
    chunks, reporting progress and honouring a cancel between them.
    """
    ids = list(candidate_ids)
    progress.start(len(ids), tr("Judging the deal fit of the listed matches"))
    context = fit_context(session, today)
    fits: dict[int, DealFit] = {}
    for start in range(0, len(ids), CHUNK):
        progress.check_cancelled()
        fits.update(deal_fits(session, ids[start : start + CHUNK], context))
        progress.advance(min(start + CHUNK, len(ids)))
    return FitListing([i for i in ids if i in fits and fits[i].overall is wanted], fits)


@dataclass(frozen=True)
class CandidateFit:
    """One candidate of a line, named as the terminal shows it, with its deal fit."""

    label: str
    fit: DealFit


def line_deal_fits(session: Session, ref: str, today: date | None = None) -> list[CandidateFit]:
    """The deal fit of every candidate of one demand line, best score first."""
    line = find_line(session, ref)
    rows = session.execute(
        select(MatchCandidate.id, Product)
        .join(Product, Product.id == MatchCandidate.product_id)
        .where(MatchCandidate.demand_line_id == line.id)
        .order_by(MatchCandidate.score.desc(), MatchCandidate.rank)
    ).all()
    fits = deal_fits(session, [row[0] for row in rows], today=today)
    return [
        CandidateFit(
            f"{product.ref or product.id} {product.name_ru or product.name_en or product.name_zh}",
            fits[candidate_id],
        )
        for candidate_id, product in rows
    ]


def format_deal_fit(fit: DealFit, indent: str = "   ") -> list[str]:
    """The rows as aligned text: title, request side, offer side, outcome and why."""
    out = []
    for row in fit.rows:
        line = tr("{title}: {request} | {offer} -> {fit}: {reason}").format(
            title=row.title,
            request=row.request,
            offer=row.offer,
            fit=FIT_TITLES[row.fit](),
            reason=row.reason,
        )
        out.append(indent + line)
        if row.warning:
            out.append(indent + "   ! " + row.warning)
    return out


def format_line_deal_fits(fits: list[CandidateFit]) -> str:
    """Every candidate's deal fit, under a heading that says it is apart from the score."""
    out = [tr("Deal fit (a separate judgement; it does not change scores or verdicts):")]
    for number, item in enumerate(fits, 1):
        out.append(
            tr("{number}. {label}: {overall}").format(
                number=number, label=item.label, overall=FIT_TITLES[item.fit.overall]()
            )
        )
        out += format_deal_fit(item.fit)
    return "\n".join(out)
