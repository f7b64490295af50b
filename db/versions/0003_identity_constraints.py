"""identity constraints: one record per imported row, per reference, per party

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 01:30:00

Identity as the importer defines it, now enforced by the database:

* a product: its reference per company, else its row's fingerprint;
* a demand line: its reference per buyer (also without a buyer), else its fingerprint;
* a company without an INN: its normalised name; a buyer without a USCC: likewise
  (INN and USCC were unique already).

Databases written before imports and matching runs were serialised may hold duplicates
(two imports of one file at once on PostgreSQL). They are resolved before the indexes
are built, never by failing the upgrade, and every change is written to the audit trail
(actor ``migration 0003``):

* duplicate parties are merged into the oldest: its empty fields take the duplicate's
  values, the duplicate's products or demand lines move to it, the duplicate goes;
* a duplicate record with the same content as the oldest (same fingerprint) and no
  decided match is deleted, with its suggestions;
* any other duplicate is kept and loses the identity it shares: its reference gets
  ``(duplicate <id>)`` appended, a shared fingerprint is cleared.

Frozen: only plain SQL over the tables as they are at this revision.
"""

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "migration 0003"
log = logging.getLogger("alembic.runtime.migration")

# Columns a merge never copies from a duplicate party.
_BOOKKEEPING = frozenset(
    {
        "id", "name_key", "inn", "uscc", "created_at", "updated_at", "version", "archived",
        "import_batch_id", "source_file", "source_sheet", "source_row", "fingerprint",
    }
)  # fmt: skip


class _Changes:
    """Writes the audit rows of what this migration changed."""

    def __init__(self, bind: sa.Connection) -> None:
        self.bind = bind
        now = datetime.now(UTC)
        self.now = now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now
        self.count = 0
        self.audit = sa.table(
            "audit_events",
            sa.column("entity_type", sa.String),
            sa.column("entity_id", sa.Integer),
            sa.column("action", sa.String),
            sa.column("actor", sa.String),
            sa.column("at", sa.DateTime(timezone=True)),
            sa.column("changes", sa.JSON),
        )

    def record(self, entity: str, entity_id: int, action: str, changes: dict[str, Any]) -> None:
        self.bind.execute(
            self.audit.insert().values(
                entity_type=entity,
                entity_id=entity_id,
                action=action,
                actor=ACTOR,
                at=self.now,
                changes=json.loads(json.dumps(changes, default=str)),
            )
        )
        self.count += 1


def _rows(bind: sa.Connection, sql: str, **params: Any) -> list[Any]:
    return list(bind.execute(sa.text(sql), params).mappings())


def _merge_parties(
    bind: sa.Connection,
    changes: _Changes,
    table: str,
    code: str,
    entity: str,
    children: str,
    child_column: str,
    search_kind: str | None,
) -> None:
    """Merge parties without a code that share a normalised name into the oldest."""
    keys = _rows(
        bind,
        f"SELECT name_key FROM {table} WHERE {code} IS NULL AND name_key <> '' "
        "GROUP BY name_key HAVING COUNT(*) > 1",
    )
    for key in (row["name_key"] for row in keys):
        group = _rows(
            bind,
            f"SELECT * FROM {table} WHERE {code} IS NULL AND name_key = :key ORDER BY id",
            key=key,
        )
        survivor, duplicates = dict(group[0]), group[1:]
        filled: dict[str, list[Any]] = {}
        for duplicate in duplicates:
            for name, value in duplicate.items():
                if name in _BOOKKEEPING or value in (None, "") or survivor.get(name):
                    continue
                filled[name] = [survivor.get(name), value]
                survivor[name] = value
            bind.execute(
                sa.text(
                    f"UPDATE {children} SET {child_column} = :keep WHERE {child_column} = :gone"
                ),
                {"keep": survivor["id"], "gone": duplicate["id"]},
            )
            if search_kind is not None:
                bind.execute(
                    sa.text("DELETE FROM search_entries WHERE kind = :kind AND record_id = :id"),
                    {"kind": search_kind, "id": duplicate["id"]},
                )
            bind.execute(sa.text(f"DELETE FROM {table} WHERE id = :id"), {"id": duplicate["id"]})
            changes.record(
                entity,
                duplicate["id"],
                "delete",
                {"merged_into": [duplicate["id"], survivor["id"]]},
            )
        if filled:
            assignments = ", ".join(f"{name} = :{name}" for name in filled)
            bind.execute(
                sa.text(f"UPDATE {table} SET {assignments}, version = version + 1 WHERE id = :id"),
                {**{name: pair[1] for name, pair in filled.items()}, "id": survivor["id"]},
            )
            changes.record(entity, survivor["id"], "update", filled)


