"""The demo data set shipped in ``resources/demo/``: companies, products, buyers, demand."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.database.run_lock import IMPORT, acquire_run_lock
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import Language, ProductStatus
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product
from desktop_app.core.paths import resource
from desktop_app.core.text import detect_language, name_key

DEMO_FILE_PREFIX = "demo:"


@dataclass(frozen=True)
class DemoReport:
    """How many demo records were added (zero when they were already there)."""

    companies: int
    products: int
    buyers: int
    demand_lines: int


def _rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    path = (folder or resource("demo")) / name
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _opt(text: str) -> str | None:
    return text or None


def database_is_empty(session: Session) -> bool:
    """True when there are no companies, products, buyers or demand lines yet."""
    for model in (Company, Product, Buyer, DemandLine):
        if session.scalar(select(func.count()).select_from(model)):
            return False
    return True


def load_demo_data(session: Session, folder: Path | None = None) -> DemoReport:
    """Add the demo records that are not there yet; running it twice adds nothing.

    Like an import it holds the database's run lock: two people loading the demo at once
    would both find it missing.
    """
    acquire_run_lock(session, IMPORT, detail="demo")
    companies: dict[str, Company] = {}
    added = {"companies": 0, "products": 0, "buyers": 0, "demand_lines": 0}
    for number, row in enumerate(_rows("companies.csv", folder), start=2):
        company = session.scalar(select(Company).where(Company.inn == row["inn"]))
        if company is None:
            company = Company(
                name_ru=row["name_ru"],
                name_en=_opt(row["name_en"]),
                name_zh=_opt(row["name_zh"]),
                name_key=name_key(row["name_ru"]),
                inn=row["inn"],
                ogrn=_opt(row["ogrn"]),
                region=_opt(row["region"]),
                address=_opt(row["address"]),
                contact_person=_opt(row["contact_person"]),
                email=_opt(row["email"]),
                phone=_opt(row["phone"]),
                website=_opt(row["website"]),
                gacc_registration=_opt(row["gacc_registration"]),
                source_file=f"{DEMO_FILE_PREFIX}companies.csv",
                source_row=number,
            )
            session.add(company)
            added["companies"] += 1
        companies[row["ref"]] = company
    session.flush()
    for number, row in enumerate(_rows("products.csv", folder), start=2):
        company = companies[row["company_ref"]]
        exists = session.scalar(
            select(Product.id).where(Product.company_id == company.id, Product.ref == row["ref"])
        )
        if exists is not None:
            continue
        session.add(
            Product(
                company=company,
                ref=row["ref"],
                name_ru=_opt(row["name_ru"]),
                name_en=_opt(row["name_en"]),
                name_zh=_opt(row["name_zh"]),
                description=_opt(row["description"]),
                hs_code=_opt(row["hs_code"]),
                unit=_opt(row["unit"]),
                moq=_decimal(row["moq"]),
                capacity_monthly=_decimal(row["capacity_monthly"]),
                price_min=_decimal(row["price_min"]),
                price_max=_decimal(row["price_max"]),
                currency=_opt(row["currency"]),
                incoterms=_opt(row["incoterms"]),
                incoterms_place=_opt(row["incoterms_place"]),
                shelf_life_days=int(row["shelf_life_days"]) if row["shelf_life_days"] else None,
                packaging=_opt(row["packaging"]),
                certificates=_opt(row["certificates"]),
                status=ProductStatus(row["status"] or "active"),
                source_file=f"{DEMO_FILE_PREFIX}products.csv",
                source_row=number,
            )
        )
        added["products"] += 1
    buyers: dict[str, Buyer] = {}
    for number, row in enumerate(_rows("buyers.csv", folder), start=2):
        key = name_key(row["name_zh"])
        buyer = session.scalar(select(Buyer).where(Buyer.name_key == key))
        if buyer is None:
            buyer = Buyer(
                name_zh=_opt(row["name_zh"]),
                name_en=_opt(row["name_en"]),
                name_key=key,
                uscc=_opt(row["uscc"]),
                province=_opt(row["province"]),
                city=_opt(row["city"]),
                contact_person=_opt(row["contact_person"]),
                email=_opt(row["email"]),
                phone=_opt(row["phone"]),
                source_file=f"{DEMO_FILE_PREFIX}buyers.csv",
                source_row=number,
            )
            session.add(buyer)
            added["buyers"] += 1
        buyers[row["ref"]] = buyer
    session.flush()
    for number, row in enumerate(_rows("demand.csv", folder), start=2):
        buyer = buyers[row["buyer_ref"]]
        exists = session.scalar(
            select(DemandLine.id).where(
                DemandLine.buyer_id == buyer.id, DemandLine.ref == row["ref"]
            )
        )
        if exists is not None:
            continue
        language = detect_language(row["product_text"])
        session.add(
            DemandLine(
                buyer=buyer,
                ref=row["ref"],
                product_text=row["product_text"],
                language=Language(language),
                hs_code=_opt(row["hs_code"]),
                quantity=_decimal(row["quantity"]),
                unit=_opt(row["unit"]),
                target_price=_decimal(row["target_price"]),
                currency=_opt(row["currency"]),
                incoterms=_opt(row["incoterms"]),
                incoterms_place=_opt(row["incoterms_place"]),
                deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
                notes=_opt(row["notes"]),
                source_file=f"{DEMO_FILE_PREFIX}demand.csv",
                source_row=number,
            )
        )
        added["demand_lines"] += 1
    session.flush()
    return DemoReport(**added)


def prepare_demo_database(
    database: Database,
    match: bool = True,
    extra: Sequence[Callable[[Session], object]] = (),
) -> DemoReport:
    """Fill ``database`` with the demo data, then match it (screenshots, demonstrations).

    Two units of work, as a person would do it: load, then run matching. ``extra`` steps
    add more records in the first unit of work, before matching (the screenshots' pooling
    example).
    """
    with database.session(actor="demo") as session:
        report = load_demo_data(session)
        for step in extra:
            step(session)
    if match:
        with database.session(actor="demo") as session:
            # Imported here: the window imports this module at start, the matcher is heavy.
            from desktop_app.core.matching.engine import run_matching

            run_matching(session)
    return report
