"""Exact reference solvers that share nothing with the engine, for its tests and benchmark.

- :func:`scipy_dense_assignment`: scipy's dense ``linear_sum_assignment`` (LAPJV) on the
  slot-expanded matrix with a big-M bonus per matched pair;
- :func:`ortools_assignment`: OR-Tools min-cost flow, maximum flow first, then the least
  cost (so most mentees matched, then the best total), on scores rounded to 1e-6 (exact
  for every score the product computes);
- :func:`ortools_alternatives`: OR-Tools max-flow for the most shortlist alternatives the
  capacity rule allows around given first options.

OR-Tools is a test and tooling requirement, imported only when these are called. Pure
numpy otherwise, no Django.
"""

from __future__ import annotations

import numpy as np

RESOLUTION = 1e6


def scipy_dense_assignment(score: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Lexicographic optimum via dense LAPJV on ``score[:, slots]`` (memory ``n × Σ cap``)."""
    from scipy.optimize import linear_sum_assignment

    n, m = score.shape
    cols = np.repeat(np.arange(m), np.minimum(capacity, n))
    if n == 0 or len(cols) == 0 or np.all(np.isnan(score)):
        return []
    lo, hi = np.nanmin(score), np.nanmax(score)
    big = min(n, len(cols)) + 1.0
    w = score[:, cols]
    w -= lo
    w /= hi - lo if hi > lo else 1.0
    w += big
    np.nan_to_num(w, copy=False, nan=0.0)
    r, c = linear_sum_assignment(w, maximize=True)
    keep = w[r, c] > 0
    return sorted(zip(r[keep].tolist(), cols[c[keep]].tolist(), strict=True))


def ortools_assignment(score: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Lexicographic optimum via OR-Tools ``solve_max_flow_with_min_cost``."""
    from ortools.graph.python import min_cost_flow

    n, m = score.shape
    cap = np.asarray(capacity, dtype=np.int64)
    ok = ~np.isnan(score) & (cap > 0)[None, :]
    ei, ej = np.nonzero(ok)
    if len(ei) == 0:
        return []
    cost = -np.rint((score[ei, ej] - np.nanmin(score[ok])) * RESOLUTION).astype(np.int64)
    src, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n, src), ei, n + np.arange(m)]),
        np.concatenate([np.arange(n), n + ej, np.full(m, sink)]),
        np.concatenate([np.ones(n + len(ei), dtype=np.int64), np.minimum(cap, n)]),
        np.concatenate([np.zeros(n, dtype=np.int64), cost, np.zeros(m, dtype=np.int64)]),
    )
    supply = int(min(n, np.minimum(cap, n).sum()))
    flow.set_node_supply(src, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed: {status}")
    used = flow.flows(arcs[n : n + len(ei)]) > 0
    return sorted(zip(ei[used].tolist(), ej[used].tolist(), strict=True))


def ortools_alternatives(
    score: np.ndarray, capacity: np.ndarray, firsts: dict[int, int], per_mentee: int
) -> int:
    """Most alternatives (beyond the first options ``firsts``) with at most ``per_mentee``
    per mentee, each mentor in at most ``capacity`` lists in all."""
    from ortools.graph.python import max_flow

    n, m = score.shape
    cap = np.asarray(capacity, dtype=np.int64)
    spare = cap - np.bincount(list(firsts.values()), minlength=m)
    ok = ~np.isnan(score) & (spare > 0)[None, :]
    for i, j in firsts.items():
        ok[i, j] = False
    ei, ej = np.nonzero(ok)
    if len(ei) == 0 or per_mentee == 0:
        return 0
    src, sink = n + m, n + m + 1
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(n, src), ei, n + np.arange(m)]),
        np.concatenate([np.arange(n), n + ej, np.full(m, sink)]),
        np.concatenate(
            [np.full(n, per_mentee), np.ones(len(ei), dtype=np.int64), np.maximum(spare, 0)]
        ),
    )
    if flow.solve(src, sink) != flow.OPTIMAL:
        raise RuntimeError("OR-Tools max-flow failed")
    return int(flow.optimal_flow())
