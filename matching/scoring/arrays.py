"""The scores of many pairs at once, as numpy arrays (no reasons, gettext aside).

``encode`` turns candidates into per-person arrays (sets as sparse indicator rows over one
vocabulary per attribute, text as integer codes, years as floats); ``score_block`` scores
every pair of two encoded groups with the same float operations, in the same order, as
``pairs.score_pair`` (the property test ``tests/matching/test_scoring_arrays.py`` checks
they agree exactly); ``forbidden_block`` gives the hard constraint of each pair with the
priority of ``pairs.forbidden_reason``. Each criterion is one small function, like
``criteria``. Callers score in row blocks (``block_rows``) so memory stays bounded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from accounts.availability import WEEK_MINUTES

from .criteria import overlap_share
from .question_arrays import encode_answers, question
from .values import CRITERIA, PREFERRED, REQUIRED, YEARS_PER_STAGE, Candidate, Weights

# Elements of one block of temporaries (float64): 2**21 is 16 MB each.
BLOCK_ELEMENTS = 1 << 21
SET_FIELDS = ("offers", "seeks", "interests", "languages")
# Hard constraints, by priority (``pairs.forbidden_reason``): 0 means allowed.
ASKED, SAME_ORGANISATION, SAME_COUNTRY, DECLINED, LOW_OVERLAP = 1, 2, 3, 4, 5
CONSTRAINT_TEXT = {
    ASKED: _("asked not to be paired"),
    SAME_ORGANISATION: _("same organisation"),
    SAME_COUNTRY: _("same country"),
    DECLINED: _("declined this match before"),
    LOW_OVERLAP: _("too little time in common"),
}
# Free time as slots of the UTC week: dense products up to this many slots a week (168 at
# hourly boundaries, 672 at quarter hours), sparse beyond.
DENSE_SLOTS = 1024
_SHARED_VOCABULARY = {"offers": "areas", "seeks": "areas"}


@dataclass(frozen=True)
class Encoded:
    """Per-person attributes of a list of candidates (row ``i`` is ``candidates[i]``)."""

    keys: np.ndarray
    sets: dict[str, sparse.csr_matrix]
    sizes: dict[str, np.ndarray]
    years: np.ndarray  # nan when neither years nor career stage is known
    mode: np.ndarray  # 0 either, else a code per mode
    country: np.ndarray  # -1 not given, else a code per lower-cased value
    organisation: np.ndarray
    # Free time: row i has a 1 for each slot of the UTC week person i is free; a slot is
    # ``slot`` minutes, the widest that divides every window's edges (``weekly_minutes``).
    free: sparse.csr_matrix
    slot: int
    # Answers to scored questions, by factor key: chosen items as indicator rows with their
    # counts, and numbers (nan when not given).
    answers: dict[str, sparse.csr_matrix]
    answer_sizes: dict[str, np.ndarray]
    numbers: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.keys)

    def rows(self, start: int, stop: int) -> Encoded:
        return Encoded(
            keys=self.keys[start:stop],
            sets={k: v[start:stop] for k, v in self.sets.items()},
            sizes={k: v[start:stop] for k, v in self.sizes.items()},
            years=self.years[start:stop],
            mode=self.mode[start:stop],
            country=self.country[start:stop],
            organisation=self.organisation[start:stop],
            free=self.free[start:stop],
            slot=self.slot,
            answers={k: v[start:stop] for k, v in self.answers.items()},
            answer_sizes={k: v[start:stop] for k, v in self.answer_sizes.items()},
            numbers={k: v[start:stop] for k, v in self.numbers.items()},
        )


def encode(*groups: Sequence[Candidate]) -> tuple[Encoded, ...]:
    """Encode each group over vocabularies shared by all of them (so codes compare)."""
    codes: dict[str, dict[str, int]] = {}

    def code(vocabulary: str, value: str) -> int:
        return codes.setdefault(vocabulary, {}).setdefault(value, len(codes[vocabulary]))

    for group in groups:
        for c in group:
            for name in SET_FIELDS:
                for item in getattr(c, name):
                    code(_SHARED_VOCABULARY.get(name, name), item)
            for answer in c.answers:
                for item in answer.items:
                    code(f"answer:{answer.key}", item)
    edges = (edge for group in groups for c in group for span in c.free for edge in span)
    slot = reduce(math.gcd, edges, WEEK_MINUTES)
    keys = sorted({a.key for group in groups for c in group for a in c.answers})
    return tuple(_encode_group(group, codes, code, slot, keys) for group in groups)


def _free_slots(group: Sequence[Candidate], slot: int) -> sparse.csr_matrix:
    rows = [i for i, c in enumerate(group) for lo, hi in c.free for _ in range(lo, hi, slot)]
    cols = [k // slot for c in group for lo, hi in c.free for k in range(lo, hi, slot)]
    # float32: counts of at most 10,080 slots are exact, and the product runs twice as fast
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(group), WEEK_MINUTES // slot),
    )


def _encode_group(group: Sequence[Candidate], codes, code, slot: int, keys: list[str]) -> Encoded:
    n = len(group)
    sets, sizes = {}, {}
    for name in SET_FIELDS:
        vocabulary = _SHARED_VOCABULARY.get(name, name)
        rows = [i for i, c in enumerate(group) for _ in getattr(c, name)]
        cols = [codes[vocabulary][item] for c in group for item in getattr(c, name)]
        width = max(1, len(codes.get(vocabulary, {})))
        sets[name] = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n, width), dtype=np.float64
        )
        sizes[name] = np.fromiter((len(getattr(c, name)) for c in group), np.float64, n)
    years = np.fromiter(
        (np.nan if c.effective_years is None else c.effective_years for c in group),
        np.float64,
        n,
    )
    return Encoded(
        keys=np.fromiter((c.key for c in group), np.int64, n),
        sets=sets,
        sizes=sizes,
        years=years,
        mode=np.fromiter(
            (0 if c.mode == "either" else code("mode", c.mode) + 1 for c in group), np.int32, n
        ),
        country=_text_codes((c.country for c in group), code, "country", n),
        organisation=_text_codes((c.organisation for c in group), code, "organisation", n),
        free=_free_slots(group, slot),
        slot=slot,
        **encode_answers(group, codes, keys),
    )


def _text_codes(values: Iterable[str], code, vocabulary: str, n: int) -> np.ndarray:
    return np.fromiter((code(vocabulary, v.lower()) if v else -1 for v in values), np.int64, n)


def block_rows(n_cols: int) -> int:
    """Rows per block so that a block of temporaries stays near ``BLOCK_ELEMENTS``."""
    return max(1, BLOCK_ELEMENTS // max(1, n_cols))


def to_tenth(values: np.ndarray) -> np.ndarray:
    """``values.to_tenth`` element-wise (the same float operations)."""
    return np.floor(values * 10 + 0.5) / 10


def _common(a: sparse.csr_matrix, b: sparse.csr_matrix, dense_up_to: int = 64) -> np.ndarray:
    """How many items each row of ``a`` shares with each row of ``b`` (exact counts)."""
    if a.shape[1] <= dense_up_to:
        return a.toarray() @ b.toarray().T
    return (a @ b.T).toarray()


def _shared_or(a: Encoded, b: Encoded, name: str, *, missing: float) -> np.ndarray:
    """1 where both gave ``name`` and share one, 0 where both gave it and share none,
    ``missing`` where either gave none."""
    given = (a.sizes[name][:, None] > 0) & (b.sizes[name][None, :] > 0)
    return np.where(given, (_common(a.sets[name], b.sets[name]) > 0).astype(np.float64), missing)


def expertise(giver: Encoded, receiver: Encoded, *, both_ways: bool) -> np.ndarray:
    """``criteria.expertise``: the giver's offers for the receiver's goals (rows: givers)."""
    forward = _one_way(
        _common(giver.sets["offers"], receiver.sets["seeks"]), receiver.sizes["seeks"][None, :]
    )
    if not both_ways:
        return forward
    back = _one_way(
        _common(giver.sets["seeks"], receiver.sets["offers"]), giver.sizes["seeks"][:, None]
    )
    return (forward + back) / 2


def _one_way(matched: np.ndarray, sought: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sought > 0, matched / sought, 0.0)


def interests(a: Encoded, b: Encoded) -> np.ndarray:
    return np.minimum(1.0, _common(a.sets["interests"], b.sets["interests"]) / 2)


def career_gap(
    senior: np.ndarray, junior: np.ndarray, weights: Weights, *, directed: bool
) -> np.ndarray:
    """``criteria.career_gap`` on years arrays already shaped to broadcast (nan: unknown)."""
    gap = senior - junior if directed else np.abs(senior - junior)
    low, high = weights.gap_min_years, weights.gap_max_years
    distance = np.where(gap < low, low - gap, gap - high)
    fraction = np.where(
        (low <= gap) & (gap <= high), 1.0, np.maximum(0.0, 1.0 - distance / YEARS_PER_STAGE)
    )
    if directed:
        fraction = np.where(gap < 0, -1.0, fraction)
    return np.where(np.isnan(gap), 0.0, fraction)


def differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``criteria.differs`` on codes: both given and different."""
    return (a[:, None] >= 0) & (b[None, :] >= 0) & (a[:, None] != b[None, :])


