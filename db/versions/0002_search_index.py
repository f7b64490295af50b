"""search index: search_entries with FTS5 (SQLite) or a GIN tsvector index (PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# unicode61 without diacritics removal: the app folds the text itself, the same way
# PostgreSQL's 'simple' configuration sees it; prefix indexes keep "ab*" fast.
SQLITE_STATEMENTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_INDEX = (
    "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (to_tsvector('simple', text))"
)


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("kind", "record_id", name="uq_search_entries_record"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_STATEMENTS:
            op.execute(statement)
    else:
        op.execute(POSTGRES_INDEX)
    # Backfill with the app's own normalisation, so old and new rows are indexed alike.
    from desktop_app.core.services.search_index import rebuild

    rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")
    op.drop_table("search_entries")
