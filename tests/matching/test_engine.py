"""The one-to-many engine and shortlists: optimality against brute force and scipy, invariants.

Pure Python: no database, no Django.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.engine import (
    assign_one_to_many,
    greedy_one_to_many,
    shortlist,
    solve_assignment,
)

FAST = settings(max_examples=40, deadline=None)


@st.composite
def instances(draw, max_n=6, max_m=4, max_cap=3):
    n = draw(st.integers(0, max_n))
    m = draw(st.integers(0, max_m))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["normal", "ties", "negative"]))
    if kind == "normal":
        score = rng.normal(size=(n, m))
    elif kind == "ties":
        score = rng.integers(0, 3, size=(n, m)).astype(float)
    else:
        score = -rng.random((n, m)) * 10
    score[rng.random((n, m)) < draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))] = np.nan
    cap = rng.integers(0, max_cap + 1, size=m)
    return score, cap


def value(score, pairs):
    return len(pairs), float(sum(score[i, j] for i, j in pairs))


def brute_force(score, cap):
    """Best (count, total) over every choice of mentor (or none) for every mentee."""
    n, m = score.shape
    best = (0, 0.0)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.bincount([j for j in choice if j >= 0], minlength=m)
        if np.any(load > cap):
            continue
        pairs = [(i, j) for i, j in enumerate(choice) if j >= 0]
        if any(np.isnan(score[i, j]) for i, j in pairs):
            continue
        cand = value(score, pairs)
        if cand[0] > best[0] or (cand[0] == best[0] and cand[1] > best[1] + 1e-12):
            best = cand
    return best


def scipy_reference(score, cap):
    """scipy's dense Hungarian on the slot-expanded matrix with a big-M cardinality bonus."""
    n, m = score.shape
    cols = np.repeat(np.arange(m), cap)
    if n == 0 or len(cols) == 0 or np.all(np.isnan(score)):
        return 0, 0.0
    lo, hi = np.nanmin(score), np.nanmax(score)
    scale = hi - lo if hi > lo else 1.0
    big = min(n, len(cols)) + 1.0
    w = np.nan_to_num((score[:, cols] - lo) / scale + big, nan=0.0)
    r, c = linear_sum_assignment(w, maximize=True)
    keep = w[r, c] > 0
    return value(score, list(zip(r[keep], cols[c[keep]], strict=True)))


def assert_feasible(score, cap, pairs):
    mentees = [i for i, _ in pairs]
    assert mentees == sorted(mentees)
    assert len(set(mentees)) == len(mentees)
    load = np.bincount([j for _, j in pairs], minlength=score.shape[1])
    assert np.all(load <= cap)
    assert not any(np.isnan(score[i, j]) for i, j in pairs)


