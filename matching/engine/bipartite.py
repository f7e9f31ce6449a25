"""One-to-many assignment (mentees to mentors with capacities), provably optimal or flagged.

Method (details and the duality argument are in ``docs/matching-engine.md``):

1. *Lexicographic objective as one weight* (:mod:`._weights`): integer weights with a
   deterministic tie-break on scores that sit on a decimal grid, so the certificate below is
   exact arithmetic; normalised float weights with a relative tolerance otherwise.
2. *Candidate graph.* Each mentee's top ``k`` mentors plus each mentor's top
   ``capacity + extra`` mentees by weight, in one blocked pass. The tie-break makes tied rows
   pick different columns (without it every row of an all-equal matrix picks the same ones).
3. *Exact sparse solve.* Mentors expanded into capacity slots, a private dummy per slot, and
   scipy's sparse LAPJV (``min_weight_full_bipartite_matching``).
4. *Certificate.* Least mentor prices ``v`` satisfying complementary slackness on the
   candidate graph, ``u_i = w_{i,m(i)} - v_{m(i)}``; then ``u_i + v_j ≥ w_ij`` is checked for
   *every* allowed pair of the full matrix. If it holds the matching is optimal (weak
   duality). Otherwise each violating mentee adds its own ``per_row`` worst violators (ties
   broken per row, so tied rows add different columns) and steps 3-4 repeat.
5. *Fallback.* If ``max_rounds`` rounds do not close the certificate, the full graph of
   allowed pairs is solved by the same exact sparse solver (``optimality="fallback-exact"``).
   Only when that is refused (``fallback=False`` or more than ``FALLBACK_EDGES`` slot edges)
   is the answer ``"unproven"``; :func:`assign_one_to_many` then raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from ._select import nonzero_2d, order_by, row_smallest, unique_sorted
from ._validate import as_capacity, as_positive_int, as_score_matrix
from ._weights import Weights, blocks, make_weights, score_range

#: Most slot edges the full-graph fallback will build (about 24 bytes each, plus the solver's).
FALLBACK_EDGES = 60_000_000

#: A column chosen this many times more often than average in the first block is "hot",
#: when the hot columns took at least this share of the choices.
HOT_DEMAND, HOT_SHARE = 5.0, 0.5

#: ``AssignmentSolution.optimality`` values.
PROVEN, FALLBACK_EXACT, UNPROVEN = "proven", "fallback-exact", "unproven"


class NotProvenOptimal(RuntimeError):
    """Raised by :func:`assign_one_to_many` when optimality could not be established."""


@dataclass
class AssignmentSolution:
    """An assignment, how its optimality was established, and the certificate.

    ``optimality`` is ``"proven"`` (the dual certificate holds on the full matrix),
    ``"fallback-exact"`` (solved by the exact solver on the full graph of allowed pairs) or
    ``"unproven"``. Duals are in weight units (:class:`._weights.Weights`); a pair's reduced
    cost ``u_i + v_j - w_ij`` is ``≥ 0`` (within ``weights.tol``) when ``"proven"``.
    """

    pairs: list[tuple[int, int]]
    mentor_of: np.ndarray
    objective: float
    mentee_dual: np.ndarray
    mentor_dual: np.ndarray
    weights: Weights | None
    max_violation: float
    rounds: int
    candidate_edges: int
    optimality: str = PROVEN

    @property
    def proven_optimal(self) -> bool:
        return self.optimality != UNPROVEN


def _empty(n: int, m: int) -> AssignmentSolution:
    return AssignmentSolution([], np.full(n, -1), 0.0, np.zeros(n), np.zeros(m), None, 0.0, 0, 0)


def _top_per_column(cols, keys, rows, m, L):
    """Keep the ``L`` smallest ``keys`` per column; return them as ``(L, m)`` arrays
    (``inf`` where a column has fewer)."""
    order = order_by(cols, keys)
    cols, keys, rows = cols[order], keys[order], rows[order]
    first = np.searchsorted(cols, np.arange(m))
    rank = np.arange(len(cols)) - first[cols]
    keep = rank < L
    out_key = np.full((L, m), np.inf, dtype=np.float32)
    out_idx = np.zeros((L, m), dtype=np.int64)
    out_key[rank[keep], cols[keep]] = keys[keep]
    out_idx[rank[keep], cols[keep]] = rows[keep]
    return out_key, out_idx


def _forbid_diagonal(w: np.ndarray, r0: int, value: float = -np.inf) -> None:
    d = np.arange(max(0, min(w.shape[0], w.shape[1] - r0)))
    w[d, r0 + d] = value


def _rank_keys(arr, wt, r0, r1, *, dead, no_diag):
    """Ranking keys of rows ``r0:r1`` (:meth:`Weights.rank_keys`: smaller is better) with
    dead mentors and, for a pool's double cover, the diagonal forbidden (``nan``)."""
    keys = wt.rank_keys(arr[r0:r1], r0, r1)
    keys[:, dead] = np.nan
    if no_diag:
        _forbid_diagonal(keys, r0, np.nan)
    return keys


