"""Fixtures of the command-line tests: the databases the core tests build, reused."""

from tests.core.exporting.conftest import demo_sqlite, matched_sqlite  # noqa: F401
