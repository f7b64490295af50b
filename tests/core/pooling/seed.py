"""A honey request no single supplier can fill, with four suppliers of honey."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import Language, MatchStatus, Verdict
from desktop_app.core.domain.models import Buyer, Company, DemandLine, MatchCandidate, Product

TODAY = date(2026, 12, 1)


def in_90_days() -> date:
    """A deadline as far from the real today as 2027-03-01 is from TODAY, for tests of
    screens and commands that judge against the clock."""
    return date.today() + timedelta(days=90)


def seed_honey(database: Database, deadline: date = date(2027, 3, 1)) -> dict[str, int]:
    """D-HONEY wants 2,500 t by 2027-03-01 (three months) at 9,000 CNY/t, FCA Zabaikalsk.

    Suppliers (monthly capacity, MOQ, price per kg in CNY unless said):
    A 300 t/month, MOQ 100 t, 6.00-6.50, registered;  B 200 t/month, MOQ 300 t,
    5.50-7.20, registered;  C 500 kg... no: C 400 t/month, MOQ 50 t, 800-900 USD/t,
    registered;  D 1,000 t/month, no GACC registration (food: gets no share);
    E rejected by the reviewer (never pooled).
    """
    with database.session(actor="test") as session:
        companies = {
            key: Company(name_ru=f"Мёд {key}", gacc_registration=gacc)
            for key, gacc in (
                ("A", "CRU01"),
                ("B", "CRU02"),
                ("C", "CRU03"),
                ("D", None),
                ("E", "CRU05"),
            )
        }
        session.add_all(companies.values())
        session.flush()

        def product(key: str, **terms: object) -> Product:
            return Product(
                company_id=companies[key].id,
                ref=f"P-{key}",
                name_ru="Мёд натуральный",
                hs_code="0409000000",
                **terms,
            )

        products = {
            "A": product(
                "A",
                unit="kg",
                moq=Decimal(100_000),
                capacity_monthly=Decimal(300_000),
                price_min=Decimal("6.00"),
                price_max=Decimal("6.50"),
                currency="CNY",
                incoterms="FCA",
                incoterms_place="Zabaikalsk",
            ),
            "B": product(
                "B",
                unit="t",
                moq=Decimal(300),
                capacity_monthly=Decimal(200),
                price_min=Decimal("5500"),
                price_max=Decimal("7200"),
                currency="CNY",
                incoterms="FCA",
                incoterms_place="Zabaikalsk",
            ),
            "C": product(
                "C",
                unit="t",
                moq=Decimal(50),
                capacity_monthly=Decimal(400),
                price_min=Decimal("800"),
                price_max=Decimal("900"),
                currency="USD",
                incoterms="DAP",
                incoterms_place="Manzhouli",
            ),
            "D": product(
                "D",
                unit="t",
                moq=Decimal(10),
                capacity_monthly=Decimal(1000),
                price_min=Decimal("4000"),
                price_max=Decimal("4500"),
                currency="CNY",
            ),
            "E": product(
                "E",
                unit="t",
                moq=Decimal(1),
                capacity_monthly=Decimal(5000),
                price_min=Decimal("1000"),
                price_max=Decimal("1000"),
                currency="CNY",
            ),
        }
        buyer = Buyer(name_zh="哈尔滨蜂蜜", province="黑龙江")
        session.add_all([*products.values(), buyer])
        session.flush()
        line = DemandLine(
            buyer_id=buyer.id,
            ref="D-HONEY",
            product_text="天然蜂蜜",
            language=Language.ZH,
            hs_code="0409",
            quantity=Decimal(2500),
            unit="t",
            target_price=Decimal(9000),
            currency="CNY",
            incoterms="FCA",
            incoterms_place="Zabaikalsk",
            deadline=deadline,
        )
        session.add(line)
        session.flush()
        for rank, key in enumerate("ABCDE", 1):
            session.add(
                MatchCandidate(
                    demand_line_id=line.id,
                    product_id=products[key].id,
                    rank=rank,
                    score=95.0 - rank,
                    verdict=Verdict.SUGGESTED,
                    status=MatchStatus.REJECTED if key == "E" else MatchStatus.SUGGESTED,
                )
            )
        ids = {key: item.id for key, item in products.items()}
        ids["line"] = line.id
        ids["buyer"] = buyer.id
        return ids
