"""Deal fit: each comparison agrees, conflicts or is unknown, with a reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.cli import main
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import MatchCandidate
from desktop_app.core.errors import InputError
from desktop_app.core.pooling.deal_fit import (
    Aspect,
    DealFit,
    Fit,
    FitContext,
    OfferTerms,
    RequestTerms,
    deal_fit,
)
from desktop_app.core.pooling.fit_service import deal_fits
from desktop_app.core.services.exchange_rates import RateBook, RateView, save_rate
from tests.core.pooling.seed import TODAY, seed_honey

HONEY_REQUEST = RequestTerms(
    quantity=Decimal(20000),
    unit="pcs",  # 件
    target_price=Decimal(45),
    currency="CNY",
    incoterms="FCA",
    incoterms_place="Zabaikalsk",
    deadline=date(2027, 3, 1),
    hs_code="0409",
)
HONEY_OFFER = OfferTerms(
    unit="kg",
    moq=Decimal(1000),
    capacity_monthly=Decimal(5000),
    price_min=Decimal("5.50"),
    price_max=Decimal("7.20"),
    currency="CNY",
    incoterms="FCA",
    incoterms_place="Zabaikalsk",
    hs_code="0409000000",
    gacc_registration=None,
)


def context(*rates: RateView) -> FitContext:
    return FitContext(RateBook(list(rates), TODAY, max_age_days=7), TODAY)


def rows(fit: DealFit) -> dict[Aspect, Fit]:
    return {row.aspect: row.fit for row in fit.rows}


def test_pieces_against_a_price_per_kg_are_flagged_not_green() -> None:
    fit = deal_fit(HONEY_REQUEST, HONEY_OFFER, context())
    assert rows(fit) == {
        Aspect.MOQ: Fit.UNKNOWN,
        Aspect.CAPACITY: Fit.UNKNOWN,
        Aspect.PRICE: Fit.UNKNOWN,
        Aspect.UNIT: Fit.CONFLICT,
        Aspect.INCOTERMS: Fit.AGREE,
        Aspect.ELIGIBILITY: Fit.CONFLICT,
    }
    assert fit.overall is Fit.CONFLICT
    price = next(row for row in fit.rows if row.aspect is Aspect.PRICE)
    assert "pcs" in price.reason and "kg" in price.reason
    eligibility = next(row for row in fit.rows if row.aspect is Aspect.ELIGIBILITY)
    assert "GACC" in eligibility.reason


def test_tonnes_against_kilograms_convert() -> None:
    request = replace(HONEY_REQUEST, quantity=Decimal(12), unit="t", target_price=Decimal(7000))
    offer = replace(HONEY_OFFER, gacc_registration="CRU123")
    fit = deal_fit(request, offer, context())
    # 12 t = 12,000 kg: over the 1,000 kg MOQ; 5,000 kg a month for 2.96 months = 14,784 kg.
    assert rows(fit)[Aspect.MOQ] is Fit.AGREE
    assert rows(fit)[Aspect.CAPACITY] is Fit.AGREE
    # 5.50-7.20 CNY/kg is 5,500-7,200 CNY/t: a 7,000 target reaches the low end.
    assert rows(fit)[Aspect.PRICE] is Fit.AGREE
    assert fit.overall is Fit.AGREE
    too_much = deal_fit(replace(request, quantity=Decimal(20)), offer, context())
    assert rows(too_much)[Aspect.CAPACITY] is Fit.CONFLICT
    too_little = deal_fit(replace(request, quantity=Decimal("0.5")), offer, context())
    assert rows(too_little)[Aspect.MOQ] is Fit.CONFLICT
    cheap = deal_fit(replace(request, target_price=Decimal(5000)), offer, context())
    assert rows(cheap)[Aspect.PRICE] is Fit.CONFLICT


def test_currency_converted_with_the_office_rate_and_old_rate_flagged() -> None:
    request = replace(HONEY_REQUEST, quantity=Decimal(12), unit="t", target_price=Decimal(6000))
    offer = replace(
        HONEY_OFFER,
        unit="t",
        moq=Decimal(1),
        price_min=Decimal(800),
        price_max=Decimal(900),
        currency="USD",
    )
    no_rate = deal_fit(request, offer, context())
    assert rows(no_rate)[Aspect.PRICE] is Fit.UNKNOWN
    fresh = RateView(1, "USD", "CNY", Decimal("7.10"), date(2026, 11, 30), "bank")
    fit = deal_fit(request, offer, context(fresh))
    price = next(row for row in fit.rows if row.aspect is Aspect.PRICE)
    assert price.fit is Fit.AGREE and "5,680.00" in price.reason and not price.warning
    old = replace(fresh, rate_date=date(2026, 10, 1))
    flagged = next(
        r for r in deal_fit(request, offer, context(old)).rows if r.aspect is Aspect.PRICE
    )
    assert flagged.warning and "2026-10-01" in flagged.warning
    # The inverse pair serves too: 1 CNY = 0.1408 USD.
    inverse = RateView(2, "CNY", "USD", Decimal("0.140845"), date(2026, 11, 30), "bank")
    assert rows(deal_fit(request, offer, context(inverse)))[Aspect.PRICE] is Fit.AGREE


def test_incoterms_and_deadline() -> None:
    cif = replace(HONEY_OFFER, incoterms="CIF", incoterms_place="Dalian")
    assert rows(deal_fit(HONEY_REQUEST, cif, context()))[Aspect.INCOTERMS] is Fit.CONFLICT
    written_otherwise = replace(HONEY_OFFER, incoterms_place="Забайкальск")
    assert (
        rows(deal_fit(HONEY_REQUEST, written_otherwise, context()))[Aspect.INCOTERMS] is Fit.UNKNOWN
    )
    request = replace(HONEY_REQUEST, unit="kg", deadline=date(2026, 11, 1))
    assert rows(deal_fit(request, HONEY_OFFER, context()))[Aspect.CAPACITY] is Fit.CONFLICT


def test_places_compare_in_the_one_fold() -> None:
    """Case, spacing and ё against е do not make one place two."""
    request = replace(HONEY_REQUEST, incoterms_place="Берёзовка")
    offer = replace(HONEY_OFFER, incoterms_place="  БЕРЕЗОВКА ")
    assert rows(deal_fit(request, offer, context()))[Aspect.INCOTERMS] is Fit.AGREE


def test_deal_fit_never_changes_the_score_or_verdict(database: Database) -> None:
    seed_honey(database)
    with database.session(actor="test") as session:
        before = [
            (c.id, c.score, c.verdict, c.status, c.version) for c in session.query(MatchCandidate)
        ]
        fits = deal_fits(session, [row[0] for row in before], today=TODAY)
        session.flush()
        after = [
            (c.id, c.score, c.verdict, c.status, c.version) for c in session.query(MatchCandidate)
        ]
    assert before == after
    assert len(fits) == 5
    # D has no GACC registration: red on eligibility, whatever its score.
    assert any(fit.overall is Fit.CONFLICT for fit in fits.values())


def test_match_explain_prints_deal_fit(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_honey(database)
    with database.session(actor="test") as session:
        save_rate(session, "USD", "CNY", "7.1", date.today().isoformat(), None, "test")
    url = database.engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "match", "--explain", "D-HONEY"]) == 0
    out = capsys.readouterr().out
    assert "Deal fit" in out
    assert "Eligibility (GACC)" in out and "has none" in out
    assert "Target price vs price range" in out


def test_rate_book_takes_the_newest_of_a_pair_or_its_inverse() -> None:
    older = RateView(1, "USD", "CNY", Decimal("7.00"), date(2026, 11, 1), "bank")
    newer_inverse = RateView(2, "CNY", "USD", Decimal("0.125"), date(2026, 11, 20), "bank")
    book = RateBook([older, newer_inverse], TODAY, max_age_days=30)
    assert book.rate("USD", "CNY") == (Decimal(8), date(2026, 11, 20))
    newest = RateView(3, "USD", "CNY", Decimal("7.20"), date(2026, 11, 25), "bank")
    book = RateBook([older, newer_inverse, newest], TODAY, max_age_days=30)
    assert book.rate("USD", "CNY") == (Decimal("7.20"), date(2026, 11, 25))
    # Through a currency both know: RUB -> USD -> CNY, dated by the older rate.
    rub = RateView(4, "RUB", "USD", Decimal("0.0125"), date(2026, 11, 10), "bank")
    book = RateBook([newest, rub], TODAY, max_age_days=30)
    assert book.rate("RUB", "CNY") == (Decimal("0.0125") * Decimal("7.20"), date(2026, 11, 10))
    assert book.rate("RUB", "EUR") is None


def test_a_rate_dated_in_the_future_is_refused(database: Database) -> None:
    with database.session(actor="test") as session, pytest.raises(InputError, match="future"):
        save_rate(session, "USD", "CNY", "7.1", "2062-01-01", None, "test")
