"""The fields a products or demand file can fill, and the header texts that name them.

Header synonyms in Chinese, English and Russian are shipped in
``resources/import/field_synonyms.csv`` (kind, field, language, synonyms separated by
``|``) so an office can add the wording of its partners without touching code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource
from desktop_app.core.text import fold


class ValueKind(StrEnum):
    """How a cell of a field is read."""

    TEXT = "text"
    NUMBER = "number"
    QUANTITY = "quantity"
    MONEY = "money"
    HS_CODE = "hs_code"
    INN = "inn"
    OGRN = "ogrn"
    USCC = "uscc"
    UNIT = "unit"
    # The unit a price is quoted per: a unit without a multiplier.
    PRICE_UNIT = "price_unit"
    CURRENCY = "currency"
    INCOTERMS = "incoterms"
    DATE = "date"
    DURATION_DAYS = "duration_days"
    STATUS = "status"
    EMAIL = "email"
    PHONE = "phone"
    WEBSITE = "website"


@dataclass(frozen=True)
class FieldSpec:
    """One importable field: its name, how it is read, and a description for templates."""

    name: str
    kind: ValueKind
    title_en: str
    title_ru: str
    title_zh: str
    help_en: str = ""


def _f(name: str, kind: ValueKind, en: str, ru: str, zh: str, help_en: str = "") -> FieldSpec:
    return FieldSpec(name, kind, en, ru, zh, help_en)


V = ValueKind
PRODUCT_FIELDS: tuple[FieldSpec, ...] = (
    _f("product_ref", V.TEXT, "Product ref", "Артикул", "产品编号", "Your own key of the row"),
    _f("company_name", V.TEXT, "Company", "Компания", "公司名称", "Required unless INN given"),
    _f("company_inn", V.INN, "INN", "ИНН", "税号", "10 or 12 digits"),
    _f("company_ogrn", V.OGRN, "OGRN", "ОГРН", "主要国家注册号", "13 or 15 digits"),
    _f("company_region", V.TEXT, "Region", "Регион", "地区"),
    _f("company_contact", V.TEXT, "Contact person", "Контактное лицо", "联系人"),
    _f("company_email", V.EMAIL, "E-mail", "Эл. почта", "邮箱"),
    _f("company_phone", V.PHONE, "Phone", "Телефон", "电话"),
    _f("company_website", V.WEBSITE, "Website", "Сайт", "网站"),
    _f("company_gacc", V.TEXT, "GACC registration", "Регистрация ГАКК", "海关总署注册号"),
    _f("product_name_ru", V.TEXT, "Name (RU)", "Наименование (рус.)", "俄文名称"),
    _f("product_name_en", V.TEXT, "Name (EN)", "Наименование (англ.)", "英文名称"),
    _f("product_name_zh", V.TEXT, "Name (ZH)", "Наименование (кит.)", "中文名称"),
    _f("description", V.TEXT, "Description", "Описание", "描述"),
    _f("hs_code", V.HS_CODE, "HS code", "Код ТН ВЭД", "海关编码", "4 to 10 digits, as text"),
    _f("unit", V.UNIT, "Unit", "Единица", "单位", "kg, t, pcs, l, ..."),
    _f("moq", V.QUANTITY, "MOQ", "Мин. партия", "最小起订量"),
    _f("capacity_monthly", V.QUANTITY, "Monthly capacity", "Объём в месяц", "月产能"),
    _f("price_min", V.MONEY, "Price from", "Цена от", "最低价"),
    _f("price_max", V.MONEY, "Price to", "Цена до", "最高价"),
    _f("price", V.MONEY, "Price", "Цена", "价格", "Fills price from and price to"),
    _f("currency", V.CURRENCY, "Currency", "Валюта", "币种", "USD, CNY, RUB, EUR"),
    _f("price_unit", V.PRICE_UNIT, "Price per", "Цена за", "计价单位", "kg; empty: per unit"),
    _f("incoterms", V.INCOTERMS, "Incoterms", "Базис поставки", "贸易术语", "FOB Qingdao"),
    _f("shelf_life_days", V.DURATION_DAYS, "Shelf life", "Срок годности", "保质期", "days"),
    _f("packaging", V.TEXT, "Packaging", "Упаковка", "包装"),
    _f("certificates", V.TEXT, "Certificates", "Сертификаты", "证书"),
    _f("status", V.STATUS, "Status", "Статус", "状态", "active, draft or archived"),
)
DEMAND_FIELDS: tuple[FieldSpec, ...] = (
    _f("demand_ref", V.TEXT, "Request ref", "Номер заявки", "需求编号", "Your own key of the row"),
    _f("buyer_name", V.TEXT, "Buyer", "Покупатель", "采购商", "中文名 (English name)"),
    _f("buyer_uscc", V.USCC, "USCC", "USCC", "统一社会信用代码", "18 characters"),
    _f("province", V.TEXT, "Province", "Провинция", "省份"),
    _f("city", V.TEXT, "City", "Город", "城市"),
    _f("buyer_contact", V.TEXT, "Contact person", "Контактное лицо", "联系人"),
    _f("buyer_email", V.EMAIL, "E-mail", "Эл. почта", "邮箱"),
    _f("buyer_phone", V.PHONE, "Phone", "Телефон", "电话"),
    _f("product_name", V.TEXT, "Product", "Товар", "产品名称", "Required"),
    _f("hs_code", V.HS_CODE, "HS code", "Код ТН ВЭД", "海关编码", "4 to 10 digits, as text"),
    _f("quantity", V.QUANTITY, "Quantity", "Количество", "数量", "5, 2万, 1,5 т"),
    _f("unit", V.UNIT, "Unit", "Единица", "单位", "kg, t, pcs, l, ..."),
    _f("target_price", V.MONEY, "Target price", "Целевая цена", "目标价格"),
    _f("currency", V.CURRENCY, "Currency", "Валюта", "币种", "USD, CNY, RUB, EUR"),
    _f("price_unit", V.PRICE_UNIT, "Price per", "Цена за", "计价单位", "kg; empty: per unit"),
    _f("incoterms", V.INCOTERMS, "Incoterms", "Базис поставки", "贸易术语", "DAP 满洲里"),
    _f("deadline", V.DATE, "Deadline", "Срок", "交货期", "2026-12-01 or 2026年12月1日"),
    _f("notes", V.TEXT, "Notes", "Примечание", "备注"),
)

FIELDS: dict[ImportKind, tuple[FieldSpec, ...]] = {
    ImportKind.PRODUCTS: PRODUCT_FIELDS,
    ImportKind.DEMAND: DEMAND_FIELDS,
}


def field_title(kind: ImportKind, name: str) -> str:
    """A field's title in the interface language («产品名称», «Товар», "Product"), as the
    import wizard's mapping names it; its key when ``kind`` has no such field."""
    spec = field_specs(kind).get(name)
    if spec is None:
        return name
    # The wizard's own idiom: each translation names the language of its titles.
    language = tr("FIELD_TITLE_LANGUAGE", context="MappingModel")
    return {"ru": spec.title_ru, "zh": spec.title_zh}.get(language, spec.title_en)


