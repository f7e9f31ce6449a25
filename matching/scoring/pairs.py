"""The score of a pair (pure Python, no Django): the hard constraints, then every criterion
weighed and scaled to 0-100, with the reasons sorted by the points they earned."""

from __future__ import annotations

from . import criteria
from .criteria import Part
from .values import CRITERIA, REQUIRED, Candidate, Reason, Score, Weights


def forbidden_reason(
    a: Candidate, b: Candidate, weights: Weights, declined: bool = False
) -> str | None:
    """Why ``a`` and ``b`` must not be paired, or None."""
    if a.email and a.email in b.do_not_pair_with or b.email and b.email in a.do_not_pair_with:
        return "asked not to be paired"
    if weights.organisation_rule == REQUIRED and criteria.same(a.organisation, b.organisation):
        return "same organisation"
    if weights.country_rule == REQUIRED and criteria.same(a.country, b.country):
        return f"same country ({a.country})"
    if declined:
        return "declined this match before"
    return None


def score_pair(
    a: Candidate,
    b: Candidate,
    weights: Weights,
    *,
    directed: bool,
    declined: bool = False,
) -> Score:
    """Score ``a`` with ``b``.

    ``directed``: ``a`` is the giver (offers expertise, the more experienced partner) and
    ``b`` the receiver; otherwise a peer pairing scored both ways. For reverse schemes call
    with the mentor as ``a`` for expertise, and use ``score_reverse``.
    """
    return _score(
        a, b, weights, giver=a, receiver=b, senior=a, junior=b, directed=directed, declined=declined
    )


def score_reverse(
    mentor: Candidate, mentee: Candidate, weights: Weights, *, declined: bool = False
) -> Score:
    """Reverse mentoring: the mentor (junior colleague) offers, the mentee is the senior one."""
    return _score(
        mentor,
        mentee,
        weights,
        giver=mentor,
        receiver=mentee,
        senior=mentee,
        junior=mentor,
        directed=True,
        declined=declined,
    )


def _score(
    a: Candidate,
    b: Candidate,
    weights: Weights,
    *,
    giver: Candidate,
    receiver: Candidate,
    senior: Candidate,
    junior: Candidate,
    directed: bool,
    declined: bool,
) -> Score:
    why_not = forbidden_reason(a, b, weights, declined=declined)
    if why_not:
        return Score(value=None, reasons=(Reason("constraint", 0.0, why_not, why_not),))
    parts = [
        criteria.expertise(giver, receiver, both_ways=not directed),
        criteria.interests(a, b),
        criteria.career_gap(senior, junior, weights, directed=directed),
        criteria.difference(a, b, weights),
        criteria.mode(a, b),
        criteria.availability(a, b),
        criteria.language(a, b),
    ]
    return _weighed([p for p in parts if p is not None], weights)


def _weighed(parts: list[Part], weights: Weights) -> Score:
    """The parts weighed and scaled to 0-100 over the weights of the criteria that apply;
    a reason for each part with something to say and a weight, most points first."""
    total_weight = sum(weights.weight(c) for c, *_ in parts)
    if total_weight <= 0:
        return Score(value=0.0, reasons=())
    scale = 100.0 / total_weight
    reasons = []
    earned = 0.0
    for criterion, fraction, text, plain in parts:
        points = round(weights.weight(criterion) * fraction * scale, 1)
        earned += weights.weight(criterion) * fraction * scale
        if text and weights.weight(criterion) > 0:
            reasons.append(Reason(criterion, points, text, plain))
    reasons.sort(key=lambda r: (-r.points, CRITERIA.index(r.criterion)))
    return Score(value=round(max(earned, 0.0), 1), reasons=tuple(reasons))


def combine_circle(scores: list[Score]) -> Score:
    """A circle's score: the mean of its pairwise scores; reasons: the most common ones."""
    values = [s.value for s in scores if s.value is not None]
    if not values:
        return Score(value=None, reasons=())
    counts: dict[str, tuple[int, Reason]] = {}
    for s in scores:
        for r in s.reasons:
            n, first = counts.get(r.text, (0, r))
            counts[r.text] = (n + 1, first)
    ranked = sorted(counts.values(), key=lambda item: (-item[0], -item[1].points))
    reasons = tuple(
        Reason(r.criterion, r.points, f"{r.text} ({n} of {len(scores)} pairs)", r.plain)
        for n, r in ranked[:4]
    )
    return Score(value=round(sum(values) / len(values), 1), reasons=reasons)
