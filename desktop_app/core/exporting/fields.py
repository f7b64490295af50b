"""The columns an export can show: their keys, how they are formatted, and their headers.

Catalogue keys are the importer's field names (``product_ref``, ``company_inn``,
``price_min``, ...), so a workbook exported with headers in the ``key`` language reads
back through the importer unchanged. Templates in ``resources/export_templates/`` pick
columns from these two registries by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    """How a column's cells are written and formatted."""

    TEXT = "text"
    # Codes (HS, INN, OGRN, USCC, phone, references) are always text: leading zeros stay.
    CODE = "code"
    INTEGER = "integer"
    # A number shown with the unit held in the field's companion column.
    QUANTITY = "quantity"
    # A price shown with two decimals and the currency held in the companion column.
    MONEY = "money"
    SCORE = "score"
    DATE = "date"
    EMAIL = "email"
    WEBSITE = "website"


class ExportKind(StrEnum):
    """What an export holds."""

    CATALOGUE = "catalogue"
    MATCHES = "matches"


HEADER_LANGUAGES = ("key", "en", "ru", "zh")


class SuggestedText(str):
    """A product name suggested from the glossary, not confirmed by the exporter.

    Written like any text, but in the suggestion style that the summary's legend explains.
    """

    __slots__ = ()


@dataclass(frozen=True)
class ExportField:
    """One column an export template may show."""

    key: str
    kind: FieldKind
    en: str
    ru: str
    zh: str
    # The unit field of a quantity or the currency field of a price.
    companion: str | None = None
    # The field holding the unit a price is quoted per ("kg" in 5.50 CNY/kg).
    per: str | None = None
    # For a product name: the field saying where it comes from (entered or suggested),
    # a column of its own in a CSV, where no cell style can mark a suggestion.
    origin: str | None = None

    def label(self, language: str) -> str:
        """The header text in ``language`` (``key`` gives the field name itself)."""
        if language == "key":
            return self.key
        return str(getattr(self, language))


def companions(spec: ExportField) -> tuple[str, ...]:
    """The keys a column's cells need besides its own: currency and price unit, or unit."""
    return tuple(key for key in (spec.companion, spec.per) if key is not None)


def _fields(*fields: ExportField) -> dict[str, ExportField]:
    return {field.key: field for field in fields}


