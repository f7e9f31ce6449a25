"""One function per scoring criterion (pure Python, gettext aside). Each returns a ``Part``:
the criterion, the fraction of its weight earned (0..1; a penalty may be negative), the
staff wording (``text``: always says what the data shows, including missing data and
mismatches) and the member wording (``plain``: only when the criterion speaks for the
match, else empty; a mismatch or a default for missing data is never told to members).

The vectorised twins of these functions (``arrays``) must earn the same fractions: the
property test in ``tests/matching/test_scoring_arrays.py`` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.availability import common_minutes, hours_text, minutes_total

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

AREA_LABELS = {
    "management": _("management"),
    "leadership": _("leadership"),
    "interpersonal": _("interpersonal skills"),
    "specialist": _("specialist technical skills"),
    "clinical": _("clinical practice"),
    "research": _("research and evidence"),
    "education": _("teaching and education"),
    "career": _("career development"),
    "wellbeing": _("wellbeing and resilience"),
    "digital": _("digital and technology"),
    "policy": _("policy and influencing"),
    "enterprise": _("private practice and enterprise"),
}
MODE_LABELS = {"online": _("online"), "in_person": _("in person")}


class Part(NamedTuple):
    criterion: str
    fraction: float
    text: str
    plain: str = ""
    common: tuple[tuple[str, str], ...] = ()  # times in common (``Reason.common``)


def join(words: Iterable[str]) -> str:
    """An "and" list, sorted: "a", "a and b", "a, b and c"."""
    items = sorted(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + gettext(" and ") + items[-1]


def area_word(label: str) -> str:
    """A label as it reads mid-sentence: "Clinical practice" -> "clinical practice", but
    "NHS leadership" and "HIV" keep their capitals."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return label
    return label[:1].lower() + label[1:]


def areas(codes: Iterable[str], *people: Candidate) -> str:
    """Area codes as words: the body's labels carried by ``people`` (``area_labels``),
    else the labels the list started with, else the code itself."""
    labels = {code: str(label) for code, label in AREA_LABELS.items()}
    for person in people:
        labels.update((code, area_word(label)) for code, label in person.area_labels)
    return join(labels.get(c, c) for c in codes)


def languages(codes: Iterable[str]) -> str:
    return join(c.title() for c in codes)


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
            return Part("expertise", 0.0, gettext("no development goals given"))
        return Part("expertise", 0.0, gettext("no goal sought is offered"))
    if matched and matched_back:
        return Part(
            "expertise",
            fraction,
            gettext("expertise sought both ways (%(areas)s)")
            % {"areas": areas(everything, giver, receiver)},
            gettext("each of you has experience the other hopes to develop (%(areas)s)")
            % {"areas": areas(everything, giver, receiver)},
        )
    return Part(
        "expertise",
        fraction,
        gettext("offers %(areas)s, sought by the other")
        % {"areas": areas(everything, giver, receiver)},
        gettext("one of you has experience in %(areas)s, which the other hopes to develop")
        % {"areas": areas(everything, giver, receiver)},
    )


