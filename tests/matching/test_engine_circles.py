"""Circles: the most people placed, then the best total, against brute force and CP-SAT.

Pure Python: no database, no Django. The CP-SAT reference is the assignment model of
``matching.bench_circles`` (one boolean per person and circle slot), which shares nothing
with the engine's exact path (a set packing over listed circles) or its local search.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.bench_circles import cpsat_circles, value
from matching.engine import form_circles
from matching.engine.circles_bound import flow_bound, lagrangian_bound, per_person_bound
from matching.families import FAMILIES, pool

NAMES = sorted(FAMILIES)


def brute_force(score, size_min, size_max):
    """(most people placed, best total among those) over every partition."""
    n = score.shape[0]
    allowed = ~np.isnan(score)

    def best(free):
        if not free:
            return (0, 0.0)
        i, rest = free[0], free[1:]
        top = best(rest)  # i stays out
        for k in range(size_min - 1, size_max):
            for others in itertools.combinations(rest, k):
                group = (i, *others)
                if not all(allowed[a, b] for a, b in itertools.combinations(group, 2)):
                    continue
                c, t = best(tuple(x for x in rest if x not in others))
                gain = sum(score[a, b] for a, b in itertools.combinations(group, 2))
                top = max(top, (c + len(group), t + gain))
        return top

    return best(tuple(range(n)))


def instance(family, n, seed, forbidden=0.0, negative=False):
    """A pool of ``family`` with an extra share of forbidden pairs (many forbidden pairs
    are what broke the old size plan) and, optionally, every score made negative."""
    rng = np.random.default_rng(seed)
    score = pool(family, n, seed)
    extra = np.triu(rng.random((n, n)) < forbidden, 1)
    score[extra | extra.T] = np.nan
    return -np.abs(score) if negative else score


def check_feasible(res, score, size_min, size_max):
    n = score.shape[0]
    placed = [p for c in res.circles for p in c]
    assert sorted(placed + res.unplaced) == list(range(n))
    for c in res.circles:
        assert size_min <= len(c) <= size_max
        assert c == sorted(c)
        assert not np.isnan(score[np.ix_(c, c)][np.triu_indices(len(c), 1)]).any()
    assert math.isclose(res.objective, value(score, res.circles)[1], rel_tol=1e-9, abs_tol=1e-9)
    assert res.placed <= res.placed_max
    assert res.objective <= res.upper_bound + 1e-9 * max(1.0, abs(res.upper_bound))


CASES = [
    (family, n, seed, forbidden, negative, sizes)
    for seed, (family, forbidden, negative, sizes) in enumerate(
        itertools.product(NAMES, [0.0, 0.4, 0.7], [False, True], [(2, 3), (3, 4), (2, 4)])
    )
    for n in [6 + seed % 3]
]


@pytest.mark.parametrize(("family", "n", "seed", "forbidden", "negative", "sizes"), CASES)
def test_circles_equal_brute_force_on_small_instances(family, n, seed, forbidden, negative, sizes):
    score = instance(family, n, seed, forbidden, negative)
    res = form_circles(score, *sizes)
    check_feasible(res, score, *sizes)
    count, total = brute_force(score, *sizes)
    assert res.placed == count
    assert res.placed_max == count
    assert res.placed_max_proven
    assert res.objective == pytest.approx(total, rel=1e-9, abs=1e-9)
    assert res.upper_bound >= total - 1e-9
    assert res.proven_optimal


@pytest.mark.parametrize(
    ("seed", "n"),
    [(seed, 8 + seed % 3) for seed in range(18)]
    + [pytest.param(seed, 11 + seed % 4, marks=pytest.mark.slow) for seed in range(18, 30)],
)
def test_circles_match_exact_cpsat_on_tie_and_forbidden_heavy_instances(seed, n):
    family = NAMES[seed % len(NAMES)]
    size_min = 2 + seed % 2
    sizes = (size_min, size_min + seed % 3)
    score = instance(family, n, seed, [0.0, 0.5, 0.75][seed % 3], seed % 4 == 3)
    res = form_circles(score, *sizes)
    check_feasible(res, score, *sizes)
    ref_circles, proven = cpsat_circles(score, *sizes, time_limit=30)
    ref = value(score, ref_circles)
    assert res.placed >= ref[0]
    assert res.placed_max >= ref[0]
    if proven:
        assert res.placed == ref[0]
        assert res.objective >= ref[1] - 1e-6 * max(1.0, abs(ref[1]))
        assert res.upper_bound >= ref[1] - 1e-6 * max(1.0, abs(ref[1]))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 8),
    st.integers(0, 2**32 - 1),
    st.sampled_from(NAMES),
    st.sampled_from([0.0, 0.3, 0.6, 0.9]),
    st.booleans(),
    st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 5), (3, 4)]),
)
def test_circles_property_most_placed_then_best_total(n, seed, family, forbidden, neg, sizes):
    score = instance(family, n, seed % 1000, forbidden, neg)
    res = form_circles(score, *sizes)
    check_feasible(res, score, *sizes)
    count, total = brute_force(score, *sizes)
    assert (res.placed, res.placed_max) == (count, count)
    assert res.objective == pytest.approx(total, rel=1e-9, abs=1e-9)
    assert res.upper_bound >= total - 1e-9


def test_circles_four_people_who_dislike_each_other_get_two_pairs():
    score = np.full((4, 4), -1.0)
    res = form_circles(score, 2, 4)
    assert len(res.circles) == 2
    assert res.unplaced == []
    assert res.objective == -2.0
    assert res.proven_optimal


def test_circles_sizes_follow_the_scores_without_the_exact_path():
    """Local search alone (no listed circles): two cliques that like each other inside and
    dislike each other across end as two circles of three, not one of six."""
    score = np.full((6, 6), -5.0)
    score[np.ix_([0, 1, 2], [0, 1, 2])] = score[np.ix_([3, 4, 5], [3, 4, 5])] = 2.0
    res = form_circles(score, 2, 6, column_limit=0)
    assert res.circles == [[0, 1, 2], [3, 4, 5]]
    assert res.objective == 12.0


def test_circles_place_everyone_the_forbidden_pairs_allow():
    """Everyone from the largest organisation must go to a different circle: the local search
    opens more circles than the fewest that would hold everyone."""
    score = pool("attributes", 60, 1)
    res = form_circles(score, 4, 6, column_limit=0)
    check_feasible(res, score, 4, 6)
    assert res.unplaced == []
    assert res.placed_max_proven


def test_circles_person_who_fits_nowhere_is_proven_out():
    score = np.ones((7, 7))
    score[0, 1:] = score[1:, 0] = np.nan  # person 0 may share a circle with nobody
    res = form_circles(score, 3, 3)
    assert res.unplaced == [0]
    assert res.placed_max == 6
    assert res.placed_max_proven


@pytest.mark.parametrize("column_limit", [0, 60_000])
def test_circles_count_is_proven_on_a_large_pool(column_limit):
    score = pool("attributes", 200, 3)
    res = form_circles(score, 3, 5, time_limit=3, column_limit=column_limit)
    check_feasible(res, score, 3, 5)
    assert res.placed == res.placed_max == 200


def test_circles_lagrangian_bound_is_tighter_with_popular_people():
    score = pool("popular", 40, 5)
    forb = np.isnan(score)
    val = np.where(forb, 0.0, score)
    lagrangian = lagrangian_bound(val, forb, 3, 5, must=np.ones(40, dtype=bool))
    assert lagrangian < 0.9 * per_person_bound(val, forb, 3, 5, everyone=True)
    res = form_circles(score, 3, 5, column_limit=0)
    assert res.upper_bound <= lagrangian + 1e-9
    assert res.upper_bound >= res.objective


def test_circles_too_few_people_and_empty_pools():
    res = form_circles(np.ones((2, 2)), 3, 4)
    assert (res.circles, res.unplaced, res.placed_max, res.proven_optimal) == ([], [0, 1], 0, True)
    assert form_circles([], 2, 3).unplaced == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_limit": 0}, "time_limit must be a positive number"),
        ({"time_limit": -1.0}, "time_limit must be a positive number"),
        ({"time_limit": True}, "time_limit must be a positive number"),
        ({"time_limit": "10"}, "time_limit must be a positive number"),
    ],
)
def test_circles_bad_time_limit_raises_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        form_circles(np.ones((4, 4)), 2, 3, **kwargs)


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ([[0, 1], [2, 0]], "symmetric"),
        ([[0, np.inf], [np.inf, 0]], "infinity"),
        (np.ones((2, 3)), "square"),
        ([[0, np.nan], [1, 0]], "forbidden both ways"),
    ],
)
def test_circles_bad_scores_raise_value_error(score, message):
    with pytest.raises(ValueError, match=message):
        form_circles(score, 2, 3)


@pytest.mark.parametrize("org_size", [11, 13, 15])
def test_circles_open_circles_for_a_large_organisation_when_every_score_ties(org_size):
    """Every score ties, so each person's best-scored partners are simply the first ones,
    all sitting in full-to-the-minimum circles: opening a circle must look further, to the
    people a circle can spare (this left 2 of 600 and 46 of 2,000 out on realistic pools)."""
    n = 60
    score = np.full((n, n), 50.0)
    org = np.arange(n - org_size, n)  # one organisation: never two of it in a circle
    score[np.ix_(org, org)] = np.nan

    res = form_circles(score, 4, 6, column_limit=0)

    check_feasible(res, score, 4, 6)
    assert (res.placed, res.placed_max_proven) == (n, True)
    assert all(len(set(c) & set(org.tolist())) == 1 for c in res.circles)


@pytest.mark.parametrize("seed", range(6))
def test_circles_flow_bound_is_valid_and_tight_with_popular_people(seed):
    score = pool("popular" if seed % 2 else "three_valued", 9, seed)
    forb = np.isnan(score)
    np.fill_diagonal(forb, True)
    val = np.where(forb, 0.0, score)

    flow = flow_bound(val, forb, 3)

    best = brute_force(score, 2, 3)
    assert flow >= best[1] - 1e-9  # a bound on every partition's total
    assert flow <= per_person_bound(val, forb, 2, 3, everyone=False) + 1e-6


def test_circles_flow_bound_closes_most_of_the_popular_gap():
    score = pool("popular", 200, 5)
    forb = np.isnan(score)
    np.fill_diagonal(forb, True)
    val = np.where(forb, 0.0, score)
    lagrangian = lagrangian_bound(val, forb, 4, 6, must=np.ones(200, dtype=bool))

    res = form_circles(score, 4, 6, column_limit=0)

    assert res.upper_bound <= flow_bound(val, forb, 6) + 1e-9
    assert res.upper_bound < 0.8 * lagrangian  # the descent stalls at its first kink here
    assert res.gap < 0.15
    check_feasible(res, score, 4, 6)


def test_circles_flow_bound_is_skipped_when_there_is_no_time():
    val = np.ones((30, 30))
    forb = np.eye(30, dtype=bool)
    assert flow_bound(val, forb, 4, deadline=0.0) == np.inf
    assert flow_bound(np.zeros((30, 30)), forb, 4) == 0.0
