"""Pool pairing and circles: optimality against brute force and networkx, invariants, bounds.

Pure Python: no database, no Django.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import form_circles, greedy_pairs, pair_within_pool, solve_pool

FAST = settings(max_examples=40, deadline=None)


def symmetric(rng, n, kind="normal", forbidden=0.2):
    if kind == "normal":
        a = rng.normal(size=(n, n))
    elif kind == "ties":
        a = rng.integers(0, 3, size=(n, n)).astype(float)
    else:
        a = -rng.random((n, n)) * 10
    a[rng.random((n, n)) < forbidden] = np.nan
    s = np.triu(a, 1)
    s = s + s.T
    np.fill_diagonal(s, rng.normal(size=n))  # the diagonal must be ignored
    return s


@st.composite
def pools(draw, max_n=8):
    n = draw(st.integers(0, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["normal", "ties", "negative"]))
    return symmetric(rng, n, kind, draw(st.sampled_from([0.0, 0.3, 0.7, 1.0])))


def value(score, pairs):
    return len(pairs), float(sum(score[i, j] for i, j in pairs))


def brute_force(score):
    n = score.shape[0]

    def best(free):
        if len(free) < 2:
            return (0, 0.0)
        i, rest = free[0], free[1:]
        top = best(rest)
        for j in rest:
            if not np.isnan(score[i, j]):
                c, t = best(tuple(x for x in rest if x != j))
                cand = (c + 1, t + score[i, j])
                if cand[0] > top[0] or (cand[0] == top[0] and cand[1] > top[1]):
                    top = cand
        return top

    return best(tuple(range(n)))


def networkx_reference(score):
    nx = pytest.importorskip("networkx")
    n = score.shape[0]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for i in range(n):
        for j in range(i + 1, n):
            if not np.isnan(score[i, j]):
                g.add_edge(i, j, weight=float(score[i, j]))
    return value(score, list(nx.max_weight_matching(g, maxcardinality=True)))


def assert_valid_pairs(score, pairs):
    people = [p for pair in pairs for p in pair]
    assert len(people) == len(set(people))
    assert all(i < j for i, j in pairs)
    assert pairs == sorted(pairs)
    assert not any(np.isnan(score[i, j]) for i, j in pairs)


def same_value(a, b):
    return a[0] == b[0] and math.isclose(a[1], b[1], rel_tol=1e-9, abs_tol=1e-7)


@FAST
@given(pools())
def test_pool_matches_brute_force_on_tiny_pools(score):
    pairs = pair_within_pool(score)
    assert_valid_pairs(score, pairs)
    assert same_value(value(score, pairs), brute_force(score))


@FAST
@given(pools(max_n=22))
def test_pool_matches_networkx_on_random_pools(score):
    sol = solve_pool(score)
    assert_valid_pairs(score, sol.pairs)
    assert same_value(value(score, sol.pairs), networkx_reference(score))
    assert sol.proven_optimal
    assert sol.upper_bound >= sol.objective - 1e-9


@FAST
@given(pools(max_n=22), st.integers(1, 3))
def test_pool_small_candidate_graph_still_exact(score, k):
    sol = solve_pool(score, k=k)
    assert same_value(value(score, sol.pairs), networkx_reference(score))


def test_pool_odd_cycles_need_blossom_cuts():
    """Two triangles joined by a weak edge: the degree LP alone is fractional here."""
    s = np.full((6, 6), np.nan)
    for i, j, w in [(0, 1, 5), (1, 2, 5), (0, 2, 5), (3, 4, 5), (4, 5, 5), (3, 5, 5), (2, 3, 1)]:
        s[i, j] = s[j, i] = w
    sol = solve_pool(s)
    assert value(s, sol.pairs) == (3, 11.0)
    assert sol.proven_optimal


def test_pool_medium_instance_is_certified():
    rng = np.random.default_rng(3)
    score = symmetric(rng, 120, forbidden=0.05)
    sol = solve_pool(score)
    assert sol.proven_optimal
    assert same_value(value(score, sol.pairs), networkx_reference(score))


@pytest.mark.parametrize("n", [80, 81])
def test_pool_bounded_mode_reports_valid_small_gap(n):
    rng = np.random.default_rng(4)
    score = symmetric(rng, n, forbidden=0.05)
    sol = solve_pool(score, exact_limit=10)
    assert_valid_pairs(score, sol.pairs)
    ref = networkx_reference(score)
    assert len(sol.pairs) == ref[0]
    assert sol.objective <= ref[1] + 1e-9 <= sol.upper_bound + 2e-9
    assert sol.gap < 0.01


def test_pool_negative_score_used_when_it_adds_pairs():
    s = np.array([[0, 10, -3, np.nan], [10, 0, np.nan, -4], [-3, np.nan, 0, 1], [np.nan, -4, 1, 0]])
    # {0-1, 2-3} scores 11 with two pairs; {0-2, 1-3} scores -7 with two pairs: 11 wins.
    assert pair_within_pool(s) == [(0, 1), (2, 3)]
    s2 = np.array([[0, 10, -3], [10, 0, np.nan], [-3, np.nan, 0]])
    s2 = np.pad(s2, ((0, 1), (0, 1)), constant_values=np.nan)
    s2[1, 3] = s2[3, 1] = -1.0
    assert pair_within_pool(s2) == [(0, 2), (1, 3)]


@pytest.mark.parametrize("score", [[], np.zeros((0, 0)), [[1.0]], np.full((4, 4), np.nan)])
def test_pool_empty_or_degenerate_returns_empty(score):
    assert pair_within_pool(score) == []
    assert greedy_pairs(score) == []


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ([1.0, 2.0], "2-D"),
        (np.zeros((2, 3)), "square"),
        ([[0.0, 1.0], [2.0, 0.0]], "symmetric"),
        ([[0.0, np.nan], [2.0, 0.0]], "forbidden both ways"),
        ([[0.0, np.inf], [np.inf, 0.0]], "infinity"),
        ([[0.0, -np.inf], [-np.inf, 0.0]], "infinity"),
    ],
)
def test_pool_bad_input_raises_value_error(score, message):
    with pytest.raises(ValueError, match=message):
        pair_within_pool(score)
    with pytest.raises(ValueError, match=message):
        form_circles(score, 2, 3)


@FAST
@given(pools(max_n=16))
def test_greedy_pairs_is_valid_and_not_better(score):
    pairs = greedy_pairs(score)
    assert_valid_pairs(score, pairs)
    g, opt = (
        value(score, pairs),
        brute_force(score) if len(score) <= 10 else value(score, pair_within_pool(score)),
    )
    assert g[0] < opt[0] or (g[0] == opt[0] and g[1] <= opt[1] + 1e-9)


# ------------------------------------------------------------------- circles


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 40),
    st.integers(0, 2**32 - 1),
    st.integers(2, 5),
    st.integers(0, 3),
    st.sampled_from([0.0, 0.2, 0.6]),
)
def test_circles_are_feasible_and_below_upper_bound(n, seed, size_min, spread, forbidden):
    size_max = size_min + spread
    score = symmetric(np.random.default_rng(seed), n, "normal", forbidden)
    res = form_circles(score, size_min, size_max)
    placed = [p for c in res.circles for p in c]
    assert sorted(placed + res.unplaced) == list(range(n))
    for c in res.circles:
        assert size_min <= len(c) <= size_max
        assert c == sorted(c)
        block = score[np.ix_(c, c)][~np.eye(len(c), dtype=bool)]
        assert not np.isnan(block).any()
    total = sum(score[i, j] for c in res.circles for i in c for j in c if i < j)
    assert math.isclose(res.objective, total, rel_tol=1e-9, abs_tol=1e-9)
    assert res.objective <= res.upper_bound + 1e-9


def test_circles_place_everyone_when_no_constraints():
    rng = np.random.default_rng(1)
    res = form_circles(symmetric(rng, 23, forbidden=0.0), 4, 6)
    assert res.unplaced == []
    assert len(res.circles) == 4


def test_circles_recover_planted_groups():
    n, groups = 12, [[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8, 11]]
    score = np.zeros((n, n))
    for g in groups:
        score[np.ix_(g, g)] = 1.0
    res = form_circles(score, 4, 4)
    assert res.circles == groups
    assert res.objective == res.upper_bound == 18.0


def test_circles_leave_out_people_who_cannot_fit():
    score = np.ones((5, 5))
    score[0, 1:] = score[1:, 0] = np.nan  # person 0 may share a circle with nobody
    res = form_circles(score, 2, 4)
    assert 0 in res.unplaced
    assert all(0 not in c for c in res.circles)


def test_circles_too_few_people_are_all_unplaced():
    res = form_circles(np.ones((2, 2)), 3, 4)
    assert res.circles == []
    assert res.unplaced == [0, 1]
    assert form_circles([], 2, 3).unplaced == []


def test_circles_all_forbidden_places_nobody():
    res = form_circles(np.full((6, 6), np.nan), 2, 3)
    assert res.circles == []
    assert res.unplaced == list(range(6))


@pytest.mark.parametrize(
    ("size_min", "size_max", "message"),
    [(1, 3, "size_min must be at least 2"), (4, 3, "must not exceed"), (2.5, 3, "integer")],
)
def test_circles_bad_sizes_raise_value_error(size_min, size_max, message):
    with pytest.raises(ValueError, match=message):
        form_circles(np.ones((4, 4)), size_min, size_max)
