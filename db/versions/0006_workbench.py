"""workbench: exchange rates, pooled offers, manual matches, line outcomes

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = ("no_supplier", "fulfilled", "withdrawn", "expired")
SOURCES = ("matcher", "manual")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _add_checked_column(table: str, column: sa.Column, constraint: str, check: str) -> None:
    # SQLite cannot add a constraint to a table, but takes one on an added column; a
    # batch rebuild instead would drop the table, cascading to its children.
    if op.get_bind().dialect.name == "sqlite":
        default = column.server_default
        clause = f" DEFAULT '{default.arg}' NOT NULL" if default is not None else ""
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column.name} VARCHAR(16){clause} "
            f"CONSTRAINT {constraint} CHECK ({check})"
        )
        return
    op.add_column(table, column)
    op.create_check_constraint(constraint, table, check)


def upgrade() -> None:
    _add_checked_column(
        "demand_lines",
        sa.Column("outcome", sa.String(length=16), nullable=True),
        "ck_demand_lines_lineoutcome",
        _in("outcome", OUTCOMES),
    )
    op.add_column("demand_lines", sa.Column("outcome_reason", sa.Text(), nullable=True))
    _add_checked_column(
        "match_candidates",
        sa.Column("source", sa.String(length=16), nullable=False, server_default="matcher"),
        "ck_match_candidates_matchsource",
        _in("source", SOURCES),
    )
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.Numeric(18, 6), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("added_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rate > 0", name=op.f("ck_exchange_rates_rate_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
        sa.UniqueConstraint("base", "quote", "rate_date", name="uq_exchange_rates_day"),
    )
    op.create_index(
        op.f("ix_exchange_rates_rate_date"), "exchange_rates", ["rate_date"], unique=False
    )
    op.create_table(
        "pooled_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_line_id", sa.Integer(), nullable=False),
        sa.Column(
            "status", _enum("poolstatus", "accepted", "withdrawn", "superseded"), nullable=False
        ),
        sa.Column("ranking", _enum("poolranking", "price", "score"), nullable=False),
        sa.Column("quantity", sa.Numeric(18, 3), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("covered", sa.Numeric(18, 3), nullable=False),
        sa.Column("shortfall", sa.Numeric(18, 3), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("price_min", sa.Numeric(16, 2), nullable=True),
        sa.Column("price_max", sa.Numeric(16, 2), nullable=True),
        sa.Column("total_min", sa.Numeric(16, 2), nullable=True),
        sa.Column("total_max", sa.Numeric(16, 2), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_line_id"],
            ["demand_lines.id"],
            name=op.f("fk_pooled_offers_demand_line_id_demand_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["pooled_offers.id"],
            name=op.f("fk_pooled_offers_supersedes_id_pooled_offers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pooled_offers")),
    )
    op.create_index(
        op.f("ix_pooled_offers_demand_line_id"), "pooled_offers", ["demand_line_id"], unique=False
    )
    op.create_index(op.f("ix_pooled_offers_status"), "pooled_offers", ["status"], unique=False)
    op.create_table(
        "pooled_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(18, 3), nullable=False),
        sa.Column("offer_unit", sa.String(length=16), nullable=True),
        sa.Column("price_min", sa.Numeric(16, 2), nullable=True),
        sa.Column("price_max", sa.Numeric(16, 2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("buyer_price_min", sa.Numeric(16, 2), nullable=True),
        sa.Column("buyer_price_max", sa.Numeric(16, 2), nullable=True),
        sa.Column("incoterms", sa.String(length=3), nullable=True),
        sa.Column("incoterms_place", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["pool_id"],
            ["pooled_offers.id"],
            name=op.f("fk_pooled_shares_pool_id_pooled_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_pooled_shares_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pooled_shares")),
    )
    op.create_index(op.f("ix_pooled_shares_pool_id"), "pooled_shares", ["pool_id"], unique=False)
    op.create_index(
        op.f("ix_pooled_shares_product_id"), "pooled_shares", ["product_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("pooled_shares")
    op.drop_table("pooled_offers")
    op.drop_table("exchange_rates")
    if op.get_bind().dialect.name == "sqlite":
        # A CHECK written on the column itself goes with it (SQLite 3.35 or later).
        for table, column in (
            ("match_candidates", "source"),
            ("demand_lines", "outcome_reason"),
            ("demand_lines", "outcome"),
        ):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        return
    op.drop_constraint("ck_match_candidates_matchsource", "match_candidates", type_="check")
    op.drop_column("match_candidates", "source")
    op.drop_constraint("ck_demand_lines_lineoutcome", "demand_lines", type_="check")
    op.drop_column("demand_lines", "outcome_reason")
    op.drop_column("demand_lines", "outcome")