def same_value(a, b):
    return a[0] == b[0] and math.isclose(a[1], b[1], rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(instances())
def test_assign_matches_brute_force_on_tiny_instances(inst):
    score, cap = inst
    pairs = assign_one_to_many(score, cap)
    assert_feasible(score, cap, pairs)
    assert same_value(value(score, pairs), brute_force(score, cap))


@FAST
@given(instances(max_n=40, max_m=12, max_cap=4))
def test_assign_matches_scipy_on_random_instances(inst):
    score, cap = inst
    sol = solve_assignment(score, cap)
    assert_feasible(score, cap, sol.pairs)
    assert same_value(value(score, sol.pairs), scipy_reference(score, cap))
    assert sol.proven_optimal


@FAST
@given(instances(max_n=30, max_m=10, max_cap=3))
def test_assign_small_candidate_graph_still_optimal(inst):
    """A one-edge-per-mentee candidate graph forces the pricing loop to add edges."""
    score, cap = inst
    sol = solve_assignment(score, cap, k=1, extra=0)
    assert same_value(value(score, sol.pairs), scipy_reference(score, cap))
    assert sol.proven_optimal


def test_assign_larger_instance_is_certified_optimal():
    rng = np.random.default_rng(7)
    score = rng.random((300, 90))
    score[rng.random(score.shape) < 0.05] = np.nan
    cap = rng.integers(1, 4, size=90)
    sol = solve_assignment(score, cap)
    assert sol.proven_optimal
    assert same_value(value(score, sol.pairs), scipy_reference(score, cap))


def test_assign_negative_score_used_when_it_adds_a_match():
    score = np.array([[1.0, -5.0], [2.0, np.nan]])
    assert assign_one_to_many(score, [1, 1]) == [(0, 1), (1, 0)]


def test_assign_prefers_cardinality_over_score():
    score = np.array([[10.0, 0.0], [9.0, np.nan]])
    # Taking (0, 0) alone scores 10; matching both scores 9 + 0 but matches two mentees.
    assert assign_one_to_many(score, [1, 1]) == [(0, 1), (1, 0)]


def test_assign_zero_capacity_mentor_is_unused():
    score = np.array([[5.0, 1.0], [4.0, 1.0]])
    assert assign_one_to_many(score, [0, 2]) == [(0, 1), (1, 1)]


def test_assign_all_forbidden_returns_empty():
    assert assign_one_to_many(np.full((3, 2), np.nan), [1, 1]) == []


def test_assign_all_capacity_zero_returns_empty():
    assert assign_one_to_many(np.ones((3, 2)), [0, 0]) == []


@pytest.mark.parametrize(
    ("score", "cap"),
    [([], []), (np.zeros((0, 3)), [1, 1, 1]), (np.zeros((4, 0)), []), ([], [2])],
)
def test_assign_empty_inputs_return_empty(score, cap):
    assert assign_one_to_many(score, cap) == []
    assert greedy_one_to_many(score, cap) == []


def test_assign_huge_capacity_is_fine():
    score = np.array([[1.0], [2.0], [3.0]])
    assert assign_one_to_many(score, [10**9]) == [(0, 0), (1, 0), (2, 0)]


def test_assign_accepts_whole_float_capacity():
    assert assign_one_to_many([[1.0]], [1.0]) == [(0, 0)]


@pytest.mark.parametrize(
    ("score", "cap", "message"),
    [
        ([1.0, 2.0], [1, 1], "2-D"),
        (np.zeros((2, 2, 2)), [1, 1], "2-D"),
        ([[1.0, 2.0], [1.0]], [1, 1], "2-D array"),
        ([["a", "b"]], [1, 1], "2-D array"),
        ([[1.0, 2.0]], [1], "capacity has 1"),
        ([[1.0, 2.0]], [1, -1], "negative"),
        ([[1.0, 2.0]], [1, 1.5], "whole numbers"),
        ([[1.0, 2.0]], [1, np.nan], "whole numbers"),
        ([[1.0, 2.0]], [True, False], "integers"),
        ([[1.0, 2.0]], ["1", "2"], "integers"),
        ([[1.0, 2.0]], [[1, 1]], "1-D"),
        ([[1.0, np.inf]], [1, 1], "infinity"),
        ([[1.0, -np.inf]], [1, 1], "infinity"),
    ],
)
def test_assign_bad_input_raises_value_error(score, cap, message):
    with pytest.raises(ValueError, match=message):
        assign_one_to_many(score, cap)


def test_assign_infinity_rejected_even_without_capacity():
    with pytest.raises(ValueError, match="infinity"):
        assign_one_to_many([[np.inf, 1.0]], [0, 0])


@FAST
@given(instances(max_n=30, max_m=10))
def test_greedy_one_to_many_is_feasible_and_not_better(inst):
    score, cap = inst
    pairs = greedy_one_to_many(score, cap)
    assert_feasible(score, cap, pairs)
    g, opt = value(score, pairs), scipy_reference(score, cap)
    assert g[0] < opt[0] or (g[0] == opt[0] and g[1] <= opt[1] + 1e-9)


# ---------------------------------------------------------------- shortlists


@FAST
@given(instances(max_n=25, max_m=8, max_cap=4), st.integers(1, 5))
def test_shortlist_capacity_invariant_holds(inst, k):
    score, cap = inst
    lists = shortlist(score, cap, k)
    assert set(lists) == set(range(score.shape[0]))
    offered = np.zeros(score.shape[1], dtype=int)
    for i, options in lists.items():
        assert len(options) <= k
        assert len(set(options)) == len(options)
        assert not any(np.isnan(score[i, j]) for j in options)
        for j in options:
            offered[j] += 1
    assert np.all(offered <= cap)


@FAST
@given(instances(max_n=25, max_m=8, max_cap=4), st.integers(1, 4))
def test_shortlist_first_options_form_an_optimal_assignment(inst, k):
    score, cap = inst
    lists = shortlist(score, cap, k)
    firsts = [(i, opts[0]) for i, opts in sorted(lists.items()) if opts]
    assert same_value(value(score, firsts), scipy_reference(score, cap))


def test_shortlist_offers_spare_places_by_smallest_loss():
    score = np.array([[5.0, 4.0, 1.0], [5.0, np.nan, 0.0]])
    lists = shortlist(score, [1, 1, 1], 3)
    # Optimal: 0 -> 1 (4), 1 -> 0 (5). Only mentor 2 has a spare place; it goes to the
    # mentee whose reduced-cost loss is smaller, and only once.
    assert lists[0][0] == 1
    assert lists[1][0] == 0
    assert sum(2 in opts for opts in lists.values()) == 1


def test_shortlist_k_one_is_the_assignment():
    score = np.array([[1.0, 2.0], [3.0, 1.0]])
    assert shortlist(score, [1, 1], 1) == {0: [1], 1: [0]}


def test_shortlist_empty_inputs_return_empty():
    assert shortlist(np.zeros((0, 2)), [1, 1], 3) == {}
    assert shortlist(np.zeros((2, 0)), [], 3) == {0: [], 1: []}


@pytest.mark.parametrize("k", [0, -1, 1.5, True, "2"])
def test_shortlist_bad_k_raises_value_error(k):
    with pytest.raises(ValueError, match="k must"):
        shortlist([[1.0]], [1], k)


def test_shortlist_bad_capacity_raises_value_error():
    with pytest.raises(ValueError, match="negative"):
        shortlist([[1.0]], [-1], 2)