def field_specs(kind: ImportKind) -> dict[str, FieldSpec]:
    """The fields of ``kind`` by name, in template order."""
    return {spec.name: spec for spec in FIELDS[kind]}


# Brackets, asterisks marking required columns, colons and runs of space do not change
# what a header means: "产品名称（中文）*" and "产品名称(中文)" are one header.
_HEADER_NOISE = re.compile(r"[\s*:：＊]+")


def normalize_header(text: object) -> str:
    """The comparable form of a header cell: NFKC, case-folded, without noise."""
    if text is None:
        return ""
    folded = fold(str(text))
    return _HEADER_NOISE.sub(" ", folded).strip(" .")


@cache
def _load_synonyms(path: Path) -> dict[ImportKind, dict[str, str]]:
    table: dict[ImportKind, dict[str, str]] = {kind: {} for kind in ImportKind}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = ImportKind(row["kind"].strip())
            field = row["field"].strip()
            if field not in field_specs(kind):
                raise ValueError(f"{path}: unknown {kind} field {field!r}")
            for synonym in [field, *row["synonyms"].split("|")]:
                key = normalize_header(synonym)
                # The first field listed for a synonym wins; later duplicates are ignored.
                if key:
                    table[kind].setdefault(key, field)
    return table


def header_synonyms(kind: ImportKind, path: Path | None = None) -> Mapping[str, str]:
    """Normalized header text -> field name for files of ``kind``."""
    return _load_synonyms(path or resource("import", "field_synonyms.csv"))[kind]
