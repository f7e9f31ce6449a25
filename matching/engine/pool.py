"""Pairing within one pool (reciprocal peer and buddy schemes): general-graph matching.

Objective, as for the one-to-many case: most people paired, then the largest total score, made
a single weight ``w = s' + M`` on normalised scores ``s' ∈ [0, 1]`` with ``M = ⌊n/2⌋ + 1``.

Method (proofs in ``docs/matching-engine.md``, "Pools"):

1. a sparse candidate graph: each person's top ``k`` partners with ties broken differently in
   every row, plus a few random allowed partners (:func:`.pool_graph.scan`);
2. the candidate graph is solved exactly by Edmonds' blossom algorithm (rustworkx, integer
   weights, maximum cardinality);
3. the matching LP on the candidate graph (degree constraints, plus ``x(E) ≤ (n - 1) / 2`` for
   odd ``n``) gives dual prices ``y``; they are checked against *every* allowed pair of the
   full matrix. Each person's largest violation ``e_i`` makes ``y + e`` feasible for the full
   graph, so ``Σ (y + e) + Σ z_S (|S| - 1) / 2`` bounds every matching of the full graph, at
   any stage and whatever the numerical accuracy of the LP. Violators (distinct per row, ties
   broken at random) join the candidate graph and steps 2-3 repeat;
4. when the bound meets the matching the answer is proven optimal. Up to ``exact_limit``
   people, if the degree LP leaves a gap (odd cycles), Edmonds' odd-set cuts are added until
   the LP is integral and the loop goes on with those duals: the result is always proven.
   Above ``exact_limit`` the loop stops after ``bounded_rounds`` and reports the bound.

The bound ``D`` (in weight units) proves the cardinality maximal when ``D < M · (card + 1)``
and bounds the score by ``card · lo + (hi - lo) · (D - M · card)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._select import unique_sorted
from ._validate import as_pool_matrix
from .pool_cover import cover_pairs
from .pool_graph import Scan, near_tight, price, scan
from .pool_lp import blossom, cover_mate, lp

#: Relative tolerance on reduced costs (times the weight magnitude ``M``).
RTOL = 1e-10
#: Most pairs solved exactly after reduced-cost fixing (up to / above ``exact_limit``).
EXACT_CAP = 1_500_000
BOUNDED_CAP = 300_000
#: Above ``exact_limit``, pricing stops once the duals' total violation is at most this many
#: score ranges per possible pair (it then costs the bound at most 0.1 % of the range).
BOUNDED_EXCESS = 1e-3
#: The blossom solve first keeps only candidate pairs this close to tight (in score ranges):
#: a pair far below its partners' prices is almost never in a good matching, and a sparser
#: graph makes blossom much faster. Cardinality is re-checked, the bound does not depend on it.
THIN = 0.2
#: Above the exact limit, the LP's own pairs are kept when the bound is at most this much
#: above them (relative); the blossom solve runs otherwise.
COVER_GAP = 0.0025


@dataclass
class PoolSolution:
    """Pairs with their total score and a proven upper bound on the best achievable total.

    ``upper_bound`` is valid for every matching with the maximum number of pairs;
    ``max_cardinality`` says whether ``len(pairs)`` is proven to be that maximum;
    ``proven_optimal`` is true when, in addition, the bound meets the objective.
    """

    pairs: list[tuple[int, int]]
    objective: float
    upper_bound: float
    proven_optimal: bool
    method: str
    candidate_edges: int = 0
    rounds: int = 0
    max_cardinality: bool = True

    @property
    def gap(self) -> float:
        """Relative gap between ``upper_bound`` and ``objective`` (0 when proven optimal)."""
        if self.proven_optimal:
            return 0.0
        return (self.upper_bound - self.objective) / max(1e-12, abs(self.upper_bound))


@dataclass
class _State:
    """What the certificate loop knows so far (bounds in weight units)."""

    keys: np.ndarray  # candidate graph (only grows)
    cuts: list[np.ndarray]
    bound_w: float = np.inf  # smallest dual bound over all rounds
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))  # feasible duals behind it
    z: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pairs: list[tuple[int, int]] = field(default_factory=list)
    rounds: int = 0
    excess: float = np.inf  # total dual infeasibility found by the last pricing pass
    fixed: bool = False  # solved exactly on every pair that could improve (proven)


def _weights(arr: np.ndarray, keys: np.ndarray, sc: Scan) -> tuple[np.ndarray, ...]:
    n = arr.shape[0]
    a, b = keys // n, keys % n
    return a, b, (arr[a, b] - sc.lo) / sc.scale


def _matching_weight(pairs: list[tuple[int, int]], arr: np.ndarray, sc: Scan, big_m: float):
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return float(((arr[idx[:, 0], idx[:, 1]] - sc.lo) / sc.scale + big_m).sum())


def _price_round(arr: np.ndarray, sc: Scan, st: _State, big_m: float) -> np.ndarray:
    """One column-generation round of the matching LP; returns the new candidate keys."""
    n = arr.shape[0]
    a, b, sn = _weights(arr, st.keys, sc)
    duals = lp(n, a, b, sn + big_m, st.cuts)
    y, z = duals[:n], duals[n:]
    pr = price(arr, y, st.cuts, z, lo=sc.lo, scale=sc.scale, big_m=big_m, tol=RTOL * big_m)
    sizes = np.array([(int(c.sum()) - 1) // 2 for c in st.cuts], dtype=float)
    bound = float((y + pr.excess).sum() + (z * sizes).sum())
    if bound < st.bound_w:
        st.bound_w, st.y, st.z = bound, y + pr.excess, z
    st.rounds += 1
    st.excess = float(pr.excess.sum())
    return np.setdiff1d(pr.keys, st.keys, assume_unique=True)


def _slack(st: _State, arr: np.ndarray, sc: Scan, big_m: float) -> float:
    return st.bound_w - _matching_weight(st.pairs, arr, sc, big_m)


def _closed(st: _State, arr: np.ndarray, sc: Scan, big_m: float) -> bool:
    tol = RTOL * big_m * max(1, len(st.pairs))
    return st.fixed or _slack(st, arr, sc, big_m) <= tol


def _fix_and_solve(arr: np.ndarray, sc: Scan, st: _State, big_m: float, cap: int) -> None:
    """Reduced-cost fixing: solve exactly on every pair that could still improve, if few."""
    n = arr.shape[0]
    slack = _slack(st, arr, sc, big_m) + RTOL * big_m * max(1, len(st.pairs))
    near = near_tight(
        arr, st.y, st.cuts, st.z, lo=sc.lo, scale=sc.scale, big_m=big_m, slack=slack, cap=cap
    )
    if near is None:
        return
    own = np.array([i * n + j for i, j in st.pairs], dtype=np.int64)
    keys = unique_sorted(np.concatenate([near, own]))
    a, b, sn = _weights(arr, keys, sc)
    st.pairs = blossom(n, a, b, sn)
    st.fixed = True


def _cover(arr, sc: Scan, edges: tuple[np.ndarray, ...], big_m: float) -> list[tuple[int, int]]:
    """The pairs read off the double cover's assignment on the candidate ``edges``."""
    a, b, sn = edges
    mate = cover_mate(arr.shape[0], a, b, sn + big_m)
    return cover_pairs(
        mate,
        lambda i, j: (arr[i, j] - sc.lo) / sc.scale + big_m,
        lambda idx: (arr[np.ix_(idx, idx)] - sc.lo) / sc.scale,
    )