def _column_best(key, r0, col_key, col_idx, L):
    """Merge block ``key`` (rows from ``r0``) into each column's ``L`` best so far."""
    m = key.shape[1]
    if col_key is None:
        take = min(L, key.shape[0])
        sel = np.argpartition(key, take - 1, axis=0)[:take]
        vals = np.take_along_axis(key, sel, axis=0).ravel()
        rr = (sel + r0).ravel()
        cc = np.broadcast_to(np.arange(m), sel.shape).ravel()
        ok = ~np.isnan(vals)
        return _top_per_column(cc[ok], vals[ok], rr[ok], m, L)
    bi, bj = nonzero_2d(key < col_key[L - 1][None, :])  # nan compares false
    vals = np.concatenate([col_key.ravel(), key[bi, bj]])
    rr = np.concatenate([col_idx.ravel(), bi + r0])
    cc = np.concatenate([np.broadcast_to(np.arange(m), col_key.shape).ravel(), bj])
    return _top_per_column(cc, vals, rr, m, L)


def _hot_columns(chosen: np.ndarray, m: int) -> np.ndarray:
    """Columns the first rows chose far more often than the average column, when they took
    most of the choices (a few people everyone rates highest): rows then also take their
    best among the rest, which is where most of them are matched in the end (otherwise a
    second round of the certificate has to find them). Elsewhere, none."""
    demand = np.bincount(chosen, minlength=m)
    hot = demand > HOT_DEMAND * max(1.0, len(chosen) / m)
    if demand[hot].sum() < HOT_SHARE * len(chosen):
        hot[:] = False
    return hot


def _best_apart(key, r0, k, hot, *, with_hot=False):
    """Keys of each row's ``k`` best among the columns not in ``hot`` and (``with_hot``)
    its ``k`` best among ``hot``: together a superset of its ``k`` best overall, found on two
    narrower problems. ``key`` is left as it was."""
    m = key.shape[1]
    favourites = key[:, hot]
    key[:, hot] = np.nan
    bi, bj = row_smallest(key, k)
    key[:, hot] = favourites
    found = [(bi + r0) * m + bj]
    if with_hot:
        bi, bj = row_smallest(favourites, k)
        found.append((bi + r0) * m + hot[bj])
    return np.concatenate(found)


def _candidates(arr, wt, cap, *, k, extra, no_diag):
    """Each row's top ``k`` and each column's top ``max capacity + extra``, as sorted keys."""
    n, m = arr.shape
    k = min(k, m)
    L = min(n, int(np.minimum(cap, n).max()) + extra)
    col_key = col_idx = None
    keys = []
    dead = cap == 0
    hot = None
    for r0, r1 in blocks(n, m):
        key = _rank_keys(arr, wt, r0, r1, dead=dead, no_diag=no_diag)
        if hot is None:  # the first block decides which columns are hot
            bi, bj = row_smallest(key, k)
            keys.append((bi + r0) * m + bj)
            hot = np.flatnonzero(_hot_columns(bj, m))
            if len(hot):
                keys.append(_best_apart(key, r0, k, hot))
        elif len(hot):
            keys.append(_best_apart(key, r0, k, hot, with_hot=True))
        else:
            bi, bj = row_smallest(key, k)
            keys.append((bi + r0) * m + bj)
        col_key, col_idx = _column_best(key, r0, col_key, col_idx, L)
    assert col_key is not None  # n > 0
    assert col_idx is not None
    ok = np.isfinite(col_key)
    cols = np.broadcast_to(np.arange(m), col_key.shape)
    keys.append(col_idx[ok] * m + cols[ok])
    return unique_sorted(np.concatenate(keys))


def _all_allowed(arr, cap, no_diag):
    """Keys of every allowed pair (the fallback's graph)."""
    n, m = arr.shape
    keys = []
    for r0, r1 in blocks(n, m):
        ok = ~np.isnan(arr[r0:r1])
        ok[:, cap == 0] = False
        if no_diag:
            d = np.arange(max(0, min(r1 - r0, m - r0)))
            ok[d, r0 + d] = False
        bi, bj = nonzero_2d(ok)
        keys.append((bi + r0) * m + bj)
    return np.concatenate(keys)


