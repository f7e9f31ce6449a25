"""Score matrices shaped like real schemes, for the engine's benchmark and property tests.

Uniform random scores hide the cases that break matching on real data: members who leave
their profile blank (so many pairs tie), a few people everyone scores highly, scores that
come in coarse steps, and forbidden pairs clustered by organisation. Each family below
builds one of those, for a one-to-many instance (``n`` mentees × ``m`` mentors) or a pool
(symmetric ``n × n``, diagonal forbidden). ``nan`` means a forbidden pair, as everywhere in
the engine. Pure numpy, no Django; every generator is deterministic for a given seed.

Families (``FAMILIES``):

- ``uniform``: scores uniform in [0, 1), 5 % forbidden (the old benchmark);
- ``equal``: every allowed pair scores the same (everyone left the profile blank);
- ``three_valued``: scores in {0, 0.5, 1} (coarse, heavily tied);
- ``blank_profiles``: attribute scores where 60 % of people have a blank profile, so their
  rows and columns are constant;
- ``popular``: 5 % of people score 100 with everyone, the rest are uniform in 0-60 steps
  of 10 (everyone's favourite);
- ``attributes``: realistic attribute scores in 0.1 steps (expertise, interests, country,
  language), with same-organisation pairs forbidden (40 organisations, the largest holding
  about a fifth of the people: some 10 % of pairs forbidden).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

BLOCK = 500


def _uniform(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    score = np.empty(shape)
    for r0 in range(0, shape[0], BLOCK):
        blk = score[r0 : r0 + BLOCK]
        rng.random(out=blk)
        blk[rng.random(blk.shape) < 0.05] = np.nan
    return score


def _equal(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    return np.full(shape, 50.0)


def _three_valued(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    return rng.choice(np.array([0.0, 0.5, 1.0]), size=shape)


class _People:
    """Random member attributes: organisation, country, expertise and interest bit sets."""

    def __init__(self, rng: np.random.Generator, n: int, blank_share: float) -> None:
        org_share = 1 / np.arange(1, 41)  # a few large employers, many small ones
        self.org = rng.choice(40, size=n, p=org_share / org_share.sum())
        country_share = np.linspace(3, 1, 12)
        self.country = rng.choice(12, size=n, p=country_share / country_share.sum())
        self.skills = rng.integers(0, 2**12, size=n) & rng.integers(0, 2**12, size=n)
        self.interests = rng.integers(0, 2**8, size=n) & rng.integers(0, 2**8, size=n)
        self.language = rng.integers(0, 3, size=n)
        self.blank = rng.random(n) < blank_share


def _bits(x: np.ndarray) -> np.ndarray:
    return np.unpackbits(x.astype(">u2").view(np.uint8).reshape(-1, 2), axis=1).sum(axis=1)


def _attribute_scores(rows: _People, cols: _People, forbid_same_org: bool) -> np.ndarray:
    n, m = len(rows.org), len(cols.org)
    score = np.empty((n, m))
    for r0 in range(0, n, BLOCK):
        r = slice(r0, min(n, r0 + BLOCK))
        skill = _bits(np.bitwise_and.outer(rows.skills[r], cols.skills).ravel()).reshape(-1, m)
        inter = _bits(np.bitwise_and.outer(rows.interests[r], cols.interests).ravel())
        inter = inter.reshape(-1, m)
        blk = (
            4 * np.minimum(skill, 3) / 3
            + 2 * np.minimum(inter, 2) / 2
            + 2 * (rows.country[r, None] != cols.country[None, :])
            + 2 * (rows.language[r, None] == cols.language[None, :])
        )
        blk[rows.blank[r], :] = 2.0
        blk[:, cols.blank] = 2.0
        blk = np.round(blk * 10) / 10  # 0.1 steps on a 0-10 scale
        if forbid_same_org:
            blk[rows.org[r, None] == cols.org[None, :]] = np.nan
        score[r] = blk
    return score


def _blank_profiles(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    rows = _People(rng, shape[0], blank_share=0.6)
    cols = rows if shape[0] == shape[1] else _People(rng, shape[1], blank_share=0.6)
    return _attribute_scores(rows, cols, forbid_same_org=False)


def _attributes(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    rows = _People(rng, shape[0], blank_share=0.2)
    cols = rows if shape[0] == shape[1] else _People(rng, shape[1], blank_share=0.2)
    return _attribute_scores(rows, cols, forbid_same_org=True)


def _popular(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    score = rng.integers(0, 7, size=shape).astype(float) * 10
    score[:, rng.random(shape[1]) < 0.05] = 100.0
    score[rng.random(shape[0]) < 0.05, :] = 100.0
    return score


Family = Callable[[np.random.Generator, tuple[int, int]], np.ndarray]

FAMILIES: dict[str, Family] = {
    "uniform": _uniform,
    "equal": _equal,
    "three_valued": _three_valued,
    "blank_profiles": _blank_profiles,
    "popular": _popular,
    "attributes": _attributes,
}


def one_to_many(family: str, n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An ``n × m`` score matrix of ``family`` and mentor capacities uniform in 1..3."""
    rng = np.random.default_rng(seed)
    score = FAMILIES[family](rng, (n, m))
    return score, rng.integers(1, 4, size=m)


def pool(family: str, n: int, seed: int) -> np.ndarray:
    """A symmetric ``n × n`` score matrix of ``family`` with the diagonal forbidden."""
    rng = np.random.default_rng(seed)
    score = FAMILIES[family](rng, (n, n))
    for r0 in range(0, n, BLOCK):  # mirror the upper triangle, block by block
        r1 = min(n, r0 + BLOCK)
        score[r0:r1, :r0] = score[:r0, r0:r1].T
        sub = score[r0:r1, r0:r1]
        score[r0:r1, r0:r1] = np.triu(sub, 1) + np.triu(sub, 1).T
    np.fill_diagonal(score, np.nan)
    return score
