"""Every field bounded to what both backends store exactly: forms, import and restore alike.

The bounds come from the ORM column types, so every column of every table has one; the
product form, the company form and the importer refuse the values an attack stored
(10^12 days, a price of 10^20, a 40,000-character name, a NUL) with the field named,
on SQLite and on PostgreSQL, where they used to be stored rounded or raise DataError.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Integer, String, func, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import Base, Company, Product
from desktop_app.core.errors import InputError
from desktop_app.core.importing import import_file
from desktop_app.core.services.companies import CompanyForm, create_company, validate_company
from desktop_app.core.services.products import ProductForm, create_product, validate_product
from desktop_app.core.validation.columns import column_problem, table_bounds
from tests.core.importing.crafted import write_xlsx
from tests.reliability.figures import record


def test_every_column_of_every_table_has_bounds() -> None:
    for table in Base.metadata.sorted_tables:
        bounds = table_bounds(table)
        assert set(bounds.checkers) == set(table.c.keys()), table.name
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and column.type.length:
                too_long = "я" * (column.type.length + 1)
                assert column_problem(column, too_long), column
                assert column_problem(column, "a\x00b"), column
            if isinstance(column.type, Integer) and not column.primary_key:
                assert column_problem(column, 2**31), column
                assert column_problem(column, 2**31 - 1) is None, column


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        (Decimal("99999999999999.99"), True),
        (Decimal("100000000000000"), False),
        (Decimal("99999999999999999999"), False),
        (Decimal("1.005"), False),
        (Decimal("1.500"), True),
        (Decimal("Infinity"), False),
        (Decimal("NaN"), False),
        ("12", False),
        (1.5, False),
    ],
)
def test_money_fits_numeric_16_2_exactly(value: object, fits: bool) -> None:
    assert (column_problem(Product.__table__.c.price_min, value) is None) is fits


DECIMALS = [
    "99999999999999.99", "-99999999999999.99", "100000000000000", "-100000000000000",
    "99999999999999999999", "1.005", "1.500", "1.50000000000000000001", "0E-7", "1E+3",
    "1E+14", "-0.00", "0.001", "12", "Infinity", "-Infinity", "NaN", "sNaN", "4521.37",
    "1.2E-10", "13.530000000000001",
]  # fmt: skip


@pytest.mark.parametrize("text", DECIMALS)
def test_a_whole_row_check_agrees_with_each_column_check_on_decimals(text: str) -> None:
    # TableBounds passes the common decimals without calling the column's checker (the
    # importer checks every row): it must let through exactly what the checker does.
    value = Decimal(text)
    bounds = table_bounds(Product.__table__)
    for name in ("price_min", "moq"):
        expected = column_problem(Product.__table__.c[name], value)
        found = dict(bounds.problems({name: value})).get(name)
        assert found == expected, (name, text)


def test_text_refuses_control_characters_but_keeps_line_breaks_and_tabs() -> None:
    notes = Company.__table__.c.notes
    assert column_problem(notes, "строка 1\nстрока 2\tи\r\n") is None
    assert column_problem(notes, "a\x0bb") and column_problem(notes, "\ud800")
    assert column_problem(notes, "👍 中文 ёлка") is None


HOSTILE_PRODUCT_FIELDS = [
    ("shelf_life_days", "1000000000000", "out of range"),
    ("price_max", "99999999999999999999", "too large"),
    ("price_min", "1.005", "decimal places"),
    ("name_ru", "x" * 40_000, "at most 500"),
    ("description", "ООО\x00Ромашка", "U+0000"),
    ("packaging", "x" * 301, "at most 300"),
    ("certificates", "Декларация\x1b[31m", "U+001B"),
]


@pytest.mark.parametrize(("field", "raw", "reason"), HOSTILE_PRODUCT_FIELDS)
def test_the_product_form_refuses_what_a_column_cannot_hold(
    database: Database, field: str, raw: str, reason: str
) -> None:
    with database.session(actor="test") as session:
        company = create_company(session, CompanyForm(name_ru="ООО Ромашка", inn="7707083893"))
    fields = {"name_ru": "Масло", "currency": "USD", field: raw}
    form = ProductForm(company_id=company.id, **fields)
    assert reason in validate_product(form).errors()[field]
    with pytest.raises(InputError) as raised, database.session(actor="test") as session:
        create_product(session, form)
    assert raised.value.location.field == field
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 0
    record("hostile form fields refused", backend=database.backend, case=field)


def test_the_company_form_refuses_a_nul_and_an_overlong_region() -> None:
    check = validate_company(
        CompanyForm(name_ru="ООО\x00Ромашка", inn="7707083893", region="р" * 121)
    )
    errors = check.errors()
    assert "U+0000" in errors["name_ru"] and "at most 120" in errors["region"].lower()


def test_the_importer_rejects_each_hostile_row_and_keeps_the_good_ones(
    database: Database, tmp_path: Path
) -> None:
    header = ["Компания", "Наименование (рус.)", "Цена до", "Валюта", "Срок годности", "Описание"]
    rows = [
        header,
        ["ООО Ромашка", "Масло подсолнечное", 12.5, "USD", 365, "хорошее"],
        ["ООО Ромашка", "Гречка", 10, "USD", 10**12, ""],
        ["ООО Ромашка", "Горох", "99999999999999999999", "USD", 30, ""],
        ["ООО Ромашка", "x" * 40_000, 5, "USD", 30, ""],
        ["ООО Ромашка", "Пшеница", 1.005, "USD", 30, ""],
        ["ООО Ромашка", "Овёс", 5, "USD", 30, "вредный _x0000_ символ"],
        # A formula's result as Excel stores it: float noise past the 15th digit.
        ["ООО Ромашка", "Рис", 12.3 * 1.1, "USD", 30, ""],
    ]
    path = write_xlsx(tmp_path / "products.xlsx", rows)
    with database.session(actor="test") as session:
        summary = import_file(session, path, ImportKind.PRODUCTS)
    assert 12.3 * 1.1 == 13.530000000000001
    assert summary.imported == 2, summary.problems
    assert summary.rejected == 5
    by_row = {p.row: p.reason for p in summary.problems if p.severity.value == "error"}
    assert "out of range" in by_row[3]
    assert "too large" in by_row[4]
    assert "at most 500" in by_row[5]
    assert "decimal places" in by_row[6]
    assert "U+0000" in by_row[7]
    with database.session() as session:
        stored = session.execute(select(Product.name_ru, Product.price_max).order_by(Product.id))
        assert [tuple(row) for row in stored] == [
            ("Масло подсолнечное", Decimal("12.50")),
            ("Рис", Decimal("13.53")),
        ]
    record("hostile import rows rejected", 5, backend=database.backend)


def test_a_glossary_concept_longer_than_its_column_is_refused(database: Database) -> None:
    from desktop_app.core.domain.enums import Language
    from desktop_app.core.services.glossary_terms import TermPair, add_term_pair

    pair = TermPair("к" * 200, {Language.RU: "масло", Language.ZH: "油"}, None)
    with pytest.raises(InputError) as raised, database.session(actor="t") as session:
        add_term_pair(session, pair, "anna")
    assert raised.value.location.field == "concept" and "at most 120" in raised.value.reason


def test_a_glossary_term_longer_than_its_column_added_twice_is_kept_once(
    database: Database,
) -> None:
    from sqlalchemy import func, select

    from desktop_app.core.domain.enums import Language
    from desktop_app.core.domain.models import GlossaryTerm
    from desktop_app.core.services.glossary_terms import TermPair, add_term_pair

    # A buyer's long line offered as a term (Review offers the demand text as it stands).
    long_zh = "精炼一级压榨葵花籽油" * 25
    pair = TermPair("sunflower_oil_long", {Language.RU: "масло", Language.ZH: long_zh}, None)
    with database.session(actor="anna") as session:
        assert len(add_term_pair(session, pair, "anna")) == 2
    # Accepted again from another candidate of the same line: nothing to add, no error.
    with database.session(actor="anna") as session:
        assert add_term_pair(session, pair, "anna") == []
        count = session.scalar(select(func.count()).select_from(GlossaryTerm))
    assert count == 2
