"""Screenshots of pooling: three small honey producers and a buyer's 2,500 t request,
which no one of them can fill, added to the screenshot database; the pooling dialog."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import Language
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product
from desktop_app.core.services.exchange_rates import save_rate
from desktop_app.ui.operations import Operations

HONEY_REF = "D-HONEY"
# (name, region, GACC registration, MOQ t, t a month, price range CNY per kg)
PRODUCERS = (
    ("ООО «Алтайский пасечник»", "Алтайский край", "CRU0400011111", 20, 300, ("6.00", "6.50")),
    ("ООО «Башкирский мёд»", "Республика Башкортостан", "CRU0400022222", 50, 250, ("5.50", "7.20")),
    ("ООО «Дальневосточная липа»", "Приморский край", "CRU0400033333", 10, 400, ("5.80", "6.90")),
    ("ИП Соколов", "Амурская область", None, 5, 150, ("4.90", "5.40")),
)


def prepare_pooling(session: Session) -> None:
    """Add the honey producers, the request, and today's rates."""
    today = date.today()
    for base, rate in (("USD", "7.12"), ("RUB", "0.078")):
        save_rate(session, base, "CNY", rate, today, "demo rates", "demo")
    buyer = Buyer(name_zh="上海甜蜜食品有限公司", name_en="Shanghai Sweet Foods", province="上海")
    session.add(buyer)
    for number, (name, region, gacc, moq, capacity, prices) in enumerate(PRODUCERS, 1):
        company = Company(name_ru=name, region=region, gacc_registration=gacc)
        session.add(company)
        session.flush()
        session.add(
            Product(
                company_id=company.id,
                ref=f"H{number:02d}",
                name_ru="Мёд натуральный липовый",
                name_en="Natural linden honey",
                name_zh="天然椴树蜂蜜",
                hs_code="040900",
                unit="kg",
                moq=Decimal(moq * 1000),
                capacity_monthly=Decimal(capacity * 1000),
                price_min=Decimal(prices[0]),
                price_max=Decimal(prices[1]),
                currency="CNY",
                incoterms="FCA",
                incoterms_place="Забайкальск",
            )
        )
    session.flush()
    session.add(
        DemandLine(
            buyer_id=buyer.id,
            ref=HONEY_REF,
            product_text="天然椴树蜂蜜 桶装",
            language=Language.ZH,
            hs_code="040900",
            quantity=Decimal(2500),
            unit="t",
            target_price=Decimal(6800),
            currency="CNY",
            incoterms="FCA",
            incoterms_place="Забайкальск",
            deadline=today + timedelta(days=91),
        )
    )


def honey_line_id(session: Session) -> int:
    """The id of the honey request."""
    return session.scalars(select(DemandLine.id).where(DemandLine.ref == HONEY_REF)).one()


def grab_pool_dialog(
    app: QApplication, window: QWidget, operations: Operations, target: Path
) -> Path:
    """Render the pooling dialog of the honey request as ``pooled-offer.png``."""
    from desktop_app.ui.pool_dialog import PoolDialog

    found: list[int] = []
    operations.read(honey_line_id, found.append)
    operations.wait()
    dialog = PoolDialog(operations, found[0], "Анна Петрова", window)
    dialog.resize(1180, 440)
    dialog.show()
    operations.wait()
    for _ in range(5):
        app.processEvents()
    path = target / "pooled-offer.png"
    dialog.grab().save(str(path))
    dialog.close()
    return path
