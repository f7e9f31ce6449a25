"""Shortlists for mentee-choice schemes: the optimal assignment plus the most alternatives.

Each mentee's list starts with the mentor the optimal assignment gives them, so if everyone
picks their first option the result is optimal. A mentor is never offered to more mentees
than they have places, so any combination of choices can be honoured: alternatives use only
the places the optimal assignment leaves free (``spare_j = capacity_j - load_j``).

Which alternatives is a flow problem: source → mentee (up to ``k - 1``) → allowed mentor
with a spare place (1 per pair, not their own) → sink (``spare_j``). It is solved exactly
with scipy's ``maximum_flow`` in rounds ``r = 1 .. k - 1`` with each mentee's arc raised to
``r``, every round augmenting the previous flow (which never takes an alternative away from
a mentee): so first as many mentees as possible get a second option, then as many as
possible a third, and in the end the total is the maximum the capacity rule allows. Each
round starts from a greedy hand-out by the certificate's reduced-cost loss
``u_i + v_j - w_ij`` (how much the optimum would lose, at least, if ``i`` took ``j``), so
low-loss alternatives are preferred; each list is then ordered by that loss.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from ._validate import as_positive_int
from ._weights import blocks
from .bipartite import AssignmentSolution, NotProvenOptimal, solve_assignment

#: Spare mentors per mentee, per alternative wanted, in the first flow graph; the min-cut
#: check then adds any other pair that could raise the number of alternatives.
FIRST_PER_ALTERNATIVE = 4


def shortlist(score: object, capacity: object, k: int, **options: Any) -> dict[int, list[int]]:
    """Return up to ``k`` mentors per mentee, best first: ``{mentee_index: [mentor, ...]}``.

    Every mentee appears as a key (an empty list when nobody can be offered). For each mentor
    ``j`` the number of lists containing ``j`` is at most ``capacity[j]``; the number of
    alternatives is the largest that allows (see the module docstring). Same input contract
    and validation as :func:`assign_one_to_many` (and the same :class:`NotProvenOptimal`);
    ``k`` must be an integer ≥ 1; ``options`` go to :func:`solve_assignment`.
    """
    k = as_positive_int(k, "k", 1)
    sol = solve_assignment(score, capacity, **options)
    if not sol.proven_optimal:
        raise NotProvenOptimal("the assignment behind the shortlists could not be proven optimal")
    return shortlist_from(np.asarray(score, dtype=np.float64), capacity, k, sol)


def shortlist_from(
    arr: np.ndarray, capacity: object, k: int, sol: AssignmentSolution
) -> dict[int, list[int]]:
    """Shortlists around an already solved assignment ``sol`` of ``arr`` (validated)."""
    n = sol.mentor_of.shape[0]
    lists: dict[int, list[int]] = {i: [] for i in range(n)}
    for i, j in sol.pairs:
        lists[i].append(j)
    if k == 1 or n == 0 or arr.ndim != 2 or arr.shape[1] == 0 or sol.weights is None:
        return lists
    m = arr.shape[1]
    cap = np.asarray(capacity, dtype=np.int64)
    matched = sol.mentor_of >= 0
    spare = cap - np.bincount(sol.mentor_of[matched], minlength=m)
    cols = np.nonzero(spare > 0)[0]
    if len(cols) == 0:
        return lists
    edges = _spare_edges(arr, sol, cols, per_row=FIRST_PER_ALTERNATIVE * (k - 1))
    used = np.zeros(len(edges[0]), dtype=bool)
    for r in range(1, k):
        used = _greedy(edges[0], edges[1], edges[2], spare[cols], used, n=n, r=r)
        while True:  # maximum on the candidate pairs, then the min-cut check on all pairs
            used = _augment(edges[0], edges[1], used, spare[cols], n=n, r=r)
            more = _across_the_cut(arr, sol, cols, edges, used=used, spare=spare[cols], r=r)
            if not len(more[0]):
                break
            edges, used = _merge(edges, more, used)
    ei, ec, loss = edges
    order = np.lexsort((loss, ei))
    for e in order[used[order]]:
        lists[int(ei[e])].append(int(cols[ec[e]]))
    return lists


def _losses(arr: np.ndarray, sol: AssignmentSolution, cols: np.ndarray, rows: np.ndarray):
    """Reduced-cost loss ``u_i + v_j - w_ij`` of ``rows`` × spare mentors ``cols``; ``inf``
    where the pair is forbidden or the mentor is the mentee's own."""
    wt = sol.weights
    assert wt is not None
    red = wt.reduced(arr[rows][:, cols], sol.mentor_dual[cols])  # w_ij - v_j
    loss = sol.mentee_dual[rows, None] - red
    loss[np.isnan(loss)] = np.inf
    loss[cols[None, :] == sol.mentor_of[rows, None]] = np.inf
    return loss


