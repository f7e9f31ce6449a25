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
from scipy.sparse.csgraph import maximum_flow

from ._validate import as_positive_int
from ._weights import blocks
from .bipartite import AssignmentSolution, NotProvenOptimal, solve_assignment


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
    ei, ec, loss = _spare_edges(arr, sol, cols)
    used = np.zeros(len(ei), dtype=bool)
    for r in range(1, k):
        used = _greedy(ei, ec, loss, spare[cols], used, n=n, r=r)
        used = _augment(ei, ec, used, spare[cols], n=n, r=r)
    order = np.lexsort((loss, ei))
    for e in order[used[order]]:
        lists[int(ei[e])].append(int(cols[ec[e]]))
    return lists


def _spare_edges(arr: np.ndarray, sol: AssignmentSolution, cols: np.ndarray):
    """Allowed (mentee, spare-mentor position) pairs other than the mentee's own mentor,
    with their reduced-cost loss, sorted by mentee then loss."""
    wt = sol.weights
    assert wt is not None
    n = sol.mentor_of.shape[0]
    shift = sol.mentor_dual[cols]
    out_i, out_c, out_loss = [], [], []
    for r0, r1 in blocks(n, len(cols)):
        red = wt.reduced(arr[r0:r1][:, cols], shift)  # w_ij - v_j
        ok = ~np.isnan(red)
        ok &= cols[None, :] != sol.mentor_of[r0:r1, None]
        bi, bc = np.nonzero(ok)
        out_i.append(bi + r0)
        out_c.append(bc)
        out_loss.append(sol.mentee_dual[bi + r0] - red[bi, bc])
    ei, ec, loss = np.concatenate(out_i), np.concatenate(out_c), np.concatenate(out_loss)
    order = np.lexsort((loss, ei))
    return ei[order], ec[order], loss[order]


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


def _augment(ei, ec, used, spare, *, n, r):
    """Augment the flow ``used`` to a maximum one where each mentee takes at most ``r``."""
    n_c = len(spare)
    src, sink = n + n_c, n + n_c + 1
    count = np.bincount(ei[used], minlength=n)
    load = np.bincount(ec[used], minlength=n_c)
    mentees = np.nonzero(count < r)[0]
    mentors = np.nonzero(load < spare)[0]
    if len(mentees) == 0 or len(mentors) == 0:
        return used
    rows = np.concatenate([np.full(len(mentees), src), ei[~used], n + ec[used], n + mentors])
    cols_ = np.concatenate([mentees, n + ec[~used], ei[used], np.full(len(mentors), sink)])
    capa = np.concatenate(
        [r - count[mentees], np.ones(len(ei), dtype=np.int64), spare[mentors] - load[mentors]]
    ).astype(np.int32)
    graph = sparse.csr_array((capa, (rows, cols_)), shape=(n + n_c + 2, n + n_c + 2))
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
