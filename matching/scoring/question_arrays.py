"""Scored application questions as numpy arrays (``arrays``' twin of
``criteria.question``, with the same float operations)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .questions import SAME, WITHIN, QuestionFactor, answer_of
from .values import Candidate


def encode_answers(group: Sequence[Candidate], codes, keys: list[str]) -> dict[str, dict]:
    """The ``answers``, ``answer_sizes`` and ``numbers`` of ``arrays.Encoded``."""
    n = len(group)
    found: dict[str, dict] = {"answers": {}, "answer_sizes": {}, "numbers": {}}
    for key in keys:
        vocabulary = codes.get(f"answer:{key}", {})
        given = [answer_of(c.answers, key) for c in group]
        rows = [i for i, a in enumerate(given) if a for _ in a.items]
        cols = [vocabulary[item] for a in given if a for item in a.items]
        found["answers"][key] = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(vocabulary)))
        )
        found["answer_sizes"][key] = np.fromiter(
            (len(a.items) if a else 0 for a in given), np.float64, n
        )
        found["numbers"][key] = np.fromiter(
            (np.nan if a is None or a.number is None else a.number for a in given), np.float64, n
        )
    return found


def question(a, b, factor: QuestionFactor) -> np.ndarray:
    """``criteria.question`` for every pair (0 where either left it blank)."""
    shape = (len(a), len(b))
    if factor.key not in a.numbers or factor.key not in b.numbers:
        return np.zeros(shape)  # nobody answered it
    if factor.rule == WITHIN:
        x, y = a.numbers[factor.key][:, None], b.numbers[factor.key][None, :]
        with np.errstate(invalid="ignore"):
            close = np.abs(x - y) <= factor.width
        return np.where(np.isnan(x) | np.isnan(y), 0.0, close.astype(np.float64))
    sa, sb = a.answer_sizes[factor.key][:, None], b.answer_sizes[factor.key][None, :]
    common = (a.answers[factor.key] @ b.answers[factor.key].T).toarray()  # exact counts
    given = (sa > 0) & (sb > 0) & (common > 0)
    if factor.rule == SAME:
        return np.where(given & (common == sa) & (common == sb), 1.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(given, common / (sa + sb - common), 0.0)
