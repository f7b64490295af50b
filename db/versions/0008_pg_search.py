"""pg search: a stored tsvector column for PostgreSQL's search index

Revision ID: 0008_pg_search
Revises: 0007_table_speed
Create Date: 2026-12-07 07:10:00

PostgreSQL indexed ``to_tsvector('simple', text)`` as an expression (revision 0002). A
search with a ``LIMIT`` in id order (the first page of a screen) is planned as a walk of
the records in id order, each entry's text checked against the query, and the expression
was computed again for every entry the walk met: 153 ms for the first page of a common
word at a million products. The vector becomes a stored generated column,
``search_tsv``, computed when an entry is written and indexed by GIN; a search compares
stored vectors. Every writer of entries stays as it was: PostgreSQL computes the column.
SQLite is untouched (its FTS5 table is the index there).

Frozen: plain SQL over the tables as they are at this revision.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_pg_search"
down_revision: str | None = "0007_table_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    "ALTER TABLE search_entries ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX ix_search_entries_tsv_stored ON search_entries USING gin (search_tsv)",
    "DROP INDEX IF EXISTS ix_search_entries_tsv",
)
# Revision 0002's expression index.
DOWNGRADE = (
    "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (to_tsvector('simple', text))",
    "DROP INDEX IF EXISTS ix_search_entries_tsv_stored",
    "ALTER TABLE search_entries DROP COLUMN search_tsv",
)


def _run(statements: Sequence[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 table (revision 0007) is its index
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)
