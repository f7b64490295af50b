"""Revision 0007: the SQLite search index keyed by the record, from a file indexed before."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop_app.core.database.engine import create_app_engine, resolve_database_url
from desktop_app.core.database.migrate import alembic_config
from desktop_app.core.database.search_index import FTS_KIND_BASE, PRODUCT
from desktop_app.core.database.session import open_database
from desktop_app.core.domain.models import Company, DemandLine, Product
from desktop_app.core.services.browse import list_ids, table_spec

ROWS = (
    "INSERT INTO companies (id, name_ru, name_key, archived, version, created_at, updated_at) "
    "VALUES (1, 'ООО «Липа»', 'липа', 0, 1, '2026-01-01', '2026-01-01')",
    "INSERT INTO products (id, company_id, name_ru, status, version, created_at, updated_at) "
    "VALUES (1, 1, 'Мёд липовый', 'active', 1, '2026-01-01', '2026-01-01'), "
    "(2, 1, 'Воск пчелиный', 'active', 1, '2026-01-01', '2026-01-01')",
    "INSERT INTO demand_lines (id, product_text, language, status, version, created_at, "
    "updated_at) VALUES (1, '椴树蜂蜜 липовый мёд', 'mixed', 'open', 1, '2026-01-01', "
    "'2026-01-01'), (2, '蜂蜡', 'zh', 'open', 1, '2026-01-01', '2026-01-01')",
)


def database_at(url: str, revision: str, rows: tuple[str, ...] = ROWS) -> None:
    """The database at ``url`` migrated to ``revision``, its ``rows`` indexed by 0002."""
    engine = create_app_engine(resolve_database_url(url))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        for statement in rows:
            connection.execute(text(statement))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_file_indexed_before_is_searched_by_record_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    database_at(str(path), "0006")
    database = open_database(str(path))  # upgrades to head, through 0007
    products, demand = table_spec("products"), table_spec("demand")
    with database.session() as session:
        # Records of two kinds with the same ids: each search finds its own kind only.
        assert list_ids(session, products, "липов") == [1]
        assert list_ids(session, demand, "липов") == [1]
        assert list_ids(session, products, "липа") == [1, 2]  # the company's name
        assert list_ids(session, demand, "蜂蜡") == [2]
        assert list_ids(session, products, "蜂蜡") == []
        rowids = session.execute(text("SELECT rowid FROM search_fts ORDER BY rowid")).scalars()
        assert FTS_KIND_BASE[PRODUCT] + 2 in set(rowids)
    # Edits and deletions reach the index through the entries' triggers.
    with database.session(actor="test") as session:
        wax = session.get(Product, 2)
        honey = session.get(Product, 1)
        line = session.get(DemandLine, 2)
        assert wax is not None and honey is not None and line is not None
        wax.name_ru = "Прополис"
        session.delete(line)
        session.flush()
        company = session.get(Company, 1)
        assert company is not None
        company.name_ru = "ООО «Клён»"
    with database.session() as session:
        assert list_ids(session, products, "воск") == []
        assert list_ids(session, products, "прополис") == [2]
        assert list_ids(session, products, "клен") == [1, 2]
        assert list_ids(session, products, "липа") == []
        assert list_ids(session, demand, "蜂蜡") == []
        assert list_ids(session, demand, "липов") == [1]
    database.dispose()


def test_the_downgrade_gives_back_an_index_of_entries(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    database_at(str(path), "0007_table_speed")
    engine = create_app_engine(resolve_database_url(str(path)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    with engine.begin() as connection:
        # Revision 0006's search: rowids of the index are the entries' ids.
        found = connection.execute(
            text(
                "SELECT kind, record_id FROM search_entries WHERE id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH '\"липов\"*') "
                "ORDER BY kind"
            )
        ).all()
        # ...and its triggers keep it in step again.
        connection.execute(
            text("UPDATE search_entries SET text = 'мед' WHERE kind = 'product' AND record_id = 1")
        )
        after = connection.execute(
            text(
                "SELECT kind, record_id FROM search_entries WHERE id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH '\"липов\"*')"
            )
        ).all()
    engine.dispose()
    assert [tuple(row) for row in found] == [("demand", 1), ("product", 1)]
    assert [tuple(row) for row in after] == [("demand", 1)]
