"""Suggested names stored and accepted: what a person edits fits where it is stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Product
from desktop_app.core.errors import InputError
from desktop_app.core.services.name_suggestions import (
    accept_suggestion,
    propose_missing_names,
    store_suggestions,
)
from tests.core.pooling.seed import seed_honey


def test_a_suggested_name_edited_too_long_is_refused_with_its_field(database: Database) -> None:
    ids = seed_honey(database)
    with database.session() as session:
        proposals = propose_missing_names(session, [ids["A"]])
    (proposal,) = proposals
    # The officer pastes a whole description into the review table's Chinese cell.
    edited = replace(proposal, zh="天然蜂蜜" * 150)
    with pytest.raises(InputError) as refused, database.session(write=True) as session:
        store_suggestions(session, [edited])
    assert refused.value.location.field == "suggested_name_zh"
    with database.session() as session:
        product = session.get(Product, ids["A"])
        assert product is not None and product.suggested_name_zh is None
        seen = product.version
    with pytest.raises(InputError) as refused, database.session(write=True) as session:
        accept_suggestion(session, ids["A"], seen, zh="天然蜂蜜" * 150)
    assert refused.value.location.field == "name_zh"
