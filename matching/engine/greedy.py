"""Greedy baselines, used by the benchmark to show what optimisation buys.

Both follow the rule a coordinator would apply by hand: the person with the best available
option chooses first and takes it. They respect every constraint (forbidden pairs,
capacities) but neither maximises the number matched nor the total score.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_capacity, as_pool_matrix, as_score_matrix


def greedy_one_to_many(score: object, capacity: object) -> list[tuple[int, int]]:
    """Mentees, in descending order of their best score, each take their best open mentor.

    Same input contract and validation as :func:`assign_one_to_many`; returns pairs sorted by
    mentee. ``O(n·m)`` with one vectorised row operation per mentee.
    """
    arr = as_score_matrix(score, "score", n_cols=len(np.atleast_1d(np.asarray(capacity))))
    n, m = arr.shape
    left = as_capacity(capacity, m).copy()
    if n == 0 or m == 0:
        return []
    best = np.array([np.fmax.reduce(row) if m else np.nan for row in arr])
    order = np.argsort(np.where(np.isnan(best), np.inf, -best), kind="stable")
    pairs = []
    for i in order:
        if not left.any():
            break
        row = np.where(np.isnan(arr[i]) | (left == 0), -np.inf, arr[i])
        j = int(np.argmax(row))
        if np.isfinite(row[j]):
            pairs.append((int(i), j))
            left[j] -= 1
    return sorted(pairs)


def greedy_pairs(score: object) -> list[tuple[int, int]]:
    """People, in descending order of their best score, each pair with their best free partner.

    Same input contract and validation as :func:`pair_within_pool`; returns sorted ``(i, j)``
    pairs with ``i < j``.
    """
    arr = as_pool_matrix(score)
    n = arr.shape[0]
    if n < 2:
        return []
    free = np.ones(n, dtype=bool)
    best = np.empty(n)
    for i in range(n):
        row = np.where(np.isnan(arr[i]), -np.inf, arr[i])
        row[i] = -np.inf
        best[i] = row.max()
    pairs = []
    for i in np.argsort(-best, kind="stable"):
        if not free[i] or not np.isfinite(best[i]):
            continue
        row = np.where(np.isnan(arr[i]) | ~free, -np.inf, arr[i])
        row[i] = -np.inf
        j = int(np.argmax(row))
        if np.isfinite(row[j]):
            free[i] = free[j] = False
            pairs.append((min(int(i), j), max(int(i), j)))
    return sorted(pairs)
