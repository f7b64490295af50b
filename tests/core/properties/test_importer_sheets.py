"""Generated demand and product sheets: every row is imported exactly as meant, or reported.

Hypothesis writes real xlsx files (openpyxl) mixing valid values in the notations people
use (numbers as text, decimal commas, thousands spaces, full-width digits, units inside
quantities, HS codes that lost their leading zero), rows with an unreadable value, blank
rows and an extra column nobody mapped. The import must raise nothing but its own
errors; every accepted row must hold the generated values after the documented
normalisations (free text trimmed and full-width folded, numbers read as Decimal, units
and HS codes normalised); every rejected row must be reported with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import DemandLine, Product
from desktop_app.core.importing import import_file, validate_file
from desktop_app.core.text import fold_width
from desktop_app.core.validation.result import Severity
from tests.core.properties.conftest import tried

UNITS = {"kg": "kg", "公斤": "kg", "吨": "t", "т": "t", "шт": "pcs", "件": "pcs", "升": "l"}
# HS codes as a spreadsheet may hold them, and as they are stored.
HS_CODES = {"040900": "040900", "0409.00": "040900", 40900: "040900", "1512.19": "151219",
            151219: "151219", "0306 33": "030633"}  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# Unreadable quantities. A number followed by a unit nobody listed ("5 т т") is not one:
# a unit alone never rejects a row, it is kept as written and reported as doubtful.
BAD_QUANTITIES = ("много", "т 5", "1,2,3", "--5", "N/A", "5..")
NAME_ALPHABET = st.characters(
    categories=("L", "N", "Zs"), exclude_characters="\u00a0\u2028\u2029", max_codepoint=0xFFEF
)
# openpyxl writes a text starting with "=" as a formula; names never start with one here.
NAMES = st.text(NAME_ALPHABET, min_size=1, max_size=30).filter(lambda t: fold_width(t).strip())
QUANTITIES = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False)
PRICES = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


def written_number(value: Decimal, form: int) -> Any:
    """``value`` the way a sheet may hold it: a number cell or text in some notation."""
    plain = format(value, "f")
    if form == 0:
        return int(value) if value == value.to_integral_value() else float(plain)
    if form == 1:
        return plain
    if form == 2:
        whole, _, fraction = plain.partition(".")
        grouped = f"{int(whole):,}".replace(",", " ")
        # "12,345" is twelve thousand by the documented rule (three digits after a lone
        # comma group thousands); people who mean 12.345 write the point.
        mark = "." if len(fraction) == 3 and int(whole) < 1000 else ","
        return grouped + (mark + fraction if fraction else "")
    return plain.translate(FULL_WIDTH)


@dataclass
class GeneratedRow:
    """One data row of a generated sheet and what the import must make of it."""

    cells: list[Any]
    expected: dict[str, Any] | None  # None: the row must be rejected


@st.composite
def demand_rows(draw: st.DrawFn, number: int) -> GeneratedRow:
    """A valid demand row in a random notation, or one with an unreadable quantity."""
    name = draw(NAMES)
    quantity = draw(QUANTITIES)
    price = draw(PRICES)
    unit_text = draw(st.sampled_from(sorted(UNITS)))
    hs_written = draw(st.sampled_from(list(HS_CODES)))
    quantity_form = draw(st.integers(0, 4))
    if quantity_form == 4:  # the unit inside the quantity, the unit column left empty
        quantity_cell: Any = f"{format(quantity, 'f')} {unit_text}"
        unit_cell = None
    else:
        quantity_cell = written_number(quantity, quantity_form)
        unit_cell = unit_text
    price_cell = written_number(price, draw(st.integers(0, 3)))
    extra = draw(st.text(NAME_ALPHABET, max_size=10))
    expected = {
        "ref": f"R{number}",
        "product_text": fold_width(name).strip(),
        "quantity": quantity,
        "unit": UNITS[unit_text],
        "hs_code": HS_CODES[hs_written],
        "target_price": price,
    }
    if draw(st.booleans()) and draw(st.booleans()):  # a quarter of the rows are unreadable
        quantity_cell, expected = draw(st.sampled_from(BAD_QUANTITIES)), None
    cells = [f"R{number}", "大连港湾粮油有限公司", name, hs_written, quantity_cell, unit_cell,
             price_cell, "USD", extra]  # fmt: skip
    return GeneratedRow(cells, expected)


DEMAND_COLUMNS = ("ref", "product_text", "quantity", "unit", "hs_code", "target_price")
PRODUCT_COLUMNS = ("ref", "name_ru", "moq", "price_min", "price_max", "hs_code")
DEMAND_HEADER = ["Request ref", "Buyer", "Product", "HS code", "Quantity", "Unit",
                 "Target price", "Currency", "zz extra column"]  # fmt: skip


@st.composite
def demand_sheets(draw: st.DrawFn) -> list[GeneratedRow | None]:
    """Up to a dozen data rows with blank rows (``None``) between them."""
    count = draw(st.integers(1, 12))
    rows: list[GeneratedRow | None] = []
    for number in range(count):
        if draw(st.integers(0, 5)) == 0:
            rows.append(None)
        rows.append(draw(demand_rows(number)))
    return rows


def write_sheet(path: Path, header: list[str], rows: list[GeneratedRow | None]) -> dict[int, Any]:
    """Write the sheet; returns the expected outcome by sheet row number (header is row 1)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    outcome: dict[int, Any] = {}
    for row in rows:
        sheet.append([] if row is None else row.cells)
        if row is not None:
            outcome[sheet.max_row] = row.expected
    book.save(path)
    return outcome


