"""Pairing within one pool (reciprocal peer and buddy schemes): general-graph matching.

Objective, as for the one-to-many case: most people paired, then the largest total score, made
a single weight ``w = s' + M`` on normalised scores ``s' ∈ [0, 1]`` with ``M = ⌊n/2⌋ + 1``.

Up to ``exact_limit`` people the result is *proven* optimal on the full graph with Edmonds'
LP description of the matching polytope, solved by cutting planes (see
``docs/matching-engine.md``):

1. take a sparse candidate graph (each person's top ``k`` partners);
2. solve the LP relaxation (degree ≤ 1) with HiGHS, add an odd-set inequality
   ``x(E[S]) ≤ (|S| - 1) / 2`` for every odd component of the fractional support that violates
   one, and repeat until the LP optimum is integral;
3. the LP duals ``(y, z)`` then satisfy ``y_i + y_j + Σ_{S ∋ i, j} z_S ≥ w_ij`` on candidate
   edges; the same inequality is checked for *every* allowed pair of the full matrix, in row
   blocks. Violating pairs join the candidate graph and step 2 repeats. When no pair violates
   it, the dual objective is an upper bound for every matching of the full graph and equals the
   matching's weight, which proves optimality.

Above ``exact_limit`` the candidate graph is solved (with rustworkx's blossom implementation
when it is installed, otherwise with the same LP) and an upper bound is reported: the
bipartite double-cover relaxation solved exactly by :mod:`.bipartite`, or, if that bound is
not informative (odd cardinality), half of everyone's best score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components

from ._validate import BLOCK_ELEMENTS, as_pool_matrix
from .bipartite import solve_assignment

#: Tolerance on reduced costs and integrality, in normalised score units.
TOL = 1e-7


@dataclass
class PoolSolution:
    """Pairs with their total score and an upper bound on the best achievable total.

    ``proven_optimal`` is true when the bound meets the objective (within rounding), i.e. the
    dual certificate closed; ``method`` says how the pairs were found.
    """

    pairs: list[tuple[int, int]]
    objective: float
    upper_bound: float
    proven_optimal: bool
    method: str
    candidate_edges: int = 0

    @property
    def gap(self) -> float:
        """Relative gap between ``upper_bound`` and ``objective`` (0 when proven optimal)."""
        return (self.upper_bound - self.objective) / max(1e-12, abs(self.upper_bound))


def _blocks(n: int):
    step = max(1, BLOCK_ELEMENTS // max(1, n))
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)


def _masked_block(arr: np.ndarray, r0: int, r1: int) -> np.ndarray:
    w = np.where(np.isnan(arr[r0:r1]), -np.inf, arr[r0:r1])
    d = np.arange(r1 - r0)
    w[d, r0 + d] = -np.inf
    return w


def _scan(arr: np.ndarray, k: int):
    """Score range over allowed off-diagonal pairs, each person's best, and top-k edges."""
    n = arr.shape[0]
    k = min(k, n - 1)
    lo, hi = np.inf, -np.inf
    best = np.full(n, -np.inf)
    keys = []
    for r0, r1 in _blocks(n):
        w = _masked_block(arr, r0, r1)
        best[r0:r1] = w.max(axis=1)
        fin = np.isfinite(w)
        if fin.any():
            lo = min(lo, float(np.min(w, where=fin, initial=np.inf)))
            hi = max(hi, float(best[r0:r1].max()))
        top = np.argpartition(w, n - k, axis=1)[:, n - k :]
        ok = np.isfinite(np.take_along_axis(w, top, axis=1))
        rows = np.broadcast_to(np.arange(r0, r1)[:, None], top.shape)
        a, b = rows[ok], top[ok]
        keys.append(np.minimum(a, b) * n + np.maximum(a, b))
    unique_keys = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return lo, hi, best, unique_keys


def _lp(n, a, b, w, cuts, *, integral=False):
    """Solve the matching LP (or MILP) on edges ``(a, b)`` with the given odd-set cuts."""
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
    opts = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
    res = linprog(-w, A_ub=mat, b_ub=bub, bounds=(0, None), method="highs-ds", options=opts)
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


