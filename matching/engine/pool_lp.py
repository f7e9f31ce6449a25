"""Solvers on a pool's candidate graph: exact blossom, the matching LP and its cutting planes.

Weights are ``w = s' + M`` (normalised score plus the cardinality premium, see
:mod:`.pool`). The blossom solve uses integer weights so that no tolerance enters the primal
side; the LP (HiGHS through scipy) supplies the dual prices that :func:`.pool_graph.price`
checks against the full matrix.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components

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


def lp(n, a, b, w, cuts, *, integral=False):
    """Solve the matching LP (or MILP) on edges ``(a, b)`` with the given odd-set cuts.

    Returns ``(x, duals)``: duals are ``y`` (one per person) then ``z`` (one per cut), both
    non-negative (``None`` for the MILP).
    """
    e = len(a)
    cols = np.arange(e)
    rows = [np.concatenate([a, b])]
    cidx = [np.concatenate([cols, cols])]
    rhs: list[np.ndarray | list[int]] = [np.ones(n)]
    for q, members in enumerate(cuts):
        inside = np.nonzero(members[a] & members[b])[0]
        rows.append(np.full(len(inside), n + q))
        cidx.append(inside)
        rhs.append([(int(members.sum()) - 1) // 2])
    r, c = np.concatenate(rows), np.concatenate(cidx)
    mat = sparse.csr_array((np.ones(len(r)), (r, c)), shape=(n + len(cuts), e))
    bub = np.concatenate([np.asarray(x, dtype=float) for x in rhs])
    if integral:
        res = milp(
            -w,
            integrality=np.ones(e),
            bounds=(0, 1),
            constraints=LinearConstraint(mat, -np.inf, bub),
            options={"mip_rel_gap": 0.0},
        )
        return res.x, None
    res = linprog(-w, A_ub=mat, b_ub=bub, bounds=(0, None), method="highs-ipm")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"matching LP failed: {res.message}")
    return res.x, np.maximum(-res.ineqlin.marginals, 0.0)


def _odd_components(n, a, b, x, sel):
    """Vertex sets of odd components (≥ 3) of the edges ``sel`` violating their odd-set cut."""
    g = sparse.coo_array((np.ones(int(sel.sum())), (a[sel], b[sel])), shape=(n, n))
    _, label = connected_components(g, directed=False)
    touched = np.unique(np.concatenate([a[sel], b[sel]]))
    found = []
    for comp in np.unique(label[touched]):
        members = label == comp
        size = int(members.sum())
        odd = size % 2 == 1 and size >= 3
        if odd and x[members[a] & members[b]].sum() > (size - 1) / 2 + 1e-6:
            found.append(members)
    return found


def new_cuts(n, a, b, x, cuts, tol):
    """Violated odd-set inequalities not already in ``cuts``.

    Candidates are the odd components of the fractional support and of the candidate graph
    itself (the sets that must leave one person out; without them tied scores can cycle
    through many equivalent half-integral optima).
    """
    frac = (x > tol) & (x < 1 - tol)
    if not frac.any():
        return []
    found = _odd_components(n, a, b, x, frac) + _odd_components(n, a, b, x, np.ones_like(frac))
    seen = {c.tobytes() for c in cuts}
    out = []
    for c in found:
        if c.tobytes() not in seen:
            seen.add(c.tobytes())
            out.append(c)
    return out


def pairs_from_x(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> list[tuple[int, int]]:
    sel = x > 0.5
    return sorted(zip(a[sel].tolist(), b[sel].tolist(), strict=True))


def cut_lp(n, a, b, w, cuts, *, tol, max_rounds):
    """The LP with odd-set cuts added until integral (or no violated cut is found).

    ``cuts`` is extended in place; returns ``(x, duals, integral)``.
    """
    x, duals = lp(n, a, b, w, cuts)
    for _ in range(max_rounds):
        found = new_cuts(n, a, b, x, cuts, tol)
        if not found:
            break
        cuts.extend(found)
        x, duals = lp(n, a, b, w, cuts)
    integral = bool(np.all((x < tol) | (x > 1 - tol)))
    return x, duals, integral
