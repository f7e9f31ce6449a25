"""Compatibility scores between two applicants, each with the reasons for it.

Pure Python: no Django. Callers turn applications and profiles into ``Candidate`` values
and a scheme's matching settings into ``Weights``; ``score_pair`` returns a ``Score``
whose ``value`` is 0-100 (``None`` when a hard constraint forbids the pair) and whose
``reasons`` say why, both for the administrator (short phrases with points) and for the
members (plain words).

Criteria (each scores 0..1, multiplied by its weight; the total is scaled to 0-100 over the
weights of the criteria that apply):

- expertise: what the giver offers against what the receiver hopes to develop (both ways
  in peer schemes);
- interests in common;
- career-stage gap: the difference in years' experience inside a preferred range;
- difference: different organisation and/or country, where the scheme wants it;
- mode: compatible preferred modes (online, in person, either);
- availability overlap;
- language in common.

Hard constraints: either person asked not to be paired with the other; same organisation
when the scheme forbids it; a pairing declined before. Eligibility, preparation and capacity
are decided on the pool, not the pair (see ``matching.services``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CRITERIA = (
    "expertise",
    "interests",
    "career_gap",
    "difference",
    "mode",
    "availability",
    "language",
)

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
# Years assumed between neighbouring career stages when years of experience are missing.
YEARS_PER_STAGE = 5


@dataclass(frozen=True)
class Candidate:
    """What scoring needs to know about one applicant (built from application + profile)."""

    key: int
    email: str = ""
    name: str = ""
    offers: frozenset[str] = frozenset()
    seeks: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    years: int | None = None
    stage: int | None = None
    organisation: str = ""
    country: str = ""
    availability: frozenset[str] = frozenset()
    mode: str = "either"
    languages: frozenset[str] = frozenset()
    do_not_pair_with: frozenset[str] = frozenset()

    @classmethod
    def build(cls, *, key: int, **values) -> Candidate:
        """Normalise lists and text (case, spaces) so comparisons are fair."""

        def norm_set(items: Iterable[str] | None) -> frozenset[str]:
            return frozenset(
                " ".join(str(i).split()).lower() for i in (items or ()) if str(i).strip()
            )

        for name in (
            "offers",
            "seeks",
            "interests",
            "availability",
            "languages",
            "do_not_pair_with",
        ):
            if name in values:
                values[name] = norm_set(values[name])
        for name in ("organisation", "country"):
            if name in values:
                values[name] = " ".join((values[name] or "").split())
        values["email"] = (values.get("email") or "").strip().lower()
        values["mode"] = values.get("mode") or "either"
        return cls(key=key, **values)

    @property
    def effective_years(self) -> float | None:
        if self.years is not None:
            return float(self.years)
        if self.stage is not None:
            return float(self.stage * YEARS_PER_STAGE)
        return None


@dataclass(frozen=True)
class Weights:
    """A scheme's weights and preferences (defaults validated on the demo data)."""

    expertise: float = 4.0
    interests: float = 2.0
    career_gap: float = 2.0
    difference: float = 1.0
    mode: float = 1.0
    availability: float = 2.0
    language: float = 1.0
    gap_min_years: int = 3
    gap_max_years: int = 15
    prefer_different_organisation: bool = True
    prefer_different_country: bool = False
    forbid_same_organisation: bool = False

    def weight(self, criterion: str) -> float:
        return float(getattr(self, criterion))


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: float
    text: str
    plain: str

    def as_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "points": self.points,
            "text": self.text,
            "plain": self.plain,
        }


@dataclass(frozen=True)
class Score:
    value: float | None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def forbidden(self) -> bool:
        return self.value is None

    @property
    def summary(self) -> str:
        return "; ".join(r.text for r in self.reasons)

    def reasons_as_dicts(self) -> list[dict]:
        return [r.as_dict() for r in self.reasons]