K = FieldKind
F = ExportField
# Where a product name comes from: "entered" (by the supplier, or a suggestion accepted),
# "suggested" (built from the glossary, not confirmed) or, for the international name,
# "transliterated" (a Russian-only name in Latin letters). See queries.DERIVED.
NAME_ORIGIN_FIELDS = (
    F(
        "product_name_intl_origin",
        K.CODE,
        "Product: origin",
        "Наименование: источник",
        "产品名称来源",
    ),
    F(
        "product_name_zh_origin",
        K.CODE,
        "Name (ZH): origin",
        "Наименование (кит.): источник",
        "中文名称来源",
    ),
)
CATALOGUE_FIELDS: dict[str, ExportField] = _fields(
    F("product_ref", K.CODE, "Product ref", "Артикул", "产品编号"),
    F("company_name", K.TEXT, "Company", "Компания", "公司名称"),
    F("company_name_en", K.TEXT, "Company (EN)", "Компания (англ.)", "公司英文名称"),
    F("company_name_intl", K.TEXT, "Company", "Компания", "公司名称"),
    F("company_name_zh", K.TEXT, "Company (ZH)", "Компания (кит.)", "公司中文名称"),
    F("company_inn", K.CODE, "INN", "ИНН", "税号"),
    F("company_ogrn", K.CODE, "OGRN", "ОГРН", "主要国家注册号"),
    F("company_region", K.TEXT, "Region", "Регион", "地区"),
    F("company_region_intl", K.TEXT, "Region", "Регион", "地区"),
    F("company_address", K.TEXT, "Address", "Адрес", "地址"),
    F("company_contact", K.TEXT, "Contact person", "Контактное лицо", "联系人"),
    F("company_contact_intl", K.TEXT, "Contact person", "Контактное лицо", "联系人"),
    F("company_email", K.EMAIL, "E-mail", "Эл. почта", "邮箱"),
    F("company_phone", K.CODE, "Phone", "Телефон", "电话"),
    F("company_website", K.WEBSITE, "Website", "Сайт", "网站"),
    F("company_gacc", K.CODE, "GACC registration", "Регистрация ГАКК", "海关总署注册号"),
    F("product_name_ru", K.TEXT, "Name (RU)", "Наименование (рус.)", "俄文名称"),
    F("product_name_en", K.TEXT, "Name (EN)", "Наименование (англ.)", "英文名称"),
    F(
        "product_name_intl",
        K.TEXT,
        "Product",
        "Наименование",
        "产品名称",
        origin="product_name_intl_origin",
    ),
    F(
        "product_name_zh",
        K.TEXT,
        "Name (ZH)",
        "Наименование (кит.)",
        "中文名称",
        origin="product_name_zh_origin",
    ),
    *NAME_ORIGIN_FIELDS,
    F("description", K.TEXT, "Description", "Описание", "描述"),
    F("hs_code", K.CODE, "HS code", "Код ТН ВЭД", "海关编码"),
    F("unit", K.TEXT, "Unit", "Единица", "单位"),
    F("moq", K.QUANTITY, "MOQ", "Мин. партия", "最小起订量", companion="unit"),
    F(
        "capacity_monthly",
        K.QUANTITY,
        "Monthly capacity",
        "Объём в месяц",
        "月产能",
        companion="unit",
    ),
    F("price_min", K.MONEY, "Price from", "Цена от", "最低价", "currency", "price_unit"),
    F("price_max", K.MONEY, "Price to", "Цена до", "最高价", "currency", "price_unit"),
    F("currency", K.CODE, "Currency", "Валюта", "币种"),
    F("price_unit", K.TEXT, "Price per", "Цена за", "计价单位"),
    F("incoterms", K.TEXT, "Incoterms", "Базис поставки", "贸易术语"),
    F("incoterms_place", K.TEXT, "Delivery place", "Место поставки", "交货地点"),
    F("incoterms_intl", K.TEXT, "Incoterms", "Базис поставки", "贸易术语"),
    F("shelf_life_days", K.INTEGER, "Shelf life, days", "Срок годности, дней", "保质期(天)"),
    F("packaging", K.TEXT, "Packaging", "Упаковка", "包装"),
    F("certificates", K.TEXT, "Certificates", "Сертификаты", "证书"),
    F("packaging_intl", K.TEXT, "Packaging", "Упаковка", "包装"),
    F("certificates_intl", K.TEXT, "Certificates", "Сертификаты", "证书"),
    F("status", K.CODE, "Status", "Статус", "状态"),
)

