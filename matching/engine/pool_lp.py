"""Solvers on a pool's candidate graph: exact blossom and the matching LP's dual prices.

Weights are ``w = s' + M`` (normalised score plus the cardinality premium, see
:mod:`.pool`). The blossom solve uses integer weights so that no tolerance enters the primal
side; the LP (HiGHS interior point with crossover, through scipy) supplies the dual prices
that :func:`.pool_graph.price` makes feasible on the full matrix, so LP accuracy can only
loosen the bound, never invalidate it.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

#: Integer resolution of normalised scores in the blossom solve (score range = 2**30 units).
RESOLUTION = 2**30


def blossom(n: int, a: np.ndarray, b: np.ndarray, sn: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-cardinality, then maximum-weight matching of the edges ``(a, b)`` (rustworkx).

    ``sn`` are normalised scores in ``[0, 1]``; they are rounded to integers (``2**30``
    units), so the blossom algorithm runs in exact arithmetic. Rounding can only swap
    matchings whose scores differ by less than ``n / 2**31`` of the score range.
    """
    import rustworkx as rx

    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(n))
    wi = np.round(sn * RESOLUTION).astype(np.int64) + 1
    g.extend_from_weighted_edge_list(list(zip(a.tolist(), b.tolist(), wi.tolist(), strict=True)))
    mate = rx.max_weight_matching(g, max_cardinality=True, weight_fn=int)
    return sorted((min(i, j), max(i, j)) for i, j in mate)


def lp(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, cuts: list[np.ndarray]) -> np.ndarray:
    """Dual prices of the matching LP on edges ``(a, b)`` with the given odd-set cuts.

    ``max Σ w_e x_e`` s.t. ``x(δ(v)) ≤ 1`` and ``x(E[S]) ≤ (|S| - 1) / 2`` for each cut ``S``;
    returns ``y`` (one per person) followed by ``z`` (one per cut), all non-negative.
    """
    e = len(a)
    cols = np.arange(e)
    rows = [np.concatenate([a, b])]
    cidx = [np.concatenate([cols, cols])]
    rhs = [np.ones(n)]
    for q, members in enumerate(cuts):
        inside = np.nonzero(members[a] & members[b])[0]
        rows.append(np.full(len(inside), n + q))
        cidx.append(inside)
        rhs.append(np.array([(int(members.sum()) - 1) // 2], dtype=float))
    r, c = np.concatenate(rows), np.concatenate(cidx)
    mat = sparse.csr_array((np.ones(len(r)), (r, c)), shape=(n + len(cuts), e))
    res = linprog(-w, A_ub=mat, b_ub=np.concatenate(rhs), bounds=(0, None), method="highs-ipm")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"matching LP failed: {res.message}")
    return np.maximum(-res.ineqlin.marginals, 0.0)
