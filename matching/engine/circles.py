"""Circles for group schemes: partition a pool into groups of ``size_min..size_max`` people.

The objective is lexicographic, as for pairs: first the most people placed, then the largest
total within-circle score (the sum of pairwise scores inside every circle), with no forbidden
pair inside a circle. This is a capacitated clique-partitioning problem (NP-hard), so the
answer carries proven bounds on both parts:

1. *Local search* (``circles_search``) from a greedy construction, placing people first and
   choosing circle sizes by score (merge and split moves).
2. *Exact solve* (``circles_exact``) when the feasible circles can be listed (at most
   ``column_limit``): CP-SAT over the set-packing model, in two lexicographic stages, under
   the time limit, started from the local search's answer. Its proven bounds are kept even
   when the time limit stops it.
3. *Bounds.* ``placed_max``: CP-SAT's proven count bound, or the people who belong to some
   feasible circle, rounded down to a total circle sizes can make. ``upper_bound``: the least
   of CP-SAT's bound, the per-person bound, the Lagrangian bound and the exact optimum of
   its relaxation as a min-cost flow, when there is time for it (``circles_bound``).

``placed_max_proven`` is true when the circles place ``placed_max`` people (no partition
places more); ``proven_optimal`` when, in addition, ``objective`` meets ``upper_bound``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_pool_matrix, as_positive_int
from .circles_bound import flow_bound, lagrangian_bound, per_person_bound
from .circles_exact import COLUMN_LIMIT, list_circles, placeable, representable, solve_listed
from .circles_search import Partition

#: Depth-first nodes per person when proving that someone can be in a circle at all.
CLIQUE_BUDGET = 2_000


@dataclass
class CircleResult:
    """Circles (sorted member lists), people left out, the objective and proven bounds.

    ``placed_max`` bounds how many people any feasible partition places; ``upper_bound``
    bounds the total score of any partition that places the most people.
    """

    circles: list[list[int]]
    unplaced: list[int]
    objective: float
    upper_bound: float
    placed_max: int = 0
    proven_optimal: bool = False
    method: str = "local search"
    stats: dict = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return sum(map(len, self.circles))

    @property
    def placed_max_proven(self) -> bool:
        """True when no feasible partition places more people than these circles."""
        return self.placed >= self.placed_max

    @property
    def gap(self) -> float:
        """Relative gap between ``upper_bound`` and ``objective`` (0 when proven optimal)."""
        return (self.upper_bound - self.objective) / max(1e-12, abs(self.upper_bound))


def form_circles(
    score: object,
    size_min: int,
    size_max: int,
    *,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
    column_limit: int = COLUMN_LIMIT,
) -> CircleResult:
    """Partition a pool into circles: the most people placed, then the best total score.

    ``score`` is a symmetric n × n matrix (``nan``: the two must not share a circle; the
    diagonal is ignored). Every circle has ``size_min ≤ len ≤ size_max`` members and no
    forbidden pair; people who cannot be placed are listed in ``unplaced``. ``time_limit``
    (seconds) bounds the local search and the exact solve together; ``column_limit`` is the
    most feasible circles listed for the exact solve (0 switches it off). See the module
    docstring for what the bounds in the result prove.
    """
    start = time.perf_counter()
    size_min, size_max = _checked_limits(size_min, size_max, time_limit)
    arr = as_pool_matrix(score)
    n = arr.shape[0]
    if n < size_min:
        return CircleResult([], list(range(n)), 0.0, 0.0, 0, True, "too few people")
    forb = np.isnan(arr)
    np.fill_diagonal(forb, True)
    val = np.where(forb, 0.0, arr)
    columns, can = _feasible(~forb, size_min, size_max, column_limit)
    # Shares of the time limit at which the local search and the bounds stop: with listed
    # circles, the exact solve has the rest.
    search_share, bound_share = (0.4, 0.5) if columns else (0.8, 0.95)
    result = _local(
        val,
        forb,
        can,
        size_min,
        size_max,
        deadlines=(start + search_share * time_limit, start + bound_share * time_limit),
        max_iterations=max_iterations,
    )
    result.stats["columns"] = None if columns is None else len(columns)
    if columns and not result.proven_optimal:
        remaining = time_limit - (time.perf_counter() - start)
        _exact(result, columns, val, remaining)
    return result


def _checked_limits(size_min: int, size_max: int, time_limit: float) -> tuple[int, int]:
    """The circle sizes as ints, or ValueError for sizes or a time limit that cannot be."""
    size_min = as_positive_int(size_min, "size_min", 2)
    size_max = as_positive_int(size_max, "size_max", 2)
    if size_min > size_max:
        raise ValueError(f"size_min ({size_min}) must not exceed size_max ({size_max})")
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or time_limit <= 0:
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    return size_min, size_max


def _feasible(
    allowed: np.ndarray, size_min: int, size_max: int, column_limit: int
) -> tuple[list[tuple[int, ...]] | None, np.ndarray]:
    """The feasible circles when they can be listed (else None), and who can be in one."""
    columns = list_circles(allowed, size_min, size_max, column_limit) if column_limit else None
    if columns is None:
        return None, placeable(allowed, size_min, CLIQUE_BUDGET)
    can = np.zeros(allowed.shape[0], dtype=bool)
    can[[i for c in columns for i in c]] = True
    return columns, can


def _local(
    val: np.ndarray,
    forb: np.ndarray,
    can: np.ndarray,
    size_min: int,
    size_max: int,
    *,
    deadlines: tuple[float, float],
    max_iterations: int | None,
) -> CircleResult:
    """The local search's circles with their bounds; ``deadlines`` stop the search and the
    bounds."""
    partition = _search(
        val=val,
        forb=forb,
        size_min=size_min,
        size_max=size_max,
        deadline=deadlines[0],
        max_iterations=max_iterations,
    )
    circles, unplaced = partition.circles()
    result = _bounded(
        val=val,
        forb=forb,
        circles=circles,
        unplaced=unplaced,
        can=can,
        size_min=size_min,
        size_max=size_max,
        deadline=deadlines[1],
    )
    result.stats = {"iterations": partition.iterations}
    return result


def _search(
    *,
    val: np.ndarray,
    forb: np.ndarray,
    size_min: int,
    size_max: int,
    deadline: float,
    max_iterations: int | None,
) -> Partition:
    n = val.shape[0]
    pair_forb = forb.copy()
    np.fill_diagonal(pair_forb, False)
    partition = Partition(val, pair_forb, size_min, size_max)
    partition.construct(np.argsort(-forb.sum(axis=1), kind="stable"))
    limit = max_iterations if max_iterations is not None else 20 * n + 100
    eps = 1e-12 * max(1.0, float(np.abs(val).max()))
    partition.iterations = partition.improve(deadline, limit, eps)
    return partition


def _bounded(
    *,
    val: np.ndarray,
    forb: np.ndarray,
    circles: list[list[int]],
    unplaced: list[int],
    can: np.ndarray,
    size_min: int,
    size_max: int,
    deadline: float,
) -> CircleResult:
    """A result with the per-person and Lagrangian bounds (the least of them is kept).

    People who belong to no feasible circle are never placed, so they are left out of the
    bounds. Once every other person is placed, every partition that places the most places
    exactly them, and a person's share may then be negative (before that it may be 0)."""
    placed_max = representable(int(can.sum()), size_min, size_max)
    objective = _objective(val, circles)
    everyone = sum(map(len, circles)) == int(can.sum())
    forb = forb | ~can[:, None] | ~can[None, :]
    bound = min(
        per_person_bound(val, forb, size_min, size_max, everyone),
        lagrangian_bound(val, forb, size_min, size_max, must=can & everyone, deadline=deadline),
        flow_bound(val, forb, size_max, deadline=deadline),
    )
    result = CircleResult(circles, unplaced, objective, max(bound, objective), placed_max)
    result.proven_optimal = result.placed_max_proven and _closed(objective, bound)
    if result.proven_optimal:
        result.method = "local search, proven by its bound"
    return result