def _join(words: Iterable[str]) -> str:
    items = sorted(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _areas(codes: Iterable[str]) -> str:
    return _join(AREA_LABELS.get(c, c) for c in codes)


def forbidden_reason(
    a: Candidate, b: Candidate, weights: Weights, declined: bool = False
) -> str | None:
    """Why ``a`` and ``b`` must not be paired, or None."""
    if a.email and a.email in b.do_not_pair_with or b.email and b.email in a.do_not_pair_with:
        return "asked not to be paired"
    if (
        weights.forbid_same_organisation
        and a.organisation
        and a.organisation.lower() == b.organisation.lower()
    ):
        return "same organisation"
    if declined:
        return "declined this match before"
    return None


def _expertise(giver: Candidate, receiver: Candidate, *, both_ways: bool) -> tuple[float, str, str]:
    def one_way(g: Candidate, r: Candidate) -> tuple[float, frozenset[str]]:
        if not r.seeks:
            return 0.0, frozenset()
        matched = g.offers & r.seeks
        return len(matched) / len(r.seeks), matched

    fraction, matched = one_way(giver, receiver)
    if not both_ways:
        if not matched:
            return 0.0, "", ""
        areas = _areas(matched)
        return (
            fraction,
            f"offers {areas}, sought by the other",
            f"one of you has experience in {areas}, which the other hopes to develop",
        )
    back, matched_back = one_way(receiver, giver)
    fraction = (fraction + back) / 2
    everything = matched | matched_back
    if not everything:
        return 0.0, "", ""
    if matched and matched_back:
        return (
            fraction,
            f"expertise sought both ways ({_areas(everything)})",
            f"each of you has experience the other hopes to develop ({_areas(everything)})",
        )
    areas = _areas(everything)
    return (
        fraction,
        f"offers {areas}, sought by the other",
        f"one of you has experience in {areas}, which the other hopes to develop",
    )


def _career_gap(
    senior: Candidate, junior: Candidate, weights: Weights, *, directed: bool
) -> tuple[float, str, str]:
    s, j = senior.effective_years, junior.effective_years
    if s is None or j is None:
        return 0.0, "", ""
    gap = s - j if directed else abs(s - j)
    years = round(abs(gap))
    unit = "year's" if years == 1 else "years'"
    if directed and gap < 0:
        # A penalty, not just no credit: the pairing runs against the scheme's direction.
        return (
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
        return fraction, "similar experience", "you have similar experience"
    return (
        fraction,
        f"{years} {unit} difference in experience",
        f"there are {years} years' difference in your experience",
    )


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

    parts: list[tuple[str, float, str, str]] = []  # criterion, fraction, text, plain

    parts.append(("expertise", *_expertise(giver, receiver, both_ways=not directed)))

    common = a.interests & b.interests
    if common:
        parts.append(
            (
                "interests",
                min(1.0, len(common) / 2),
                f"both interested in {_join(common)}",
                f"you are both interested in {_join(common)}",
            )
        )
    else:
        parts.append(("interests", 0.0, "", ""))

    parts.append(("career_gap", *_career_gap(senior, junior, weights, directed=directed)))

    if weights.prefer_different_organisation or weights.prefer_different_country:
        checks = []
        texts = []
        if weights.prefer_different_country:
            differs = bool(a.country and b.country and a.country.lower() != b.country.lower())
            checks.append(differs)
            texts.append("different countries" if differs else "same country")
        if weights.prefer_different_organisation:
            differs = bool(
                a.organisation
                and b.organisation
                and a.organisation.lower() != b.organisation.lower()
            )
            checks.append(differs)
            texts.append("different organisations" if differs else "same organisation")
        text = "; ".join(texts)
        plain = "you come from " + " and ".join(t.replace("same ", "the same ") for t in texts)
        parts.append(("difference", sum(checks) / len(checks), text, plain))

    if "either" in (a.mode, b.mode) or a.mode == b.mode:
        if a.mode == b.mode and a.mode != "either":
            label = "online" if a.mode == "online" else "in person"
            parts.append(
                ("mode", 1.0, f"both prefer to meet {label}", f"you both prefer to meet {label}")
            )
        else:
            parts.append(("mode", 1.0, "", ""))
    else:
        parts.append(
            (
                "mode",
                0.0,
                "one prefers online, the other in person",
                "one of you prefers to meet online and the other in person",
            )
        )

    if a.availability and b.availability:
        shared = a.availability & b.availability
        if shared:
            when = _join(AVAILABILITY_LABELS.get(s, s) for s in shared)
            parts.append(
                ("availability", 1.0, f"both available {when}", f"you are both free {when}")
            )
        else:
            parts.append(("availability", 0.0, "no time in common", "you gave no times in common"))
    else:
        parts.append(("availability", 0.5, "", ""))

    if a.languages and b.languages:
        shared = a.languages & b.languages
        if shared:
            langs = _join(s.title() for s in shared)
            parts.append(("language", 1.0, f"both speak {langs}", f"you both speak {langs}"))
        else:
            parts.append(
                ("language", 0.0, "no language in common", "you listed no language in common")
            )
    else:
        parts.append(("language", 1.0, "", ""))

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