def _gap(st: _State, arr: np.ndarray, sc: Scan, big_m: float) -> float:
    """How far below the bound the pairs can be, relative to the bound (score units)."""
    card = len(st.pairs)
    slack = _slack(st, arr, sc, big_m) * sc.scale
    upper = card * sc.lo + sc.scale * (st.bound_w - big_m * card)
    return slack / max(1e-12, abs(upper))


def _certify(
    arr: np.ndarray,
    sc: Scan,
    big_m: float,
    *,
    rounds: int,
    cap: int,
    enough: float,
    most: int,
    gap: float = 0.0,
) -> _State:
    """Column generation on the LP, its own solution read off (kept if it proves optimality
    or is within ``gap`` of the bound with the most pairs), else one blossom solve, then
    reduced-cost fixing if needed.

    Pricing stops when no pair violates the duals, after ``rounds`` rounds, or when the total
    violation (what the bound loses to the candidate graph) is at most ``enough``; it goes on
    (up to ``most`` rounds in all) while the bound does not yet prove the cardinality.
    """
    n = arr.shape[0]
    st = _State(sc.keys, [np.ones(n, dtype=bool)] if n % 2 else [])
    while st.rounds < max(1, rounds):
        fresh = _price_round(arr, sc, st, big_m)
        if len(fresh) == 0 or st.excess <= enough:
            break
        st.keys = unique_sorted(np.concatenate([st.keys, fresh]))
    a, b, sn = _weights(arr, st.keys, sc)
    st.pairs = _cover(arr, sc, (a, b, sn), big_m)
    if _max_card(st, big_m) and (_closed(st, arr, sc, big_m) or _gap(st, arr, sc, big_m) < gap):
        return st  # read off the LP's own solution: no blossom solve needed
    near = _reduced(st, a, b, sn, big_m) >= -THIN
    st.pairs = blossom(n, a[near], b[near], sn[near])
    if not _max_card(st, big_m):  # the thinned graph lost pairs: solve the whole of it
        st.pairs = blossom(n, a, b, sn)
    while not _max_card(st, big_m) and st.rounds < most:
        fresh = _price_round(arr, sc, st, big_m)
        if len(fresh) == 0:
            break
        st.keys = unique_sorted(np.concatenate([st.keys, fresh]))
        st.pairs = blossom(n, *_weights(arr, st.keys, sc))
    if not _closed(st, arr, sc, big_m):
        _fix_and_solve(arr, sc, st, big_m, cap)
    return st