SETTINGS = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.slow
@SETTINGS
@given(demand_sheets())
def test_generated_demand_sheet_imports_every_value_as_meant(
    sqlite_database: Database, rows: list[GeneratedRow | None]
) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "demand.xlsx"
        outcome = write_sheet(path, DEMAND_HEADER, rows)
        with sqlite_database.sessions() as session:
            dry = validate_file(session, path, ImportKind.DEMAND)
            summary = import_file(session, path, ImportKind.DEMAND)
            lines = {
                line.source_row: {name: getattr(line, name) for name in DEMAND_COLUMNS}
                for line in session.scalars(
                    select(DemandLine).where(DemandLine.import_batch_id == summary.batch_id)
                )
            }
            session.rollback()  # every example starts from the same empty database
    tried("importer: generated sheet rows", len(outcome))
    rejected = {row for row, expected in outcome.items() if expected is None}
    accepted = {row: expected for row, expected in outcome.items() if expected is not None}
    errors = {p.row for p in summary.problems if p.severity is Severity.ERROR}
    assert errors == rejected
    assert all(p.field == "quantity" for p in summary.problems if p.severity is Severity.ERROR)
    assert (summary.imported, summary.rejected) == (len(accepted), len(rejected))
    assert (dry.imported, dry.rejected) == (summary.imported, summary.rejected)
    assert set(lines) == set(accepted)
    for number, expected in accepted.items():
        assert lines[number] == expected, f"row {number}"


# The field names are documented header synonyms (resources/import/field_synonyms.csv).
PRODUCT_HEADER = ["product_ref", "company_name", "product_name_ru", "hs_code", "moq", "unit",
                  "price_min", "price_max", "currency"]  # fmt: skip


@pytest.mark.slow
@SETTINGS
@given(st.lists(st.tuples(NAMES, QUANTITIES, PRICES, PRICES, st.integers(0, 3)), max_size=10))
def test_generated_product_sheet_keeps_prices_and_quantities(
    sqlite_database: Database, products: list[tuple[str, Decimal, Decimal, Decimal, int]]
) -> None:
    rows: list[GeneratedRow | None] = []
    for number, (name, moq, first, second, form) in enumerate(products):
        low, high = min(first, second), max(first, second)
        cells = [f"P{number}", "ООО «Экспорт»", name, "0409.00", written_number(moq, form), "kg",
                 written_number(low, form), written_number(high, form), "USD"]  # fmt: skip
        expected = {"ref": f"P{number}", "name_ru": fold_width(name).strip(), "moq": moq,
                    "price_min": low, "price_max": high, "hs_code": "040900"}  # fmt: skip
        rows.append(GeneratedRow(cells, expected))
    with TemporaryDirectory() as folder:
        path = Path(folder) / "products.xlsx"
        outcome = write_sheet(path, PRODUCT_HEADER, rows)
        with sqlite_database.sessions() as session:
            summary = import_file(session, path, ImportKind.PRODUCTS)
            stored = {
                product.ref: {name: getattr(product, name) for name in PRODUCT_COLUMNS}
                for product in session.scalars(
                    select(Product).where(Product.import_batch_id == summary.batch_id)
                )
            }
            session.rollback()
    tried("importer: generated sheet rows", len(outcome))
    assert summary.rejected == 0 and summary.imported == len(rows)
    for expected in outcome.values():
        assert stored[expected["ref"]] == expected


def test_quantity_unit_disagreeing_with_the_unit_column_is_reported(
    sqlite_database: Database, tmp_path: Path
) -> None:
    cells = ["R1", "大连港湾粮油有限公司", "Мёд", "040900", "5 пакетов", "kg", 10, "USD", ""]
    row = GeneratedRow(cells, None)
    write_sheet(tmp_path / "demand.xlsx", DEMAND_HEADER, [row])
    with sqlite_database.sessions() as session:
        summary = validate_file(session, tmp_path / "demand.xlsx", ImportKind.DEMAND)
    assert [p.field for p in summary.problems] == ["quantity"]


def test_a_leading_zero_group_is_a_decimal_comma() -> None:
    from desktop_app.core.importing.values import parse_quantity

    assert parse_quantity("0,001").value == (Decimal("0.001"), None)


def test_english_field_titles_map_to_their_fields(
    sqlite_database: Database, tmp_path: Path
) -> None:
    row = GeneratedRow(["P1", "ООО «Экспорт»", "Мёд", "0409.00", 5, "kg", 10, 12, "USD"], None)
    header = ["Product ref", "Company", "Name (RU)", "HS code", "MOQ", "Unit", "Price from",
              "Price to", "Currency"]  # fmt: skip
    write_sheet(tmp_path / "products.xlsx", header, [row])
    with sqlite_database.sessions() as session:
        summary = validate_file(session, tmp_path / "products.xlsx", ImportKind.PRODUCTS)
    assert summary.mapping["Product ref"] == "product_ref"
    assert summary.mapping["Name (RU)"] == "product_name_ru"