def difference(a: Encoded, b: Encoded, weights: Weights) -> np.ndarray:
    """``criteria.difference``: the share of the wanted differences (only called where the
    criterion applies, see ``applies``)."""
    checks = []
    if weights.country_rule in (REQUIRED, PREFERRED):
        checks.append(differs(a.country, b.country))
    if weights.organisation_rule in (REQUIRED, PREFERRED):
        checks.append(differs(a.organisation, b.organisation))
    total = np.zeros((len(a), len(b)))
    for check in checks:
        total += check
    return total / max(1, len(checks))


def mode(a: Encoded, b: Encoded) -> np.ndarray:
    ma, mb = a.mode[:, None], b.mode[None, :]
    return ((ma == 0) | (mb == 0) | (ma == mb)).astype(np.float64)


def overlap_minutes(a: Encoded, b: Encoded) -> np.ndarray:
    """``criteria.overlap_minutes`` of every pair: shared slots times the slot's minutes."""
    return _common(a.free, b.free, DENSE_SLOTS).astype(np.float64) * a.slot


def _free_given(a: Encoded, b: Encoded) -> np.ndarray:
    return (a.free.getnnz(axis=1) > 0)[:, None] & (b.free.getnnz(axis=1) > 0)[None, :]


def availability(a: Encoded, b: Encoded) -> np.ndarray:
    """``criteria.availability``: the share of the weight the hours in common earn."""
    return np.where(_free_given(a, b), np.minimum(1.0, overlap_share(overlap_minutes(a, b))), 0.5)


