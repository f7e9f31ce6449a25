"""The score of a pair (pure Python, gettext aside): the hard constraints, then every criterion
weighed and scaled to 0-100, with the reasons sorted by the points they earned."""

from __future__ import annotations

import math

from django.utils.translation import gettext, ngettext

from accounts.availability_words import hours_parts, join_list

from . import criteria
from .criteria import Part
from .values import CRITERIA, FLOOR, REQUIRED, Candidate, Reason, Score, Weights, to_tenth
from .wording import message, staff_text


def forbidden_code(
    a: Candidate, b: Candidate, weights: Weights, declined: bool = False
) -> str | None:
    """The message code (``wording``) of why ``a`` and ``b`` must not be paired, or None."""
    if a.email and a.email in b.do_not_pair_with or b.email and b.email in a.do_not_pair_with:
        return "constraint.do_not_pair"
    if weights.organisation_rule == REQUIRED and criteria.same(a.organisation, b.organisation):
        return "constraint.same_organisation"
    if weights.country_rule == REQUIRED and criteria.same(a.country, b.country):
        return "constraint.same_country"
    if declined:
        return "constraint.declined"
    if criteria.too_little_overlap(criteria.overlap_minutes(a, b), weights):
        return "constraint.too_little_overlap"
    return None


def forbidden_reason(
    a: Candidate, b: Candidate, weights: Weights, declined: bool = False
) -> str | None:
    """Why ``a`` and ``b`` must not be paired (in the active language), or None."""
    code = forbidden_code(a, b, weights, declined)
    return staff_text(message(code)) if code else None


def forbidding_rules(score: Score, weights: Weights) -> str:
    """The rules that forbid a pair or circle scored ``score`` (``Score.forbidden``), named
    as the scheme applies them, in the active language ("same country: the scheme requires
    partners from different countries"); "" when nothing forbids it."""
    codes = dict.fromkeys(r.code for r in score.reasons if r.code.startswith("constraint."))
    return join_list([_rule(code, weights) for code in codes]) if codes else ""


def _rule(code: str, weights: Weights) -> str:
    if code == "constraint.too_little_overlap":
        number, count = hours_parts(weights.min_overlap_hours)
        return ngettext(
            "less than the %(hours)s hour a week in common the scheme requires",
            "less than the %(hours)s hours a week in common the scheme requires",
            count,
        ) % {"hours": number}
    rules = {
        "constraint.do_not_pair": lambda: gettext(
            "listed as not to be paired: one of them asked not to be paired with the other"
        ),
        "constraint.same_organisation": lambda: gettext(
            "same organisation: the scheme requires partners from different organisations"
        ),
        "constraint.same_country": lambda: gettext(
            "same country: the scheme requires partners from different countries"
        ),
        "constraint.declined": lambda: gettext(
            "declined before: one of them declined this match in an earlier round"
        ),
    }
    return rules[code]() if code in rules else staff_text(message(code))


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
    why_not = forbidden_code(a, b, weights, declined=declined)
    if why_not:
        part = criteria.said("constraint", 0.0, why_not)
        return Score(value=None, reasons=(Reason("constraint", 0.0, part.text, code=why_not),))
    parts = [
        criteria.expertise(giver, receiver, both_ways=not directed),
        criteria.interests(a, b),
        criteria.career_gap(senior, junior, weights, directed=directed),
        criteria.difference(a, b, weights),
        criteria.mode(a, b),
        criteria.availability(a, b),
        criteria.language(a, b),
        *(criteria.question(a, b, factor) for factor in weights.questions),
    ]
    return _weighed([p for p in parts if p is not None], weights)


def _weighed(parts: list[Part], weights: Weights) -> Score:
    """The parts weighed and scaled to 0-100 over the weights of the criteria that apply;
    a reason for each part with a weight, most points first, whose points add up to the
    score (the float operations are those of ``arrays.score_block``)."""
    total_weight = sum(weights.weight(c) for c, *_ in parts)
    if total_weight <= 0:
        return Score(value=0.0, reasons=())
    scale = 100.0 / total_weight
    earned = 0.0
    raw: list[tuple[Part, float]] = []
    for part in parts:
        points = weights.weight(part.criterion) * part.fraction * scale
        earned += points
        if weights.weight(part.criterion) > 0:
            raw.append((part, points))
    value = to_tenth(max(earned, 0.0))
    if earned < 0:
        raw.append((criteria.said(FLOOR, 0.0, "floor"), -earned))
    return Score(value=value, reasons=apportioned(raw, value))


def apportioned(raw: list[tuple[Part, float]], value: float) -> tuple[Reason, ...]:
    """Reasons with points rounded to tenths so that they add up to ``value`` exactly
    (largest remainder), most points first."""
    target = round(value * 10)
    tenths = [math.floor(points * 10) for _, points in raw]
    by_remainder = sorted(
        range(len(raw)), key=lambda i: (tenths[i] - raw[i][1] * 10, i)
    )  # largest remainder first
    missing = target - sum(tenths)
    step = 1 if missing > 0 else -1
    order = by_remainder if missing > 0 else by_remainder[::-1]
    for k in range(abs(missing)):
        tenths[order[k % len(order)]] += step
    reasons = [
        Reason(
            part.criterion, units / 10, part.text, part.plain, part.common, part.code, part.params
        )
        for (part, _), units in zip(raw, tenths, strict=True)
    ]
    reasons.sort(key=lambda r: (-r.points, _RANK.get(r.criterion, len(_RANK))))
    return tuple(reasons)


_RANK = {c: i for i, c in enumerate(CRITERIA)}
