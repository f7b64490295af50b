"""table speed: the SQLite search index keyed by the record it finds

Revision ID: 0007_table_speed
Revises: 0006
Create Date: 2026-12-07 04:50:00

Until now ``search_fts`` had ``search_entries`` as its external content and the entry's
id as its rowid, so a search for a common word looked up every matching entry (a
hundred thousand for "подсолнеч" in a million products) to learn which record it was:
about a second. The index becomes contentless, its rowid the record itself (the kind's
base, ``kind << 40``, plus the record's id), so a search reads the ids of one kind from
the index alone, in a range of rowids and in id order. ``search_entries`` keeps the
texts (and PostgreSQL's GIN index) as before; the triggers now derive the rowid, so every
writer of entries (the ORM listener, the importer, a restore) stays as it was.

Frozen: plain SQL over the tables as they are at this revision.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_table_speed"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("search_entries_ai", "search_entries_ad", "search_entries_au")
TOKENIZE = "tokenize='unicode61 remove_diacritics 0', prefix='2 3'"


def _rowid(row: str) -> str:
    return (
        f"((CASE {row}.kind WHEN 'company' THEN 1 WHEN 'product' THEN 2 WHEN 'demand' THEN 3 "
        f"END << 40) + {row}.record_id)"
    )


UPGRADE = (
    f"CREATE VIRTUAL TABLE search_fts USING fts5(text, content='', {TOKENIZE})",
    "INSERT INTO search_fts(rowid, text) SELECT "
    + _rowid("search_entries")
    + ", text FROM search_entries",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    f"INSERT INTO search_fts(rowid, text) VALUES ({_rowid('new')}, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) "
    f"VALUES ('delete', {_rowid('old')}, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) "
    f"VALUES ('delete', {_rowid('old')}, old.text); "
    f"INSERT INTO search_fts(rowid, text) VALUES ({_rowid('new')}, new.text); END",
)
# Revision 0002's index, rebuilt from the entries.
DOWNGRADE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', "
    f"content_rowid='id', {TOKENIZE})",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)


def _replace_index(statements: Sequence[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's GIN index over search_entries stays as it is
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _replace_index(UPGRADE)


def downgrade() -> None:
    _replace_index(DOWNGRADE)
