"""The pool's LP read off the double cover: its duals are the LP's own, and the pairs read
from its paths and cycles are the best on each, with the odd cycles' leftovers paired."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.optimize import linprog

from matching.engine.pool_cover import _components, _path_best, cover_pairs
from matching.engine.pool_lp import _double_cover_duals, cover_mate


def _graph(seed: int, n: int, density: float, levels: int):
    rng = np.random.default_rng(seed)
    a, b = np.nonzero(np.triu(rng.random((n, n)) < density, 1))
    w = rng.integers(0, levels, size=len(a)).astype(float) / max(1, levels - 1) + n
    return a, b, w


def _lp_value(n, a, b, w) -> float:
    e = len(a)
    cols = np.arange(e)
    mat = sparse.csr_array(
        (np.ones(2 * e), (np.concatenate([a, b]), np.concatenate([cols, cols]))), shape=(n, e)
    )
    res = linprog(-w, A_ub=mat, b_ub=np.ones(n), bounds=(0, None), method="highs")
    return -res.fun


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(2, 40),
    density=st.sampled_from([0.1, 0.3, 0.9]),
    levels=st.sampled_from([1, 2, 7]),
)
def test_double_cover_duals_are_optimal_for_the_degree_lp(seed, n, density, levels):
    a, b, w = _graph(seed, n, density, levels)
    if not len(a):
        return
    y = _double_cover_duals(n, a, b, w)
    assert y is not None
    assert np.all(y >= 0)
    assert np.all(y[a] + y[b] >= w - 1e-9)  # feasible
    assert y.sum() == pytest.approx(_lp_value(n, a, b, w), rel=1e-9)  # and optimal


def test_path_best_takes_alternate_edges_or_the_heavier_middle():
    assert _path_best([5.0, 1.0, 5.0]) == (10.0, [2, 0])
    assert _path_best([1.0, 5.0, 1.0]) == (5.0, [1])
    assert _path_best([]) == (0.0, [])


def test_components_are_paths_pairs_and_cycles():
    #   0 -> 1 -> 2 -> 0 (a triangle), 3 <-> 4 (a pair), 5 -> 6 (a path), 7 alone
    mate = np.array([1, 2, 0, 4, 3, 6, -1, -1])
    found = sorted((sorted(seq), cycle) for seq, cycle in _components(mate))
    assert found == [([0, 1, 2], True), ([3, 4], False), ([5, 6], False), ([7], False)]


def test_odd_cycles_leave_one_each_and_the_leftovers_are_paired():
    # Two triangles (the degree LP's optimum is one half on each edge); the two people the
    # triangles leave out are allowed together, so everyone is paired.
    n = 6
    score = np.full((n, n), np.nan)
    for i, j in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 5)]:
        score[i, j] = score[j, i] = 1.0
    score[2, 5] = score[5, 2] = 0.0
    mate = np.array([1, 2, 0, 4, 5, 3])
    pairs = cover_pairs(mate, lambda i, j: score[i, j] + 10.0, lambda idx: score[np.ix_(idx, idx)])
    assert len(pairs) == 3
    assert {p for pair in pairs for p in pair} == set(range(n))


def test_cover_mate_pairs_mutual_choices_on_a_bipartite_graph():
    a, b = np.array([0, 1]), np.array([1, 2])
    mate = cover_mate(3, a, b, np.array([5.0, 1.0]))
    assert mate.tolist()[:2] == [1, 0]  # the heavy pair is taken both ways
