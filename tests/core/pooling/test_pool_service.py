"""Pooled offers end to end: proposal, the officer's shares, accept, supersede, undo, CLI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import PoolRanking, PoolStatus
from desktop_app.core.domain.models import AuditEvent, DemandLine, Product
from desktop_app.core.errors import ConflictError, InputError
from desktop_app.core.pooling.offer import PoolProposal, with_shares
from desktop_app.core.pooling.proposal import propose_pool
from desktop_app.core.pooling.store import accept_pool, list_pools, undo_pool
from desktop_app.core.services.exchange_rates import list_rates, save_rate
from tests.core.pooling.seed import TODAY, in_90_days, seed_honey
from tests.races import second_save_while_first_uncommitted


def _rate(database: Database, day: str = "2026-11-30") -> None:
    with database.session(actor="test") as session:
        save_rate(session, "USD", "CNY", "7.10", day, "test bank", "test")


def test_cheapest_split_covers_the_request(database: Database) -> None:
    ids = seed_honey(database)
    _rate(database)
    with database.session(actor="test") as session:
        proposal = propose_pool(session, "D-HONEY", today=TODAY)
    shares = {s.product_id: s.share for s in proposal.shares}
    # B (5,500/t) and C (800 USD = 5,680/t) at capacity, A (6,000/t) takes the rest.
    assert shares[ids["B"]] == Decimal("591.376")
    assert shares[ids["C"]] == Decimal("1182.752")
    assert shares[ids["A"]] == Decimal("725.872")
    assert proposal.covered == Decimal(2500) and proposal.shortfall == 0
    assert proposal.single_supplier is None
    excluded = {s.product_id: s.excluded for s in proposal.suppliers if s.excluded}
    assert list(excluded) == [ids["D"]] and "GACC" in excluded[ids["D"]]
    assert ids["E"] not in {s.product_id for s in proposal.suppliers}  # rejected
    assert (proposal.price_min, proposal.price_max) == (Decimal("5500.00"), Decimal("7200.00"))
    assert (
        proposal.total(high=False)
        == Decimal("591.376") * 5500
        + Decimal("1182.752") * Decimal("5680.00")
        + Decimal("725.872") * 6000
    )


def test_offer_without_a_rate_goes_last_and_by_score_the_best_first(database: Database) -> None:
    ids = seed_honey(database)
    with database.session(actor="test") as session:
        by_price = propose_pool(session, "D-HONEY", today=TODAY)
        by_score = propose_pool(session, "D-HONEY", PoolRanking.SCORE, today=TODAY)
    priced = {s.product_id: s.share for s in by_price.shares}
    assert priced[ids["A"]] == Decimal("887.064") and priced[ids["B"]] == Decimal("591.376")
    assert by_price.total(high=False) is None  # C's USD price cannot be read in CNY
    scored = {s.product_id: s.share for s in by_score.shares}
    assert scored[ids["A"]] == Decimal("887.064") and scored[ids["C"]] == Decimal("1021.560")


def test_shortfall_when_the_deadline_is_near(database: Database) -> None:
    seed_honey(database)
    _rate(database)
    with database.session(actor="test") as session:
        line = session.scalars(select(DemandLine).where(DemandLine.ref == "D-HONEY")).one()
        line.deadline = TODAY.replace(day=31)
        session.flush()
        proposal = propose_pool(session, "D-HONEY", today=TODAY)
    assert proposal.shortfall > 1000
    assert proposal.covered + proposal.shortfall == Decimal(2500)


def test_officer_shares_are_checked_against_moq_and_capacity(database: Database) -> None:
    ids = seed_honey(database)
    _rate(database)
    with database.session(actor="test") as session:
        proposal = propose_pool(session, "D-HONEY", today=TODAY)
    with pytest.raises(InputError, match="below its MOQ"):
        with_shares(proposal, {ids["B"]: Decimal(100)})
    with pytest.raises(InputError, match="makes"):
        with_shares(proposal, {ids["B"]: Decimal(600)})
    with pytest.raises(InputError, match="GACC"):
        with_shares(proposal, {ids["D"]: Decimal(100)})
    adjusted = with_shares(proposal, {ids["A"]: Decimal(800), ids["C"]: Decimal(1000)})
    assert adjusted.covered == Decimal(1800) and adjusted.shortfall == Decimal(700)


def test_accept_supersede_undo_and_conflict(database: Database) -> None:
    ids = seed_honey(database)
    _rate(database)
    with database.session(actor="test") as session:
        first = accept_pool(session, propose_pool(session, "D-HONEY", today=TODAY), "Anna")
    with database.session(actor="test") as session:
        proposal = propose_pool(session, "D-HONEY", PoolRanking.SCORE, today=TODAY)
        second = accept_pool(session, proposal, "Boris")
    with database.session(actor="test") as session:
        assert [p.id for p in list_pools(session, ids["line"])] == [second.id]
        assert second.supersedes_id == first.id
        assert len(second.shares) == 3
        undo_pool(session, second.id, second.version, "Boris")
    with database.session(actor="test") as session:
        current = list_pools(session, ids["line"])
        assert [p.id for p in current] == [first.id]
        assert current[0].status is PoolStatus.ACCEPTED
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "pooled_offer")
        ).all()
        assert [(e.entity_id, e.actor) for e in events][:2] == [
            (first.id, "Anna"),
            (first.id, "Boris"),
        ]
        with pytest.raises(ConflictError):
            undo_pool(session, second.id, second.version, "Boris")
    with database.session(actor="test") as session:
        stale = propose_pool(session, "D-HONEY", today=TODAY)
        line = session.get(DemandLine, ids["line"])
        assert line is not None
        line.quantity = Decimal(2000)
        session.flush()
        with pytest.raises(ConflictError):
            accept_pool(session, stale, "Anna")


def test_cli_prints_and_accepts(database: Database, capsys: pytest.CaptureFixture[str]) -> None:
    seed_honey(database, in_90_days())
    _rate(database, date.today().isoformat())
    url = database.engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "pool", "D-HONEY"]) == 0
    out = capsys.readouterr().out
    assert "Мёд B" in out and "shortfall" in out and "GACC" in out
    with database.session(actor="test") as session:
        assert list_pools(session) == []
    assert (
        main(
            [
                "--database",
                url,
                "pool",
                "D-HONEY",
                "--share",
                "P-B=0",
                "--accept",
                "--actor",
                "Anna",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "stored" in out
    with database.session(actor="test") as session:
        (pool,) = list_pools(session)
        assert pool.created_by == "Anna" and len(pool.shares) == 2
    assert main(["--database", url, "pool", "D-NONE"]) == 1
    assert main(["--database", url, "pool", "D-HONEY", "--withdraw", "--actor", "Boris"]) == 0
    assert "withdrawn" in capsys.readouterr().out
    with database.session(actor="test") as session:
        assert list_pools(session) == []
    assert main(["--database", url, "pool", "D-HONEY", "--withdraw"]) == 1


def test_rates_from_the_command_line(
    database: Database, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database.engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "rates", "add", "usd", "cny", "7,12", "--source", "BOC"]) == 0
    assert "1 USD = 7.12 CNY" in capsys.readouterr().out
    csv_file = tmp_path / "rates.csv"
    csv_file.write_text("base,quote,rate,date\nRUB,CNY,0.078,2026-01-05\n", encoding="utf-8")
    assert main(["--database", url, "rates", "import", str(csv_file)]) == 0
    assert main(["--database", url, "rates", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith("BOC") and out[-1].endswith("(old)")
    bad = tmp_path / "bad.csv"
    bad.write_text("base,quote,rate\nRUB,CNY,0.078\n", encoding="utf-8")
    assert main(["--database", url, "rates", "import", str(bad)]) == 1
    assert "missing: date" in capsys.readouterr().err


def _proposed(database: Database) -> PoolProposal:
    """What the pool dialog shows: a proposal read in a session that has since closed."""
    with database.session(actor="test") as session:
        return propose_pool(session, "D-HONEY", today=TODAY)


def _cli(database: Database, *args: str) -> int:
    url = database.engine.url.render_as_string(hide_password=False)
    return main(["--database", url, "pool", "D-HONEY", *args])


def test_a_pool_a_colleague_stored_meanwhile_is_not_replaced_unseen(database: Database) -> None:
    seed_honey(database)
    _rate(database)
    anna = _proposed(database)
    # Boris, in another process, stores his own pool for the same request.
    assert _cli(database, "--by", "score", "--accept", "--actor", "Boris") == 0
    with (
        pytest.raises(ConflictError) as refused,
        database.session(actor="Anna", write=True) as session,
    ):
        accept_pool(session, anna, "Anna")
    assert "Boris stored pooled offer" in refused.value.message
    with database.session(actor="test") as session:
        (in_force,) = list_pools(session)
    assert in_force.created_by == "Boris" and in_force.supersedes_id is None
    # Reproposed, Anna's pool replaces Boris's knowingly.
    with database.session(actor="Anna", write=True) as session:
        mine = accept_pool(session, propose_pool(session, "D-HONEY", today=TODAY), "Anna")
    assert mine.supersedes_id == in_force.id


def test_a_pool_withdrawn_meanwhile_names_who_withdrew_it(database: Database) -> None:
    seed_honey(database)
    _rate(database)
    with database.session(actor="Anna", write=True) as session:
        first = accept_pool(session, propose_pool(session, "D-HONEY", today=TODAY), "Anna")
    anna = _proposed(database)
    assert anna.in_force_id == first.id
    assert _cli(database, "--withdraw", "--actor", "Boris") == 0
    with database.session(actor="Anna", write=True) as session:
        with pytest.raises(ConflictError) as refused:
            accept_pool(session, anna, "Anna")
        assert "Boris withdrew pooled offer" in refused.value.message
        with pytest.raises(ConflictError) as undo_refused:
            undo_pool(session, first.id, first.version, "Anna")
        assert "Boris" in undo_refused.value.message
    with database.session(actor="test") as session:
        assert list_pools(session) == []


def test_a_price_changed_meanwhile_is_not_pooled_at_the_old_price(database: Database) -> None:
    ids = seed_honey(database)
    _rate(database)
    anna = _proposed(database)
    assert ids["B"] in {s.product_id for s in anna.shares}
    with database.session(actor="Boris", write=True) as session:
        product = session.get(Product, ids["B"])
        assert product is not None
        product.price_min, product.price_max = Decimal("7000"), Decimal("7500")
    with (
        pytest.raises(ConflictError) as refused,
        database.session(actor="Anna", write=True) as session,
    ):
        accept_pool(session, anna, "Anna")
    message = refused.value.message
    assert "P-B" in message and "Boris" in message and "Price from" in message
    with database.session(actor="test") as session:
        assert list_pools(session) == []


def test_a_name_longer_than_the_column_is_cut_not_refused(database: Database) -> None:
    # A long --actor (or Settings' reviewer name, or an account's full name) used to be
    # refused by PostgreSQL on every write, as a bug report.
    seed_honey(database)
    _rate(database)
    long_name = "Анна Петровна " * 20
    assert _cli(database, "--accept", "--actor", long_name) == 0
    with database.session(actor="test") as session:
        (pool,) = list_pools(session)
    assert pool.created_by == long_name.strip()[:120].strip()


def test_a_rates_file_with_a_source_too_long_is_refused_with_its_line(
    database: Database, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database.engine.url.render_as_string(hide_password=False)
    csv_file = tmp_path / "rates.csv"
    csv_file.write_text(
        "base,quote,rate,date,source\n"
        "USD,CNY,7.1,2026-12-01,BOC\n"
        f"RUB,CNY,0.078,2026-12-01,{'Банк России ' * 30}\n",
        encoding="utf-8",
    )
    # PostgreSQL refused the row as a bug report; SQLite stored it whole.
    assert main(["--database", url, "rates", "import", str(csv_file)]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err and "source" in err
    with database.session() as session:
        assert list_rates(session) == []  # all or nothing


def test_two_officers_storing_one_days_rate_at_once_get_a_message(database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two saves: the second replaces the first")
    # Boris's rate is written but not committed when Anna stores the same pair and day:
    # her look-up cannot see it, and her insert waits for his transaction.
    error = second_save_while_first_uncommitted(
        database,
        (
            "boris",
            lambda s: save_rate(s, "USD", "CNY", "7.19", "2026-12-07", "Bank of China", "boris"),
        ),
        ("anna", lambda s: save_rate(s, "USD", "CNY", "7.21", "2026-12-07", "ЦБ", "anna")),
    )
    assert isinstance(error, ConflictError), error  # was an IntegrityError: a bug report
    assert "boris" in error.message and "7.19" in error.message
    with database.session() as session:
        assert [(r.rate, r.source) for r in list_rates(session)] == [
            (Decimal("7.19"), "Bank of China")
        ]


def test_two_officers_saving_settings_for_the_first_time_at_once_both_save(
    database: Database,
) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two saves")
    from desktop_app.core.settings import RATES_MAX_AGE_DAYS, get_setting, set_setting

    option = RATES_MAX_AGE_DAYS
    told = second_save_while_first_uncommitted(
        database,
        ("boris", lambda s: set_setting(s, option, option.default + 1)),
        ("anna", lambda s: set_setting(s, option, option.default + 2)),
    )
    assert told is None  # was an IntegrityError: a bug report
    with database.session() as session:
        assert get_setting(session, option) == option.default + 2  # the last save counts
