"""suggested product names: Chinese and English names built from the glossary, with origin

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-07 02:45:00

A product without a Chinese (or English) name gets a suggested one; it is kept beside
the exporter's own name, never in its place, with the origin of the name shown:

* ``name_zh_origin`` / ``name_en_origin``: ``entered`` (typed in the form),
  ``accepted`` (a suggestion the exporter accepted), or NULL: an imported name, or a
  name from before this revision, which counts as entered;
* ``suggested_name_zh`` / ``suggested_name_en``: the suggestion not yet accepted.

Frozen: plain DDL only (no data changes, so dumps restore and compare unchanged).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("name_zh_origin", sa.String(10), nullable=True))
        batch.add_column(sa.Column("name_en_origin", sa.String(10), nullable=True))
        batch.add_column(sa.Column("suggested_name_zh", sa.String(500), nullable=True))
        batch.add_column(sa.Column("suggested_name_en", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.drop_column("suggested_name_en")
        batch.drop_column("suggested_name_zh")
        batch.drop_column("name_en_origin")
        batch.drop_column("name_zh_origin")
