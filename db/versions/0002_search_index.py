"""search index: search_entries with FTS5 (SQLite) or a GIN tsvector index (PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""

import re
import unicodedata
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
    _backfill(bind)


# The backfill is frozen here as it was when this revision was written: replaying the
# migration later must not run newer application code against this older schema. The
# texts are normalised the way the app indexed them then (NFKC, case folding, ё -> е,
# punctuation to spaces, each Chinese character a word of its own).
_CJK_CHAR = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef])")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BACKFILL_ROWS = 300
_TEXT_QUERIES = (
    (
        "company",
        "SELECT id, name_ru, name_en, name_zh, inn, ogrn, region, contact_person, email "
        "FROM companies ORDER BY id",
    ),
    (
        "product",
        "SELECT p.id, p.name_ru, p.name_en, p.name_zh, p.ref, p.hs_code, "
        "c.name_ru, c.name_en, c.name_zh "
        "FROM products p JOIN companies c ON c.id = p.company_id ORDER BY p.id",
    ),
    (
        "demand",
        "SELECT d.id, d.product_text, d.ref, d.hs_code, b.name_zh, b.name_en, b.province, "
        "b.city FROM demand_lines d LEFT OUTER JOIN buyers b ON b.id = d.buyer_id "
        "ORDER BY d.id",
    ),
)


def _normalize(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold().replace("ё", "е")
    spaced = _CJK_CHAR.sub(r" \1 ", folded)
    return " ".join(_NOT_WORD.sub(" ", spaced).split())


def _backfill(bind: sa.Connection) -> None:
    entries = sa.table(
        "search_entries",
        sa.column("kind", sa.String()),
        sa.column("record_id", sa.Integer()),
        sa.column("text", sa.Text()),
    )
    for kind, query in _TEXT_QUERIES:
        rows = [
            {
                "kind": kind,
                "record_id": row[0],
                "text": _normalize(" ".join(str(value) for value in row[1:] if value)),
            }
            for row in bind.execute(sa.text(query))
        ]
        for start in range(0, len(rows), _BACKFILL_ROWS):
            bind.execute(sa.insert(entries), rows[start : start + _BACKFILL_ROWS])


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")
    op.drop_table("search_entries")