def _exact(
    result: CircleResult, columns: list[tuple[int, ...]], val: np.ndarray, time_limit: float
) -> None:
    """Improve ``result`` in place with CP-SAT over the listed circles, and keep its bounds."""
    hint = [tuple(c) for c in result.circles]
    outcome = solve_listed(columns, val, hint, result.placed_max, time_limit)
    if outcome is None:
        return
    circles = sorted(sorted(c) for c in outcome.circles)
    objective = _objective(val, circles)
    count, old = sum(map(len, circles)), result.placed
    if (count, objective) > (old, result.objective):
        placed = {i for c in circles for i in c}
        result.circles = circles
        result.unplaced = [i for i in range(val.shape[0]) if i not in placed]
        result.objective = objective
        result.method = "exact (CP-SAT over listed circles)"
    result.placed_max = min(result.placed_max, outcome.count_bound)
    if result.placed_max_proven:
        result.upper_bound = max(result.objective, min(result.upper_bound, outcome.score_bound))
    result.proven_optimal = result.placed_max_proven and (
        outcome.score_proven or _closed(result.objective, result.upper_bound)
    )
    if result.proven_optimal:
        result.method = "exact (CP-SAT over listed circles)"


def _objective(val: np.ndarray, circles: list[list[int]]) -> float:
    return float(sum(val[np.ix_(c, c)].sum() / 2 for c in circles))


def _closed(objective: float, bound: float) -> bool:
    return bound - objective <= 1e-9 * max(1.0, abs(bound))
