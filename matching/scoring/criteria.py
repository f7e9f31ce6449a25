"""One function per scoring criterion (pure Python, no Django). Each returns a ``Part``:
the criterion, the fraction of its weight earned (0..1; a penalty may be negative), and the
reason in short (for the administrator) and in plain words (for the members), empty when
there is nothing to say."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .values import PREFERRED, REQUIRED, YEARS_PER_STAGE, Candidate, Weights

AREA_LABELS = {
    "management": "management",
    "leadership": "leadership",
    "interpersonal": "interpersonal skills",
    "specialist": "specialist technical skills",
    "clinical": "clinical practice",
    "research": "research and evidence",
    "education": "teaching and education",
    "career": "career development",
    "wellbeing": "wellbeing and resilience",
    "digital": "digital and technology",
    "policy": "policy and influencing",
    "enterprise": "private practice and enterprise",
}
AVAILABILITY_LABELS = {
    "weekday_morning": "weekday mornings",
    "weekday_afternoon": "weekday afternoons",
    "weekday_evening": "weekday evenings",
    "weekend": "weekends",
}


class Part(NamedTuple):
    criterion: str
    fraction: float
    text: str
    plain: str


def _join(words: Iterable[str]) -> str:
    items = sorted(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _areas(codes: Iterable[str]) -> str:
    return _join(AREA_LABELS.get(c, c) for c in codes)


def expertise(giver: Candidate, receiver: Candidate, *, both_ways: bool) -> Part:
    """What the giver offers against what the receiver hopes to develop (averaged over both
    ways in peer schemes)."""

    def one_way(g: Candidate, r: Candidate) -> tuple[float, frozenset[str]]:
        if not r.seeks:
            return 0.0, frozenset()
        matched = g.offers & r.seeks
        return len(matched) / len(r.seeks), matched

    fraction, matched = one_way(giver, receiver)
    if not both_ways:
        if not matched:
            return Part("expertise", 0.0, "", "")
        areas = _areas(matched)
        return Part(
            "expertise",
            fraction,
            f"offers {areas}, sought by the other",
            f"one of you has experience in {areas}, which the other hopes to develop",
        )
    back, matched_back = one_way(receiver, giver)
    fraction = (fraction + back) / 2
    everything = matched | matched_back
    if not everything:
        return Part("expertise", 0.0, "", "")
    if matched and matched_back:
        return Part(
            "expertise",
            fraction,
            f"expertise sought both ways ({_areas(everything)})",
            f"each of you has experience the other hopes to develop ({_areas(everything)})",
        )
    areas = _areas(everything)
    return Part(
        "expertise",
        fraction,
        f"offers {areas}, sought by the other",
        f"one of you has experience in {areas}, which the other hopes to develop",
    )


def interests(a: Candidate, b: Candidate) -> Part:
    """Interests in common (two or more earn the whole weight)."""
    common = a.interests & b.interests
    if not common:
        return Part("interests", 0.0, "", "")
    return Part(
        "interests",
        min(1.0, len(common) / 2),
        f"both interested in {_join(common)}",
        f"you are both interested in {_join(common)}",
    )


def career_gap(senior: Candidate, junior: Candidate, weights: Weights, *, directed: bool) -> Part:
    """The difference in years' experience, against the scheme's preferred range."""
    s, j = senior.effective_years, junior.effective_years
    if s is None or j is None:
        return Part("career_gap", 0.0, "", "")
    gap = s - j if directed else abs(s - j)
    years = round(abs(gap))
    unit = "year's" if years == 1 else "years'"
    if directed and gap < 0:
        # A penalty, not just no credit: the pairing runs against the scheme's direction.
        return Part(
            "career_gap",
            -1.0,
            f"the junior partner has {years} {unit} more experience",
            "the partner expected to be more experienced has less experience",
        )
    low, high = weights.gap_min_years, weights.gap_max_years
    if low <= gap <= high:
        fraction = 1.0
    else:
        distance = low - gap if gap < low else gap - high
        fraction = max(0.0, 1.0 - distance / YEARS_PER_STAGE)
    if years == 0:
        return Part("career_gap", fraction, "similar experience", "you have similar experience")
    return Part(
        "career_gap",
        fraction,
        f"{years} {unit} difference in experience",
        f"there are {years} years' difference in your experience",
    )


def same(x: str, y: str) -> bool:
    """Both known and alike (blank is never the same as anything)."""
    return bool(x and y and x.casefold() == y.casefold())


def difference(a: Candidate, b: Candidate, weights: Weights) -> Part | None:
    """Different countries and/or organisations, where the scheme requires or prefers them
    (else None: the criterion does not apply). The reason names the countries; a blank
    country or organisation earns nothing and claims nothing."""
    wanted = [
        (rule, x, y, kind)
        for rule, x, y, kind in (
            (weights.country_rule, a.country, b.country, "country"),
            (weights.organisation_rule, a.organisation, b.organisation, "organisation"),
        )
        if rule in (REQUIRED, PREFERRED)
    ]
    if not wanted:
        return None
    earned, texts, plains = 0.0, [], []
    for _rule, x, y, kind in wanted:
        if not (x and y):
            continue
        if same(x, y):
            texts.append(f"both in {x}" if kind == "country" else "same organisation")
            plains.append(
                f"you are both based in {x}"
                if kind == "country"
                else "you work for the same organisation"
            )
            continue
        earned += 1
        texts.append(f"{x} and {y}" if kind == "country" else "different organisations")
        plains.append(
            f"you are based in different countries ({x} and {y})"
            if kind == "country"
            else "you work for different organisations"
        )
    return Part("difference", earned / len(wanted), "; ".join(texts), "; ".join(plains))


def mode(a: Candidate, b: Candidate) -> Part:
    """Compatible preferred ways of meeting (online, in person, either)."""
    if "either" in (a.mode, b.mode) or a.mode == b.mode:
        if a.mode == b.mode and a.mode != "either":
            label = "online" if a.mode == "online" else "in person"
            return Part(
                "mode", 1.0, f"both prefer to meet {label}", f"you both prefer to meet {label}"
            )
        return Part("mode", 1.0, "", "")
    return Part(
        "mode",
        0.0,
        "one prefers online, the other in person",
        "one of you prefers to meet online and the other in person",
    )


def availability(a: Candidate, b: Candidate) -> Part:
    """Times both are free (half the weight when either gave none)."""
    if not (a.availability and b.availability):
        return Part("availability", 0.5, "", "")
    shared = a.availability & b.availability
    if not shared:
        return Part("availability", 0.0, "no time in common", "you gave no times in common")
    when = _join(AVAILABILITY_LABELS.get(s, s) for s in shared)
    return Part("availability", 1.0, f"both available {when}", f"you are both free {when}")


def language(a: Candidate, b: Candidate) -> Part:
    """A language in common (the whole weight when either listed none)."""
    if not (a.languages and b.languages):
        return Part("language", 1.0, "", "")
    shared = a.languages & b.languages
    if not shared:
        return Part("language", 0.0, "no language in common", "you listed no language in common")
    langs = _join(s.title() for s in shared)
    return Part("language", 1.0, f"both speak {langs}", f"you both speak {langs}")
