"""The import use case against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    ImportBatch,
    Product,
)
from desktop_app.core.errors import Cancelled
from desktop_app.core.importing import ImportOptions, ImportRejected, import_file, service
from desktop_app.core.progress import CancelToken, NullProgress
from tests.conftest import SHARED_DATA
from tests.core.importing import crafted
from tests.races import second_save_while_first_uncommitted

GOLD = SHARED_DATA / "goldsets" / "dev"
needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="../shared/data is not present")


def _count(database: Database, model: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@needs_shared
@pytest.mark.parametrize(
    ("kind", "name"), [(ImportKind.PRODUCTS, "products.csv"), (ImportKind.DEMAND, "demand.csv")]
)
def test_gold_set_imports_without_rejection_and_twice_adds_nothing(
    database: Database, kind: ImportKind, name: str
) -> None:
    with database.session() as session:
        first = import_file(session, GOLD / name, kind)
    assert (first.rejected == 0 and first.problems == ()) or all(
        p.severity.value == "warning" for p in first.problems
    )
    assert first.imported == (80 if kind is ImportKind.PRODUCTS else 160)
    with database.session() as session:
        again = import_file(session, GOLD / name, kind)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
    assert _count(database, ImportBatch) == 2


def test_chinese_request_with_title_row_and_numeric_hs(database: Database, tmp_path: Path) -> None:
    path = crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert (summary.imported, summary.rejected) == (3, 0)
    with database.session() as session:
        lines = session.scalars(select(DemandLine).order_by(DemandLine.source_row)).all()
        crab, oil, peas = lines
        assert (crab.hs_code, crab.quantity, crab.unit) == ("030633", Decimal(5), "t")
        assert (crab.target_price, crab.currency) == (Decimal(45000), "CNY")
        assert (crab.incoterms, crab.incoterms_place, crab.deadline) == (
            "DAP",
            "满洲里",
            date(2026, 12, 1),
        )
        assert (oil.quantity, oil.unit, oil.incoterms_place) == (Decimal(20000), "l", "Qingdao")
        assert oil.deadline == date(2026, 12, 1)
        assert (peas.quantity, peas.hs_code, peas.language) == (Decimal(3000), "071310", "zh")
        assert (crab.source_file, crab.source_sheet, crab.source_row) == ("需求.xlsx", "需求", 3)
        buyers = session.scalars(select(Buyer).order_by(Buyer.id)).all()
        assert [(b.name_zh, b.name_en) for b in buyers] == [
            ("黑河华俄商贸有限公司", "Heihe Huae Trade Co., Ltd."),
            ("大连港湾粮油有限公司", None),
        ]
    zero = [p for p in summary.problems if p.field == "hs_code"]
    assert [p.row for p in zero] == [3] and "030633" in zero[0].reason


def test_changed_row_updates_its_record_and_is_audited(
    sqlite_database: Database, tmp_path: Path
) -> None:
    path = crafted.write_csv(tmp_path / "p.csv", crafted.CP1251_PRODUCTS, "cp1251")
    with sqlite_database.session() as session:
        first = import_file(session, path, ImportKind.PRODUCTS)
    assert first.imported == 2
    changed = crafted.CP1251_PRODUCTS.replace(";450;", ";470;")
    crafted.write_csv(path, changed, "cp1251")
    with sqlite_database.session(actor="olga") as session:
        second = import_file(session, path, ImportKind.PRODUCTS)
    assert (second.imported, second.updated, second.unchanged) == (0, 1, 1)
    with sqlite_database.session() as session:
        honey = session.scalar(select(Product).where(Product.ref == "A-2"))
        assert honey is not None and honey.price_min == Decimal(470)
        audit = session.scalar(
            select(AuditEvent).where(
                AuditEvent.entity_id == honey.id, AuditEvent.action == "update"
            )
        )
        assert audit is not None and audit.actor == "olga"
        assert audit.changes["price_min"] == ["450", "470"]
        oil = session.scalar(select(Product).where(Product.ref == "A-1"))
        assert oil is not None and (oil.moq, oil.unit, oil.price_min) == (
            Decimal("1.5"),
            "t",
            Decimal("1200.50"),
        )


def test_companies_linked_by_inn_then_by_name(sqlite_database: Database, tmp_path: Path) -> None:
    text = (
        "product_ref,company_name,company_inn,product_name_ru\n"
        "1,ООО «Ёлка»,7707083893,Мёд\n"
        "2,Елка ООО,,Воск\n"
        "3,Ёлка LLC,7707083893,Прополис\n"
        "4,АО Берёза,,Сок\n"
    )
    path = crafted.write_csv(tmp_path / "p.csv", text, "utf-8")
    with sqlite_database.session() as session:
        import_file(session, path, ImportKind.PRODUCTS)
        companies = session.scalars(select(Company).order_by(Company.id)).all()
        assert [(c.name_ru, c.inn) for c in companies] == [
            ("ООО «Ёлка»", "7707083893"),
            ("АО Берёза", None),
        ]
        owners = session.scalars(select(Product.company_id).order_by(Product.ref)).all()
        assert owners == [companies[0].id] * 3 + [companies[1].id]


def test_buyers_named_down_several_chunks_are_created_once_and_linked_per_row(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 4 rows: a buyer is linked once a chunk, and again in the next chunk.
    monkeypatch.setattr(service, "CHUNK_ROWS", 4)
    names = ["黑河贸易有限公司", "满洲里进出口公司", "黑河贸易有限公司 (Heihe Trading)"]
    lines = [f"D{n},{names[n % 3]},豆粕 {n}" for n in range(11)]
    text = "需求编号,采购商,产品名称\n" + "\n".join(lines) + "\n"
    path = crafted.write_csv(tmp_path / "需求.csv", text, "utf-8")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert summary.imported == 11
    with database.session() as session:
        buyers: dict[int | None, tuple[str | None, str | None]] = {
            b.id: (b.name_zh, b.name_en) for b in session.scalars(select(Buyer))
        }
        rows = session.execute(select(DemandLine.ref, DemandLine.buyer_id))
        linked = {ref: buyer for ref, buyer in rows}
    # The bilingual name has the same Chinese name, so the same buyer (found by its key).
    assert sorted(buyers.values(), key=str) == sorted(
        [("黑河贸易有限公司", None), ("满洲里进出口公司", None)], key=str
    )
    for n in range(11):
        assert buyers[linked[f"D{n}"]][0] == names[n % 3].split(" ")[0], n


def test_valid_rows_go_in_and_bad_ones_are_reported(
    sqlite_database: Database, tmp_path: Path
) -> None:
    text = "产品名称,数量,海关编码\n豆粕,2000,2304\n鱼,很多,0303\n,5,2304\n"
    path = crafted.write_csv(tmp_path / "d.csv", text, "utf-8")
    with sqlite_database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert (summary.imported, summary.rejected) == (1, 2)
    problems = {(p.row, p.field): p for p in summary.problems}
    assert problems[(3, "quantity")].value == "很多"
    assert problems[(3, "quantity")].column == "B (数量)"
    assert "required" in problems[(4, "product_name")].reason


def test_all_or_nothing_leaves_the_database_as_it_was(database: Database, tmp_path: Path) -> None:
    text = "产品名称,数量\n豆粕,2000\n鱼,很多\n"
    path = crafted.write_csv(tmp_path / "d.csv", text, "utf-8")
    with pytest.raises(ImportRejected) as rejected, database.session() as session:
        import_file(session, path, ImportKind.DEMAND, ImportOptions(all_or_nothing=True))
    assert rejected.value.summary.rejected == 1
    assert _count(database, DemandLine) == 0 and _count(database, ImportBatch) == 0


def test_cancel_rolls_everything_back(sqlite_database: Database, tmp_path: Path) -> None:
    text = "产品名称,数量\n" + "".join(f"商品{i},{i}\n" for i in range(5000))
    path = crafted.write_csv(tmp_path / "d.csv", text, "utf-8")
    token = CancelToken()

    class CancelAfterFirstChunk(NullProgress):
        def advance(self, done: int, message: str = "") -> None:
            token.cancel()

    with pytest.raises(Cancelled), sqlite_database.session() as session:
        import_file(session, path, ImportKind.DEMAND, progress=CancelAfterFirstChunk(token))
    assert _count(sqlite_database, DemandLine) == 0 and _count(sqlite_database, Buyer) == 0


def test_dry_run_counts_and_writes_nothing(sqlite_database: Database, tmp_path: Path) -> None:
    path = crafted.chinese_demand_xlsx(tmp_path / "d.xlsx")
    with sqlite_database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND, ImportOptions(dry_run=True))
    assert (summary.imported, summary.batch_id, summary.dry_run) == (3, None, True)
    assert _count(sqlite_database, DemandLine) == 0 and _count(sqlite_database, Buyer) == 0


def test_chinese_units_multipliers_and_per_unit_prices_are_read(
    database: Database, tmp_path: Path
) -> None:
    # What Chinese buyers write: units with 万, Traditional forms, prices per unit, and a
    # unit nobody listed. Every line is imported; the odd unit is kept and flagged.
    text = (
        "需求编号,产品名称,数量,单位,目标价格\n"
        "D1,一次性手套,50,万只,0.3元/只\n"
        "D2,蜂蜜,20,噸,3200美元/吨\n"
        "D3,葵花籽油,500,桶,45元/公斤\n"
        "D4,胶带,3,万卷,USD/t 1150\n"
        "D5,木材,12,坨,120 руб./кг\n"
    )
    path = crafted.write_csv(tmp_path / "需求.csv", text, "utf-8")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert (summary.imported, summary.rejected) == (5, 0)
    (doubtful,) = [p for p in summary.problems if p.field == "unit"]
    assert (doubtful.row, doubtful.column, doubtful.severity.value) == (6, "D (单位)", "warning")
    assert "坨" in doubtful.reason
    with database.session() as session:
        lines = {
            line.ref: (line.quantity, line.unit, line.target_price, line.currency, line.price_unit)
            for line in session.scalars(select(DemandLine))
        }
    assert lines == {
        # A price per the line's own unit stores no separate price unit.
        "D1": (Decimal(500_000), "pcs", Decimal("0.3"), "CNY", None),
        "D2": (Decimal(20), "t", Decimal(3200), "USD", None),
        "D3": (Decimal(500), "drum", Decimal(45), "CNY", "kg"),
        "D4": (Decimal(30_000), "roll", Decimal(1150), "USD", "t"),
        "D5": (Decimal(12), "坨", Decimal(120), "RUB", "kg"),
    }
    with database.session() as session:
        again = import_file(session, path, ImportKind.DEMAND)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)


def test_product_price_unit_is_stored(database: Database, tmp_path: Path) -> None:
    text = (
        "Компания,ИНН,Наименование (рус.),Единица,Цена от,Цена до\n"
        "ООО Север,7707083893,Мёд липовый,т,45 元/公斤,55 元/公斤\n"
    )
    path = crafted.write_csv(tmp_path / "товары.csv", text, "utf-8")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.PRODUCTS)
    assert (summary.imported, summary.rejected) == (1, 0)
    with database.session() as session:
        product = session.scalars(select(Product)).one()
        assert (product.price_min, product.price_max, product.currency) == (45, 55, "CNY")
        assert (product.unit, product.price_unit) == ("t", "kg")


def test_a_currency_column_with_a_price_unit_is_read(database: Database, tmp_path: Path) -> None:
    text = (
        "需求编号,产品名称,数量,单位,目标价格,币种\n"
        "D1,蜂蜜,20,t,1150,USD/t\n"
        "D2,葵花籽油,500,t,45,元/公斤\n"
        "D3,木材,300,m3,120,руб./кг\n"
    )
    path = crafted.write_csv(tmp_path / "需求.csv", text, "utf-8")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert (summary.imported, summary.rejected) == (3, 0), summary.problems
    with database.session() as session:
        lines = {
            line.ref: (line.target_price, line.currency, line.unit, line.price_unit)
            for line in session.scalars(select(DemandLine))
        }
    assert lines == {
        "D1": (Decimal(1150), "USD", "t", None),  # per the line's own unit
        "D2": (Decimal(45), "CNY", "t", "kg"),
        "D3": (Decimal(120), "RUB", "m3", "kg"),
    }


def test_a_problem_names_a_column_of_our_own_template_on_one_line(
    sqlite_database: Database, tmp_path: Path
) -> None:
    from desktop_app.core.importing.template import template_header

    quantity = template_header("quantity", "Quantity", "Количество", "数量")
    assert "\n" in quantity  # the template's headers have a line per language
    text = f'product_name,"{quantity}"\n鱼,很多\n'
    path = crafted.write_csv(tmp_path / "d.csv", text, "utf-8")
    with sqlite_database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    (problem,) = summary.problems
    assert problem.column == "B (quantity / Quantity / Количество / 数量)"


def test_a_mapping_profile_name_longer_than_its_column_is_refused(database: Database) -> None:
    from desktop_app.core.errors import InputError
    from desktop_app.core.importing.profiles import MappingProfile, list_profiles, save_profile

    # PostgreSQL refused such a name as a bug report; SQLite stored it whole.
    profile = MappingProfile("Поставщик " * 20, ImportKind.DEMAND, {"Товар": "product_name"})
    with pytest.raises(InputError) as refused, database.session() as session:
        save_profile(session, profile)
    assert refused.value.location.field == "name" and "120" in refused.value.reason
    with database.session() as session:
        assert list_profiles(session) == []


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_names_are_stored_without_bidirectional_controls_or_zero_width_spaces(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    # «Мёд \u202eгалп» displays as «Мёд плаг»: what a reviewer reads must be what is stored.
    header = ["Компания", "ИНН", "Наименование (рус.)", "Наименование (кит.)", "Описание"]
    row = [
        "ООО «Се\u200bвер»",
        "7707083893",
        "Мёд \u202eгалп\u202c",
        "\u2067蜂蜜\u2069",
        "Ли\u00adпа\ufeff",
    ]
    if suffix == "xlsx":
        path = crafted.write_xlsx(tmp_path / "товары.xlsx", [header, row])
    else:
        lines = "\n".join(",".join(cells) for cells in (header, row)) + "\n"
        path = crafted.write_csv(tmp_path / "товары.csv", lines, "utf-8")
    with database.session() as session:
        summary = import_file(session, path, ImportKind.PRODUCTS)
    assert (summary.imported, summary.rejected) == (1, 0), summary.problems
    with database.session() as session:
        product = session.scalars(select(Product)).one()
        company = session.scalars(select(Company)).one()
        assert (product.name_ru, product.name_zh, product.description) == (
            "Мёд галп",
            "蜂蜜",
            "Липа",
        )
        assert company.name_ru == "ООО «Север»"


def test_two_officers_saving_one_mapping_profile_name_at_once_both_save(
    database: Database,
) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two saves")
    from desktop_app.core.importing.profiles import MappingProfile, load_profile, save_profile

    def profile(column: str) -> MappingProfile:
        return MappingProfile("Заявки", ImportKind.DEMAND, {column: "product_name"})

    told = second_save_while_first_uncommitted(
        database,
        ("boris", lambda s: save_profile(s, profile("Товар"))),
        ("anna", lambda s: save_profile(s, profile("品名"))),
    )
    assert told is None  # was an IntegrityError: a bug report
    with database.session() as session:  # a profile of a name is replaced by the last save
        assert load_profile(session, "Заявки", ImportKind.DEMAND).columns == {
            "品名": "product_name"
        }
