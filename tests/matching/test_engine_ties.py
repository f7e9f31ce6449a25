"""One-to-many and shortlists on tied scores and popular people, against exact references.

The references (``matching.references``: OR-Tools min-cost flow and max-flow, scipy's dense
LAPJV) share no code with the engine. Generators follow real schemes: everyone's profile
blank (all pairs equal), coarse scores, blank rows and columns, a few people everyone
scores highly, scores off any decimal grid that still tie, forbidden pairs.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import families
from matching.engine import (
    NotProvenOptimal,
    assign_one_to_many,
    shortlist,
    solve_assignment,
)
from matching.references import (
    ortools_alternatives,
    ortools_assignment,
    scipy_dense_assignment,
)

PROPERTY = settings(max_examples=60, deadline=None)
KINDS = ["equal", "few_values", "blank_rows", "popular", "thirds", *families.FAMILIES]


@st.composite
def tied(draw, max_n=30, max_m=10, max_cap=3):
    n, m = draw(st.integers(1, max_n)), draw(st.integers(1, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(KINDS))
    if kind == "equal":
        score = np.full((n, m), 7.5)
    elif kind == "few_values":
        score = rng.choice(np.array([0.0, 0.5, 1.0]), size=(n, m))
    elif kind == "blank_rows":  # blank profiles: a constant row or column
        score = np.round(rng.random((n, m)) * 100) / 10
        score[rng.random(n) < 0.5, :] = 2.0
        score[:, rng.random(m) < 0.5] = 2.0
    elif kind == "popular":  # a few people everyone likes best
        score = rng.integers(0, 7, size=(n, m)) * 10.0
        score[:, rng.random(m) < 0.2] = 100.0
        score[rng.random(n) < 0.2, :] = 100.0
    elif kind == "thirds":  # ties off any decimal grid (the float path)
        score = rng.integers(0, 3, size=(n, m)) / 3
    else:
        score, _ = families.one_to_many(kind, n, m, int(rng.integers(1000)))
    score[rng.random((n, m)) < draw(st.sampled_from([0.0, 0.2, 0.6]))] = np.nan
    return score, rng.integers(0, max_cap + 1, size=m)


def value(score, pairs):
    return len(pairs), float(sum(score[i, j] for i, j in pairs))


def same_value(a, b):
    return a[0] == b[0] and math.isclose(a[1], b[1], rel_tol=1e-9, abs_tol=1e-6)


def assert_feasible(score, cap, pairs):
    assert len({i for i, _ in pairs}) == len(pairs)
    assert np.all(np.bincount([j for _, j in pairs], minlength=score.shape[1]) <= cap)
    assert not any(np.isnan(score[i, j]) for i, j in pairs)


@PROPERTY
@given(tied(max_n=40, max_m=12))
def test_assign_on_tied_scores_matches_min_cost_flow(inst):
    score, cap = inst
    sol = solve_assignment(score, cap)
    assert_feasible(score, cap, sol.pairs)
    assert same_value(value(score, sol.pairs), value(score, ortools_assignment(score, cap)))
    assert sol.optimality in {"proven", "fallback-exact"}


@PROPERTY
@given(tied(max_n=30, max_m=10))
def test_assign_grows_a_one_edge_candidate_graph_to_the_optimum(inst):
    """One candidate per mentee and per mentor: the certificate must add the rest."""
    score, cap = inst
    sol = solve_assignment(score, cap, k=1, extra=0)
    assert same_value(value(score, sol.pairs), value(score, ortools_assignment(score, cap)))
    assert sol.proven_optimal


@pytest.mark.parametrize(
    ("n", "m", "capacity", "possible"), [(1000, 450, 1, 450), (1500, 600, 2, 1200)]
)
def test_assign_all_equal_scores_matches_everyone_possible(n, m, capacity, possible):
    """The audit's cases: 403 of 450 and 804 of 1,200 matched, reported as optimal."""
    sol = solve_assignment(np.full((n, m), 50.0), np.full(m, capacity))
    assert (len(sol.pairs), sol.objective) == (possible, 50.0 * possible)
    assert sol.optimality == "proven"
    assert sol.rounds <= 2


@pytest.mark.parametrize("family", sorted(families.FAMILIES))
@pytest.mark.parametrize(("n", "m"), [(700, 250), (250, 700)])
def test_assign_every_family_equals_dense_lapjv(family, n, m):
    score, cap = families.one_to_many(family, n, m, seed=3)
    sol = solve_assignment(score, cap)
    assert sol.optimality == "proven"
    assert same_value(value(score, sol.pairs), value(score, scipy_dense_assignment(score, cap)))


