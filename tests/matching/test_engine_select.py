"""``row_smallest``: each row's ``k`` smallest keys from a sampled threshold, checked against
a full sort on tie-heavy, nan-heavy and adversarially ordered blocks; and the array
primitives beside it, each checked against the NumPy function it replaces."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine._select import nonzero_2d, order_by, row_smallest, unique_sorted


def _expected(keys: np.ndarray, k: int) -> list[list[float]]:
    """Each row's k smallest non-nan keys, sorted (what any correct choice must hold)."""
    return [sorted(v for v in row if not np.isnan(v))[:k] for row in keys.tolist()]


def _chosen(keys: np.ndarray, k: int) -> list[list[float]]:
    bi, bj = row_smallest(keys, k)
    out: list[list[float]] = [[] for _ in range(keys.shape[0])]
    for i, j in zip(bi.tolist(), bj.tolist(), strict=True):
        out[i].append(float(keys[i, j]))
    return [sorted(v) for v in out]


@settings(max_examples=80, deadline=None)
@given(
    rows=st.integers(1, 12),
    cols=st.integers(1, 400),
    k=st.integers(1, 12),
    levels=st.integers(1, 5),
    nan_share=st.sampled_from([0.0, 0.3, 0.95]),
    seed=st.integers(0, 2**16),
)
def test_matches_a_full_sort(rows, cols, k, levels, nan_share, seed):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, levels, size=(rows, cols)).astype(np.float32)
    keys[rng.random(keys.shape) < nan_share] = np.nan
    assert _chosen(keys, k) == _expected(keys, k)


def test_best_entries_hidden_from_the_sample_are_still_found():
    # The sample reads every 8th column; put each row's best entries everywhere else.
    keys = np.full((3, 800), 5.0, dtype=np.float32)
    keys[:, 1::8] = -1.0
    keys[:, 0::8] = 9.0
    assert _chosen(keys, 6) == [[-1.0] * 6] * 3


def test_rows_with_fewer_allowed_than_k_give_what_they_have():
    keys = np.full((2, 600), np.nan, dtype=np.float32)
    keys[0, [3, 500]] = [2.0, 1.0]
    bi, bj = row_smallest(keys, 6)
    assert bi.tolist() == [0, 0]
    assert sorted(bj.tolist()) == [3, 500]


@pytest.mark.parametrize("k", [1, 6, 40])
def test_no_row_gets_more_than_k(k):
    keys = np.zeros((5, 1000), dtype=np.float32)  # every entry tied
    bi, _ = row_smallest(keys, k)
    assert np.bincount(bi, minlength=5).tolist() == [k] * 5


def test_popular_mentors_do_not_cost_a_round():
    """With a few mentors everyone rates highest, each mentee's top choices are all theirs;
    the candidates also hold each mentee's best among the others, so the certificate
    closes at once (it took a second full round before), with the same optimum."""
    from matching import families
    from matching.engine import solve_assignment
    from matching.references import scipy_dense_assignment

    score, cap = families.one_to_many("popular", 2000, 600, 2)
    sol = solve_assignment(score, cap)
    assert sol.optimality == "proven"
    assert sol.rounds == 1
    reference = np.array(scipy_dense_assignment(score, cap))
    assert len(sol.pairs) == len(reference)
    assert sol.objective == pytest.approx(score[reference[:, 0], reference[:, 1]].sum())


_SPECIALS = np.array([0.0, -0.0, 1.5, -1.5, np.inf, -np.inf, 3e38, -3e38, 1e-45, -1e-45])


@settings(max_examples=80, deadline=None)
@given(size=st.integers(0, 300), rows=st.integers(1, 20), seed=st.integers(0, 2**16))
def test_order_by_sorts_exactly_as_lexsort(size, rows, seed):
    rng = np.random.default_rng(seed)
    major = rng.integers(0, rows, size=size)
    # Few distinct values (ties must keep their input order), signs, zeros of both signs,
    # infinities and the extremes of float32.
    minor = rng.choice(_SPECIALS, size=size).astype(np.float32)
    assert order_by(major, minor).tolist() == np.lexsort((minor, major)).tolist()


def test_order_by_leaves_other_dtypes_to_lexsort():
    minor = np.array([1 + 1e-12, 1.0, 1 + 2e-12])  # equal once rounded to float32
    assert order_by(np.zeros(3, dtype=int), minor).tolist() == [1, 0, 2]


@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(0, 30), st.integers(1, 50)),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_nonzero_2d_matches_numpy(shape, share, seed):
    mask = np.random.default_rng(seed).random(shape) < share
    got, want = nonzero_2d(mask), np.nonzero(mask)
    assert [a.tolist() for a in got] == [a.tolist() for a in want]


@given(st.lists(st.integers(-(2**40), 2**40), max_size=200))
def test_unique_sorted_matches_numpy(values):
    keys = np.array(values, dtype=np.int64)
    assert unique_sorted(keys).tolist() == np.unique(keys).tolist()
