"""Shortlists for mentee-choice schemes, drawn from the optimal assignment's neighbourhood.

Each mentee's list starts with the mentor the optimal assignment gives them, so if everyone
picks their first option the result is optimal. Alternatives are ranked by *reduced-cost
loss* ``u_i + v_j - w_ij`` from the assignment's dual certificate: how much the optimum's
value would have to drop, at least, for mentee ``i`` to take mentor ``j``. A mentor is never
offered to more mentees than they have places, so any combination of choices can be honoured:
alternatives come only from places the optimal assignment leaves free, handed out in rounds
(everyone's 2nd option before anyone's 3rd) in order of increasing loss.
"""

from __future__ import annotations

import numpy as np

from ._validate import BLOCK_ELEMENTS, as_positive_int
from .bipartite import AssignmentSolution, solve_assignment


def shortlist(score: object, capacity: object, k: int) -> dict[int, list[int]]:
    """Return up to ``k`` mentors per mentee, best first: ``{mentee_index: [mentor, ...]}``.

    Every mentee appears as a key (an empty list when nobody can be offered). For each mentor
    ``j`` the number of lists containing ``j`` is at most ``capacity[j]``. Same input contract
    and validation as :func:`assign_one_to_many`; ``k`` must be an integer ≥ 1.
    """
    k = as_positive_int(k, "k", 1)
    sol = solve_assignment(score, capacity)
    arr = np.asarray(score, dtype=np.float64)
    n = sol.mentor_of.shape[0]
    lists: dict[int, list[int]] = {i: [] for i in range(n)}
    for i, j in sol.pairs:
        lists[i].append(j)
    if k == 1 or n == 0 or arr.ndim != 2 or arr.shape[1] == 0:
        return lists
    m = arr.shape[1]
    cap = np.asarray(capacity, dtype=np.int64)
    matched = sol.mentor_of >= 0
    spare = cap - np.bincount(sol.mentor_of[matched], minlength=m)
    cols = np.nonzero(spare > 0)[0]
    if len(cols) == 0:
        return lists
    want = min(k - 1, len(cols))
    options = _alternatives(arr, sol, cols, want)
    _hand_out(lists, options, spare, k, want)
    return lists


def _alternatives(
    arr: np.ndarray, sol: AssignmentSolution, cols: np.ndarray, want: int
) -> list[list[tuple[float, int]]]:
    """Per mentee, up to ``want`` (loss, mentor) alternatives among the mentors ``cols`` with
    spare places, by increasing reduced-cost loss (their own mentor and forbidden pairs left
    out)."""
    n = sol.mentor_of.shape[0]
    v = sol.mentor_dual[cols]
    options: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    step = max(1, BLOCK_ELEMENTS // max(1, len(cols)))
    for r0 in range(0, n, step):
        w = (arr[r0 : r0 + step][:, cols] - sol.offset) / sol.scale + sol.big_m
        loss = sol.mentee_dual[r0 : r0 + step, None] + v[None, :] - w
        loss = np.where(np.isnan(loss), np.inf, loss)
        own = sol.mentor_of[r0 : r0 + step]
        loss[cols[None, :] == own[:, None]] = np.inf  # their own mentor is already listed
        top = np.argsort(loss, axis=1, kind="stable")[:, :want]
        for r, row in enumerate(top):
            options[r0 + r] = [
                (float(loss[r, c]), int(cols[c])) for c in row if loss[r, c] < np.inf
            ]
    return options


def _hand_out(
    lists: dict[int, list[int]],
    options: list[list[tuple[float, int]]],
    spare: np.ndarray,
    k: int,
    want: int,
) -> None:
    """Append alternatives to ``lists`` in ``want`` rounds (everyone's next option before
    anyone's one after), in order of increasing loss, while the mentor has a spare place."""
    n = len(options)
    pointer = [0] * n
    for _ in range(want):
        active = [i for i in range(n) if len(lists[i]) < k and pointer[i] < len(options[i])]
        while active:
            active.sort(key=lambda i: options[i][pointer[i]][0])
            retry = []
            for i in active:
                _, j = options[i][pointer[i]]
                pointer[i] += 1
                if spare[j] > 0:
                    spare[j] -= 1
                    lists[i].append(j)
                elif pointer[i] < len(options[i]):
                    retry.append(i)
            active = retry
