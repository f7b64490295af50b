"""The "Pooled offers" sheet: each accepted pool's line, every supplier's share, the total.

Pools are few (one per request at most), so their rows are read into memory. The headers
follow the template's languages like every other sheet; the row that totals a pool says
so in those languages too.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import PoolStatus
from desktop_app.core.domain.models import (
    Buyer,
    Company,
    DemandLine,
    PooledOffer,
    PooledShare,
    Product,
)
from desktop_app.core.exporting.cells import Row
from desktop_app.core.exporting.fields import ExportField, FieldKind
from desktop_app.core.exporting.queries import ExportFilters
from desktop_app.core.exporting.templates import ExportTemplate, TemplateColumn
from desktop_app.core.exporting.xlsx_writer import WorkbookBuilder, row_keys, write_table

K = FieldKind
F = ExportField
POOLED_FIELDS: tuple[ExportField, ...] = (
    F("buyer_name", K.TEXT, "Buyer", "Покупатель", "采购商"),
    F("demand_ref", K.CODE, "Request ref", "Номер заявки", "需求编号"),
    F("demand_product", K.TEXT, "Wanted product", "Запрошенный товар", "需求产品"),
    F("quantity", K.QUANTITY, "Quantity asked", "Запрошено", "需求数量", companion="unit"),
    F("deadline", K.DATE, "Deadline", "Срок", "交货期"),
    F("company_name", K.TEXT, "Supplier", "Поставщик", "供应商"),
    F("company_name_zh", K.TEXT, "Supplier (ZH)", "Поставщик (кит.)", "供应商中文名称"),
    F("product_ref", K.CODE, "Product ref", "Артикул", "产品编号"),
    F("product_name", K.TEXT, "Product", "Товар", "产品名称"),
    F("share", K.QUANTITY, "Share", "Доля", "供货量", companion="unit"),
    F("unit", K.TEXT, "Unit", "Единица", "单位"),
    F("price_min", K.MONEY, "Price from", "Цена от", "最低价", companion="currency"),
    F("price_max", K.MONEY, "Price to", "Цена до", "最高价", companion="currency"),
    F("currency", K.CODE, "Currency", "Валюта", "币种"),
    F("incoterms", K.TEXT, "Incoterms", "Базис поставки", "贸易术语"),
    F("total_min", K.MONEY, "Total from", "Сумма от", "总价(最低)", companion="currency"),
    F("total_max", K.MONEY, "Total to", "Сумма до", "总价(最高)", companion="currency"),
    F("shortfall", K.QUANTITY, "Shortfall", "Недостача", "缺口", companion="unit"),
)
TOTAL_LABEL = F("total", K.TEXT, "Total", "Итого", "合计")
SHEET_LABEL = F("pooled", K.TEXT, "Pooled offers", "Сборные предложения", "拼单报价")


def _label(spec: ExportField, languages: tuple[str, ...]) -> str:
    human = [language for language in languages if language != "key"] or ["en"]
    return " ".join(dict.fromkeys(spec.label(language) for language in human))


def pooled_columns(template: ExportTemplate) -> tuple[TemplateColumn, ...]:
    """The sheet's columns with headers in the template's languages."""
    columns = []
    for spec in POOLED_FIELDS:
        lines = list(dict.fromkeys(spec.label(lang) for lang in template.header_languages))
        columns.append(TemplateColumn(spec, "\n".join(lines)))
    return tuple(columns)


def pooled_sheet_name(template: ExportTemplate) -> str:
    """The sheet's name from the template's ``[sheets] pooled``, or in its languages."""
    return template.sheet_names.get("pooled") or _label(SHEET_LABEL, template.header_languages)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def pooled_rows(
    session: Session, template: ExportTemplate, filters: ExportFilters | None = None
) -> dict[int | None, list[Row]]:
    """Rows of every pool in force, by buyer id: one per share, then the pool's total."""
    stmt = (
        select(PooledOffer, DemandLine, Buyer)
        .join(DemandLine, DemandLine.id == PooledOffer.demand_line_id)
        .outerjoin(Buyer, Buyer.id == DemandLine.buyer_id)
        .where(PooledOffer.status == PoolStatus.ACCEPTED)
        .order_by(Buyer.id, DemandLine.ref, DemandLine.id)
    )
    if filters is not None and filters.buyer_ids:
        stmt = stmt.where(DemandLine.buyer_id.in_(filters.buyer_ids))
    if filters is not None and filters.hs_chapters:
        stmt = stmt.where(
            or_(*(DemandLine.hs_code.like(f"{chapter}%") for chapter in filters.hs_chapters))
        )
    keys = row_keys(pooled_columns(template))
    total_label = _label(TOTAL_LABEL, template.header_languages)
    by_buyer: dict[int | None, list[Row]] = {}
    for pool, line, buyer in session.execute(stmt).all():
        shares = session.execute(
            select(PooledShare, Product, Company)
            .join(Product, Product.id == PooledShare.product_id)
            .join(Company, Company.id == Product.company_id)
            .where(PooledShare.pool_id == pool.id)
            .order_by(PooledShare.position)
        ).all()
        base = {
            "buyer_name": (buyer.name_zh or buyer.name_en) if buyer else None,
            "demand_ref": line.ref,
            "demand_product": line.product_text,
            "quantity": pool.quantity,
            "deadline": line.deadline,
            "unit": pool.unit,
            "currency": pool.currency,
        }
        rows = by_buyer.setdefault(buyer.id if buyer else None, [])
        for share, product, company in shares:
            low, high = share.buyer_price_min, share.buyer_price_max
            values = {
                **base,
                "company_name": company.name_en or company.name_ru,
                "company_name_zh": company.name_zh,
                "product_ref": product.ref,
                "product_name": product.name_en or product.name_ru or product.name_zh,
                "share": share.quantity,
                "price_min": low,
                "price_max": high,
                "incoterms": " ".join(
                    part for part in (share.incoterms, share.incoterms_place) if part
                )
                or None,
                "total_min": _money(share.quantity * low) if low is not None else None,
                "total_max": _money(share.quantity * high) if high is not None else None,
            }
            rows.append(tuple(values.get(key) for key in keys))
        total = {
            **base,
            "company_name": total_label,
            "share": pool.covered,
            "price_min": pool.price_min,
            "price_max": pool.price_max,
            "total_min": pool.total_min,
            "total_max": pool.total_max,
            "shortfall": pool.shortfall,
        }
        rows.append(tuple(total.get(key) for key in keys))
    return by_buyer


def write_pooled_sheet(
    builder: WorkbookBuilder, template: ExportTemplate, rows: Iterable[Row]
) -> int:
    """Add the "Pooled offers" sheet with ``rows``; returns how many rows it has."""
    return write_table(builder, pooled_sheet_name(template), pooled_columns(template), rows)
