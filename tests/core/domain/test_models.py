"""The domain model's rules, enforced by the database on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import MatchStatus, ProductStatus, Verdict
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    MatchCandidate,
    Product,
)


def _company(session, inn: str = "7707083893") -> Company:
    company = Company(name_ru="ООО «Тест»", name_key="тест", inn=inn)
    session.add(company)
    session.flush()
    return company


def test_a_product_keeps_its_values_exactly(database: Database) -> None:
    with database.session() as session:
        company = _company(session)
        session.add(
            Product(
                company=company,
                name_ru="Масло подсолнечное",
                hs_code="1512191000",
                moq=Decimal("20.5"),
                price_min=Decimal("1150.00"),
                price_max=Decimal("1300.25"),
                currency="USD",
                incoterms="FOB",
                incoterms_place="Новороссийск",
                shelf_life_days=365,
            )
        )
    with database.session() as session:
        product = session.scalars(select(Product)).one()
        assert product.hs_code == "1512191000"
        assert product.price_max == Decimal("1300.25")
        assert product.moq == Decimal("20.5")
        assert product.status is ProductStatus.ACTIVE
        assert product.created_at.tzinfo is not None
        assert product.version == 1


def test_a_product_needs_at_least_one_name(database: Database) -> None:
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(Product(company=_company(session), hs_code="1512"))


def test_price_min_may_not_exceed_price_max(database: Database) -> None:
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            Product(
                company=_company(session),
                name_en="Oil",
                price_min=Decimal(10),
                price_max=Decimal(5),
            )
        )


def test_inn_is_unique(database: Database) -> None:
    with database.session() as session:
        _company(session)
    with pytest.raises(IntegrityError), database.session() as session:
        _company(session)


def test_one_candidate_per_demand_line_and_product(database: Database) -> None:
    with database.session() as session:
        product = Product(company=_company(session), name_ru="Минтай")
        line = DemandLine(product_text="明太鱼", buyer=Buyer(name_zh="大连公司", name_key="大连"))
        session.add_all([product, line])
        session.flush()
        session.add(
            MatchCandidate(demand_line=line, product=product, score=80, verdict=Verdict.SUGGESTED)
        )
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            MatchCandidate(
                demand_line_id=line.id, product_id=product.id, score=70, verdict=Verdict.SUGGESTED
            )
        )


def test_versions_count_edits_and_edits_are_audited(database: Database) -> None:
    with database.session(actor="anna") as session:
        line = DemandLine(
            product_text="冷冻鳕鱼片", quantity=Decimal(40), deadline=date(2027, 2, 1)
        )
        session.add(line)
    with database.session(actor="boris") as session:
        stored = session.get(DemandLine, line.id)
        assert stored is not None
        stored.quantity = Decimal(60)
    with database.session() as session:
        stored = session.get(DemandLine, line.id)
        assert stored is not None and stored.version == 2
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == line.id).order_by(AuditEvent.id)
        ).all()
    assert [(e.actor, e.action.value) for e in events] == [("anna", "create"), ("boris", "update")]
    assert events[1].changes == {"quantity": ["40", "60"]}


def test_decisions_keep_who_and_when(database: Database) -> None:
    decided = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    with database.session() as session:
        product = Product(company=_company(session), name_ru="Минтай")
        line = DemandLine(product_text="明太鱼")
        session.add(
            MatchCandidate(
                demand_line=line,
                product=product,
                score=91.5,
                verdict=Verdict.SUGGESTED,
                status=MatchStatus.ACCEPTED,
                reviewer="anna",
                decided_at=decided,
                parts={"concept": 100},
                evidence={"concepts": ["pollock"]},
            )
        )
    with database.session() as session:
        candidate = session.scalars(select(MatchCandidate)).one()
        assert candidate.decided_at == decided
        assert candidate.parts == {"concept": 100}
        assert candidate.evidence == {"concepts": ["pollock"]}
