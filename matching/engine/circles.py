"""Circles for group schemes: partition a pool into groups of ``size_min..size_max`` people.

The objective is the total within-circle compatibility (the sum of pairwise scores inside
every circle) with no forbidden pair inside a circle. This is a capacitated clique-partitioning
problem (NP-hard), so the method is a heuristic with a reported bound rather than an exact
solver:

1. *Size plan.* Place as many people as possible: ``g = ceil(n / size_max)`` circles when
   ``g · size_min ≤ n`` (everyone fits, in the largest circles allowed, which have the most
   pairs), otherwise ``⌊n / size_min⌋`` circles filled to ``size_max``.
2. *Construction.* People with the most forbidden partners go first; each joins the feasible
   circle where their marginal gain (sum of scores to its members) is largest.
3. *Local search.* Steepest ascent over three neighbourhoods, evaluated for all candidates at
   once with the person × circle gain matrix ``G``: place an unplaced person, move a person to
   another circle, swap two people (an unplaced person may swap with a placed one). Placing
   people always comes before improving the score, mirroring the pairing solvers.
4. *Upper bound.* In a circle of size ``s`` person ``i`` is paired with ``s - 1`` others, so
   their share of the objective is at most half the sum of their ``t = s - 1`` best allowed
   scores. ``upper_bound = ½ Σ_i max(0, max_t top_t(i))`` over ``t ∈ [size_min-1, size_max-1]``
   bounds every feasible partition; ``objective / upper_bound`` is reported by the benchmark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_pool_matrix, as_positive_int


@dataclass
class CircleResult:
    """Circles (sorted member lists), people left out, the objective and an upper bound."""

    circles: list[list[int]]
    unplaced: list[int]
    objective: float
    upper_bound: float
    stats: dict = field(default_factory=dict)


def _upper_bound(val: np.ndarray, forb: np.ndarray, size_min: int, size_max: int) -> float:
    ranked = -np.sort(-np.where(forb, -np.inf, val), axis=1)
    total = 0.0
    for row in ranked:
        row = row[np.isfinite(row)][: size_max - 1]
        if len(row) < size_min - 1:
            continue
        sums = np.cumsum(row)[size_min - 2 :]
        total += max(0.0, float(sums.max()))
    return total / 2


def _plan(n: int, size_min: int, size_max: int) -> tuple[int, int]:
    """Number of circles and the maximum number of people they can hold."""
    g = math.ceil(n / size_max)
    if g * size_min <= n:
        return g, n
    g = n // size_min
    return g, g * size_max


class _Partition:
    """People in ``g`` circles, plus the pseudo-circle ``g`` of people not (yet) placed, with
    the person × circle gain matrix ``G`` and forbidden-partner counts kept up to date."""

    def __init__(self, val: np.ndarray, forb: np.ndarray, g: int) -> None:
        n = val.shape[0]
        self.val, self.fint, self.g, self.n = val, forb.astype(np.int64), g, n
        self.out = g  # pseudo-circle index for people not (yet) placed
        self.where = np.full(n, g)
        self.size = np.zeros(g + 1, dtype=np.int64)
        self.size[g] = n
        self.gain = np.zeros((n, g + 1))  # gain[i, c] = Σ score(i, members of c)
        self.nforb = np.zeros((n, g + 1), dtype=np.int64)  # forbidden partners of i in c

    def move(self, i: int, c: int) -> None:
        a = self.where[i]
        self.gain[:, a] -= self.val[:, i]
        self.nforb[:, a] -= self.fint[:, i]
        self.size[a] -= 1
        self.gain[:, c] += self.val[:, i]
        self.nforb[:, c] += self.fint[:, i]
        self.size[c] += 1
        self.where[i] = c

    def construct(self, order: np.ndarray, room: int, size_max: int) -> None:
        """Step 2: each person in ``order`` joins the feasible circle with room where their
        marginal gain is largest (circles are filled evenly up to ``room`` people)."""
        g = self.g
        target = np.full(g, room // g)
        target[: room % g] += 1
        target = np.minimum(target, size_max)
        for i in order:
            ok = (self.nforb[i, :g] == 0) & (self.size[:g] < target)
            if ok.any():
                self.move(int(i), int(np.argmax(np.where(ok, self.gain[i, :g], -np.inf))))

    def place_one(self, placed: np.ndarray, size_max: int) -> bool:
        """Neighbourhood (a): place the unplaced person with the best gain into a circle with
        room, if any can be placed."""
        g = self.g
        ins = (~placed)[:, None] & (self.nforb[:, :g] == 0) & (self.size[None, :g] < size_max)
        if not ins.any():
            return False
        i, c = np.unravel_index(np.argmax(np.where(ins, self.gain[:, :g], -np.inf)), ins.shape)
        self.move(int(i), int(c))
        return True

    def move_gains(
        self, placed: np.ndarray, own: np.ndarray, size_min: int, size_max: int
    ) -> np.ndarray:
        """Neighbourhood (b): the gain of moving each placed person to each other circle
        (``-inf`` where the move is infeasible)."""
        g, where, size = self.g, self.where, self.size
        mv = (
            placed[:, None]
            & (self.nforb[:, :g] == 0)
            & (size[None, :g] < size_max)
            & (size[where] > size_min)[:, None]
            & (np.arange(g)[None, :] != where[:, None])
        )
        return np.where(mv, self.gain[:, :g] - own[:, None], -np.inf)

    def swap_gains(self, placed: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Neighbourhood (c): the gain of swapping i and j (different circles; either may be
        unplaced, not both), ``-inf`` where the swap is infeasible."""
        n, out, val, where = self.n, self.out, self.val, self.where
        ci, cj = where[:, None], where[None, :]
        g_i_to_cj = self.gain[np.arange(n)[:, None], cj]  # i's gain in j's circle
        into_j = np.where(cj < out, g_i_to_cj - val, 0.0)
        into_i = into_j.T
        delta = into_j + into_i - own[:, None] - own[None, :]
        f_i = self.nforb[np.arange(n)[:, None], cj] - self.fint
        swap_ok = (ci != cj) & ((cj == out) | (f_i == 0)) & ((ci == out) | (f_i.T == 0))
        swap_ok &= placed[:, None] | placed[None, :]
        return np.where(swap_ok, delta, -np.inf)

    def improve(self, limit: int, eps: float, size_min: int, size_max: int) -> int:
        """Step 3: steepest ascent, placing people before improving the score, until no
        move or swap gains more than ``eps`` or ``limit`` iterations. Returns the
        iterations run."""
        n, where = self.n, self.where
        iterations = 0
        while iterations < limit:
            iterations += 1
            placed = where < self.out
            own = np.where(placed, self.gain[np.arange(n), where], 0.0)
            if self.place_one(placed, size_max):
                continue
            best_mv = self.move_gains(placed, own, size_min, size_max)
            best_sw = self.swap_gains(placed, own)
            m_mv, m_sw = best_mv.max(initial=-np.inf), best_sw.max(initial=-np.inf)
            if max(m_mv, m_sw) <= eps:
                break
            if m_mv >= m_sw:
                i, c = np.unravel_index(np.argmax(best_mv), best_mv.shape)
                self.move(int(i), int(c))
            else:
                i, j = np.unravel_index(np.argmax(best_sw), best_sw.shape)
                a, b = int(where[i]), int(where[j])
                self.move(int(i), b)
                self.move(int(j), a)
        return iterations

    def circles(self, size_min: int, size_max: int) -> tuple[list[list[int]], list[int]]:
        """The circles of a feasible size, and everyone else (a circle that could not be
        filled feasibly leaves its members out)."""
        circles = [sorted(np.nonzero(self.where == c)[0].tolist()) for c in range(self.g)]
        unplaced = np.nonzero(self.where == self.out)[0].tolist()
        kept = []
        for members in circles:
            if size_min <= len(members) <= size_max:
                kept.append(members)
            else:
                unplaced.extend(members)
        return kept, unplaced


