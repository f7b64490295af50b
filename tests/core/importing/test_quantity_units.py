"""A unit written inside a quantity that disagrees with the row's unit is converted or reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import DemandLine, Product
from desktop_app.core.importing import import_file, validate_file
from desktop_app.core.importing.layout import Layout
from desktop_app.core.importing.quantity_units import quantity_unit_mismatches, shown_number
from desktop_app.core.importing.rows import RowParser
from desktop_app.core.validation.result import Severity
from tests.core.importing import crafted

DEMAND_HEADER = ["demand_ref", "buyer_name", "product_name", "quantity", "unit"]


def _demand(tmp_path: Path, *rows: list[object]) -> Path:
    return crafted.write_xlsx(tmp_path / "demand.xlsx", [DEMAND_HEADER, *rows])


def test_tonnes_against_a_kg_column_are_converted_with_a_warning(
    database: Database, tmp_path: Path
) -> None:
    path = _demand(tmp_path, ["R1", "大连港湾粮油有限公司", "Мёд", "5 т", "kg"])
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
        line = session.scalars(select(DemandLine)).one()
        assert (line.quantity, line.unit) == (Decimal(5000), "kg")
    assert (summary.imported, summary.rejected) == (1, 0)
    [problem] = summary.problems
    assert (problem.severity, problem.field, problem.row) == (Severity.WARNING, "quantity", 2)
    assert problem.column == "D (quantity)"
    assert problem.reason == "5 t converted to 5000 kg"


def test_bags_against_a_kg_column_reject_the_row_naming_both_units(
    database: Database, tmp_path: Path
) -> None:
    path = _demand(
        tmp_path,
        ["R1", "大连港湾粮油有限公司", "Мёд", "5 пакетов", "kg"],
        ["R2", "大连港湾粮油有限公司", "Соя", "7 kg", "kg"],  # agrees: nothing to say
    )
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
        stored = session.scalars(select(DemandLine.ref)).all()
    assert (summary.imported, summary.rejected, stored) == (1, 1, ["R2"])
    [problem] = summary.problems
    assert (problem.severity, problem.field, problem.row) == (Severity.ERROR, "quantity", 2)
    assert "bag" in problem.reason and "kg" in problem.reason
    assert problem.value == "5 bag"


def test_product_quantities_without_a_unit_column_follow_the_moq_unit(
    sqlite_database: Database, tmp_path: Path
) -> None:
    header = ["company_name", "product_name_ru", "moq", "capacity_monthly"]
    path = crafted.write_xlsx(
        tmp_path / "products.xlsx", [header, ["ООО «Мёд»", "Мёд", "2 т", "500 кг"]]
    )
    with sqlite_database.session() as session:
        summary = import_file(session, path, ImportKind.PRODUCTS)
        product = session.scalars(select(Product)).one()
        assert (product.moq, product.capacity_monthly, product.unit) == (
            Decimal(2),
            Decimal("0.5"),
            "t",
        )
    assert [(p.field, p.reason) for p in summary.problems] == [
        ("capacity_monthly", "500 kg converted to 0.5 t")
    ]


def test_a_converted_row_is_the_same_row_on_the_next_import(
    sqlite_database: Database, tmp_path: Path
) -> None:
    path = _demand(tmp_path, ["R1", "大连港湾粮油有限公司", "Мёд", "1,5 т", "kg"])
    with sqlite_database.session() as session:
        import_file(session, path, ImportKind.DEMAND)
    with sqlite_database.session() as session:
        again = validate_file(session, path, ImportKind.DEMAND)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)


def test_fingerprint_pieces_follow_the_converted_value() -> None:
    layout = Layout("s", 1, {i: name for i, name in enumerate(DEMAND_HEADER)}, {})
    parser = RowParser(ImportKind.DEMAND, layout, "demand.xlsx")
    row = parser.parse(2, ["R1", "Buyer", "Мёд", "3 т", "kg"])
    assert row is not None and row.values["quantity"] == (Decimal(3000), "kg")
    assert row.pieces is not None and row.fingerprint() == row.reference_fingerprint()


def test_mismatches_are_found_only_where_units_differ() -> None:
    assert (
        quantity_unit_mismatches({"quantity": (Decimal(5), None), "unit": "kg"}, ("quantity",))
        == []
    )
    assert (
        quantity_unit_mismatches({"quantity": (Decimal(5), "kg"), "unit": "kg"}, ("quantity",))
        == []
    )
    assert quantity_unit_mismatches({"quantity": (Decimal(5), "kg")}, ("quantity",)) == []
    [dozen] = quantity_unit_mismatches(
        {"quantity": (Decimal(2), "dozen"), "unit": "pcs"}, ("quantity",)
    )
    assert dozen.converted == (Decimal(24), "pcs") and dozen.severity is Severity.WARNING
    assert [shown_number(Decimal(v)) for v in ("5000.000", "0.0050", "12")] == [
        "5000",
        "0.005",
        "12",
    ]
