"""Pools on tied scores and popular people: exact against blossom references, no shortfall.

The audit's regression cases (all-equal pools, a few people everyone scores highly,
attribute scores with forbidden organisations above 2,000 people) and property-based
generators of the same shapes, checked against rustworkx's and networkx's blossom
implementations on the full graph. Pure Python: no database, no Django.
"""

import math

import networkx as nx
import numpy as np
import pytest
import rustworkx as rx
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import pair_within_pool, solve_pool
from matching.families import pool

FAST = settings(max_examples=40, deadline=None)


def total(score, pairs):
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return float(score[idx[:, 0], idx[:, 1]].sum())


def rustworkx_reference(score):
    """Maximum-cardinality maximum-weight matching of the full graph, integer weights."""
    n = score.shape[0]
    a, b = np.nonzero(np.triu(~np.isnan(score), 1))
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    if len(a):
        lo = float(np.nanmin(score[a, b]))
        w = np.round((score[a, b] - lo) * 2**20).astype(np.int64) + 1
        g.extend_from_weighted_edge_list(list(zip(a.tolist(), b.tolist(), w.tolist())))
    mate = rx.max_weight_matching(g, max_cardinality=True, weight_fn=int)
    pairs = [(min(i, j), max(i, j)) for i, j in mate]
    return len(pairs), total(score, pairs)


def networkx_reference(score):
    n = score.shape[0]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    a, b = np.nonzero(np.triu(~np.isnan(score), 1))
    g.add_weighted_edges_from(zip(a.tolist(), b.tolist(), score[a, b].tolist()))
    pairs = list(nx.max_weight_matching(g, maxcardinality=True))
    return len(pairs), total(score, pairs)


def assert_valid(score, pairs):
    people = [p for pair in pairs for p in pair]
    assert len(people) == len(set(people))
    assert all(i < j and not np.isnan(score[i, j]) for i, j in pairs)


def symmetric(values, forbidden):
    s = np.triu(values, 1)
    s = s + s.T
    s[forbidden | forbidden.T] = np.nan
    np.fill_diagonal(s, np.nan)
    return s