def _has_decisions(bind: sa.Connection, column: str, record_id: int) -> bool:
    return bool(
        bind.execute(
            sa.text(
                f"SELECT 1 FROM match_candidates WHERE {column} = :id AND status <> 'suggested'"
            ),
            {"id": record_id},
        ).first()
    )


def _delete_record(
    bind: sa.Connection, table: str, column: str, search_kind: str, record_id: int
) -> None:
    bind.execute(
        sa.text(
            "DELETE FROM review_events WHERE candidate_id IN "
            f"(SELECT id FROM match_candidates WHERE {column} = :id)"
        ),
        {"id": record_id},
    )
    bind.execute(sa.text(f"DELETE FROM match_candidates WHERE {column} = :id"), {"id": record_id})
    bind.execute(
        sa.text("DELETE FROM search_entries WHERE kind = :kind AND record_id = :id"),
        {"kind": search_kind, "id": record_id},
    )
    bind.execute(sa.text(f"DELETE FROM {table} WHERE id = :id"), {"id": record_id})


def _dedupe_records(
    bind: sa.Connection,
    changes: _Changes,
    table: str,
    party: str,
    entity: str,
    candidate_column: str,
    search_kind: str,
) -> None:
    """Give every product or demand line its own reference and fingerprint."""
    groups = _rows(
        bind,
        f"SELECT ref, COALESCE({party}, -1) AS party FROM {table} WHERE ref IS NOT NULL "
        f"GROUP BY ref, COALESCE({party}, -1) HAVING COUNT(*) > 1",
    )
    for group in groups:
        rows = _rows(
            bind,
            f"SELECT id, ref, fingerprint FROM {table} WHERE ref = :ref "
            f"AND COALESCE({party}, -1) = :party ORDER BY id",
            ref=group["ref"],
            party=group["party"],
        )
        _resolve(bind, changes, table, entity, candidate_column, search_kind, rows, "ref")
    prints = _rows(
        bind,
        f"SELECT fingerprint FROM {table} WHERE fingerprint IS NOT NULL "
        "GROUP BY fingerprint HAVING COUNT(*) > 1",
    )
    for found in prints:
        rows = _rows(
            bind,
            f"SELECT id, ref, fingerprint FROM {table} WHERE fingerprint = :print ORDER BY id",
            print=found["fingerprint"],
        )
        _resolve(bind, changes, table, entity, candidate_column, search_kind, rows, "fingerprint")


def _resolve(
    bind: sa.Connection,
    changes: _Changes,
    table: str,
    entity: str,
    candidate_column: str,
    search_kind: str,
    rows: list[Any],
    shared: str,
) -> None:
    survivor = rows[0]
    for duplicate in rows[1:]:
        same = duplicate["fingerprint"] is not None and (
            duplicate["fingerprint"] == survivor["fingerprint"]
        )
        if same and not _has_decisions(bind, candidate_column, duplicate["id"]):
            _delete_record(bind, table, candidate_column, search_kind, duplicate["id"])
            changes.record(
                entity,
                duplicate["id"],
                "delete",
                {"duplicate_of": [duplicate["id"], survivor["id"]]},
            )
            continue
        new: dict[str, Any] = {}
        if shared == "ref":
            suffix = f" (duplicate {duplicate['id']})"
            new["ref"] = duplicate["ref"][: 100 - len(suffix)] + suffix
        if same or shared == "fingerprint":
            new["fingerprint"] = None
        assignments = ", ".join(f"{name} = :{name}" for name in new)
        bind.execute(
            sa.text(f"UPDATE {table} SET {assignments}, version = version + 1 WHERE id = :id"),
            {**new, "id": duplicate["id"]},
        )
        changes.record(
            entity,
            duplicate["id"],
            "update",
            {name: [duplicate[name], value] for name, value in new.items()},
        )


