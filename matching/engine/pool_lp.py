"""Solvers on a pool's candidate graph: exact blossom and the matching LP's dual prices.

Weights are ``w = s' + M`` (normalised score plus the cardinality premium, see
:mod:`.pool`). The blossom solve uses integer weights so that no tolerance enters the primal
side; the LP (HiGHS interior point with crossover, through scipy) supplies the dual prices
that :func:`.pool_graph.price` makes feasible on the full matrix, so LP accuracy can only
loosen the bound, never invalidate it.

Without odd-set cuts (an even pool) the LP is the fractional matching LP, whose optimum is
half the maximum-weight assignment on the bipartite double cover (each pair ``{a, b}`` as the
arcs ``a → b'`` and ``b → a'``). That assignment is solved exactly by the sparse LAPJV the
one-to-many engine uses, its duals ``(u, v)`` come from the same complementary-slackness
pass, and ``y = (u + v) / 2`` is then an optimal LP dual: ``y_a + y_b`` is the mean of two
covered arcs, and ``Σ y`` is half the assignment's weight. It is several times faster than
the general LP solver on the same graph; the solver stays for odd pools (the whole-set cut)
and for the rare case where the prices do not settle.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from .bipartite import _prices, _solve_sparse

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
    if not cuts and len(a):
        y = _double_cover_duals(n, a, b, w)
        if y is not None:
            return y
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


def cover_mate(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each person's partner in the double cover's maximum-weight assignment (or -1)."""
    ei, ej, ew = _arcs(a, b, w)
    ones = np.ones(n, dtype=np.int64)
    return _solve_sparse(ei, ej, ew, n=n, m=n, cap=ones, wt=_cost_base(ew))


def _arcs(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
    """The double cover's arcs ``a → b'`` and ``b → a'``, both weighing ``w``."""
    return np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w])


def _cost_base(ew: np.ndarray) -> SimpleNamespace:
    return SimpleNamespace(top=float(ew.max()), big_m=0.0)  # every arc's cost is positive


def _double_cover_duals(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    """Optimal duals of the degree LP from the double cover's assignment (module docstring),
    or ``None`` if the complementary-slackness prices do not settle."""
    ei, ej, ew = _arcs(a, b, w)
    order = np.argsort(ei * n + ej, kind="stable")  # ``_prices`` wants sorted keys
    ei, ej, ew = ei[order], ej[order], ew[order]
    ones = np.ones(n, dtype=np.int64)
    mate = _solve_sparse(ei, ej, ew, n=n, m=n, cap=ones, wt=_cost_base(ew))
    slack = 1e-12 * max(1.0, float(ew.max()))
    duals = _prices(ei, ej, ew, mate, cap=ones, n=n, m=n, slack=slack)
    if duals is None:
        return None
    u, v = duals
    return np.maximum((u + v) / 2.0, 0.0)
