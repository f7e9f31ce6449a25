"""Each row's ``k`` smallest keys of a block, cheaper than a full ``argpartition``.

Picking candidate edges needs each row's few best entries of a wide block (6 of 3,000).
``argpartition`` over the whole block was the engine's largest cost. Instead, a threshold per
row is read from a strided sample of the columns (the ``k``-th smallest of the sample is at
least the row's true ``k``-th smallest, so the entries at or below it hold the answer); one
comparison pass keeps them (about ``SAMPLE_STEP · k`` per row), and only those are sorted.
An unrepresentative sample only makes the survivors more numerous, never the answer wrong.

The module also holds the few array primitives the engine leans on where NumPy's general
ones are slow on its shapes (measured with NumPy 2.4 on 3,000-column blocks): ``nonzero`` of
a 2-D mask (ten times slower than the flat one), ``lexsort`` on two keys (an integer sort of
one combined key is several times faster) and ``unique`` (hash-based, about ten times slower
than sorting for the engine's edge keys).
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
        return nonzero_2d(~np.isnan(keys))
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
    bi, bj = nonzero_2d(keys <= limit[:, None])  # nan compares false
    order = order_by(bi, keys[bi, bj])  # stable: ties stay in column order
    bi, bj = bi[order], bj[order]
    rank = np.arange(len(bi)) - np.searchsorted(bi, bi)
    keep = rank < k
    return bi[keep], bj[keep]


def nonzero_2d(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a 2-D boolean mask, in the same (row-major) order."""
    rows, cols = np.divmod(np.flatnonzero(mask), mask.shape[1])
    return rows, cols


def order_by(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """``np.lexsort((minor, major))``: indices sorting by the non-negative integers ``major``
    (below 2³¹), then by the values ``minor`` (no ``nan``), stably. For float32 ``minor`` it
    is one integer sort of ``major · 2³² + b``, where ``b`` is ``minor``'s bit pattern made
    order-preserving (negative floats have their magnitude bits flipped)."""
    if minor.dtype != np.float32:
        return np.lexsort((minor, major))
    bits = (minor + np.float32(0.0)).view(np.int32)  # -0 becomes +0
    combined = bits.astype(np.int64)
    combined ^= (combined >> 31) & 0x7FFFFFFF
    combined += np.asarray(major, dtype=np.int64) << 32
    return np.argsort(combined, kind="stable")


def unique_sorted(keys: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-D integer array (sorted, without repeats), by sorting."""
    if not len(keys):
        return np.asarray(keys)
    s = np.sort(keys)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]
