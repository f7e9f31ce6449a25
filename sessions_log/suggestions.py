"""Times the session planner suggests: inside the hours every member of a relationship is
free, from their weekly windows in their own zones (``accounts.availability.overlap``),
shown in the planner's zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.availability import overlap, overlap_text, windows_of
from accounts.models import Profile
from accounts.zones import zone_or_default

from .models import Relationship

SUGGESTIONS = 3
WEEKS_AHEAD = 4  # looked ahead for a suggestion after now


@dataclass(frozen=True)
class TimesInCommon:
    """What the planner shows: the weekly overlap as text, and start times to choose
    (aware datetimes); ``missing`` when someone has given no windows yet."""

    text: str = ""
    starts: list[datetime] = field(default_factory=list)
    missing: bool = False


def times_in_common(
    *, relationship: Relationship, around: date | None, now: datetime | None = None
) -> TimesInCommon:
    """The members' weekly overlap (as text in the active zone) and up to ``SUGGESTIONS``
    future start times inside it, from the week of ``around`` (a target date) or now."""
    now = now or timezone.now()
    user_ids = [m.user_id for m in relationship.members.all()]
    rows = Profile.objects.filter(user_id__in=user_ids).values_list("availability", "timezone")
    people = [(windows_of(codes), zone_or_default(zone)) for codes, zone in rows]
    if len(people) < len(user_ids) or not all(windows for windows, _ in people):
        return TimesInCommon(missing=True)
    viewer = timezone.get_current_timezone()
    first = max(around or now.date(), now.date())
    starts: list[datetime] = []
    text = ""
    for week in range(WEEKS_AHEAD):
        common = overlap(people, week_of=first + timedelta(days=7 * week))
        if week == 0:
            text = overlap_text(common, _zone(viewer))
        starts += [start for start, _ in common if start > now]
        if len(starts) >= SUGGESTIONS or not common:
            break
    return TimesInCommon(text=text, starts=[s.astimezone(viewer) for s in starts[:SUGGESTIONS]])


def _zone(value) -> ZoneInfo:
    return value if isinstance(value, ZoneInfo) else ZoneInfo(str(value))
