"""Migration 0003 on a database that already holds duplicates: it upgrades, never fails.

Before imports were serialised, two imports of one file on PostgreSQL stored every row
twice (and each code-less buyer or company twice). The upgrade to unique identities must
merge duplicate parties, drop exact duplicate records nobody decided on, set apart the
others, and write each change to the audit trail: on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from desktop_app.core.database.engine import create_app_engine, resolve_database_url
from desktop_app.core.database.migrate import alembic_config
from desktop_app.core.database.session import open_database
from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import (
    AuditEvent,
    Buyer,
    Company,
    DemandLine,
    MatchCandidate,
    Product,
    ReviewEvent,
    SearchEntry,
)
from tests.conftest import new_postgres_database
from tests.reliability.figures import record

PREVIOUS = "0002"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database at revision 0002."""
    if request.param == "sqlite":
        url = str(tmp_path / "office.sqlite3")
    else:
        url = new_postgres_database(request.getfixturevalue("postgres_admin_url"))
    engine = create_app_engine(resolve_database_url(url))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, PREVIOUS)
    engine.dispose()
    yield url


def _add(connection: object, model: type, **values: object) -> int:
    statement = insert(model).values(**values).returning(model.id)  # type: ignore[attr-defined]
    return int(connection.execute(statement).scalar_one())  # type: ignore[attr-defined]


def _seed_duplicates(engine: Engine) -> dict[str, int]:
    ids: dict[str, int] = {}
    with engine.begin() as c:
        ids["c1"] = _add(c, Company, name_ru="ООО Ромашка", name_key="ромашка")
        ids["c2"] = _add(c, Company, name_ru="ООО «Ромашка»", name_key="ромашка", phone="+7 495 1")
        ids["b1"] = _add(c, Buyer, name_zh="青岛贸易", name_key="青岛贸易")
        ids["b2"] = _add(c, Buyer, name_zh="青岛贸易", name_key="青岛贸易", city="青岛")
        c1 = ids["c1"]
        ids["p0"] = _add(c, Product, company_id=c1, name_ru="Опора")
        ids["p1"] = _add(c, Product, company_id=c1, ref="R1", name_ru="Мёд", fingerprint="a" * 64)
        ids["p2"] = _add(c, Product, company_id=c1, ref="R1", name_ru="Мёд", fingerprint="a" * 64)
        ids["p3"] = _add(c, Product, company_id=c1, ref="R2", name_ru="Масло", fingerprint="1" * 64)
        ids["p4"] = _add(
            c, Product, company_id=c1, ref="R2", name_ru="Масло!", fingerprint="2" * 64
        )
        ids["p5"] = _add(c, Product, company_id=ids["c2"], ref="R9", name_ru="Крупа")
        ids["l0"] = _add(c, DemandLine, buyer_id=ids["b1"], product_text="支点")
        ids["l1"] = _add(c, DemandLine, buyer_id=ids["b1"], product_text="油", fingerprint="b" * 64)
        ids["l2"] = _add(c, DemandLine, buyer_id=ids["b1"], product_text="油", fingerprint="b" * 64)
        ids["l3"] = _add(c, DemandLine, buyer_id=ids["b2"], product_text="蜜", fingerprint="c" * 64)
        ids["l4"] = _add(c, DemandLine, buyer_id=ids["b2"], product_text="蜜", fingerprint="c" * 64)
        ids["l5"] = _add(c, DemandLine, ref="D1", product_text="麦", fingerprint="d" * 64)
        ids["l6"] = _add(c, DemandLine, ref="D1", product_text="麦!", fingerprint="e" * 64)
        for line, product, status in (
            (ids["l0"], ids["p4"], MatchStatus.ACCEPTED),  # p4 keeps a decision
            (ids["l2"], ids["p0"], MatchStatus.REJECTED),  # l2 keeps a decision
            (ids["l4"], ids["p0"], MatchStatus.SUGGESTED),  # only a suggestion: l4 can go
        ):
            candidate = _add(
                c, MatchCandidate, demand_line_id=line, product_id=product, score=90.0,
                verdict=Verdict.SUGGESTED, status=status,
            )  # fmt: skip
            ids[f"m{line}-{product}"] = candidate
        c.execute(
            insert(SearchEntry).values(kind="demand", record_id=ids["l4"], text="蜜 青岛贸易")
        )
    return ids


def test_upgrade_resolves_duplicates_and_records_every_change(old_database: str) -> None:
    engine = create_app_engine(resolve_database_url(old_database))
    ids = _seed_duplicates(engine)
    engine.dispose()

    database = open_database(old_database)
    assert database.upgrade is not None and database.upgrade.from_revision == PREVIOUS
    with database.session() as session:
        companies = session.scalars(select(Company)).all()
        assert [(c.id, c.phone) for c in companies] == [(ids["c1"], "+7 495 1")]
        buyers = session.scalars(select(Buyer)).all()
        assert [(b.id, b.city) for b in buyers] == [(ids["b1"], "青岛")]
        products = {p.id: p for p in session.scalars(select(Product))}
        assert ids["p2"] not in products  # same row twice, nobody decided on it
        assert products[ids["p4"]].ref == f"R2 (duplicate {ids['p4']})"  # has a decision
        assert products[ids["p5"]].company_id == ids["c1"]  # moved with the merge
        lines = {line.id: line for line in session.scalars(select(DemandLine))}
        assert ids["l4"] not in lines and lines[ids["l3"]].buyer_id == ids["b1"]
        assert lines[ids["l2"]].fingerprint is None and lines[ids["l1"]].fingerprint == "b" * 64
        assert lines[ids["l6"]].ref == f"D1 (duplicate {ids['l6']})"
        assert session.get(MatchCandidate, ids[f"m{ids['l4']}-{ids['p0']}"]) is None
        assert session.get(MatchCandidate, ids[f"m{ids['l2']}-{ids['p0']}"]) is not None
        assert not session.scalars(
            select(SearchEntry).where(SearchEntry.record_id == ids["l4"])
        ).all()
        audit = session.execute(
            select(AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.action).where(
                AuditEvent.actor == "migration 0003"
            )
        ).all()
        assert session.scalar(select(ReviewEvent.id)) is None
    changed = {(entity, entity_id) for entity, entity_id, _ in audit}
    assert {
        ("company", ids["c2"]), ("company", ids["c1"]), ("buyer", ids["b2"]),
        ("product", ids["p2"]), ("product", ids["p4"]),
        ("demand_line", ids["l2"]), ("demand_line", ids["l4"]), ("demand_line", ids["l6"]),
    } <= changed  # fmt: skip
    indexes = {
        index["name"]: index["unique"]
        for table in ("products", "demand_lines", "companies", "buyers")
        for index in inspect(database.engine).get_indexes(table)
    }
    for name in (
        "uq_products_ref_company", "uq_products_fingerprint", "uq_demand_lines_ref_buyer",
        "uq_demand_lines_ref_without_buyer", "uq_demand_lines_fingerprint",
        "uq_companies_name_key_without_inn", "uq_buyers_name_key_without_uscc",
    ):  # fmt: skip
        assert indexes.get(name), name
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO demand_lines (ref, product_text, language, status, version, "
                 "created_at, updated_at) VALUES ('D1', 'x', 'zh', 'open', 1, "
                 "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        )  # fmt: skip
    database.dispose()
    record("duplicates resolved by migration 0003 (audited)", len(audit), backend=database.backend)