def _new_cuts(n, a, b, x, cuts):
    """Violated odd-set cuts not already in ``cuts``."""
    seen = {c.tobytes() for c in cuts}
    out = []
    for c in _odd_cuts(n, a, b, x):
        if c.tobytes() not in seen:
            seen.add(c.tobytes())
            out.append(c)
    return out


def _odd_cuts(n, a, b, x):
    """Violated odd-set inequalities: odd components of the fractional support, and odd
    components of the candidate graph itself (these are the sets that must leave one person
    out, e.g. ``V`` for odd ``n``; without them tied scores can cycle through many equivalent
    half-integral optima)."""
    frac = (x > TOL) & (x < 1 - TOL)
    if not frac.any():
        return []
    return _odd_components(n, a, b, x, frac) + _odd_components(n, a, b, x, np.ones_like(frac))


def _dual_check(arr, y, cuts, z, *, lo, scale, big_m, per_row=8):
    """Largest violation of ``y_i + y_j + Σ z_S ≥ w_ij`` over all allowed pairs, and violators."""
    n = arr.shape[0]
    active = [(c, zq) for c, zq in zip(cuts, z, strict=True) if zq > 0]
    memb = np.array([c for c, _ in active], dtype=float).reshape(len(active), n)
    zv = np.array([zq for _, zq in active])
    worst, keys = 0.0, []
    for r0, r1 in _blocks(n):
        red = (_masked_block(arr, r0, r1) - lo) / scale + big_m - y[r0:r1, None] - y[None, :]
        if len(active):
            red -= (memb[:, r0:r1].T * zv) @ memb
        rmax = red.max(axis=1)
        worst = max(worst, float(rmax.max()))
        bad = np.nonzero(rmax > TOL)[0]
        if len(bad):
            take = min(per_row, n)
            top = np.argpartition(red[bad], n - take, axis=1)[:, n - take :]
            ok = np.take_along_axis(red[bad], top, axis=1) > TOL
            i = np.broadcast_to((bad + r0)[:, None], top.shape)[ok]
            j = top[ok]
            keys.append(np.minimum(i, j) * n + np.maximum(i, j))
    return worst, (np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64))


def _pairs_from_x(a, b, x):
    sel = x > 0.5
    return sorted(zip(a[sel].tolist(), b[sel].tolist(), strict=True))


def _blossom(n, a, b, sn):
    """Max-cardinality max-weight matching with rustworkx, or ``None`` if unavailable."""
    try:
        import rustworkx as rx
    except ImportError:
        return None
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    wi = np.round(sn * 2**40).astype(np.int64) + 1
    g.extend_from_weighted_edge_list(list(zip(a.tolist(), b.tolist(), wi.tolist(), strict=True)))
    mate = rx.max_weight_matching(g, max_cardinality=True, weight_fn=lambda x: x)
    return sorted((min(i, j), max(i, j)) for i, j in mate)


def _cover_bound(arr: np.ndarray, card: int, lo: float) -> float | None:
    """Upper bound from the bipartite double cover (the degree-LP relaxation), or ``None``.

    A matching of size ``ν`` and score ``σ`` gives a double-cover assignment of size ``2ν`` and
    score ``2σ``; the lexicographic optimum of the cover therefore bounds ``σ`` whenever its
    size is exactly ``2 · card`` (which also proves ``card`` maximal). For odd ``n`` with a
    near-perfect matching a dummy person (score ``lo`` with everyone) restores even parity.
    """
    n = arr.shape[0]
    if n % 2 == 0:
        cover = solve_assignment(arr, np.ones(n, dtype=np.int64), forbid_diagonal=True)
        return cover.objective / 2 if len(cover.pairs) == 2 * card else None
    if card != n // 2:
        return None
    padded = np.full((n + 1, n + 1), lo)
    padded[:n, :n] = arr
    cover = solve_assignment(padded, np.ones(n + 1, dtype=np.int64), forbid_diagonal=True)
    return cover.objective / 2 - lo if len(cover.pairs) == n + 1 else None


