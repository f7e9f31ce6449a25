"""The array path scores every pair exactly as the per-pair path (property-based, on
realistic pools: blank and half-filled profiles, ties, popular people, spelling variants)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.scoring import Candidate, Weights, arrays, forbidden_reason, score_pair, score_reverse
from tests.matching.strategies import group, weights_strategy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=group(0),
    b=group(100),
    weights=weights_strategy,
    kind=st.sampled_from(["directed", "peer", "reverse"]),
    data=st.data(),
)
def test_array_scores_equal_per_pair_scores(a, b, weights, kind, data):
    declined = {
        frozenset({x.key, y.key})
        for x in a
        for y in b
        if data.draw(st.integers(0, 9), label="declined") == 0
    }
    enc_a, enc_b = arrays.encode(a, b)
    values = arrays.score_block(
        enc_a, enc_b, weights, directed=kind != "peer", reverse=kind == "reverse"
    )
    codes = arrays.forbidden_block(
        enc_a, enc_b, weights, asked=arrays.asked_pairs(a + b), declined=declined
    )
    values[codes > 0] = np.nan

    expected = np.full(values.shape, np.nan)
    texts = np.full(values.shape, "", dtype=object)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            was_declined = frozenset({x.key, y.key}) in declined
            if kind == "reverse":
                score = score_reverse(x, y, weights, declined=was_declined)
            else:
                score = score_pair(
                    x, y, weights, directed=kind == "directed", declined=was_declined
                )
            if score.value is not None:
                expected[i, j] = score.value
            texts[i, j] = forbidden_reason(x, y, weights, declined=was_declined) or ""

    np.testing.assert_array_equal(values, expected)  # exactly, nan where forbidden
    found = np.vectorize(lambda c: arrays.CONSTRAINT_TEXT.get(c, ""), otypes=[object])(codes)
    assert found.tolist() == texts.tolist()


def test_array_scores_tie_on_blank_profiles():
    blank = [Candidate.build(key=k) for k in range(4)]
    enc, _ = arrays.encode(blank, blank)

    values = arrays.score_block(enc, enc, Weights(), directed=True)

    # mode (either) 1, half of availability's 2, language 1: 3 of 13 weight units
    assert values.tolist() == [[23.1] * 4] * 4
    assert score_pair(blank[0], blank[1], Weights(), directed=True).value == 23.1
