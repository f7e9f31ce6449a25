"""Each row's ``k`` smallest keys of a block, cheaper than a full ``argpartition``.

Picking candidate edges needs each row's few best entries of a wide block (6 of 3,000).
``argpartition`` over the whole block was the engine's largest cost. Instead, a threshold per
row is read from a strided sample of the columns (the ``k``-th smallest of the sample is at
least the row's true ``k``-th smallest, so the entries at or below it hold the answer); one
comparison pass keeps them (about ``SAMPLE_STEP · k`` per row), and only those are sorted.
An unrepresentative sample only makes the survivors more numerous, never the answer wrong.
"""

from __future__ import annotations

import numpy as np

#: One column in this many is sampled: the survivors per row are about this many times ``k``.
SAMPLE_STEP = 8


def row_smallest(keys: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, cols)`` of each row's ``k`` smallest keys, ``nan`` never chosen (a row with
    fewer than ``k`` non-nan keys gives what it has), sorted by row. Ties at the ``k``-th key
    are broken by column order."""
    r, m = keys.shape
    if k >= m:
        bi, bj = np.nonzero(~np.isnan(keys))
        return bi, bj
    step = min(SAMPLE_STEP, m // (2 * k))
    if step < 2:
        top = np.argpartition(keys, k - 1, axis=1)[:, :k]
        ok = ~np.isnan(np.take_along_axis(keys, top, axis=1))
        rows = np.broadcast_to(np.arange(r)[:, None], top.shape)
        return rows[ok], top[ok]
    sample = keys[:, ::step]
    kk = min(k, sample.shape[1])
    limit = np.partition(sample, kk - 1, axis=1)[:, kk - 1]
    limit[np.isnan(limit)] = np.inf  # fewer than k allowed in the sample: keep all allowed
    bi, bj = np.nonzero(keys <= limit[:, None])  # nan compares false
    order = np.lexsort((keys[bi, bj], bi))  # stable: ties stay in column order
    bi, bj = bi[order], bj[order]
    rank = np.arange(len(bi)) - np.searchsorted(bi, bi)
    keep = rank < k
    return bi[keep], bj[keep]
