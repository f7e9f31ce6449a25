"""Input checks shared by every solver.

The solvers are called with matrices built by the Django layer, but also directly from tests
and the benchmark, so every public entry point funnels its arguments through these helpers:
a bad argument fails fast with a ``ValueError`` that says what was wrong, instead of surfacing
later as an index error or, worse, as a silently wrong matching.
"""

from __future__ import annotations

import numbers

import numpy as np

#: Rows per block when a full score matrix is scanned; keeps temporaries to a few tens of MB.
BLOCK_ELEMENTS = 4_000_000


def as_score_matrix(
    score: object, name: str = "score", n_cols: int | None = None, check_inf: bool = True
) -> np.ndarray:
    """Return ``score`` as a 2-D float64 array (no copy when it already is one).

    ``nan`` marks a forbidden pair; ``±inf`` is rejected because it would make every
    objective infinite and the optimality certificate meaningless. An empty 1-D input
    (``[]``) is read as a matrix with no rows, so "no mentees" needs no special casing
    by callers.
    """
    try:
        arr = np.asarray(score, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a 2-D array of numbers: {exc}") from None
    if arr.ndim == 1 and arr.size == 0:
        arr = arr.reshape(0, n_cols or 0)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D, got an array with {arr.ndim} dimension(s)")
    if check_inf:
        check_no_infinity(arr, name)
    return arr


def check_no_infinity(arr: np.ndarray, name: str) -> None:
    """Raise if ``arr`` holds ``±inf``; scanned in row blocks to keep memory flat."""
    if arr.size == 0:
        return
    rows = max(1, BLOCK_ELEMENTS // max(1, arr.shape[1]))
    for r0 in range(0, arr.shape[0], rows):
        if np.isinf(arr[r0 : r0 + rows]).any():
            raise ValueError(f"{name} must not contain infinity; use nan for a forbidden pair")


def as_capacity(capacity: object, n_mentors: int) -> np.ndarray:
    """Return capacities as an int64 array after checking length, sign and integrality."""
    try:
        cap = np.asarray(capacity)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"capacity must be a sequence of integers: {exc}") from None
    if cap.ndim != 1:
        raise ValueError("capacity must be a 1-D sequence of integers")
    if cap.shape[0] != n_mentors:
        raise ValueError(
            f"capacity has {cap.shape[0]} entries but score has {n_mentors} mentor column(s)"
        )
    if cap.size == 0:
        return np.zeros(0, dtype=np.int64)
    if cap.dtype.kind == "b" or cap.dtype.kind not in "iuf":
        raise ValueError("capacity must contain integers")
    whole = cap.dtype.kind != "f" or (np.all(np.isfinite(cap)) and np.all(cap == np.round(cap)))
    if not whole:
        raise ValueError("capacity must contain whole numbers")
    if np.any(cap < 0):
        raise ValueError("capacity must not be negative")
    return cap.astype(np.int64)


def as_positive_int(value: object, name: str, minimum: int) -> int:
    """Return ``value`` as an ``int`` ≥ ``minimum`` (bools and fractions are rejected)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def as_pool_matrix(score: object, rtol: float = 1e-9) -> np.ndarray:
    """Return a square, symmetric pool score matrix; the diagonal is ignored.

    Symmetry is required (including the ``nan`` pattern) because a pair's value must not
    depend on who is listed first; asymmetric preference data should be combined by the
    caller (for example averaged) before it reaches the engine.
    """
    arr = as_score_matrix(score, "score")
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"pool score must be square, got shape {arr.shape}")
    n = arr.shape[0]
    rows = max(1, BLOCK_ELEMENTS // max(1, n))
    for r0 in range(0, n, rows):
        a = arr[r0 : r0 + rows]
        b = arr[:, r0 : r0 + rows].T
        diag = np.arange(a.shape[0])
        nan_a, nan_b = np.isnan(a), np.isnan(b)
        nan_a[diag, r0 + diag] = nan_b[diag, r0 + diag] = False
        if np.any(nan_a != nan_b):
            raise ValueError(
                "pool score must be symmetric: a forbidden pair must be forbidden both ways"
            )
        a0, b0 = np.where(nan_a, 0.0, a), np.where(nan_b, 0.0, b)
        a0[diag, r0 + diag] = b0[diag, r0 + diag] = 0.0
        scale = np.maximum(1.0, np.maximum(np.abs(a0), np.abs(b0)))
        if np.any(np.abs(a0 - b0) > rtol * scale):
            raise ValueError("pool score must be symmetric (score[i, j] == score[j, i])")
    return arr