def _spare_edges(arr: np.ndarray, sol: AssignmentSolution, cols: np.ndarray, *, per_row: int):
    """Each mentee's ``per_row`` smallest-loss allowed pairs with a spare mentor (positions
    in ``cols``), sorted by mentee then loss: the first flow graph."""
    n, c = sol.mentor_of.shape[0], len(cols)
    take = min(per_row, c)
    out_i, out_c, out_loss = [], [], []
    for r0, r1 in blocks(n, c):
        loss = _losses(arr, sol, cols, np.arange(r0, r1))
        assert sol.weights is not None
        tie_broken = loss + sol.weights.jitter(r0, r1)[:, cols]  # tied rows differ
        top = np.argpartition(tie_broken, take - 1, axis=1)[:, :take] if take < c else None
        top = np.broadcast_to(np.arange(c), loss.shape) if top is None else top
        val = np.take_along_axis(loss, top, axis=1)
        ok = np.isfinite(val)
        out_i.append(np.broadcast_to(np.arange(r0, r1)[:, None], top.shape)[ok])
        out_c.append(top[ok])
        out_loss.append(val[ok])
    return _sorted(np.concatenate(out_i), np.concatenate(out_c), np.concatenate(out_loss))


def _sorted(ei, ec, loss):
    order = np.lexsort((loss, ei))
    return ei[order], ec[order], loss[order]


def _merge(edges, more, used):
    """Add the pairs ``more`` (unused) to ``edges``, keeping them sorted by mentee, loss."""
    ei, ec, loss = (np.concatenate([a, b]) for a, b in zip(edges, more, strict=True))
    order = np.lexsort((loss, ei))
    used = np.concatenate([used, np.zeros(len(more[0]), dtype=bool)])[order]
    return (ei[order], ec[order], loss[order]), used


def _across_the_cut(arr, sol, cols, edges, *, used, spare, r):
    """Allowed pairs not yet in ``edges`` from a mentee the source reaches in the residual
    graph to a spare mentor it does not: only such a pair could raise the flow. If there is
    none, the flow is a maximum for the full graph too (max-flow = min-cut)."""
    n = sol.mentor_of.shape[0]
    graph, src, _ = _residual(edges[0], edges[1], used, spare, n=n, r=r)
    seen = np.zeros(graph.shape[0], dtype=bool)
    seen[breadth_first_order(graph, src, directed=True, return_predecessors=False)] = True
    rows, far = np.nonzero(seen[:n])[0], np.nonzero(~seen[n : n + len(spare)])[0]
    have = np.sort(edges[0] * len(spare) + edges[1])
    out_i, out_c, out_loss = [], [], []
    for r0, r1 in blocks(len(rows), len(far)):
        loss = _losses(arr, sol, cols[far], rows[r0:r1])
        bi, bc = np.nonzero(np.isfinite(loss))
        key = rows[r0 + bi] * len(spare) + far[bc]
        new = ~np.isin(key, have, assume_unique=False)
        out_i.append(rows[r0 + bi][new])
        out_c.append(far[bc][new])
        out_loss.append(loss[bi, bc][new])
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_c), np.concatenate(out_loss)


def _greedy(ei, ec, loss, spare, used, *, n, r):
    """Give each mentee with ``r - 1`` alternatives an ``r``-th where a place is left,
    smallest loss first among each mentee's ``2 r`` cheapest pairs: a low-loss start for
    :func:`_augment` (which never takes an alternative away)."""
    used = used.copy()
    left = spare - np.bincount(ec[used], minlength=len(spare))
    count = np.bincount(ei[used], minlength=n)
    rank = np.arange(len(ei)) - np.searchsorted(ei, ei)
    pool = np.nonzero((rank < 2 * r) & ~used & (count[ei] == r - 1))[0]
    for e in pool[np.argsort(loss[pool], kind="stable")]:
        i, c = ei[e], ec[e]
        if left[c] > 0 and count[i] == r - 1:
            used[e] = True
            left[c] -= 1
            count[i] += 1
    return used


def _residual(ei, ec, used, spare, *, n, r):
    """The residual graph of the flow ``used`` with each mentee's arc at ``r``: source →
    mentee (places left of ``r``), mentee → mentor (unused pair), mentor → mentee (used
    pair, to give it back), mentor → sink (spare places left). Arcs into the source or out
    of the sink are left out: an augmenting path never needs them."""
    n_c = len(spare)
    src, sink = n + n_c, n + n_c + 1
    count = np.bincount(ei[used], minlength=n)
    load = np.bincount(ec[used], minlength=n_c)
    mentees = np.nonzero(count < r)[0]
    mentors = np.nonzero(load < spare)[0]
    rows = np.concatenate([np.full(len(mentees), src), ei[~used], n + ec[used], n + mentors])
    cols_ = np.concatenate([mentees, n + ec[~used], ei[used], np.full(len(mentors), sink)])
    capa = np.concatenate(
        [r - count[mentees], np.ones(len(ei), dtype=np.int64), spare[mentors] - load[mentors]]
    ).astype(np.int32)
    graph = sparse.csr_array((capa, (rows, cols_)), shape=(n + n_c + 2, n + n_c + 2))
    return graph, src, sink


def _augment(ei, ec, used, spare, *, n, r):
    """Augment the flow ``used`` to a maximum one where each mentee takes at most ``r``."""
    n_c = len(spare)
    graph, src, sink = _residual(ei, ec, used, spare, n=n, r=r)
    flow = maximum_flow(graph, src, sink).flow.tocoo()
    pick = (flow.row < n) & (flow.col >= n) & (flow.col < n + n_c) & (flow.data != 0)
    if not pick.any():
        return used
    keys = ei.astype(np.int64) * n_c + ec
    order = np.argsort(keys)
    at = order[
        np.searchsorted(keys[order], flow.row[pick].astype(np.int64) * n_c + flow.col[pick] - n)
    ]
    out = used.copy()
    out[at] = flow.data[pick] > 0  # +1 takes an alternative, -1 gives it back
    return out
