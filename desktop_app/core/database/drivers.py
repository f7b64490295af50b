"""Helpers for SQL sent straight to the DB-API driver (the bulk paths' statements)."""

from __future__ import annotations

from sqlalchemy import Dialect

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def driver_placeholder(dialect: Dialect) -> str:
    """The placeholder of a positional parameter in driver SQL (``?`` or ``%s``)."""
    placeholder = _PLACEHOLDERS.get(dialect.paramstyle)
    if placeholder is None:
        raise ValueError(f"unsupported DB-API paramstyle {dialect.paramstyle!r}")
    return placeholder
