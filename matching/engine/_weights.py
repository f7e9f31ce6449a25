"""One weight per allowed pair for the lexicographic objective, exact on tied scores.

Scores that sit on a decimal grid (whole numbers, 0.5 or 0.1 steps, ... up to 6 decimals,
as every score the product computes does) are mapped to *integers*::

    w_ij = M + a_ij,    a_ij = (score_ij - lo) / step   (a whole number)

``M = ν̄ · max(a) + 1`` exceeds what any augmenting path can change in score, so the most
people are matched first. Every weight, price and reduced cost is then an integer below 2⁵¹,
held exactly by a double: the optimality certificate needs no tolerance (a violation is at
least 1, so the test is ``> 0.5``).

Ties do not change any weight. They matter only when *choosing* candidate edges (with ties,
every row would pick the same columns), so candidates are ranked with a deterministic
tie-break far below one grid step (:meth:`Weights.jitter`, :meth:`Weights.rank_keys`): each row
reads one pseudo-random value per column, cyclically shifted by its own offset.

Scores off any such grid (or whose range would not fit) use the normalised float weights
``w = (score - lo) / (hi - lo) + ν̄ + 1`` with a tolerance relative to the largest weight.
Ties are rare there; the tie-break is then applied only when picking candidate edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validate import BLOCK_ELEMENTS

#: Largest weight allowed in integer mode: sums of two prices stay below 2⁵³, exact.
HEADROOM = 2.0**51
#: Decimal places tried when looking for the scores' grid.
GRID_DIGITS = 6
_SAMPLE = 2048


def blocks(n_rows: int, n_cols: int):
    """Row ranges of at most ``BLOCK_ELEMENTS`` entries, to keep temporaries small."""
    step = max(1, BLOCK_ELEMENTS // max(1, n_cols))
    for r0 in range(0, n_rows, step):
        yield r0, min(n_rows, r0 + step)


def _mix(x: np.ndarray) -> np.ndarray:
    """A deterministic 32-bit key per index (splitmix64's finaliser)."""
    h = x.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return (h >> np.uint64(32)).astype(np.uint32)


def _on_grid(x: np.ndarray, scale: float, big: float) -> bool:
    """Whether every non-nan ``x · scale`` is a whole number, up to the round-off of a
    decimal in a double (1e-9 absolute, or 1e-12 relative to ``big``, the largest
    ``|x · scale|``). Four passes: scale, round, subtract, and the two extremes."""
    if not x.size:
        return True
    y = x * scale if scale != 1.0 else x
    r = np.rint(y)
    np.subtract(y, r, out=r)
    dev = max(float(np.fmax.reduce(r, axis=None)), -float(np.fmin.reduce(r, axis=None)))
    return not dev > max(1e-9, 1e-12 * big)


@dataclass
class ScoreRange:
    """What one pass over the matrix found: range, allowed count, decimal grid (or None)."""

    lo: float = np.inf
    hi: float = -np.inf
    count: int = 0
    digits: int | None = 0


def score_range(arr: np.ndarray) -> ScoreRange:
    """One blocked pass: reject ``±inf``; find the allowed range, count and decimal grid."""
    out = ScoreRange()
    n, m = arr.shape
    for r0, r1 in blocks(n, m):
        blk = arr[r0:r1]
        c = blk.size - int(np.count_nonzero(np.isnan(blk)))
        if not c:
            continue
        lo, hi = float(np.fmin.reduce(blk, axis=None)), float(np.fmax.reduce(blk, axis=None))
        if np.isinf(lo) or np.isinf(hi):  # the extremes see any infinity: no separate pass
            raise ValueError("score must not contain infinity; use nan for a forbidden pair")
        out.count += c
        out.lo, out.hi = min(out.lo, lo), max(out.hi, hi)
        while out.digits is not None:
            scale = 10.0**out.digits
            big = max(abs(lo), abs(hi)) * scale
            if _on_grid(blk.reshape(-1)[:_SAMPLE], scale, big) and _on_grid(blk, scale, big):
                break
            out.digits = out.digits + 1 if out.digits < GRID_DIGITS else None
    return out


@dataclass(frozen=True)
class Weights:
    """The weight map of one instance (see the module docstring)."""

    lo: float
    factor: float  # ``a = (score - lo) · factor`` (rounded to a whole number in integer mode)
    integer: bool
    big_m: float
    top: float  # largest ``w - M``
    tol: float  # reduced costs above this are violations
    row_shift: np.ndarray  # per row, an offset into ``col_jitter`` (see :meth:`jitter`)
    col_jitter: np.ndarray  # float32, two copies of one pseudo-random value per column
    rank_jitter: np.ndarray  # the same in score units, for :meth:`rank_keys`

    def block(self, blk: np.ndarray) -> np.ndarray:
        """Weights of a block of score rows; ``nan`` (forbidden) stays ``nan``."""
        w = (blk - self.lo) * self.factor
        if self.integer:
            np.rint(w, out=w)
        w += self.big_m
        return w

    def edges(self, vals: np.ndarray) -> np.ndarray:
        """Weights of the pairs whose scores are ``vals``."""
        return self.block(vals)

    def jitter(self, r0: int, r1: int, rows: np.ndarray | None = None) -> np.ndarray:
        """A deterministic tie-break below any real weight difference (below ``tol`` for
        float weights), for *choosing* candidate edges only: each row orders tied columns
        differently. ``rows`` (relative to ``r0``) restricts it to some rows of the block.

        Row ``i`` reads the per-column values cyclically shifted by its own offset, so one
        gather builds the block (a hash per entry cost five passes over it)."""
        return _shifted(self.col_jitter, self._shifts(r0, r1, rows))

    def rank_keys(
        self, blk: np.ndarray, r0: int, r1: int, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Ranking keys of a block of score rows for picking candidates: float32, *smaller is
        better* (the score negated, less the tie-break), ``nan`` where forbidden, so that
        ``argpartition`` sorts forbidden pairs last with no masking pass. Only the choice of
        candidate edges depends on them (speed, never the result)."""
        keys = np.negative(blk, dtype=np.float32)
        keys -= _shifted(self.rank_jitter, self._shifts(r0, r1, rows))
        return keys

    def _shifts(self, r0: int, r1: int, rows: np.ndarray | None) -> np.ndarray:
        return self.row_shift[r0:r1] if rows is None else self.row_shift[r0 + rows]

    def reduced(self, blk: np.ndarray, col_shift: np.ndarray) -> np.ndarray:
        """``w_ij - col_shift_j`` for a block of score rows (``col_shift`` whole numbers in
        integer mode, so the result is exact); ``nan`` stays ``nan``."""
        c = col_shift - (self.big_m - self.lo * self.factor)
        if self.integer:
            c = np.rint(c)  # lo sits on the grid: lo · factor is a whole number
        if self.factor == 1.0:  # whole-number scores: one pass fewer
            red = blk - c
        else:
            red = blk * self.factor
            red -= c
        if self.integer:
            np.rint(red, out=red)
        return red

    def to_score(self, x: np.ndarray | float) -> np.ndarray | float:
        """Convert a difference of weights (not involving ``M``) to score units."""
        return x / self.factor


def _shifted(doubled: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Rows ``doubled[s : s + m]`` for each shift ``s`` (``doubled`` holds two copies)."""
    m = len(doubled) // 2
    return sliding_window_view(doubled, m)[shifts]


def _tie_break(n: int, m: int, factor: float, span: float) -> tuple[np.ndarray, ...]:
    """Per-row shifts and per-column values in ``[0, span)`` weight units (doubled)."""
    col = _mix(np.arange(n, n + m) * 3 + 1).astype(np.float64) * (span / 2.0**32)
    doubled = np.concatenate([col, col])
    shifts = (_mix(np.arange(n)) % np.uint32(max(1, m))).astype(np.int64)
    return shifts, doubled.astype(np.float32), (doubled / factor).astype(np.float32)


def make_weights(rng: ScoreRange, nu_bar: int, n: int, m: int) -> Weights:
    """Integer weights when the scores sit on a decimal grid that fits, float ones otherwise."""
    if rng.digits is not None:
        scale = 10.0**rng.digits
        top = float(np.rint(rng.hi * scale) - np.rint(rng.lo * scale))
        big_m = nu_bar * top + 1
        if big_m + top <= HEADROOM:
            ties = _tie_break(n, m, scale, 0.25)
            return Weights(rng.lo, scale, True, big_m, top, 0.5, *ties)
    span = rng.hi - rng.lo if rng.hi > rng.lo else 1.0
    big_m = float(nu_bar + 1)
    tol = max(1e-9, 1024 * np.finfo(float).eps * (big_m + 1))
    return Weights(rng.lo, 1 / span, False, big_m, 1.0, tol, *_tie_break(n, m, 1 / span, tol))