def upgrade() -> None:
    bind = op.get_bind()
    changes = _Changes(bind)
    _merge_parties(
        bind, changes, "companies", "inn", "company", "products", "company_id", "company"
    )
    _merge_parties(bind, changes, "buyers", "uscc", "buyer", "demand_lines", "buyer_id", None)
    _dedupe_records(bind, changes, "products", "company_id", "product", "product_id", "product")
    _dedupe_records(
        bind, changes, "demand_lines", "buyer_id", "demand_line", "demand_line_id", "demand"
    )
    if changes.count:
        log.warning(
            "Migration 0003 resolved duplicate records; %d changes are in the audit trail "
            "(actor %r).",
            changes.count,
            ACTOR,
        )
    without_inn = sa.text("inn IS NULL AND name_key <> ''")
    without_uscc = sa.text("uscc IS NULL AND name_key <> ''")
    without_buyer = sa.text("buyer_id IS NULL AND ref IS NOT NULL")
    op.create_index(
        "uq_companies_name_key_without_inn",
        "companies",
        ["name_key"],
        unique=True,
        sqlite_where=without_inn,
        postgresql_where=without_inn,
    )
    op.create_index(
        "uq_buyers_name_key_without_uscc",
        "buyers",
        ["name_key"],
        unique=True,
        sqlite_where=without_uscc,
        postgresql_where=without_uscc,
    )
    op.drop_index("ix_products_company_ref", table_name="products")
    op.drop_index("ix_products_fingerprint", table_name="products")
    op.create_index("uq_products_ref_company", "products", ["ref", "company_id"], unique=True)
    op.create_index("uq_products_fingerprint", "products", ["fingerprint"], unique=True)
    op.drop_index("ix_demand_lines_ref", table_name="demand_lines")
    op.drop_index("ix_demand_lines_fingerprint", table_name="demand_lines")
    op.create_index("uq_demand_lines_ref_buyer", "demand_lines", ["ref", "buyer_id"], unique=True)
    op.create_index(
        "uq_demand_lines_ref_without_buyer",
        "demand_lines",
        ["ref"],
        unique=True,
        sqlite_where=without_buyer,
        postgresql_where=without_buyer,
    )
    op.create_index("uq_demand_lines_fingerprint", "demand_lines", ["fingerprint"], unique=True)


def downgrade() -> None:
    # Merged or deleted duplicates are not restored; the indexes go back as they were.
    op.drop_index("uq_demand_lines_fingerprint", table_name="demand_lines")
    op.drop_index("uq_demand_lines_ref_without_buyer", table_name="demand_lines")
    op.drop_index("uq_demand_lines_ref_buyer", table_name="demand_lines")
    op.create_index("ix_demand_lines_fingerprint", "demand_lines", ["fingerprint"])
    op.create_index("ix_demand_lines_ref", "demand_lines", ["ref"])
    op.drop_index("uq_products_fingerprint", table_name="products")
    op.drop_index("uq_products_ref_company", table_name="products")
    op.create_index("ix_products_fingerprint", "products", ["fingerprint"])
    op.create_index("ix_products_company_ref", "products", ["company_id", "ref"])
    op.drop_index("uq_buyers_name_key_without_uscc", table_name="buyers")
    op.drop_index("uq_companies_name_key_without_inn", table_name="companies")
