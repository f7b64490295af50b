"""Revision 0008: PostgreSQL searches a stored tsvector column instead of an expression."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from desktop_app.core.database.engine import create_app_engine, resolve_database_url
from desktop_app.core.database.migrate import alembic_config
from desktop_app.core.database.session import open_database
from desktop_app.core.domain.models import Company, Product
from desktop_app.core.services.browse import list_ids, listing, table_spec
from tests.conftest import new_postgres_database
from tests.core.database.test_search_index_migration import ROWS, database_at

pytestmark = pytest.mark.postgres

# The rows of the 0007 test use SQLite's 0/1 for booleans.
PG_ROWS = tuple(statement.replace(", 0, 1, '2026", ", false, 1, '2026") for statement in ROWS)


def _indexes(connection: object) -> set[str]:
    rows = connection.execute(  # type: ignore[attr-defined]
        text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_entries'")
    )
    return {row[0] for row in rows}


def test_entries_indexed_before_are_searched_by_their_stored_vector(
    postgres_admin_url: str,
) -> None:
    url = new_postgres_database(postgres_admin_url)
    database_at(url, "0007_table_speed", PG_ROWS)
    database = open_database(url)  # upgrades to head, through 0008
    products, demand = table_spec("products"), table_spec("demand")
    with database.session() as session:
        # Every entry written before the upgrade has its vector.
        empty = session.scalar(text("SELECT count(*) FROM search_entries WHERE search_tsv IS NULL"))
        assert empty == 0
        assert "ix_search_entries_tsv_stored" in _indexes(session.connection())
        assert "ix_search_entries_tsv" not in _indexes(session.connection())
        assert list_ids(session, products, "липов") == [1]
        assert list_ids(session, demand, "липов") == [1]
        assert list_ids(session, products, "липа") == [1, 2]  # the company's name
        assert list_ids(session, demand, "蜂蜡") == [2]
        # The first page of a search compares stored vectors: no text is parsed again.
        statement = listing(session, products, "липов").limit(201)
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")).all())
        assert "search_tsv" in plan
        assert "to_tsvector" not in plan
    # Edits reach the vector: PostgreSQL computes it from the text the app writes.
    with database.session(actor="test") as session:
        wax = session.get(Product, 2)
        company = session.get(Company, 1)
        assert wax is not None and company is not None
        wax.name_ru = "Прополис"
        company.name_ru = "ООО «Клён»"
    with database.session() as session:
        assert list_ids(session, products, "воск") == []
        assert list_ids(session, products, "прополис") == [2]
        assert list_ids(session, products, "клен") == [1, 2]
        assert list_ids(session, products, "липа") == []
    database.dispose()


def test_the_downgrade_gives_back_the_expression_index(postgres_admin_url: str) -> None:
    url = new_postgres_database(postgres_admin_url)
    database_at(url, "0008_pg_search", PG_ROWS)
    engine = create_app_engine(resolve_database_url(url))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007_table_speed")
    with engine.begin() as connection:
        assert _indexes(connection) >= {"ix_search_entries_tsv"}
        assert "ix_search_entries_tsv_stored" not in _indexes(connection)
        columns = connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'search_entries'"
            )
        ).scalars()
        assert "search_tsv" not in set(columns)
        # Revision 0007's search, by the expression.
        found = connection.execute(
            text(
                "SELECT kind, record_id FROM search_entries WHERE to_tsvector('simple', text) "
                "@@ to_tsquery('simple', 'липов:*') ORDER BY kind"
            )
        ).all()
    engine.dispose()
    assert [tuple(row) for row in found] == [("demand", 1), ("product", 1)]
