"""Bulk-written rows stay searchable and audited, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop_app.core.database.search_index import (
    DEMAND,
    ENTRY_ROWS_PER_STATEMENT,
    PRODUCT,
    reindex,
)
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import AuditEvent, DemandLine, Product, SearchEntry
from desktop_app.core.importing import ImportOptions, import_file
from desktop_app.core.importing.bulk import IMPORT_PAGE_CACHE_KIB
from desktop_app.core.progress import NullProgress
from desktop_app.core.services.browse import list_ids, table_spec
from tests.core.importing import crafted


def test_imported_products_are_found_by_search(database: Database, tmp_path: Path) -> None:
    path = crafted.write_csv(tmp_path / "p.csv", crafted.CP1251_PRODUCTS, "cp1251")
    with database.session() as session:
        import_file(session, path, ImportKind.PRODUCTS)
    with database.session() as session:
        honey = session.scalars(select(Product.id).where(Product.ref == "A-2")).one()
        assert list_ids(session, table_spec("products"), search="мед липов") == [honey]
        # The company's name is part of a product's searchable text.
        assert len(list_ids(session, table_spec("products"), search="ёлка")) == 2


def test_imported_demand_is_found_by_chinese_search(database: Database, tmp_path: Path) -> None:
    path = crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx")
    with database.session() as session:
        import_file(session, path, ImportKind.DEMAND)
    with database.session() as session:
        oil = session.scalars(
            select(DemandLine.id).where(DemandLine.product_text == "葵花籽油")
        ).one()
        assert list_ids(session, table_spec("demand"), search="葵花籽") == [oil]
        by_buyer = list_ids(session, table_spec("demand"), search="heihe")
        assert oil in by_buyer and len(by_buyer) == 2


@pytest.mark.parametrize("kind", [ImportKind.DEMAND, ImportKind.PRODUCTS])
def test_import_entries_equal_a_full_reindex(
    sqlite_database: Database, tmp_path: Path, kind: ImportKind
) -> None:
    demand = kind is ImportKind.DEMAND
    path = (
        crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx")
        if demand
        else crafted.write_csv(tmp_path / "p.csv", crafted.CP1251_PRODUCTS, "cp1251")
    )
    search_kind, model = (DEMAND, DemandLine) if demand else (PRODUCT, Product)
    with sqlite_database.session() as session:
        import_file(session, path, kind)
    with sqlite_database.session() as session:
        query = select(SearchEntry.record_id, SearchEntry.text).where(
            SearchEntry.kind == search_kind
        )
        written = sorted(tuple(row) for row in session.execute(query))
        reindex(session, search_kind, list(session.scalars(select(model.id))))
        assert sorted(tuple(row) for row in session.execute(query)) == written
        assert len(written) == (3 if demand else 2)


def test_entries_written_many_rows_a_statement_are_all_searchable(
    database: Database, tmp_path: Path
) -> None:
    # 650 lines: two full statements of ENTRY_ROWS_PER_STATEMENT rows and a shorter one.
    count = 650
    assert count > 2 * ENTRY_ROWS_PER_STATEMENT
    lines = "".join(
        f"R{i:04d},买家{i % 7}公司,货品{i:04d}号 lot{i},{i + 1},吨\n" for i in range(count)
    )
    path = crafted.write_csv(
        tmp_path / "d.csv", "编号,采购商,产品名称,数量,单位\n" + lines, "gb18030"
    )
    with database.session() as session:
        summary = import_file(session, path, ImportKind.DEMAND)
    assert summary.imported == count
    with database.session() as session:
        ids = {ref: id_ for ref, id_ in session.execute(select(DemandLine.ref, DemandLine.id))}
        entries = session.scalar(
            select(func.count()).select_from(SearchEntry).where(SearchEntry.kind == DEMAND)
        )
        assert entries == count
        spec = table_spec("demand")
        for i in (0, ENTRY_ROWS_PER_STATEMENT - 1, ENTRY_ROWS_PER_STATEMENT, count - 1):
            assert list_ids(session, spec, search=f"lot{i}") == [ids[f"R{i:04d}"]]
            assert list_ids(session, spec, search=f"货品{i:04d}") == [ids[f"R{i:04d}"]]
        assert len(list_ids(session, spec, search="买家3")) == len(range(3, count, 7))
        if session.get_bind().dialect.name == "sqlite":
            # FTS5 checks its index against the external content table.
            session.execute(
                text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
            )


def test_a_reimported_changed_row_is_found_by_its_new_text_only(
    database: Database, tmp_path: Path
) -> None:
    path = crafted.write_csv(tmp_path / "p.csv", crafted.CP1251_PRODUCTS, "cp1251")
    with database.session() as session:
        import_file(session, path, ImportKind.PRODUCTS)
    crafted.write_csv(
        path, crafted.CP1251_PRODUCTS.replace("Мёд липовый", "Мёд гречишный"), "cp1251"
    )
    with database.session() as session:
        summary = import_file(session, path, ImportKind.PRODUCTS)
    assert (summary.updated, summary.unchanged) == (1, 1)
    with database.session() as session:
        honey = session.scalars(select(Product.id).where(Product.ref == "A-2")).one()
        spec = table_spec("products")
        assert list_ids(session, spec, search="гречишн") == [honey]
        assert list_ids(session, spec, search="липов") == []
        assert len(list_ids(session, spec, search="ёлка")) == 2


class _CacheWatch(NullProgress):
    """Notes the page cache size of the session's connection at each progress step."""

    def __init__(self, session: Session, fail: bool = False) -> None:
        super().__init__()
        self.session, self.fail, self.sizes = session, fail, list[int]()

    def advance(self, done: int, message: str = "") -> None:
        self.sizes.append(self.session.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        if self.fail:
            raise RuntimeError("stop")


@pytest.mark.parametrize("fail", [False, True], ids=["done", "failed"])
def test_an_import_widens_the_sqlite_page_cache_and_gives_it_back(
    sqlite_database: Database, tmp_path: Path, fail: bool
) -> None:
    path = crafted.write_csv(tmp_path / "p.csv", crafted.CP1251_PRODUCTS, "cp1251")
    with sqlite_database.session() as session:
        connection = session.connection()
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        watch = _CacheWatch(session, fail)
        if fail:
            with pytest.raises(RuntimeError):
                import_file(session, path, ImportKind.PRODUCTS, progress=watch)
        else:
            import_file(session, path, ImportKind.PRODUCTS, progress=watch)
        assert watch.sizes and set(watch.sizes) == {-IMPORT_PAGE_CACHE_KIB}
        after = connection.connection.driver_connection.execute("PRAGMA cache_size")
        assert after.fetchone()[0] == before != -IMPORT_PAGE_CACHE_KIB


def test_each_import_leaves_one_audit_event_naming_actor_and_counts(
    database: Database, tmp_path: Path
) -> None:
    path = crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx")
    with database.session(actor="li.wei") as session:
        first = import_file(session, path, ImportKind.DEMAND)
    with database.session(actor="olga") as session:
        again = import_file(session, path, ImportKind.DEMAND)
    with database.session() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "import_batch")
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.entity_id, e.actor, e.action.value) for e in events] == [
        (first.batch_id, "li.wei", "create"),
        (again.batch_id, "olga", "create"),
    ]
    assert events[0].changes["imported"] == [None, 3]
    assert events[0].changes["file_name"] == [None, "需求.xlsx"]
    assert events[1].changes["imported"] == [None, 0]
    assert events[1].changes["unchanged"] == [None, 3]


def test_dry_run_writes_no_audit_event_and_no_entries(database: Database, tmp_path: Path) -> None:
    path = crafted.chinese_demand_xlsx(tmp_path / "需求.xlsx")
    with database.session() as session:
        import_file(session, path, ImportKind.DEMAND, options=ImportOptions(dry_run=True))
    with database.session() as session:
        assert session.scalars(select(AuditEvent.id)).all() == []
        assert session.scalars(select(SearchEntry.id)).all() == []
