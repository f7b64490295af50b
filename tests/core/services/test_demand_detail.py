"""The Demand screen's detail pane says where a line came from."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import DemandLine
from desktop_app.core.services.demand import demand_detail


def test_detail_names_the_source_file_and_row(demo_database: Database) -> None:
    with demo_database.session() as session:
        line = session.scalars(select(DemandLine).where(DemandLine.ref == "D001")).one()
        detail = demand_detail(session, line.id)
        line.source_row = None
        unknown_row = demand_detail(session, line.id)
    # D001 is the first data row of demand.csv, under its header.
    assert detail.source == "demo:demand.csv, row 2"
    assert unknown_row.source == "demo:demand.csv"