def _reduced(st: _State, a: np.ndarray, b: np.ndarray, sn: np.ndarray, big_m: float):
    """Reduced costs of candidate pairs under the best (full-graph feasible) duals."""
    red = sn + big_m - st.y[a] - st.y[b]
    for c, zq in zip(st.cuts, st.z, strict=True):
        red -= zq * (c[a] & c[b])
    return red


def _max_card(st: _State, big_m: float) -> bool:
    """The bound proves that no matching has more pairs than ``st.pairs``."""
    return st.fixed or st.bound_w < big_m * (len(st.pairs) + 1)


def solve_pool(
    score: object,
    *,
    exact_limit: int = 2000,
    k: int | None = None,
    max_rounds: int = 30,
    bounded_rounds: int = 6,
    spread: int = 2,
) -> PoolSolution:
    """Pair people within one pool; return pairs, objective and a proven upper bound.

    Up to ``exact_limit`` people the answer is proven optimal on the full graph (an LP-duality
    certificate checked on every allowed pair); above it ``bounded_rounds`` rounds of the same
    loop run and ``upper_bound`` shows how far from optimal the answer can be at most. ``k``
    (default 8) is the number of best partners per person in the first candidate graph,
    ``spread`` the number of random allowed partners added per person.
    """
    arr = as_pool_matrix(score)
    n = arr.shape[0]
    if n < 2:
        return PoolSolution([], 0.0, 0.0, True, "empty")
    exact = n <= exact_limit
    sc = scan(arr, (8 if exact else 6) if k is None else k, spread)
    if len(sc.keys) == 0:
        return PoolSolution([], 0.0, 0.0, True, "no allowed pair")
    big_m = float(n // 2 + 1)
    if exact:
        st = _certify(arr, sc, big_m, rounds=max_rounds, cap=EXACT_CAP, enough=0.0, most=max_rounds)
    else:
        enough = BOUNDED_EXCESS * (n // 2)
        st = _certify(
            arr,
            sc,
            big_m,
            rounds=bounded_rounds,
            cap=BOUNDED_CAP,
            enough=enough,
            most=max_rounds,
            gap=COVER_GAP,
        )
    card = len(st.pairs)
    idx = np.array(st.pairs, dtype=np.int64).reshape(-1, 2)
    objective = float(arr[idx[:, 0], idx[:, 1]].sum())
    fallback = float(np.maximum(sc.best[np.isfinite(sc.best)], 0.0).sum() / 2)
    max_card = _max_card(st, big_m)
    proven = max_card and _closed(st, arr, sc, big_m)
    if st.fixed:
        ub = objective
    elif max_card:
        ub = max(min(card * sc.lo + sc.scale * (st.bound_w - big_m * card), fallback), objective)
    else:
        ub = max(fallback, objective)
    method = "blossom on candidate graph + full-matrix LP dual certificate"
    return PoolSolution(st.pairs, objective, ub, proven, method, len(st.keys), st.rounds, max_card)


def pair_within_pool(score: object) -> list[tuple[int, int]]:
    """Pair people of one pool: most people paired first, then the largest total score.

    ``score`` is a symmetric n × n matrix (``nan``: the two must not be paired; the diagonal is
    ignored). Returns ``(i, j)`` pairs with ``i < j``, sorted, each person in at most one pair.
    Negative scores are allowed and still used when they let two more people be paired.
    Proven optimal up to 2,000 people; see :func:`solve_pool` for the bound reported beyond.
    """
    return solve_pool(score).pairs
