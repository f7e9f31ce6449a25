"""One function per scoring criterion (pure Python, gettext aside). Each returns a ``Part``:
the criterion, the fraction of its weight earned (0..1; a penalty may be negative), the
staff wording (``text``: always says what the data shows, including missing data and
mismatches) and the member wording (``plain``: only when the criterion speaks for the
match, else empty; a mismatch or a default for missing data is never told to members),
both worded (``said``) from a message code and its values (``wording``), which are stored
so that each reader reads the reason in their own language.

The vectorised twins of these functions (``arrays``) must earn the same fractions: the
property test in ``tests/matching/test_scoring_arrays.py`` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from accounts.availability import common_minutes, minutes_total

from .questions import SAME, WITHIN, Answer, QuestionFactor, answer_of
from .values import (
    FULL_OVERLAP_HOURS,
    PREFERRED,
    REQUIRED,
    YEARS_PER_STAGE,
    Candidate,
    Weights,
    common_instants,
)
from .wording import AREA_LABELS, MODE_LABELS, join, member_text, message, staff_text

__all__ = ["AREA_LABELS", "MODE_LABELS", "Part", "join", "said"]


class Part(NamedTuple):
    criterion: str
    fraction: float
    text: str
    plain: str = ""
    common: tuple[tuple[str, str], ...] = ()  # times in common (``Reason.common``)
    code: str = ""  # the message worded (``wording``) and its values
    params: Mapping[str, Any] = {}


def said(criterion: str, fraction: float, code: str, common: tuple = (), **params: Any) -> Part:
    """A part worded from the message ``code`` with ``params`` (its words in the active
    language; the message itself is stored, for each reader's language)."""
    found = message(code, **params)
    return Part(criterion, fraction, staff_text(found), member_text(found), common, code, params)


def area_word(label: str) -> str:
    """A label as it reads mid-sentence: "Clinical practice" -> "clinical practice", but
    "NHS leadership" and "HIV" keep their capitals."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return label
    return label[:1].lower() + label[1:]


def areas(codes: Iterable[str], *people: Candidate) -> dict[str, Any]:
    """Area codes as message values: the codes, sorted, and the body's labels carried by
    ``people`` (``area_labels``) as they read mid-sentence; a code without one is worded
    from ``wording.AREA_LABELS`` in the reader's language, else as itself."""
    labels: dict[str, str] = {}
    for person in people:
        labels.update((code, area_word(label)) for code, label in person.area_labels)
    chosen = sorted(codes)
    return {"areas": chosen, "labels": {c: labels[c] for c in chosen if c in labels}}


def expertise(giver: Candidate, receiver: Candidate, *, both_ways: bool) -> Part:
    """What the giver offers against what the receiver hopes to develop (averaged over both
    ways in peer schemes)."""

    def one_way(g: Candidate, r: Candidate) -> tuple[float, frozenset[str]]:
        if not r.seeks:
            return 0.0, frozenset()
        matched = g.offers & r.seeks
        return len(matched) / len(r.seeks), matched

    fraction, matched = one_way(giver, receiver)
    matched_back: frozenset[str] = frozenset()
    if both_ways:
        back, matched_back = one_way(receiver, giver)
        fraction = (fraction + back) / 2
    everything = matched | matched_back
    if not everything:
        if not receiver.seeks and not (both_ways and giver.seeks):
            return said("expertise", 0.0, "expertise.no_goals")
        return said("expertise", 0.0, "expertise.none_offered")
    code = "expertise.both_ways" if matched and matched_back else "expertise.offered"
    return said("expertise", fraction, code, **areas(everything, giver, receiver))


def interests(a: Candidate, b: Candidate) -> Part:
    """Interests in common (two or more earn the whole weight)."""
    common = a.interests & b.interests
    if not common:
        if not (a.interests and b.interests):
            return said("interests", 0.0, "interests.not_given")
        return said("interests", 0.0, "interests.none")
    return said(
        "interests", min(1.0, len(common) / 2), "interests.shared", interests=sorted(common)
    )


def career_gap_fraction(gap: float, weights: Weights) -> float:
    """The credit for a gap of ``gap`` years (not reversed): whole inside the preferred
    range, decaying by a fifth per year outside it."""
    low, high = weights.gap_min_years, weights.gap_max_years
    if low <= gap <= high:
        return 1.0
    distance = low - gap if gap < low else gap - high
    return max(0.0, 1.0 - distance / YEARS_PER_STAGE)


def career_gap(senior: Candidate, junior: Candidate, weights: Weights, *, directed: bool) -> Part:
    """The difference in years' experience, against the scheme's preferred range."""
    s, j = senior.effective_years, junior.effective_years
    if s is None or j is None:
        return said("career_gap", 0.0, "career_gap.not_given")
    gap = s - j if directed else abs(s - j)
    years = round(abs(gap))
    if directed and gap < 0:
        # A penalty, not just no credit: the pairing runs against the scheme's direction.
        return said("career_gap", -1.0, "career_gap.reversed", years=years)
    fraction = career_gap_fraction(gap, weights)
    if senior.years is None or junior.years is None:
        # estimated from career stages: say so, and tell members nothing precise
        if years:
            return said("career_gap", fraction, "career_gap.estimated", years=years)
        return said("career_gap", fraction, "career_gap.estimated_similar")
    in_range = fraction == 1.0
    if years == 0:
        return said("career_gap", fraction, "career_gap.similar", in_range=in_range)
    return said("career_gap", fraction, "career_gap.years", years=years, in_range=in_range)


def same(x: str, y: str) -> bool:
    """Both known and alike (blank is never the same as anything)."""
    return bool(x and y and x.casefold() == y.casefold())


def difference(a: Candidate, b: Candidate, weights: Weights) -> Part | None:
    """Different countries and/or organisations, where the scheme requires or prefers them
    (else None: the criterion does not apply). The reason names the countries; a blank
    country or organisation earns nothing and claims nothing, and members are told only
    of a difference (never that they share a country or an employer)."""
    wanted = [
        kind
        for rule, kind in ((weights.country_rule, "country"), (weights.organisation_rule, "org"))
        if rule in (REQUIRED, PREFERRED)
    ]
    if not wanted:
        return None
    earned, findings = 0.0, []
    for kind in wanted:
        if kind == "country":
            x, y = a.country, b.country
            places = {"x": x, "x_code": a.country_code, "y": y, "y_code": b.country_code}
            if not (x and y):
                findings.append(message("country.not_given"))
            elif same(x, y):
                findings.append(message("country.same", x=x, x_code=a.country_code))
            else:
                earned += 1
                findings.append(message("country.different", **places))
        elif not (a.organisation and b.organisation):
            findings.append(message("organisation.not_given"))
        elif same(a.organisation, b.organisation):
            findings.append(message("organisation.same"))
        else:
            earned += 1
            findings.append(message("organisation.different"))
    return said("difference", earned / len(wanted), "difference", findings=findings)


def mode(a: Candidate, b: Candidate) -> Part:
    """Compatible preferred ways of meeting (online, in person, either)."""
    if a.mode == b.mode and a.mode != "either":
        return said("mode", 1.0, "mode.same", modes=[a.mode])
    if "either" in (a.mode, b.mode):
        return said("mode", 1.0, "mode.either")
    return said("mode", 0.0, "mode.different")


def overlap_minutes(a: Candidate, b: Candidate) -> int:
    """Minutes a week both are free at the same time, across their zones."""
    return minutes_total(common_minutes(a.free, b.free))


def overlap_share(minutes):  # float or numpy array
    """The share of the availability weight ``minutes`` a week in common earn, before it
    is capped at 1 (``arrays.availability`` uses the same float operations)."""
    return minutes / 60 / FULL_OVERLAP_HOURS


def too_little_overlap(minutes: float, weights: Weights) -> bool:
    """The scheme's minimum overlap, a hard constraint (off at 0)."""
    return weights.min_overlap_hours > 0 and minutes < weights.min_overlap_hours * 60


def availability(a: Candidate, b: Candidate) -> Part:
    """Hours a week both are free at the same time, across their time zones (the whole
    weight from ``FULL_OVERLAP_HOURS``; half the weight when either gave no times). Members
    are told the hours and, in their own zone, when (``member_reasons``)."""
    if not (a.free and b.free):
        return said("availability", 0.5, "availability.not_given")
    common = common_minutes(a.free, b.free)
    if not common:
        return said("availability", 0.0, "availability.none")
    minutes = minutes_total(common)
    return said(
        "availability",
        min(1.0, overlap_share(minutes)),
        "availability.common",
        common_instants(common, a.week),
        minutes=minutes,
    )


def language(a: Candidate, b: Candidate) -> Part:
    """A language in common (the whole weight when either listed none)."""
    if not (a.languages and b.languages):
        return said("language", 1.0, "language.not_given")
    shared = a.languages & b.languages
    if not shared:
        return said("language", 0.0, "language.none")
    return said("language", 1.0, "language.shared", languages=sorted(shared))


def question(a: Candidate, b: Candidate, factor: QuestionFactor) -> Part:
    """A scored application question (``questions``): the whole weight for the same
    answer or numbers within the range, the share of the options either chose that both
    chose for an overlap; nothing, and no claim, when either left it blank."""
    x, y = answer_of(a.answers, factor.key), answer_of(b.answers, factor.key)
    if x is None or y is None or not (x.given and y.given):
        return _asked(factor, 0.0, "question.not_answered")
    if factor.rule == WITHIN:
        return _within(x, y, factor)
    common = x.items & y.items
    if not common or (factor.rule == SAME and x.items != y.items):
        return _asked(factor, 0.0, "question.different")
    words = x.words(common)
    if factor.rule == SAME:
        return _asked(factor, 1.0, "question.same", words=words)
    fraction = len(common) / (len(x.items) + len(y.items) - len(common))
    return _asked(factor, fraction, "question.overlap", words=words)


def _asked(factor: QuestionFactor, fraction: float, code: str, **params: Any) -> Part:
    """A question's part, with its label and whether members may read it (``shared``)."""
    return said(factor.key, fraction, code, label=factor.label, shared=factor.shared, **params)


def _within(x: Answer, y: Answer, factor: QuestionFactor) -> Part:
    width = f"{factor.width:g}"
    if x.number is None or y.number is None:
        return _asked(factor, 0.0, "question.not_answered")
    if abs(x.number - y.number) > factor.width:
        return _asked(factor, 0.0, "question.apart", width=width)
    return _asked(
        factor, 1.0, "question.close", width=width, first=f"{x.number:g}", second=f"{y.number:g}"
    )