def test_assign_falls_back_to_the_full_graph_when_rounds_run_out():
    score, cap = families.one_to_many("attributes", 300, 100, seed=5)
    proof = solve_assignment(score, cap, k=1, extra=0, max_rounds=1, fallback=False)
    exact = solve_assignment(score, cap, k=1, extra=0, max_rounds=1)

    assert proof.optimality == "unproven"
    assert not proof.proven_optimal
    assert exact.optimality == "fallback-exact"
    assert same_value(value(score, exact.pairs), value(score, ortools_assignment(score, cap)))


def test_assign_raises_rather_than_return_an_unproven_answer():
    """Certificate rounds exhausted and the full-graph fallback refused."""
    score, cap = families.one_to_many("attributes", 300, 100, seed=5)
    unproven = {"k": 1, "extra": 0, "max_rounds": 1, "fallback": False}
    with pytest.raises(NotProvenOptimal, match="could not be proven optimal"):
        assign_one_to_many(score, cap, **unproven)
    with pytest.raises(NotProvenOptimal):
        shortlist(score, cap, 3, extra=0, max_rounds=1, fallback=False)


def test_assign_is_deterministic_on_ties():
    score = np.full((60, 20), 1.0)
    first = solve_assignment(score, np.full(20, 2)).pairs
    assert solve_assignment(score.copy(), np.full(20, 2)).pairs == first


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be at least 1"),
        ({"extra": -1}, "extra must be at least 0"),
        ({"max_rounds": 0}, "max_rounds must be at least 1"),
        ({"k": 2.5}, "k must be an integer"),
    ],
)
def test_solve_assignment_bad_parameters_raise_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        solve_assignment([[1.0]], [1], **kwargs)


# ---------------------------------------------------------------- shortlists


def test_shortlist_uses_a_spare_place_the_old_rule_missed():
    """Mentor 0 has a spare place and may take mentee 0: the audit's minimal case."""
    assert shortlist([[0.0, 4.0, 3.0], [9.0, 6.0, 9.0]], [2, 1, 1], 2) == {
        0: [1, 0],
        1: [0, 2],
    }


@PROPERTY
@given(tied(max_n=20, max_m=8, max_cap=4), st.integers(1, 5))
def test_shortlist_gives_the_most_alternatives_the_capacity_rule_allows(inst, k):
    score, cap = inst
    lists = shortlist(score, cap, k)
    firsts = {i: opts[0] for i, opts in lists.items() if opts}
    offered = np.bincount([j for opts in lists.values() for j in opts], minlength=len(cap))

    assert np.all(offered <= cap)
    assert all(len(set(opts)) == len(opts) <= k for opts in lists.values())
    assert not any(np.isnan(score[i, j]) for i, opts in lists.items() for j in opts)
    assert same_value(
        value(score, sorted(firsts.items())), value(score, ortools_assignment(score, cap))
    )
    alternatives = sum(len(opts) - 1 for opts in lists.values() if opts)
    assert alternatives == ortools_alternatives(score, cap, firsts, k - 1)
    # Balanced: as many mentees as possible have a second option.
    with_two = sum(len(opts) >= 2 for opts in lists.values())
    assert with_two == ortools_alternatives(score, cap, firsts, min(1, k - 1))


@pytest.mark.parametrize("family", sorted(families.FAMILIES))
def test_shortlist_every_family_is_maximal(family):
    score, cap = families.one_to_many(family, 150, 200, seed=4)
    lists = shortlist(score, cap, 3)
    firsts = {i: opts[0] for i, opts in lists.items() if opts}
    alternatives = sum(len(opts) - 1 for opts in lists.values() if opts)
    assert alternatives == ortools_alternatives(score, cap, firsts, 2)


def test_shortlist_looks_past_everyones_favourite_spare_mentors():
    """Every mentee's cheapest alternatives are the same four popular mentors; the min-cut
    check must bring in the less popular ones so that all ten get a second option."""
    score = np.full((10, 24), 10.0)
    score[:, :10] = np.nan
    score[np.arange(10), np.arange(10)] = 100.0  # each mentee's own first choice
    score[:, 10:14] = 90.0  # popular, one place each
    lists = shortlist(score, np.ones(24, dtype=int), 2)
    firsts = {i: opts[0] for i, opts in lists.items()}

    assert firsts == {i: i for i in range(10)}
    assert all(len(opts) == 2 for opts in lists.values())
    assert sorted(opts[1] for opts in lists.values())[:4] == [10, 11, 12, 13]
    assert ortools_alternatives(score, np.ones(24), firsts, 1) == 10
