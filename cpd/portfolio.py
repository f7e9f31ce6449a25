"""What a CPD portfolio holds, and its evidence numbered once for the whole document.

The HCPC's profile refers to evidence by number: the statement under each standard names
the numbers of the evidence for it, the summary of supporting evidence lists them, and the
evidence follows in that order. ``evidence_index`` is the one place the numbers are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from .models import Evidence, Reflection, SourceType, Standard
from .selectors import CpdActivity, HoursSummary

IMAGE_TYPES = frozenset({"png", "jpg", "jpeg"})
TEXT_TYPES = frozenset({"txt"})  # printed as text in the portfolio


@dataclass
class Portfolio:
    member_name: str
    start: date
    end: date
    activities: list[CpdActivity]
    summary: HoursSummary
    reflections: list
    framework_name: str = ""
    standards: list[Standard] = field(default_factory=list)
    summary_of_practice: str = ""
    statements: dict[str, str] = field(default_factory=dict)
    profession: str = ""
    registration_number: str = ""
    body: str = ""
    prepared_on: date | None = None


@dataclass
class EvidenceItem:
    """One numbered piece of evidence: a reflection (printed in full) or an uploaded file
    (an image or PDF appended, plain text printed, anything else listed)."""

    number: int
    title: str
    on: date
    activity_title: str
    standards: list[int]  # ids of the standards of the activity it supports
    reflection: Reflection | None = None
    file: Evidence | None = None

    @property
    def kind(self) -> str:
        if self.reflection is not None:
            return "reflection"
        ext = PurePath(self.file.original_name if self.file else "").suffix.lower().lstrip(".")
        if ext in TEXT_TYPES:
            return "text"
        return "image" if ext in IMAGE_TYPES else "pdf" if ext == "pdf" else "other"

    @property
    def label(self) -> str:
        return gettext("Evidence %(number)s") % {"number": self.number}


def _reflection_source(r: Reflection) -> tuple[str, int] | None:
    """The activity a reflection is about: its session's or its event's."""
    if r.session_id is not None:
        return (SourceType.SESSION, r.session_id)
    if r.event_id is not None:
        return (SourceType.EVENT, r.event_id)
    return None


def evidence_index(p: Portfolio) -> list[EvidenceItem]:
    """The reflections chosen and the files uploaded to the period's activities, oldest
    first, numbered from 1, each with the standards of the activity it supports."""
    by_source = {(a.source_type, a.source_id): a for a in p.activities}
    found: list[tuple[date, int, EvidenceItem]] = []
    for r in p.reflections:
        activity = by_source.get(_reflection_source(r) or ("", 0))
        item = EvidenceItem(
            number=0,
            title=gettext("Reflection: %(title)s") % {"title": r.title},
            on=r.reflected_on,
            activity_title=activity.title if activity else "",
            standards=[s.pk for s in activity.standards] if activity else [],
            reflection=r,
        )
        found.append((r.reflected_on, 0, item))
    for a in p.activities:
        for e in a.evidence:
            item = EvidenceItem(
                number=0,
                title=e.description or e.original_name,
                on=a.date,
                activity_title=a.title,
                standards=[s.pk for s in a.standards],
                file=e,
            )
            found.append((a.date, 1, item))
    items = [item for _, _, item in sorted(found, key=lambda f: (f[0], f[1]))]
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


def evidence_for_standard(items: list[EvidenceItem], standard: Standard) -> list[int]:
    return [i.number for i in items if standard.pk in i.standards]


def fmt_hours(value: Decimal) -> str:
    """Hours to the hundredth, with the active language's decimal mark."""
    return number_format(value, decimal_pos=2)


def fmt_date(value: date | None) -> str:
    """A date as the documents print it ("01 Jan 2025"), its month named in the active
    language (a document is in the member's)."""
    return date_format(value, "d M Y") if value else ""