def interests(a: Candidate, b: Candidate) -> Part:
    """Interests in common (two or more earn the whole weight)."""
    common = a.interests & b.interests
    if not common:
        if not (a.interests and b.interests):
            return Part("interests", 0.0, gettext("interests not given"))
        return Part("interests", 0.0, gettext("no interest in common"))
    return Part(
        "interests",
        min(1.0, len(common) / 2),
        gettext("both interested in %(interests)s") % {"interests": join(common)},
        gettext("you are both interested in %(interests)s") % {"interests": join(common)},
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
        return Part("career_gap", 0.0, gettext("experience not given"))
    gap = s - j if directed else abs(s - j)
    years = round(abs(gap))
    unit = gettext("year's") if years == 1 else gettext("years'")
    if directed and gap < 0:
        # A penalty, not just no credit: the pairing runs against the scheme's direction.
        return Part(
            "career_gap",
            -1.0,
            gettext("the junior partner has %(years)s %(unit)s more experience")
            % {"years": years, "unit": unit},
        )
    fraction = career_gap_fraction(gap, weights)
    if senior.years is None or junior.years is None:
        # estimated from career stages: say so, and tell members nothing precise
        return Part(
            "career_gap",
            fraction,
            gettext(
                "about %(years)s %(unit)s difference in experience (estimated from career stage)"
            )
            % {"years": years, "unit": unit}
            if years
            else gettext("similar experience (estimated from career stage)"),
        )
    in_range = fraction == 1.0
    if years == 0:
        return Part(
            "career_gap",
            fraction,
            gettext("similar experience"),
            gettext("you have similar experience") if in_range else "",
        )
    return Part(
        "career_gap",
        fraction,
        gettext("%(years)s %(unit)s difference in experience") % {"years": years, "unit": unit},
        gettext("there are %(years)s %(unit)s difference in your experience")
        % {"years": years, "unit": unit}
        if in_range
        else "",
    )


def same(x: str, y: str) -> bool:
    """Both known and alike (blank is never the same as anything)."""
    return bool(x and y and x.casefold() == y.casefold())


def difference(a: Candidate, b: Candidate, weights: Weights) -> Part | None:
    """Different countries and/or organisations, where the scheme requires or prefers them
    (else None: the criterion does not apply). The reason names the countries; a blank
    country or organisation earns nothing and claims nothing, and members are told only
    of a difference (never that they share a country or an employer)."""
    wanted = [
        (x, y, kind)
        for rule, x, y, kind in (
            (weights.country_rule, a.country, b.country, "country"),
            (weights.organisation_rule, a.organisation, b.organisation, "organisation"),
        )
        if rule in (REQUIRED, PREFERRED)
    ]
    if not wanted:
        return None
    earned, texts, plains = 0.0, [], []
    for x, y, kind in wanted:
        if not (x and y):
            texts.append(gettext("%(kind)s not given") % {"kind": kind})
        elif same(x, y):
            texts.append(
                gettext("both in %(x)s") % {"x": x}
                if kind == "country"
                else gettext("same organisation")
            )
        else:
            earned += 1
            texts.append(
                gettext("%(x)s and %(y)s") % {"x": x, "y": y}
                if kind == "country"
                else gettext("different organisations")
            )
            plains.append(
                gettext("you are based in different countries (%(x)s and %(y)s)") % {"x": x, "y": y}
                if kind == "country"
                else gettext("you work for different organisations")
            )
    return Part("difference", earned / len(wanted), "; ".join(texts), "; ".join(plains))


def mode(a: Candidate, b: Candidate) -> Part:
    """Compatible preferred ways of meeting (online, in person, either)."""
    if a.mode == b.mode and a.mode != "either":
        label = str(MODE_LABELS.get(a.mode, a.mode))
        return Part(
            "mode",
            1.0,
            gettext("both prefer to meet %(label)s") % {"label": label},
            gettext("you both prefer to meet %(label)s") % {"label": label},
        )
    if "either" in (a.mode, b.mode):
        return Part("mode", 1.0, gettext("ways of meeting compatible (either suits one or both)"))
    return Part("mode", 0.0, gettext("one prefers online, the other in person"))


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
        return Part("availability", 0.5, gettext("availability not given by both: counted as half"))
    common = common_minutes(a.free, b.free)
    if not common:
        return Part("availability", 0.0, gettext("no time in common"))
    minutes = minutes_total(common)
    hours = gettext("%(hours)s a week in common") % {"hours": hours_text(minutes / 60)}
    return Part(
        "availability",
        min(1.0, overlap_share(minutes)),
        hours,
        hours,
        common_instants(common, a.week),
    )


def language(a: Candidate, b: Candidate) -> Part:
    """A language in common (the whole weight when either listed none)."""
    if not (a.languages and b.languages):
        return Part("language", 1.0, gettext("languages not listed by both: counted as shared"))
    shared = a.languages & b.languages
    if not shared:
        return Part("language", 0.0, gettext("no language in common"))
    langs = languages(shared)
    return Part(
        "language",
        1.0,
        gettext("both speak %(languages)s") % {"languages": langs},
        gettext("you both speak %(languages)s") % {"languages": langs},
    )


def question(a: Candidate, b: Candidate, factor: QuestionFactor) -> Part:
    """A scored application question (``questions``): the whole weight for the same
    answer or numbers within the range, the share of the options either chose that both
    chose for an overlap; nothing, and no claim, when either left it blank."""
    x, y = answer_of(a.answers, factor.key), answer_of(b.answers, factor.key)
    label = f"‘{factor.label}’"
    if x is None or y is None or not (x.given and y.given):
        return Part(factor.key, 0.0, gettext("%(label)s not answered by both") % {"label": label})
    if factor.rule == WITHIN:
        return _within(x, y, factor, label)
    common = x.items & y.items
    if not common or (factor.rule == SAME and x.items != y.items):
        return Part(factor.key, 0.0, gettext("different answers to %(label)s") % {"label": label})
    words = join(f"‘{w}’" for w in x.words(common))
    if factor.rule == SAME:
        return Part(
            factor.key,
            1.0,
            gettext("both answered %(words)s to %(label)s") % {"words": words, "label": label},
            gettext("you both answered %(words)s to %(label)s") % {"words": words, "label": label},
        )
    fraction = len(common) / (len(x.items) + len(y.items) - len(common))
    return Part(
        factor.key,
        fraction,
        gettext("both chose %(words)s for %(label)s") % {"words": words, "label": label},
        gettext("you both chose %(words)s for %(label)s") % {"words": words, "label": label},
    )


def _within(x: Answer, y: Answer, factor: QuestionFactor, label: str) -> Part:
    if x.number is None or y.number is None:
        return Part(factor.key, 0.0, gettext("%(label)s not answered by both") % {"label": label})
    if abs(x.number - y.number) > factor.width:
        return Part(
            factor.key,
            0.0,
            gettext("answers to %(label)s more than %(width)s apart")
            % {"label": label, "width": f"{factor.width:g}"},
        )
    return Part(
        factor.key,
        1.0,
        gettext("answers to %(label)s within %(width)s (%(first)s and %(second)s)")
        % {
            "label": label,
            "width": f"{factor.width:g}",
            "first": f"{x.number:g}",
            "second": f"{y.number:g}",
        },
        gettext("your answers to %(label)s are close") % {"label": label},
    )
