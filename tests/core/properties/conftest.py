"""Counts the inputs the property tests try, for the reliability figures."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.reliability.figures import record

# Bounded so the whole folder runs in seconds; EXPORTMATCH_HYPOTHESIS=thorough tries more.
settings.register_profile("exportmatch", max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=3_000, deadline=None)
settings.load_profile(os.environ.get("EXPORTMATCH_HYPOTHESIS", "exportmatch"))

TRIED: Counter[str] = Counter()


def tried(area: str, count: int = 1) -> None:
    """Count generated inputs given to the code under test (one, unless told)."""
    TRIED[area] += count


@pytest.fixture(autouse=True, scope="session")
def _report_inputs_tried() -> Iterator[None]:
    yield
    for area, count in sorted(TRIED.items()):
        record("inputs tried", count, area=area)
