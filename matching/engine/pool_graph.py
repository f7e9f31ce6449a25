"""Pool matrix passes: score range, a candidate graph diversified against ties, and pricing.

Every function here reads the full ``n × n`` score matrix in row blocks (so memory stays at
``BLOCK_ELEMENTS`` floats beyond the matrix) and works in normalised units
``w_ij = (s_ij - lo) / scale + big_m``; forbidden pairs and the diagonal are ``-inf``.

Ties are the reason this module exists. When many pairs score the same, "each person's top
``k``" picks the *same* ``k`` columns in every row (``argpartition`` breaks ties by position),
and the candidate graph degenerates into a few stars. Every selection below therefore breaks
ties with a deterministic per-row random jitter far below the score resolution, and adds a few
uniformly random allowed partners per person (a random graph with a few out-edges per vertex
has a perfect matching with high probability), so the candidate graph keeps the cardinality
of the full graph and spreads over equivalent partners.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ._select import nonzero_2d, unique_sorted
from ._validate import BLOCK_ELEMENTS

#: Seed of the per-row tie-breaking jitter (fixed: the engine is deterministic).
SEED = 20_191


@dataclass
class Scan:
    """Score range over allowed off-diagonal pairs, each person's best, and candidate keys."""

    lo: float
    hi: float
    best: np.ndarray
    keys: np.ndarray

    @property
    def scale(self) -> float:
        return self.hi - self.lo if self.hi > self.lo else 1.0


def blocks(n: int) -> Iterator[tuple[int, int]]:
    step = max(1, BLOCK_ELEMENTS // max(1, n))
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)


def masked_block(arr: np.ndarray, r0: int, r1: int) -> np.ndarray:
    """Rows ``r0:r1`` with forbidden pairs and the diagonal set to ``-inf`` (a copy)."""
    w = np.where(np.isnan(arr[r0:r1]), -np.inf, arr[r0:r1])
    d = np.arange(r1 - r0)
    w[d, r0 + d] = -np.inf
    return w


def _top(w: np.ndarray, take: int) -> np.ndarray:
    n = w.shape[1]
    return np.argpartition(w, n - take, axis=1)[:, n - take :]


def _keys(rows: np.ndarray, cols: np.ndarray, ok: np.ndarray, n: int) -> np.ndarray:
    a, b = np.broadcast_to(rows[:, None], cols.shape)[ok], cols[ok]
    return np.minimum(a, b) * n + np.maximum(a, b)


def scan(arr: np.ndarray, k: int, spread: int) -> Scan:
    """One blocked pass: range, best partner score, each row's top ``k`` and ``spread`` random.

    The tie-breaking jitter is ``1e-9`` of the row's magnitude, far below any meaningful score
    difference, so only exactly (or numerically) tied columns are reordered.
    """
    n = arr.shape[0]
    k = min(k, n - 1)
    rng = np.random.default_rng(SEED)
    lo, hi = np.inf, -np.inf
    best = np.full(n, -np.inf)
    keys = []
    for r0, r1 in blocks(n):
        w = masked_block(arr, r0, r1)
        best[r0:r1] = w.max(axis=1)
        fin = np.isfinite(w)
        if fin.any():
            lo = min(lo, float(np.min(w, where=fin, initial=np.inf)))
            hi = max(hi, float(best[r0:r1].max()))
        mag = 1e-9 * np.maximum(1.0, np.abs(np.where(fin, w, 0.0)).max(axis=1, keepdims=True))
        rows = np.arange(r0, r1)
        if k:
            top = _top(w + rng.random(w.shape) * mag, k)  # ties broken differently per row
            keys.append(_keys(rows, top, np.isfinite(np.take_along_axis(w, top, 1)), n))
        if spread:
            rand = rng.integers(0, n, size=(r1 - r0, spread))
            keys.append(_keys(rows, rand, np.isfinite(np.take_along_axis(w, rand, 1)), n))
    unique = unique_sorted(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return Scan(lo, hi, best, unique)


@dataclass
class Pricing:
    """Result of one pricing pass of duals ``(y, cuts, z)`` over the full matrix.

    ``excess[i]`` is row ``i``'s largest positive reduced cost (0 if none), so that
    ``y + excess`` is feasible for every allowed pair; ``keys`` are new candidate pairs.
    """

    excess: np.ndarray
    keys: np.ndarray


def price(
    arr: np.ndarray,
    y: np.ndarray,
    cuts: list[np.ndarray],
    z: np.ndarray,
    *,
    lo: float,
    scale: float,
    big_m: float,
    tol: float,
    per_row: int = 8,
) -> Pricing:
    """Reduced costs ``w_ij - y_i - y_j - Σ_{S ∋ i,j} z_S`` of every allowed pair, in blocks.

    Violators are chosen per row by largest reduced cost with ties broken at random per row,
    so that tied rows add *different* partners (distinct violators) and the candidate graph
    grows towards a matching rather than towards the same few columns.
    """
    n = arr.shape[0]
    rng = np.random.default_rng(SEED + 1)
    active = [(c, zq) for c, zq in zip(cuts, z, strict=True) if zq > 0]
    memb = np.array([c for c, _ in active], dtype=float).reshape(len(active), n)
    zv = np.array([zq for _, zq in active])
    excess = np.zeros(n)
    keys = []
    for r0, r1 in blocks(n):
        red = (masked_block(arr, r0, r1) - lo) / scale + big_m - y[r0:r1, None] - y[None, :]
        if len(active):
            red -= (memb[:, r0:r1].T * zv) @ memb
        rmax = red.max(axis=1)
        excess[r0:r1] = np.maximum(rmax, 0.0)
        bad = np.nonzero(rmax > tol)[0]
        if len(bad):
            take = min(per_row, n)
            sub = red[bad]
            top = _top(sub + rng.random(sub.shape) * tol, take)
            ok = np.take_along_axis(sub, top, axis=1) > tol
            keys.append(_keys(bad + r0, top, ok, n))
    new = unique_sorted(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return Pricing(excess, new)


def near_tight(
    arr: np.ndarray,
    y: np.ndarray,
    cuts: list[np.ndarray],
    z: np.ndarray,
    *,
    lo: float,
    scale: float,
    big_m: float,
    slack: float,
    cap: int,
) -> np.ndarray | None:
    """Every allowed pair whose reduced cost under *feasible* duals is at least ``-slack``.

    Reduced-cost fixing: with duals feasible for the full graph and bound ``D``, a matching
    ``N`` weighs ``Σ_{e ∈ N} w_e ≤ D + Σ_{e ∈ N} red_e``, so a matching heavier than one of
    weight ``D - slack`` uses only these pairs. Returns their keys, or ``None`` when there are
    more than ``cap`` of them (the exact solve on them would be too large).
    """
    n = arr.shape[0]
    active = [(c, zq) for c, zq in zip(cuts, z, strict=True) if zq > 0]
    memb = np.array([c for c, _ in active], dtype=float).reshape(len(active), n)
    zv = np.array([zq for _, zq in active])
    keys = []
    count = 0
    for r0, r1 in blocks(n):
        red = (masked_block(arr, r0, r1) - lo) / scale + big_m - y[r0:r1, None] - y[None, :]
        if len(active):
            red -= (memb[:, r0:r1].T * zv) @ memb
        red[np.arange(n)[None, :] <= np.arange(r0, r1)[:, None]] = -np.inf  # each pair once
        i, j = nonzero_2d(red >= -slack)
        count += len(i)
        if count > cap:
            return None
        keys.append((i + r0) * n + j)
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