def form_circles(
    score: object, size_min: int, size_max: int, *, max_iterations: int | None = None
) -> CircleResult:
    """Partition a pool into circles maximising total within-circle compatibility.

    ``score`` is a symmetric n × n matrix (``nan``: the two must not share a circle; the
    diagonal is ignored). Every circle has ``size_min ≤ len ≤ size_max`` members and no
    forbidden pair; people who cannot be placed feasibly are listed in ``unplaced``. The result
    carries ``objective`` (sum of pairwise scores inside circles) and ``upper_bound`` (see the
    module docstring), so callers can show how close the heuristic came.
    """
    size_min = as_positive_int(size_min, "size_min", 2)
    size_max = as_positive_int(size_max, "size_max", 2)
    if size_min > size_max:
        raise ValueError(f"size_min ({size_min}) must not exceed size_max ({size_max})")
    arr = as_pool_matrix(score)
    n = arr.shape[0]
    if n < size_min:
        return CircleResult([], list(range(n)), 0.0, 0.0)
    forb = np.isnan(arr)
    np.fill_diagonal(forb, False)
    val = np.where(forb, 0.0, arr)
    np.fill_diagonal(val, 0.0)
    g, room = _plan(n, size_min, size_max)
    partition = _Partition(val, forb, g)
    # Step 2: people with the most forbidden partners go first.
    partition.construct(np.argsort(-forb.sum(axis=1), kind="stable"), room, size_max)
    limit = max_iterations if max_iterations is not None else 20 * n + 100
    eps = 1e-12 * max(1.0, float(np.abs(val).max()))
    iterations = partition.improve(limit, eps, size_min, size_max)
    kept, unplaced = partition.circles(size_min, size_max)
    objective = float(sum(val[np.ix_(c, c)].sum() / 2 for c in kept))
    ub = _upper_bound(val, forb, size_min, size_max)
    stats = {"iterations": iterations, "circles_planned": g}
    return CircleResult(sorted(kept), sorted(unplaced), objective, max(ub, objective), stats)
