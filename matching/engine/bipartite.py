"""One-to-many assignment (mentees to mentors with capacities), provably optimal.

Method (details and the duality argument are in ``docs/matching-engine.md``):

1. *Lexicographic objective as one weight.* Scores are normalised to ``s' ∈ [0, 1]`` and every
   allowed pair gets weight ``w = s' + M`` with ``M = ν̄ + 1`` (``ν̄`` bounds the matching size).
   An augmenting path changes the score by less than ``M``, so a maximum-weight matching has
   maximum cardinality, and among those the maximum score.
2. *Candidate graph.* Only a sparse set of edges is solved: each mentee's top ``k`` mentors plus
   each mentor's top ``capacity + extra`` mentees, found in one blocked pass over the matrix.
3. *Exact sparse solve.* Mentors are expanded into capacity slots (at most the mentor's
   candidate degree), every slot gets a private dummy partner of weight 0, and scipy's
   sparse LAPJV (``min_weight_full_bipartite_matching``) solves the resulting full matching.
4. *Certificate.* Mentor prices ``v`` are computed as the least fixpoint of the
   complementary-slackness equations on the candidate graph (a Bellman-Ford style longest
   path), mentee duals follow as ``u_i = w_{i,m(i)} - v_{m(i)}`` (0 if unmatched). The pair
   ``(u, v)`` is then checked against the *full* matrix in row blocks: if every allowed pair has
   ``u_i + v_j ≥ w_ij`` the dual objective equals the primal one and the matching is optimal
   for the whole problem. Violating pairs are added to the candidate graph and step 3 repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from ._validate import BLOCK_ELEMENTS, as_capacity, as_score_matrix

#: Reduced-cost tolerance, in normalised score units (the score range is 1).
TOL = 1e-9


@dataclass
class AssignmentSolution:
    """An optimal assignment together with the dual certificate that proves it.

    Duals are in normalised units: ``w_ij = (score_ij - offset) / scale + big_m``.
    """

    pairs: list[tuple[int, int]]
    mentor_of: np.ndarray
    objective: float
    mentee_dual: np.ndarray
    mentor_dual: np.ndarray
    offset: float
    scale: float
    big_m: float
    max_violation: float
    rounds: int
    candidate_edges: int

    @property
    def proven_optimal(self) -> bool:
        return self.max_violation <= 1e3 * TOL


def _empty(n: int, m: int) -> AssignmentSolution:
    return AssignmentSolution(
        [], np.full(n, -1), 0.0, np.zeros(n), np.zeros(m), 0.0, 1.0, 1.0, 0.0, 0, 0
    )


def _blocks(n_rows: int, n_cols: int):
    step = max(1, BLOCK_ELEMENTS // max(1, n_cols))
    for r0 in range(0, n_rows, step):
        yield r0, min(n_rows, r0 + step)


def _top_per_column(cols, vals, rows, m, L):
    """Keep the ``L`` largest ``vals`` per column; return them as ``(L, m)`` arrays."""
    order = np.lexsort((-vals, cols))
    cols, vals, rows = cols[order], vals[order], rows[order]
    first = np.searchsorted(cols, np.arange(m))
    rank = np.arange(len(cols)) - first[cols]
    keep = rank < L
    out_val = np.full((L, m), -np.inf)
    out_idx = np.zeros((L, m), dtype=np.int64)
    out_val[rank[keep], cols[keep]] = vals[keep]
    out_idx[rank[keep], cols[keep]] = rows[keep]
    return out_val, out_idx


def _forbid_diagonal(w: np.ndarray, r0: int) -> None:
    d = np.arange(max(0, min(w.shape[0], w.shape[1] - r0)))
    w[d, r0 + d] = -np.inf


def _scan(arr: np.ndarray, cap: np.ndarray, k: int, extra: int, no_diag: bool = False):
    """One blocked pass: reject infinity, find the score range and the candidate edges.

    Candidates are each row's top ``k`` and each column's top ``L = max capacity + extra``
    (kept with a running per-column threshold, so later blocks cost one comparison).
    Returns ``(lo, hi, allowed_count, keys)`` with keys ``i * m + j`` sorted and unique.
    """
    n, m = arr.shape
    k = min(k, m)
    L = min(n, int(np.minimum(cap, n).max()) + extra)
    col_val: np.ndarray | None = None
    col_idx: np.ndarray | None = None
    keys = []
    dead = cap == 0
    lo, hi, count = np.inf, -np.inf, 0
    for r0, r1 in _blocks(n, m):
        blk = arr[r0:r1]
        if np.isinf(blk).any():
            raise ValueError("score must not contain infinity; use nan for a forbidden pair")
        nan = np.isnan(blk)
        c = blk.size - int(nan.sum())
        if c:
            count += c
            lo = min(lo, float(np.fmin.reduce(blk, axis=None)))
            hi = max(hi, float(np.fmax.reduce(blk, axis=None)))
        w = np.where(nan, -np.inf, blk)
        w[:, dead] = -np.inf
        if no_diag:
            _forbid_diagonal(w, r0)
        if k < m:
            top = np.argpartition(w, m - k, axis=1)[:, m - k :]
        else:
            top = np.broadcast_to(np.arange(m), w.shape)
        rows = np.broadcast_to(np.arange(r0, r1)[:, None], top.shape)
        ok = np.isfinite(np.take_along_axis(w, top, axis=1))
        keys.append(rows[ok] * m + top[ok])
        if col_val is None:
            take = min(L, r1 - r0)
            sel = np.argpartition(w, (r1 - r0) - take, axis=0)[(r1 - r0) - take :]
            vals = np.take_along_axis(w, sel, axis=0).ravel()
            rr = (sel + r0).ravel()
            cc = np.broadcast_to(np.arange(m), sel.shape).ravel()
        else:
            assert col_idx is not None  # set together with col_val
            bi, bj = np.nonzero(w > col_val[L - 1][None, :])
            vals = np.concatenate([col_val.ravel(), w[bi, bj]])
            rr = np.concatenate([col_idx.ravel(), bi + r0])
            cc = np.concatenate([np.broadcast_to(np.arange(m), col_val.shape).ravel(), bj])
        col_val, col_idx = _top_per_column(cc, vals, rr, m, L)
    # the loop ran at least once (n > 0)
    assert col_val is not None
    assert col_idx is not None
    ok = np.isfinite(col_val)
    cols = np.broadcast_to(np.arange(m), col_val.shape)
    keys.append(col_idx[ok] * m + cols[ok])
    return lo, hi, count, np.unique(np.concatenate(keys))


def _solve_sparse(ei, ej, sn, *, n, m, cap, big_m):
    """Exact max-weight b-matching on the candidate edges via slot expansion + LAPJVsp."""
    deg = np.bincount(ej, minlength=m)
    slots = np.minimum(cap, deg)
    n_slots = int(slots.sum())
    if n_slots == 0 or len(ei) == 0:
        return np.full(n, -1)
    slot_start = np.concatenate([[0], np.cumsum(slots)[:-1]])
    slot_owner = np.repeat(np.arange(m), slots)
    reps = slots[ej]
    e_rows = np.repeat(slot_start[ej], reps) + (
        np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    e_cols = np.repeat(ei, reps)
    # cost = (M + 2) - w: 2 - s' on real edges, M + 2 on dummy ones (weight 0). Costs stay
    # positive (explicit zeros are not edges to the sparse solver) and precise.
    e_cost = np.repeat(2.0 - sn, reps)
    big = big_m + 2.0
    rows = np.concatenate([e_rows, np.arange(n_slots)])
    cols = np.concatenate([e_cols, n + np.arange(n_slots)])
    cost = np.concatenate([e_cost, np.full(n_slots, big)])
    graph = sparse.csr_array((cost, (rows, cols)), shape=(n_slots, n + n_slots))
    r, c = min_weight_full_bipartite_matching(graph)
    mentor_of = np.full(n, -1)
    real = c < n
    mentor_of[c[real]] = slot_owner[r[real]]
    return mentor_of


def _prices(ei, ej, ew, mentor_of, *, cap, n, m):
    """Least mentor prices satisfying complementary slackness on the candidate edges.

    ``ei * m + ej`` must be sorted (it is: the keys come from ``np.unique``).
    """
    matched = mentor_of >= 0
    idx = np.nonzero(matched)[0]
    w_match = np.zeros(n)
    w_match[idx] = ew[np.searchsorted(ei * m + ej, idx * m + mentor_of[idx])]
    order = np.argsort(ej, kind="stable")
    ei, ej, ew = ei[order], ej[order], ew[order]
    load = np.bincount(mentor_of[matched], minlength=m)
    full = load >= cap
    in_match = mentor_of[ei] == ej
    starts = np.nonzero(np.diff(np.concatenate([[-1], ej])))[0]
    owners = ej[starts]
    v = np.zeros(m)
    for _ in range(4 * m + 10):
        u = np.where(matched, w_match - v[np.maximum(mentor_of, 0)], 0.0)
        t = np.where(in_match, -np.inf, ew - u[ei])
        new = np.zeros(m)
        if len(t):
            new[owners] = np.maximum.reduceat(t, starts)
        new[~full] = 0.0
        new = np.maximum(new, 0.0)
        if np.all(new <= v + TOL * 1e-3):
            break
        v = np.maximum(v, new)
    else:  # pragma: no cover - would mean the sparse solve was not optimal
        raise RuntimeError("dual prices did not converge; the sparse solution is not optimal")
    u = np.where(matched, w_match - v[np.maximum(mentor_of, 0)], 0.0)
    return u, v


def _check_full(arr, cap, u, v, *, lo, scale, big_m, per_row, no_diag=False):
    """Scan the full matrix; return the largest reduced-cost violation and violating edges."""
    n, m = arr.shape
    v_eff = np.where(cap > 0, v, np.inf)
    worst = 0.0
    keys = []
    for r0, r1 in _blocks(n, m):
        red = (arr[r0:r1] - lo) / scale + big_m - v_eff  # w_ij - v_j; nan stays nan
        red = np.where(np.isnan(red), -np.inf, red) - u[r0:r1, None]
        if no_diag:
            _forbid_diagonal(red, r0)
        rmax = red.max(axis=1)
        worst = max(worst, float(rmax.max()))
        bad = np.nonzero(rmax > TOL)[0]
        if len(bad):
            sub = red[bad]
            take = min(per_row, m)
            top = np.argpartition(sub, m - take, axis=1)[:, m - take :]
            ok = np.take_along_axis(sub, top, axis=1) > TOL
            rows = np.broadcast_to((bad + r0)[:, None], top.shape)
            keys.append(rows[ok] * m + top[ok])
    new = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    return worst, new


def solve_assignment(
    score: object,
    capacity: object,
    *,
    k: int = 8,
    extra: int = 2,
    max_rounds: int = 50,
    forbid_diagonal: bool = False,
) -> AssignmentSolution:
    """Solve the one-to-many problem and return the matching with its optimality certificate.

    ``k`` (mentors per mentee) and ``extra`` (mentees per mentor beyond its capacity) size the
    initial candidate graph; they affect speed only, never the result, because the full-matrix
    dual check adds any edge the optimum might need. ``forbid_diagonal`` treats ``score[i, i]``
    as forbidden (used for the bipartite double cover of a pool, see ``pool.py``).
    """
    arr = as_score_matrix(
        score, "score", n_cols=len(np.atleast_1d(np.asarray(capacity))), check_inf=False
    )
    n, m = arr.shape
    cap = as_capacity(capacity, m)
    if n == 0 or m == 0:
        return _empty(n, m)
    if not np.any(cap > 0):
        as_score_matrix(arr)  # still reject infinity
        return _empty(n, m)
    lo, hi, count, keys = _scan(arr, cap, k, extra, forbid_diagonal)
    if count == 0:
        return _empty(n, m)
    scale = hi - lo if hi > lo else 1.0
    nu_bar = min(n, int(np.minimum(cap, n).sum()))
    big_m = float(nu_bar + 1)
    rounds = 0
    for _ in range(max_rounds):
        rounds += 1
        ei, ej = keys // m, keys % m
        sn = (arr[ei, ej] - lo) / scale
        mentor_of = _solve_sparse(ei, ej, sn, n=n, m=m, cap=cap, big_m=big_m)
        u, v = _prices(ei, ej, sn + big_m, mentor_of, cap=cap, n=n, m=m)
        worst, new = _check_full(
            arr,
            cap,
            u,
            v,
            lo=lo,
            scale=scale,
            big_m=big_m,
            per_row=max(4, k),
            no_diag=forbid_diagonal,
        )
        if len(new) == 0:
            break
        keys = np.union1d(keys, new)
    idx = np.nonzero(mentor_of >= 0)[0]
    pairs = [(int(i), int(mentor_of[i])) for i in idx]
    objective = float(arr[idx, mentor_of[idx]].sum()) if len(idx) else 0.0
    return AssignmentSolution(
        pairs, mentor_of, objective, u, v, lo, scale, big_m, worst, rounds, len(keys)
    )


def assign_one_to_many(score: object, capacity: object) -> list[tuple[int, int]]:
    """Assign mentees (rows) to mentors (columns) optimally.

    ``score[i][j]`` is the compatibility of mentee ``i`` with mentor ``j`` (``nan``: forbidden);
    mentor ``j`` takes at most ``capacity[j]`` mentees and each mentee at most one mentor.
    The objective is lexicographic: first the most mentees matched (nobody is left out for the
    sake of a higher average), then the largest total score. Negative scores are allowed and
    still used when they let one more mentee be matched.

    Returns ``(mentee_index, mentor_index)`` pairs sorted by mentee. The result is proven
    optimal by an LP-duality certificate checked against the full matrix (see
    :func:`solve_assignment`), not merely by trusting the sparse solver.
    """
    return solve_assignment(score, capacity).pairs
