"""The cheapest split of one buyer's quantity across several suppliers.

Each supplier either takes no share, or a share between its minimum order (MOQ) and what
it can make by the deadline. The allocation first covers as much of the quantity as any
split can, then, among the splits covering that much, is the cheapest: a mixed-integer
program (one "used" flag and one quantity per supplier) solved by HiGHS through
:func:`scipy.optimize.milp`. "Cheapest" is by cost per unit, which the caller sets to the
price in the buyer's currency or to a score penalty (``100 - score``) when the officer
ranks by relevance instead.

Quantities here are plain floats in the buyer's unit; the caller converts units and
currencies first (see :mod:`desktop_app.core.pooling.proposal`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SciPy (about a second to import) loads when a pool is first proposed.
    import numpy as np
    from scipy.optimize import LinearConstraint

# Shares are stored with three decimals (the QUANTITY column).
DECIMALS = 3
# What the solver may leave uncovered or over-cost from float round-off.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class SupplierLimit:
    """One supplier as the allocation sees it: bounds of its share and cost per unit."""

    key: int
    moq: float
    capacity: float
    unit_cost: float


@dataclass(frozen=True)
class Allocation:
    """Shares by supplier key (suppliers left out have none), what they cover and cost."""

    shares: dict[int, float]
    covered: float
    shortfall: float
    cost: float


def _usable(supplier: SupplierLimit) -> bool:
    return supplier.capacity > 0 and supplier.moq <= supplier.capacity


def _solve(
    quantity: float,
    suppliers: Sequence[SupplierLimit],
    objective: np.ndarray,
    extra: list[LinearConstraint],
) -> np.ndarray | None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    count = len(suppliers)
    capacity = np.array([s.capacity for s in suppliers], dtype=float)
    moq = np.array([max(s.moq, 0.0) for s in suppliers], dtype=float)
    identity = np.eye(count)
    # x_i - cap_i * y_i <= 0 and x_i - moq_i * y_i >= 0: a share only with its flag set,
    # and then at least the MOQ; sum of x_i <= quantity.
    linking = LinearConstraint(
        np.vstack(
            [
                np.hstack([identity, -np.diag(capacity)]),
                np.hstack([identity, -np.diag(moq)]),
            ]
        ),
        np.concatenate([np.full(count, -np.inf), np.zeros(count)]),
        np.concatenate([np.zeros(count), np.full(count, np.inf)]),
    )
    total = LinearConstraint(np.concatenate([np.ones(count), np.zeros(count)]), 0, quantity)
    result = milp(
        objective,
        constraints=[linking, total, *extra],
        integrality=np.concatenate([np.zeros(count), np.ones(count)]),
        bounds=Bounds(np.zeros(2 * count), np.concatenate([capacity, np.ones(count)])),
        # HiGHS stops at a 0.01 % gap by default; "cheapest" should mean the cheapest.
        options={"presolve": True, "mip_rel_gap": 1e-7},
    )
    if result.x is None:
        return None
    return np.asarray(result.x, dtype=float)


def _rounded(supplier: SupplierLimit, share: float) -> float:
    value = round(share, DECIMALS)
    # Round-off must not push a share under its MOQ or over the capacity.
    return min(max(value, supplier.moq), supplier.capacity)


def _fills(quantity: float, suppliers: Sequence[SupplierLimit]) -> bool:
    """Whether taking the largest makers in turn, each up to what is left, covers it all."""
    left = quantity
    for supplier in sorted(suppliers, key=lambda s: -s.capacity):
        if left <= TOLERANCE:
            break
        if supplier.moq <= left:
            left -= min(supplier.capacity, left)
    return left <= TOLERANCE


def allocate(quantity: float, suppliers: Sequence[SupplierLimit]) -> Allocation:
    """The split of ``quantity`` that covers the most and, covering that, costs the least.

    A supplier whose MOQ exceeds what it can make, or that can make nothing by the
    deadline, gets no share. The shortfall is what no split can cover.
    """
    import numpy as np
    from scipy.optimize import LinearConstraint

    usable = [s for s in suppliers if _usable(s)]
    if quantity <= 0 or not usable:
        return Allocation({}, 0.0, max(quantity, 0.0), 0.0)
    count = len(usable)
    # Stage one: the most any split can cover; when a simple fill already covers it all,
    # that is the most, and only the cheapest split is left to find.
    most: np.ndarray | None = None
    if _fills(quantity, usable):
        best_cover = quantity
    else:
        most = _solve(quantity, usable, np.concatenate([-np.ones(count), np.zeros(count)]), [])
        if most is None:
            return Allocation({}, 0.0, quantity, 0.0)
        best_cover = float(most[:count].sum())
    if best_cover <= TOLERANCE:
        return Allocation({}, 0.0, quantity, 0.0)
    # Stage two: the cheapest split that covers that much (less float round-off).
    costs = np.array([s.unit_cost for s in usable], dtype=float)
    floor = LinearConstraint(
        np.concatenate([np.ones(count), np.zeros(count)]),
        best_cover - max(TOLERANCE, best_cover * 1e-9),
        np.inf,
    )
    cheapest = _solve(quantity, usable, np.concatenate([costs, np.zeros(count)]), [floor])
    if cheapest is None and most is None:
        # Round-off made stage two infeasible right at the cover: stage one's split is
        # still a split that covers the most.
        most = _solve(quantity, usable, np.concatenate([-np.ones(count), np.zeros(count)]), [])
    solution = cheapest if cheapest is not None else most
    if solution is None:
        return Allocation({}, 0.0, quantity, 0.0)
    shares: dict[int, float] = {}
    for position, supplier in enumerate(usable):
        if solution[count + position] > 0.5 and solution[position] > TOLERANCE:
            shares[supplier.key] = _rounded(supplier, float(solution[position]))
    covered = round(sum(shares.values()), DECIMALS)
    cost = sum(shares[s.key] * s.unit_cost for s in usable if s.key in shares)
    return Allocation(shares, covered, round(max(quantity - covered, 0.0), DECIMALS), cost)


def greedy_allocate(quantity: float, suppliers: Sequence[SupplierLimit]) -> Allocation:
    """Cheapest supplier first, each taking as much as it can, skipping one whose MOQ no
    longer fits: what an officer does by hand, and the benchmark's baseline."""
    left = quantity
    shares: dict[int, float] = {}
    for supplier in sorted(suppliers, key=lambda s: (s.unit_cost, s.key)):
        if not _usable(supplier) or left < max(supplier.moq, TOLERANCE):
            continue
        share = min(supplier.capacity, left)
        shares[supplier.key] = share
        left -= share
    covered = sum(shares.values())
    cost = sum(shares[s.key] * s.unit_cost for s in suppliers if s.key in shares)
    return Allocation(shares, covered, max(quantity - covered, 0.0), cost)
