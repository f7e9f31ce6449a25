"""The values scoring works on (pure Python, no Django): a ``Candidate`` built from an
application and profile, a scheme's ``Weights``, and the ``Score`` of a pair with its
``Reason`` list."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
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

# The points of the clamp that keeps a score at 0 or above (a penalty can exceed the rest).
FLOOR = "floor"

# Years assumed between neighbouring career stages when years of experience are missing.
YEARS_PER_STAGE = 5

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
    country_rule: str = IGNORED
    organisation_rule: str = PREFERRED

    def weight(self, criterion: str) -> float:
        return float(getattr(self, criterion))


def to_tenth(value: float) -> float:
    """Round half up to one decimal: the one rounding of scores, done with the same float
    operations as ``arrays.to_tenth`` so the per-pair and array paths agree exactly
    (Python's ``round`` and numpy's differ on halves)."""
    return math.floor(value * 10 + 0.5) / 10


@dataclass(frozen=True)
class Reason:
    """One factor of a score: its points (every point of the score belongs to exactly one
    reason), the staff wording and the member wording (empty when it is not for members)."""

    criterion: str
    points: float
    text: str
    plain: str = ""

    @property
    def for_members(self) -> bool:
        return bool(self.plain) and self.points > 0

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


def member_reasons(reasons: Iterable[Mapping]) -> list[str]:
    """What members are told of stored reasons: the factors that speak for the match, in
    their wording (never a mismatch, a penalty or a default for missing data)."""
    return [r["plain"] for r in reasons if r.get("plain") and r.get("points", 0) > 0]
