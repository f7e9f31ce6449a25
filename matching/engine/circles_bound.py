"""Upper bounds on the total score of circles.

*Per-person bound.* In a circle of ``s`` people each member pairs with ``s - 1`` others, so
their share of the objective is at most half the sum of their ``s - 1`` best allowed scores:
``½ Σ_i max_t top_t(i)`` over ``t ∈ [size_min - 1, size_max - 1]``. When everyone must be
placed (the count bound is ``n``) a person's share may be negative; otherwise it is at least 0
(an unplaced person contributes nothing).

*Lagrangian (degree-constrained LP) bound.* Write ``z_ij = 1`` when ``i`` and ``j`` share a
circle. Every partition satisfies ``z_ij ∈ [0, 1]`` and ``size_min - 1 ≤ Σ_j z_ij ≤
size_max - 1`` for a placed person (only the upper limit when some may stay out). The
Lagrangian dual of that relaxation is, for any prices ``p``,

    D(p) = Σ_i h(p_i) + Σ_{i<j allowed} max(0, w_ij − p_i − p_j),
    h(p) = (size_max − 1)·p  for p ≥ 0,   (size_min − 1)·p  for p < 0

(``p_i ≥ 0`` for anyone who may stay out). Weak duality makes every ``D(p)`` a valid bound; a
subgradient descent from the per-person shares lowers it. It is much tighter than the
per-person bound when a few people are everyone's favourite (they have only ``size_max - 1``
places each), and never looser than the best value it visits.

*Flow (exact LP) bound.* The subgradient descent can stall at a kink of ``D`` (when every
score ties with the starting prices, as with a few popular people). The relaxation's own
optimum, without the lower limit, is solved exactly as a min-cost flow on the bipartite
double cover (person ``i`` on the left sends to ``j`` on the right on each allowed pair with a
positive score, capacity 1, at most ``size_max - 1`` out of and into each person): any
relaxed solution ``z`` gives the flow ``x_ij = x_ji = z_ij`` of twice its value, so half the
best flow bounds every partition. Costs are rounded *up* to integers, so rounding only
loosens it. It is used when the pool is small enough to solve in the time left
(``flow_bound``); for popular people it is several times tighter than the descent.
"""

from __future__ import annotations

import time

import numpy as np

from ._validate import BLOCK_ELEMENTS


def per_person_bound(
    val: np.ndarray, forb: np.ndarray, size_min: int, size_max: int, everyone: bool
) -> float:
    total = 0.0
    for r0, r1 in _blocks(val.shape[0]):
        ranked = -np.sort(-np.where(forb[r0:r1], -np.inf, val[r0:r1]), axis=1)
        ranked = ranked[:, : size_max - 1]
        sums = np.cumsum(ranked, axis=1)[:, size_min - 2 :]
        best = np.max(np.where(np.isfinite(sums), sums, -np.inf), axis=1)
        best = best[np.isfinite(best)]
        total += float(best.sum() if everyone else np.maximum(best, 0.0).sum())
    return total / 2


def lagrangian_bound(
    val: np.ndarray,
    forb: np.ndarray,
    size_min: int,
    size_max: int,
    *,
    must: np.ndarray,
    iterations: int = 60,
    deadline: float = np.inf,
) -> float:
    """The best ``D(p)`` found by a subgradient descent (see the module docstring); ``must``
    marks the people every partition considered places (their price may be negative)."""
    n = val.shape[0]
    if n < 2:
        return 0.0
    w = np.where(forb, -np.inf, val)
    np.fill_diagonal(w, -np.inf)
    hi, lo = size_max - 1, size_min - 1
    floor = np.where(must, -np.inf, 0.0)
    p = np.maximum(_start_prices(w, size_max), floor)
    best = np.inf
    step = max(1e-9, float(np.abs(np.where(np.isfinite(w), w, 0.0)).max()) / 4)
    for k in range(iterations):
        if k >= 5 and time.perf_counter() > deadline:
            break  # every D(p) is a bound: stopping early only leaves it looser
        slack = w - p[:, None] - p[None, :]
        positive = slack > 0
        value = float(np.where(p >= 0, hi * p, lo * p).sum()) + float(slack[positive].sum()) / 2
        if value < best:
            best = value
        else:
            step /= 2
        grad = np.where(p >= 0, hi, lo) - positive.sum(axis=1)
        norm = float(np.abs(grad).max())
        if norm == 0 or step < 1e-12:
            break
        p = p - step * grad / norm
        p = np.maximum(p, floor)
    return best


#: Most arcs the flow bound builds (both directions of each pair with a positive score).
ARC_LIMIT = 4_000_000
#: Seconds per arc the flow solve is expected to take (measured on a 2-core machine, with a
#: margin): the bound is skipped when it would not finish before the deadline.
SECONDS_PER_ARC = 5e-6


def flow_bound(
    val: np.ndarray, forb: np.ndarray, size_max: int, *, deadline: float = np.inf
) -> float:
    """Half the best flow of the double cover (see the module docstring), or ``inf`` when
    it would take too long or too many arcs."""
    n = val.shape[0]
    keep = ~forb & (val > 0)
    np.fill_diagonal(keep, False)
    arcs = int(keep.sum())
    if arcs == 0:
        return 0.0
    if arcs > ARC_LIMIT or time.perf_counter() + arcs * SECONDS_PER_ARC > deadline:
        return np.inf
    from ortools.graph.python import min_cost_flow

    a, b = np.nonzero(keep)
    scale = 2**20 / float(val[a, b].max())
    cost = np.ceil(val[a, b] * scale).astype(np.int64)
    source, sink, degree = 2 * n, 2 * n + 1, size_max - 1
    flow = min_cost_flow.SimpleMinCostFlow()
    people = np.arange(n, dtype=np.int32)
    flow.add_arcs_with_capacity_and_unit_cost(
        a.astype(np.int32), (n + b).astype(np.int32), np.ones(arcs, np.int64), -cost
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n, source, np.int32), people, np.full(n, degree, np.int64), np.zeros(n, np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        n + people, np.full(n, sink, np.int32), np.full(n, degree, np.int64), np.zeros(n, np.int64)
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, n * degree, 0)  # unused places
    flow.set_node_supply(source, n * degree)
    flow.set_node_supply(sink, -n * degree)
    if flow.solve() != flow.OPTIMAL:
        return np.inf
    # exact integers: the rounded-up best flow, then one division (may round by an ulp)
    return float(-flow.optimal_cost()) / scale / 2 * (1 + 1e-12)


def _start_prices(w: np.ndarray, size_max: int) -> np.ndarray:
    """Half of each person's ``size_max - 1``-th best score: the price at which they would
    want about ``size_max - 1`` partners."""
    k = min(size_max - 1, w.shape[0] - 1)
    kth = -np.sort(-w, axis=1)[:, k - 1]
    return np.where(np.isfinite(kth), kth / 2, 0.0)


def _blocks(n: int):
    step = max(1, BLOCK_ELEMENTS // max(1, n))
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)
