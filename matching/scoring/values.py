"""The values scoring works on (pure Python, gettext aside): a ``Candidate`` built from an
application and profile, a scheme's ``Weights``, and the ``Score`` of a pair with its
``Reason`` list."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext

from accounts.availability import (
    LEGACY_BUCKETS,
    Span,
    minutes_instants,
    spans_text,
    weekly_minutes,
    windows_of,
)

from .questions import Answer, QuestionFactor
from .wording import member_wording, staff_wording

CRITERIA = (
    "expertise",
    "interests",
    "career_gap",
    "difference",
    "mode",
    "availability",
    "language",
)

# The points of the clamp that keeps a score at 0 or above (a penalty can exceed the rest).
FLOOR = "floor"

# Years assumed between neighbouring career stages when years of experience are missing.
YEARS_PER_STAGE = 5

# Hours a week free at the same time that earn the whole availability weight (less earns
# its share: 1 hour a quarter).
FULL_OVERLAP_HOURS = 4.0

# How a scheme treats a difference of country or organisation between partners: required
# (a hard constraint: a pair known to share it is forbidden; a required difference also
# earns the difference weight), preferred (the difference weight only) or ignored.
REQUIRED = "required"
PREFERRED = "preferred"
IGNORED = "ignored"


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
    # The organisation's key on the organisation list (one for all its spellings and
    # aliases) and the country's name (one per ISO code): two candidates share one when
    # these are equal.
    organisation: str = ""
    country: str = ""
    # The country's ISO code, so reasons name the country in the reader's language.
    country_code: str = field(default="", compare=False)
    availability: frozenset[str] = frozenset()
    # When the candidate is free: minutes of the UTC week that starts on ``week`` (from
    # ``availability``, their weekly windows, read in their ``timezone``).
    free: tuple[Span, ...] = ()
    week: date = date(2026, 1, 5)
    mode: str = "either"
    languages: frozenset[str] = frozenset()
    do_not_pair_with: frozenset[str] = frozenset()
    # The body's labels of this candidate's area codes (``offers`` and ``seeks``), for the
    # reasons; a code without one is worded from ``wording.AREA_LABELS`` or as itself.
    area_labels: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # Answers to the scheme's scored questions (``questions.answer_from``), by factor key.
    answers: tuple[Answer, ...] = ()

    @classmethod
    def build(
        cls, *, key: int, timezone: str = "", week_of: date | None = None, **values
    ) -> Candidate:
        """Normalise lists and text (case, spaces) so comparisons are fair, and read the
        weekly windows of ``availability`` in ``timezone`` (an IANA name; UTC when blank or
        unknown) for the week of ``week_of`` (today when not given)."""

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
        labels = {str(k).lower(): str(v) for k, v in dict(values.get("area_labels") or {}).items()}
        own = values.get("offers", frozenset()) | values.get("seeks", frozenset())
        values["area_labels"] = tuple(sorted((c, labels[c]) for c in own if c in labels))
        values["email"] = (values.get("email") or "").strip().lower()
        values["mode"] = values.get("mode") or "either"
        week = week_of or datetime.now(UTC).date()
        codes = [
            code
            for item in values.get("availability", ())
            for code in LEGACY_BUCKETS.get(item, [item])
        ]
        values["free"] = tuple(weekly_minutes(windows_of(codes), _zone(timezone), week_of=week))
        values["week"] = week
        values["answers"] = tuple(sorted(values.get("answers") or (), key=lambda a: a.key))
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
    country_rule: str = IGNORED
    organisation_rule: str = PREFERRED
    # A hard constraint: pairs with fewer hours a week free at the same time (or who have
    # not both given their times) are forbidden. 0 turns it off.
    min_overlap_hours: float = 0.0
    # The scheme's scored application questions, each a factor after the criteria.
    questions: tuple[QuestionFactor, ...] = ()

    def weight(self, criterion: str) -> float:
        if criterion in CRITERIA:
            return float(getattr(self, criterion))
        return next((q.weight for q in self.questions if q.key == criterion), 0.0)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def to_tenth(value: float) -> float:
    """Round half up to one decimal: the one rounding of scores, done with the same float
    operations as ``arrays.to_tenth`` so the per-pair and array paths agree exactly
    (Python's ``round`` and numpy's differ on halves)."""
    return math.floor(value * 10 + 0.5) / 10


@dataclass(frozen=True)
class Reason:
    """One factor of a score: its points (every point of the score belongs to exactly one
    reason), the staff wording and the member wording (empty when it is not for members),
    both in the language active when it was built, and the message they were worded from
    (``code`` and ``params``, see ``wording``), which is stored so that each reader reads
    the reason in their own language."""

    criterion: str
    points: float
    text: str
    plain: str = ""
    # Times in common (instants, UTC, ISO), which members see in their own zone.
    common: tuple[tuple[str, str], ...] = ()
    code: str = field(default="", compare=False)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def for_members(self) -> bool:
        return bool(self.plain) and self.points > 0

    def as_dict(self) -> dict:
        found: dict[str, Any] = {
            "criterion": self.criterion,
            "points": self.points,
            "text": self.text,
            "plain": self.plain,
        }
        if self.code:
            found["code"] = self.code
            found["params"] = dict(self.params)
        if self.common:
            found["common"] = [list(span) for span in self.common]
        return found


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


def member_reasons(reasons: Iterable[Mapping], zone: ZoneInfo | None = None) -> list[str]:
    """What members are told of stored reasons: the factors that speak for the match, in
    their wording and the active language (never a mismatch, a penalty or a default for
    missing data); times in common are named in ``zone``, the reader's ("3 hours a week in
    common: Tuesday 19:00–21:00 your time")."""
    told = ((r, member_wording(r)) for r in reasons if r.get("points", 0) > 0)
    return [_with_times(r, words, zone) for r, words in told if words]


def staff_reasons(reasons: Iterable[Mapping]) -> list[dict]:
    """Stored reasons as staff read them: every factor, zero and negative ones included,
    as ``{"text": ..., "points": ..., "criterion": ...}`` in the active language."""
    return [
        {
            "criterion": r.get("criterion", ""),
            "points": r.get("points", 0),
            "text": staff_wording(r),
        }
        for r in reasons
        if isinstance(r, Mapping)
    ]


def _with_times(reason: Mapping, words: str, zone: ZoneInfo | None) -> str:
    common = reason.get("common")
    if not common or zone is None:
        return words
    instants = [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in common]
    return gettext("%(reason)s: %(times)s") % {
        "reason": words,
        "times": spans_text(instants, zone),
    }


def common_instants(spans: Iterable[Span], week: date) -> tuple[tuple[str, str], ...]:
    """Minutes of the UTC week of ``week`` as stored instants (``Reason.common``)."""
    return tuple((a.isoformat(), b.isoformat()) for a, b in minutes_instants(list(spans), week))
