"""The allocation against brute force: every subset of suppliers, filled cheapest first."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.pooling.allocation import (
    Allocation,
    SupplierLimit,
    allocate,
    greedy_allocate,
)


def brute_force(quantity: float, suppliers: list[SupplierLimit]) -> tuple[float, float]:
    """The most any split covers, and the least that covering it costs."""
    usable = [s for s in suppliers if s.capacity > 0 and s.moq <= s.capacity]
    best: tuple[float, float] = (0.0, 0.0)
    for size in range(1, len(usable) + 1):
        for subset in combinations(usable, size):
            floor = sum(s.moq for s in subset)
            if floor > quantity:
                continue
            cover = min(quantity, sum(s.capacity for s in subset))
            # Each takes its MOQ; the rest goes to the cheapest room first.
            cost = sum(s.moq * s.unit_cost for s in subset)
            left = cover - floor
            for supplier in sorted(subset, key=lambda s: s.unit_cost):
                take = min(left, supplier.capacity - supplier.moq)
                cost += take * supplier.unit_cost
                left -= take
            if cover > best[0] + 1e-6 or (abs(cover - best[0]) <= 1e-6 and cost < best[1]):
                best = (cover, cost)
    return best


def check(allocation: Allocation, quantity: float, suppliers: list[SupplierLimit]) -> None:
    by_key = {s.key: s for s in suppliers}
    for key, share in allocation.shares.items():
        assert by_key[key].moq - 1e-6 <= share <= by_key[key].capacity + 1e-6
    assert allocation.covered <= quantity + 0.01
    assert allocation.shortfall == pytest.approx(max(quantity - allocation.covered, 0), abs=0.01)


supplier = st.builds(
    lambda moq, capacity, cost: (moq, capacity, cost),
    st.integers(0, 60),
    st.integers(0, 120),
    st.integers(1, 50),
)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 300), st.lists(supplier, min_size=0, max_size=6))
def test_allocation_is_the_cheapest_that_covers_the_most(
    quantity: int, raw: list[tuple[int, int, int]]
) -> None:
    suppliers = [
        SupplierLimit(key, float(moq), float(capacity), float(cost))
        for key, (moq, capacity, cost) in enumerate(raw)
    ]
    allocation = allocate(float(quantity), suppliers)
    check(allocation, quantity, suppliers)
    cover, cost = brute_force(float(quantity), suppliers)
    assert allocation.covered == pytest.approx(cover, abs=0.01)
    assert allocation.cost == pytest.approx(cost, rel=1e-6, abs=0.05)


def test_moq_forces_a_dearer_mix_than_greedy() -> None:
    # 100 wanted; the cheapest can make 80 but the others need at least 30 each: greedy
    # takes 80 and cannot place the rest, the program takes 70 + 30.
    suppliers = [
        SupplierLimit(1, 10, 80, 1.0),
        SupplierLimit(2, 30, 50, 2.0),
        SupplierLimit(3, 30, 50, 3.0),
    ]
    greedy = greedy_allocate(100, suppliers)
    assert greedy.covered == 80
    allocation = allocate(100, suppliers)
    assert allocation.shares == {1: 70, 2: 30}
    assert allocation.shortfall == 0


def test_shortfall_when_nobody_can_make_enough() -> None:
    allocation = allocate(2500, [SupplierLimit(1, 0, 800, 5), SupplierLimit(2, 100, 900, 4)])
    assert allocation.shares == {1: 800, 2: 900}
    assert allocation.shortfall == 800


def test_supplier_whose_moq_exceeds_its_capacity_gets_nothing() -> None:
    allocation = allocate(100, [SupplierLimit(1, 50, 40, 1), SupplierLimit(2, 0, 30, 9)])
    assert allocation.shares == {2: 30}
    assert allocation.shortfall == 70