MATCH_FIELDS: dict[str, ExportField] = _fields(
    F("buyer_name", K.TEXT, "Buyer", "Покупатель", "采购商"),
    F("buyer_name_en", K.TEXT, "Buyer (EN)", "Покупатель (англ.)", "采购商英文名称"),
    F("buyer_uscc", K.CODE, "USCC", "USCC", "统一社会信用代码"),
    F("province", K.TEXT, "Province", "Провинция", "省份"),
    F("city", K.TEXT, "City", "Город", "城市"),
    F("buyer_contact", K.TEXT, "Buyer contact", "Контакт покупателя", "采购商联系人"),
    F("buyer_email", K.EMAIL, "Buyer e-mail", "Эл. почта покупателя", "采购商邮箱"),
    F("buyer_phone", K.CODE, "Buyer phone", "Телефон покупателя", "采购商电话"),
    F("demand_ref", K.CODE, "Request ref", "Номер заявки", "需求编号"),
    F("demand_product", K.TEXT, "Wanted product", "Запрошенный товар", "需求产品"),
    F(
        "demand_product_ru",
        K.TEXT,
        "Wanted product (RU)",
        "Запрошенный товар (рус.)",
        "需求产品(俄文释义)",
    ),
    F(
        "demand_product_en",
        K.TEXT,
        "Wanted product (EN)",
        "Запрошенный товар (англ.)",
        "需求产品(英文释义)",
    ),
    F("demand_hs_code", K.CODE, "Requested HS code", "Запрошенный код ТН ВЭД", "需求海关编码"),
    F("quantity", K.QUANTITY, "Quantity", "Количество", "数量", companion="demand_unit"),
    F("demand_unit", K.TEXT, "Unit", "Единица", "单位"),
    F(
        "target_price",
        K.MONEY,
        "Target price",
        "Целевая цена",
        "目标价格",
        companion="demand_currency",
        per="demand_price_unit",
    ),
    F("demand_currency", K.CODE, "Target currency", "Валюта заявки", "需求币种"),
    F("demand_price_unit", K.TEXT, "Target price per", "Целевая цена за", "目标价计价单位"),
    F("demand_incoterms", K.TEXT, "Requested Incoterms", "Запрошенный базис", "需求贸易术语"),
    F("deadline", K.DATE, "Deadline", "Срок", "交货期"),
    F("company_name", K.TEXT, "Supplier", "Поставщик", "供应商"),
    F("company_name_zh", K.TEXT, "Supplier (ZH)", "Поставщик (кит.)", "供应商中文名称"),
    F("company_inn", K.CODE, "INN", "ИНН", "税号"),
    F("company_name_intl", K.TEXT, "Supplier", "Поставщик", "供应商"),
    F("company_region", K.TEXT, "Region", "Регион", "地区"),
    F("company_region_intl", K.TEXT, "Region", "Регион", "地区"),
    F("company_contact", K.TEXT, "Supplier contact", "Контакт поставщика", "供应商联系人"),
    F("company_email", K.EMAIL, "Supplier e-mail", "Эл. почта поставщика", "供应商邮箱"),
    F("company_phone", K.CODE, "Supplier phone", "Телефон поставщика", "供应商电话"),
    F("company_website", K.WEBSITE, "Website", "Сайт", "网站"),
    F("product_ref", K.CODE, "Product ref", "Артикул", "产品编号"),
    F("product_name_ru", K.TEXT, "Product (RU)", "Товар (рус.)", "产品俄文名称"),
    F("product_name_en", K.TEXT, "Product (EN)", "Товар (англ.)", "产品英文名称"),
    F(
        "product_name_intl",
        K.TEXT,
        "Product",
        "Товар",
        "产品名称",
        origin="product_name_intl_origin",
    ),
    F(
        "product_name_zh",
        K.TEXT,
        "Product (ZH)",
        "Товар (кит.)",
        "产品中文名称",
        origin="product_name_zh_origin",
    ),
    *NAME_ORIGIN_FIELDS,
    F("hs_code", K.CODE, "HS code", "Код ТН ВЭД", "海关编码"),
    F("unit", K.TEXT, "Supplier unit", "Единица поставщика", "供应商单位"),
    F("price_min", K.MONEY, "Price from", "Цена от", "最低价", "currency", "price_unit"),
    F("price_max", K.MONEY, "Price to", "Цена до", "最高价", "currency", "price_unit"),
    F("currency", K.CODE, "Currency", "Валюта", "币种"),
    F("price_unit", K.TEXT, "Price per", "Цена за", "计价单位"),
    F("incoterms", K.TEXT, "Incoterms", "Базис поставки", "贸易术语"),
    F("incoterms_intl", K.TEXT, "Incoterms", "Базис поставки", "贸易术语"),
    F("score", K.SCORE, "Score", "Оценка", "匹配度"),
    F("reviewer", K.TEXT, "Reviewer", "Проверил", "审核人"),
    F("decided_at", K.DATE, "Decision date", "Дата решения", "决定日期"),
    F("note", K.TEXT, "Reviewer's note", "Комментарий", "审核备注"),
)

FIELDS_BY_KIND: dict[ExportKind, dict[str, ExportField]] = {
    ExportKind.CATALOGUE: CATALOGUE_FIELDS,
    ExportKind.MATCHES: MATCH_FIELDS,
}


class PerBuyer(StrEnum):
    """How accepted matches are split by buyer."""

    NONE = "none"
    SHEETS = "sheets"
    WORKBOOKS = "workbooks"