def _solve_sparse(ei, ej, ew, *, n, m, cap, wt):
    """Exact max-weight b-matching on the given edges via slot expansion + LAPJVsp."""
    slots = np.minimum(cap, np.bincount(ej, minlength=m))
    n_slots = int(slots.sum())
    if n_slots == 0 or len(ei) == 0:
        return np.full(n, -1)
    slot_start = np.concatenate([[0], np.cumsum(slots)[:-1]])
    slot_owner = np.repeat(np.arange(m), slots)
    reps = slots[ej]
    e_rows = np.repeat(slot_start[ej], reps) + (
        np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    # cost = (top + 1 + M) - w: positive on real edges (explicit zeros are not edges to the
    # solver), top + 1 + M on each slot's dummy (weight 0). Integers stay exact.
    base = wt.top + 1.0 + wt.big_m
    rows = np.concatenate([e_rows, np.arange(n_slots)])
    cols = np.concatenate([np.repeat(ei, reps), n + np.arange(n_slots)])
    cost = np.concatenate([np.repeat(base - ew, reps), np.full(n_slots, base)])
    graph = sparse.csr_array((cost, (rows, cols)), shape=(n_slots, n + n_slots))
    r, c = min_weight_full_bipartite_matching(graph)
    mentor_of = np.full(n, -1)
    real = c < n
    mentor_of[c[real]] = slot_owner[r[real]]
    return mentor_of


def _prices(ei, ej, ew, mentor_of, *, cap, n, m, slack):
    """Least mentor prices satisfying complementary slackness on the candidate edges, or
    ``None`` if they do not settle (the sparse solution would then not be optimal).

    ``ei * m + ej`` must be sorted (the keys are).
    """
    matched = mentor_of >= 0
    idx = np.nonzero(matched)[0]
    w_match = np.zeros(n)
    w_match[idx] = ew[np.searchsorted(ei * m + ej, idx * m + mentor_of[idx])]
    order = np.argsort(ej, kind="stable")
    ei, ej, ew = ei[order], ej[order], ew[order]
    full = np.bincount(mentor_of[matched], minlength=m) >= cap
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
        if np.all(new <= v + slack):
            u = np.where(matched, w_match - v[np.maximum(mentor_of, 0)], 0.0)
            return u, v
        v = np.maximum(v, new)
    return None


def _check_full(arr, wt, cap, u, v, *, per_row, no_diag):
    """Scan the full matrix: the largest reduced-cost violation, and per violating mentee its
    ``per_row`` worst violators (tied ones broken per row, so tied rows pick different
    mentors)."""
    n, m = arr.shape
    v_eff = np.where(cap > 0, v, np.inf)
    worst = 0.0
    keys = []
    for r0, r1 in blocks(n, m):
        red = wt.reduced(arr[r0:r1], v_eff)  # w_ij - v_j, nan where forbidden
        if no_diag:
            _forbid_diagonal(red, r0, np.nan)
        rmax = np.fmax.reduce(red, axis=1)  # u is per row: subtract it after the reduction
        rmax -= u[r0:r1]
        rmax[np.isnan(rmax)] = -np.inf
        worst = max(worst, float(rmax.max()))
        bad = np.nonzero(rmax > wt.tol)[0]
        if len(bad):
            sub = red[bad]
            sub -= u[r0 + bad, None]
            # Ranked relative to each row's worst violation, so float32 keeps the fine
            # differences (and the tie-break) where the candidates are.
            near = sub - rmax[bad, None]
            bi, bj = row_smallest(wt.rank_keys(near, r0, r1, bad), per_row)
            ok = sub[bi, bj] > wt.tol  # the exact values decide
            keys.append((bad[bi[ok]] + r0) * m + bj[ok])
    new = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    return worst, new


def _fallback(arr, wt, cap, no_diag, *, n, m):
    """The exact sparse solver on every allowed pair, or ``None`` if too large."""
    keys = _all_allowed(arr, cap, no_diag)
    ei, ej = keys // m, keys % m
    if int(np.minimum(cap, n)[ej].sum()) > FALLBACK_EDGES:
        return None
    return _solve_sparse(ei, ej, wt.edges(arr[ei, ej]), n=n, m=m, cap=cap, wt=wt)


def _certify(arr, wt, cap, keys, *, k, max_rounds, no_diag):
    """Solve on the candidate graph and check the certificate on the full matrix, growing
    the graph by each violating mentee's own violators, for at most ``max_rounds`` rounds.
    Returns ``(mentor_of, u, v, worst violation, rounds, keys)``; ``worst`` is ``inf`` if
    the prices did not settle."""
    n, m = arr.shape
    u, v, worst, rounds = np.zeros(n), np.zeros(m), np.inf, 0
    slack = 0.0 if wt.integer else wt.tol * 1e-3
    while rounds < max_rounds:
        rounds += 1
        ei, ej = keys // m, keys % m
        ew = wt.edges(arr[ei, ej])
        mentor_of = _solve_sparse(ei, ej, ew, n=n, m=m, cap=cap, wt=wt)
        duals = _prices(ei, ej, ew, mentor_of, cap=cap, n=n, m=m, slack=slack)
        if duals is None:
            return mentor_of, u, v, np.inf, rounds, keys
        u, v = duals
        worst, new = _check_full(
            arr, wt, cap, u, v, per_row=max(4, k) << (rounds - 1), no_diag=no_diag
        )
        if worst <= wt.tol:
            break
        keys = unique_sorted(np.concatenate([keys, new]))
    return mentor_of, u, v, worst, rounds, keys


def solve_assignment(
    score: object,
    capacity: object,
    *,
    k: int = 6,
    extra: int = 16,
    max_rounds: int = 12,
    fallback: bool = True,
    forbid_diagonal: bool = False,
) -> AssignmentSolution:
    """Solve the one-to-many problem; return the matching, its optimality status and proof.

    ``k`` (mentors per mentee) and ``extra`` (mentees per mentor beyond its capacity) size the
    initial candidate graph; they affect speed only, never the result, because the full-matrix
    dual check adds any edge the optimum might need. After ``max_rounds`` rounds without a
    certificate the full graph is solved exactly unless ``fallback`` is false.
    ``forbid_diagonal`` treats ``score[i, i]`` as forbidden (the bipartite double cover of a
    pool, see ``pool.py``).
    """
    k = as_positive_int(k, "k", 1)
    extra = as_positive_int(extra, "extra", 0)
    max_rounds = as_positive_int(max_rounds, "max_rounds", 1)
    arr = as_score_matrix(
        score, "score", n_cols=len(np.atleast_1d(np.asarray(capacity))), check_inf=False
    )
    n, m = arr.shape
    cap = as_capacity(capacity, m)
    rng = score_range(arr)  # also rejects infinity
    if n == 0 or m == 0 or not np.any(cap > 0) or rng.count == 0:
        return _empty(n, m)
    nu_bar = min(n, int(np.minimum(cap, n).sum()))
    wt = make_weights(rng, nu_bar, n, m)
    keys = _candidates(arr, wt, cap, k=k, extra=extra, no_diag=forbid_diagonal)
    mentor_of, u, v, worst, rounds, keys = _certify(
        arr, wt, cap, keys, k=k, max_rounds=max_rounds, no_diag=forbid_diagonal
    )
    optimality = PROVEN if worst <= wt.tol else UNPROVEN
    if optimality == UNPROVEN and fallback:
        exact = _fallback(arr, wt, cap, forbid_diagonal, n=n, m=m)
        if exact is not None:
            mentor_of, optimality = exact, FALLBACK_EXACT
    idx = np.nonzero(mentor_of >= 0)[0]
    pairs = [(int(i), int(mentor_of[i])) for i in idx]
    objective = float(arr[idx, mentor_of[idx]].sum()) if len(idx) else 0.0
    return AssignmentSolution(
        pairs, mentor_of, objective, u, v, wt, float(worst), rounds, len(keys), optimality
    )


def assign_one_to_many(score: object, capacity: object, **options: Any) -> list[tuple[int, int]]:
    """Assign mentees (rows) to mentors (columns) optimally.

    ``score[i][j]`` is the compatibility of mentee ``i`` with mentor ``j`` (``nan``: forbidden);
    mentor ``j`` takes at most ``capacity[j]`` mentees and each mentee at most one mentor.
    The objective is lexicographic: first the most mentees matched (nobody is left out for the
    sake of a higher average), then the largest total score. Negative scores are allowed and
    still used when they let one more mentee be matched.

    Returns ``(mentee_index, mentor_index)`` pairs sorted by mentee. The result is optimal:
    either proven by an LP-duality certificate checked against the full matrix or found by an
    exact solver on the full graph (see :func:`solve_assignment`); if neither was possible,
    :class:`NotProvenOptimal` is raised rather than an unproven answer returned. ``options``
    go to :func:`solve_assignment` (they change the speed, never the answer).
    """
    sol = solve_assignment(score, capacity, **options)
    if not sol.proven_optimal:
        raise NotProvenOptimal(
            "the assignment could not be proven optimal (certificate did not close and the "
            "full graph is too large for the exact fallback)"
        )
    return sol.pairs