def too_little_overlap(a: Encoded, b: Encoded, weights: Weights) -> np.ndarray:
    """The scheme's minimum overlap (``criteria.too_little_overlap``) for every pair."""
    if weights.min_overlap_hours <= 0:
        return np.zeros((len(a), len(b)), dtype=bool)
    return overlap_minutes(a, b) < weights.min_overlap_hours * 60


def language(a: Encoded, b: Encoded) -> np.ndarray:
    return _shared_or(a, b, "languages", missing=1.0)


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``criteria.same`` on codes: both given and alike."""
    return (a[:, None] >= 0) & (a[:, None] == b[None, :])


def same_organisation(a: Encoded, b: Encoded, weights: Weights) -> np.ndarray:
    """The same-organisation hard constraint (only when the scheme requires a difference)."""
    if weights.organisation_rule != REQUIRED:
        return np.zeros((len(a), len(b)), dtype=bool)
    return _same(a.organisation, b.organisation)


def same_country(a: Encoded, b: Encoded, weights: Weights) -> np.ndarray:
    """The same-country hard constraint (only when the scheme requires a difference)."""
    if weights.country_rule != REQUIRED:
        return np.zeros((len(a), len(b)), dtype=bool)
    return _same(a.country, b.country)


def applies(criterion: str, weights: Weights) -> bool:
    """Whether ``criterion`` is part of the score (``difference`` only where wanted)."""
    if criterion == "difference":
        return REQUIRED in (weights.country_rule, weights.organisation_rule) or PREFERRED in (
            weights.country_rule,
            weights.organisation_rule,
        )
    return True


def score_block(
    a: Encoded, b: Encoded, weights: Weights, *, directed: bool, reverse: bool = False
) -> np.ndarray:
    """The score (0-100) of ``a[i]`` with ``b[j]`` at ``[i, j]``, as ``pairs.score_pair(a[i],
    b[j], directed=...)`` (``score_reverse`` when ``reverse``); hard constraints are not
    applied here (``forbidden_block``)."""
    total_weight = sum(
        [weights.weight(c) for c in CRITERIA if applies(c, weights)]
        + [q.weight for q in weights.questions]
    )
    earned = np.zeros((len(a), len(b)))
    if total_weight <= 0:
        return earned
    scale = 100.0 / total_weight
    senior, junior = (
        (b.years[None, :], a.years[:, None]) if reverse else (a.years[:, None], b.years[None, :])
    )
    fractions = {
        "expertise": lambda: expertise(a, b, both_ways=not directed),
        "interests": lambda: interests(a, b),
        "career_gap": lambda: career_gap(senior, junior, weights, directed=directed),
        "difference": lambda: difference(a, b, weights),
        "mode": lambda: mode(a, b),
        "availability": lambda: availability(a, b),
        "language": lambda: language(a, b),
    }
    for criterion in CRITERIA:
        weight = weights.weight(criterion)
        if weight > 0 and applies(criterion, weights):
            # the same operations, in the same order, as ``pairs._weighed``
            earned += weight * fractions[criterion]() * scale
    for factor in weights.questions:
        if factor.weight > 0:
            earned += factor.weight * question(a, b, factor) * scale
    return to_tenth(np.maximum(earned, 0.0))


def forbidden_block(
    a: Encoded,
    b: Encoded,
    weights: Weights,
    *,
    asked: set[tuple[int, int]],
    declined: set[frozenset[int]],
) -> np.ndarray:
    """The hard constraint of each pair (0 allowed, else ``ASKED``, ``SAME_ORGANISATION``,
    ``SAME_COUNTRY``, ``DECLINED``, ``LOW_OVERLAP``, by the priority of ``pairs.forbidden_reason``).
    ``asked``: pairs of keys where one asked not to be paired with the other (both orders);
    ``declined``: pairs of keys declined before."""
    codes = np.zeros((len(a), len(b)), dtype=np.int8)
    row_of = {int(k): i for i, k in enumerate(a.keys)}
    col_of = {int(k): j for j, k in enumerate(b.keys)}
    for pairs, code in ((declined, DECLINED), (asked, ASKED)):
        for pair in pairs:
            x, y = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            for r, c in ((x, y), (y, x)):
                if r in row_of and c in col_of:
                    codes[row_of[r], col_of[c]] = code
    codes[same_country(a, b, weights) & (codes != ASKED)] = SAME_COUNTRY
    codes[same_organisation(a, b, weights) & (codes != ASKED)] = SAME_ORGANISATION
    codes[too_little_overlap(a, b, weights) & (codes == 0)] = LOW_OVERLAP
    return codes


def asked_pairs(candidates: Iterable[Candidate]) -> set[tuple[int, int]]:
    """Pairs of keys where one candidate listed the other's email as not to be paired."""
    by_email: dict[str, list[int]] = {}
    people = list(candidates)
    for c in people:
        if c.email:
            by_email.setdefault(c.email, []).append(c.key)
    return {
        (c.key, other)
        for c in people
        for email in c.do_not_pair_with
        for other in by_email.get(email, ())
    }