@st.composite
def tie_heavy(draw, max_n=40):
    """Scores from a handful of levels, blank people (constant rows), forbidden blocks."""
    n = draw(st.integers(2, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    levels = rng.choice([-2.0, 0.0, 0.5, 1.0, 3.0], size=draw(st.integers(1, 3)), replace=False)
    values = rng.choice(levels, size=(n, n))
    blank = rng.random(n) < draw(st.sampled_from([0.0, 0.3, 0.7]))
    values[blank, :] = values[:, blank] = levels[0]
    org = rng.integers(0, draw(st.integers(1, 6)), size=n)
    same_org = (org[:, None] == org[None, :]) & draw(st.booleans())
    return symmetric(values, same_org & (rng.random((n, n)) < 0.9))


@st.composite
def popular_people(draw, max_n=40):
    """A few people score the maximum with everyone; the rest score in coarse steps."""
    n = draw(st.integers(2, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = rng.integers(0, 7, size=(n, n)).astype(float) * 10
    star = rng.random(n) < draw(st.sampled_from([0.05, 0.2, 0.5]))
    values[star, :] = values[:, star] = 100.0
    return symmetric(values, rng.random((n, n)) < draw(st.sampled_from([0.0, 0.2])))


def assert_same_as_references(score, sol):
    assert_valid(score, sol.pairs)
    ref = rustworkx_reference(score)
    assert ref == pytest.approx(networkx_reference(score), rel=1e-9, abs=1e-6)
    assert len(sol.pairs) == ref[0]
    assert math.isclose(sol.objective, ref[1], rel_tol=1e-9, abs_tol=1e-6)
    assert sol.proven_optimal
    assert sol.max_cardinality
    assert sol.upper_bound >= ref[1] - 1e-6


@FAST
@given(tie_heavy())
def test_pool_tie_heavy_matches_blossom_references(score):
    assert_same_as_references(score, solve_pool(score))


@FAST
@given(popular_people())
def test_pool_popular_people_match_blossom_references(score):
    assert_same_as_references(score, solve_pool(score))


@FAST
@given(st.one_of(tie_heavy(max_n=30), popular_people(max_n=30)))
def test_pool_bounded_mode_keeps_cardinality_and_a_valid_bound(score):
    sol = solve_pool(score, exact_limit=1)
    assert_valid(score, sol.pairs)
    ref = rustworkx_reference(score)
    assert len(sol.pairs) == ref[0]
    assert sol.objective <= ref[1] + 1e-6 <= sol.upper_bound + 2e-6
    assert sol.max_cardinality


@pytest.mark.parametrize(("n", "pairs"), [(600, 300), (601, 300), (1200, 600)])
def test_pool_all_equal_scores_pairs_everyone_who_can_be(n, pairs):
    """Was 259 of 300 pairs at 600 and 242 of 600 at 1,200, returned silently."""
    score = pool("equal", n, 1)
    sol = solve_pool(score)
    assert (len(sol.pairs), sol.objective) == (pairs, 50.0 * pairs)
    assert sol.proven_optimal
    assert_valid(score, sol.pairs)


@pytest.mark.parametrize("family", ["three_valued", "blank_profiles", "popular", "attributes"])
def test_pool_realistic_families_are_proven_and_match_reference(family):
    score = pool(family, 240, 7)
    assert_same_as_references(score, solve_pool(score))


def test_pool_half_the_scores_tied_at_the_top_still_pairs_everyone():
    """Everyone's top choices are the same popular few: top-k alone would leave most out."""
    score = pool("popular", 300, 3)
    sol = solve_pool(score, k=2, spread=0)
    assert len(sol.pairs) == 150
    assert sol.proven_optimal


def test_pool_nobody_pairable_except_through_a_forbidden_maze():
    """A path 0-1-2-3 of allowed pairs only: the unique perfect matching must be found."""
    score = np.full((4, 4), np.nan)
    for i, j in [(0, 1), (1, 2), (2, 3)]:
        score[i, j] = score[j, i] = 5.0
    assert pair_within_pool(score) == [(0, 1), (2, 3)]


@pytest.mark.slow
@pytest.mark.parametrize(("family", "n", "pairs"), [("equal", 2002, 1001), ("popular", 2100, 1050)])
def test_pool_above_exact_limit_has_maximum_pairs(family, n, pairs):
    """Was 6 of 1,001 pairs (2,002 equal scores) and 43 of 1,050 (popular people)."""
    score = pool(family, n, 1)
    sol = solve_pool(score)
    assert len(sol.pairs) == pairs
    assert sol.max_cardinality
    assert sol.gap < 0.01
    assert_valid(score, sol.pairs)


@pytest.mark.slow
def test_pool_attributes_above_exact_limit_do_not_crash():
    """Crashed with 'dual prices did not converge' at 2,500 people."""
    score = pool("attributes", 2500, 1)
    sol = solve_pool(score)
    assert len(sol.pairs) == 1250
    assert sol.max_cardinality
    assert 0 <= sol.gap < 0.01
    assert sol.objective <= sol.upper_bound


def test_pool_bounded_mode_prices_on_until_cardinality_is_proven():
    """On a path whose best pairs block each other, top-1 candidates allow only 4 of 5 pairs."""
    score = np.full((10, 10), np.nan)
    for i in range(9):
        score[i, i + 1] = score[i + 1, i] = float(i % 2)
    sol = solve_pool(score, exact_limit=1, k=1, spread=0, bounded_rounds=1)
    assert sol.pairs == [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)]
    assert sol.max_cardinality
    assert sol.proven_optimal


@pytest.mark.parametrize("kwargs", [{}, {"exact_limit": 1}])
def test_pool_forbidden_everywhere_but_one_pair_and_negative_scores(kwargs):
    score = np.full((5, 5), np.nan)
    score[1, 3] = score[3, 1] = -7.5
    sol = solve_pool(score, **kwargs)
    assert (sol.pairs, sol.objective, sol.upper_bound, sol.gap) == ([(1, 3)], -7.5, -7.5, 0.0)
