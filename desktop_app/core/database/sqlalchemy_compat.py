"""The one private part of SQLAlchemy the bulk paths use, in one place.

The importer and the candidate store write rows with driver ``executemany`` statements,
bypassing the ORM; each value must still be converted the way Core would bind it (an
enum to its stored text, a timestamp to the UTC form of ``UTCDateTime``). Core keeps that
conversion per dialect in ``TypeEngine._cached_bind_processor``; looking it up once per
column is what makes the bulk paths fast. ``tests/core/database/test_sqlalchemy_compat.py``
checks that it still exists and converts as a Core ``INSERT`` does; pyproject caps
SQLAlchemy at the next minor version so an upgrade is a deliberate, tested step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any]


def bind_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """What Core applies to a value of ``type_`` bound on ``dialect`` (``None``: nothing)."""
    return type_._cached_bind_processor(dialect)
