"""Opening a SQLite file that came from outside: read-only, immutable, schema not trusted.

A leaf of the database layer, so that both the backup code (reading a copy's revision)
and the restore of a SQLite copy use it without importing each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def untrusted_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only and immutable."""
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def open_untrusted(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path`` that does not trust its schema."""
    connection = sqlite3.connect(untrusted_uri(path), uri=True, check_same_thread=False)
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        connection.execute("PRAGMA query_only = ON")
        connection.execute("PRAGMA mmap_size = 0")
    except sqlite3.Error:
        connection.close()
        raise
    return connection
