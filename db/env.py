"""Alembic environment for ExportMatch.

The app passes an open connection in ``config.attributes["connection"]``; the ``alembic``
command line (``alembic -c db/alembic.ini ...``) opens one from ``EXPORTMATCH_DATABASE_URL``
or the default embedded database.
"""

from __future__ import annotations

from alembic import context

from desktop_app.core.domain.models import Base

target_metadata = Base.metadata

# Search structures the models cannot declare portably (SQLite FTS5 tables and their
# triggers, the PostgreSQL tsvector index): migration 0002 owns them, autogenerate must
# neither drop nor recreate them.
UNDECLARED_PREFIXES = ("search_fts", "ix_search_entries_tsv")


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return not (reflected and compare_to is None and str(name).startswith(UNDECLARED_PREFIXES))


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    from desktop_app.core.database.engine import create_app_engine, resolve_database_url

    engine = create_app_engine(resolve_database_url())
    with engine.begin() as conn:
        run_migrations(conn)