def _exact(arr, keys, *, lo, scale, big_m, max_rounds):
    """Cutting-plane LP with full-matrix dual check; returns (pairs, upper_bound_norm, keys)."""
    n = arr.shape[0]
    cuts: list[np.ndarray] = []
    for _ in range(max_rounds):
        a, b = keys // n, keys % n
        w = (arr[a, b] - lo) / scale + big_m
        x, duals = _lp(n, a, b, w, cuts)
        for _ in range(max_rounds):
            new = _new_cuts(n, a, b, x, cuts)
            if not new:
                break
            cuts.extend(new)
            x, duals = _lp(n, a, b, w, cuts)
        y, z = duals[:n], duals[n:]
        worst, extra = _dual_check(arr, y, cuts, z, lo=lo, scale=scale, big_m=big_m)
        if len(extra) == 0:
            break
        keys = np.union1d(keys, extra)
    sizes = np.array([(int(c.sum()) - 1) // 2 for c in cuts], dtype=float)
    bound = float(y.sum() + (z * sizes).sum()) + (n // 2) * max(0.0, worst)
    integral = bool(np.all((x < TOL) | (x > 1 - TOL)))
    if not integral:  # cuts stalled: exact MILP on the candidate graph, LP bound stays valid
        x, _ = _lp(n, a, b, w, cuts, integral=True)
    return _pairs_from_x(a, b, x), bound, keys


def solve_pool(
    score: object, *, exact_limit: int = 2000, k: int | None = None, max_rounds: int = 30
) -> PoolSolution:
    """Pair people within one pool; return pairs, objective and a proven upper bound.

    Up to ``exact_limit`` people the answer is exactly optimal on the full graph (LP-duality
    certificate); above it a candidate graph of each person's top ``k`` partners is used and
    ``upper_bound`` shows how far from optimal the answer can be at most. ``k`` defaults to 10
    (exact mode, where it only affects speed) or 6 (bounded mode).
    """
    arr = as_pool_matrix(score)
    n = arr.shape[0]
    if n < 2:
        return PoolSolution([], 0.0, 0.0, True, "empty")
    if k is None:
        k = 10 if n <= exact_limit else 6
    lo, hi, best, keys = _scan(arr, k)
    if len(keys) == 0:
        return PoolSolution([], 0.0, 0.0, True, "no allowed pair")
    scale = hi - lo if hi > lo else 1.0
    big_m = float(n // 2 + 1)
    if n <= exact_limit:
        pairs, bound_w, keys = _exact(
            arr, keys, lo=lo, scale=scale, big_m=big_m, max_rounds=max_rounds
        )
        method = "LP cutting planes + full-matrix dual certificate"
        card = len(pairs)
        # bound_w bounds M·ν + Σs'; it proves ν = card when below M·(card + 1).
        ub = card * lo + scale * (bound_w - big_m * card) if bound_w < big_m * (card + 1) else None
    else:
        a, b = keys // n, keys % n
        sn = (arr[a, b] - lo) / scale
        pairs = _blossom(n, a, b, sn)
        method = "candidate graph, rustworkx blossom"
        if pairs is None:
            cuts: list[np.ndarray] = []
            for _ in range(max_rounds):
                x, _ = _lp(n, a, b, sn + big_m, cuts)
                new = _new_cuts(n, a, b, x, cuts)
                if not new:
                    break
                cuts.extend(new)
            if not np.all((x < TOL) | (x > 1 - TOL)):
                x, _ = _lp(n, a, b, sn + big_m, cuts, integral=True)
            pairs = _pairs_from_x(a, b, x)
            method = "candidate graph, LP cutting planes"
        ub = _cover_bound(arr, len(pairs), lo)
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    objective = float(arr[idx[:, 0], idx[:, 1]].sum())
    fallback = float(np.maximum(best[np.isfinite(best)], 0.0).sum() / 2)
    ub = fallback if ub is None else min(ub, fallback)
    ub = max(ub, objective)
    proven = ub - objective <= 1e-6 * scale * max(1, len(pairs))
    return PoolSolution(pairs, objective, ub, proven, method, len(keys))


def pair_within_pool(score: object) -> list[tuple[int, int]]:
    """Pair people of one pool: most people paired first, then the largest total score.

    ``score`` is a symmetric n × n matrix (``nan``: the two must not be paired; the diagonal is
    ignored). Returns ``(i, j)`` pairs with ``i < j``, sorted, each person in at most one pair.
    Negative scores are allowed and still used when they let two more people be paired.
    Exactly optimal (with a duality certificate) up to 2,000 people; see :func:`solve_pool`
    for the bound reported beyond that.
    """
    return solve_pool(score).pairs
