"""Times the session planner suggests: inside the hours every member of a relationship is
free, from their weekly windows in their own zones (``accounts.availability.overlap``),
shown in the planner's zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext

from accounts.availability import overlap, overlap_text
from accounts.availability_people import week_text, weekly_windows

from .models import Relationship

SUGGESTIONS = 3
WEEKS_AHEAD = 4  # looked ahead for a suggestion after now


@dataclass(frozen=True)
class TimesInCommon:
    """What the planner shows: the weekly overlap as text, and start times to choose
    (aware datetimes); ``missing`` when someone has given no windows yet. When the weekly
    windows do not overlap, ``theirs`` gives the other members' windows in the viewer's
    zone ("Alex: Tuesday 19:00–21:00 your time (Europe/Paris)"), so a time can be agreed."""

    text: str = ""
    starts: list[datetime] = field(default_factory=list)
    missing: bool = False
    theirs: list[str] = field(default_factory=list)


def times_in_common(
    *,
    relationship: Relationship,
    around: date | None,
    now: datetime | None = None,
    viewer_id: int | None = None,
) -> TimesInCommon:
    """The members' weekly overlap (as text in the active zone) and up to ``SUGGESTIONS``
    future start times inside it, from the week of ``around`` (a target date) or now; with
    no overlap, the windows of the members other than ``viewer_id`` in the active zone."""
    now = now or timezone.now()
    members = list(relationship.members.select_related("user"))
    found = weekly_windows(m.user_id for m in members)
    people = [found[m.user_id] for m in members if m.user_id in found]
    if len(people) < len(members) or not all(windows for windows, _ in people):
        return TimesInCommon(missing=True)
    viewer = timezone.get_current_timezone()
    first = max(around or now.date(), now.date())
    starts: list[datetime] = []
    text = ""
    for week in range(WEEKS_AHEAD):
        common = overlap(people, week_of=first + timedelta(days=7 * week))
        if week == 0:
            text = overlap_text(common, _zone(viewer))
            if not common:
                theirs = [
                    gettext("%(name)s: %(times)s")
                    % {
                        "name": m.user.display_name,
                        "times": week_text(*found[m.user_id], _zone(viewer), week_of=first),
                    }
                    for m in members
                    if m.user_id != viewer_id
                ]
                return TimesInCommon(text=text, theirs=theirs)
        starts += [start for start, _ in common if start > now]
        if len(starts) >= SUGGESTIONS or not common:
            break
    return TimesInCommon(text=text, starts=[s.astimezone(viewer) for s in starts[:SUGGESTIONS]])


def _zone(value) -> ZoneInfo:
    return value if isinstance(value, ZoneInfo) else ZoneInfo(str(value))
