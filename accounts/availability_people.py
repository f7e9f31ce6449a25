"""Several members' weekly availability, read from their profiles: whether their weekly
windows meet at all, and one member's windows as another reads them (in the reader's zone,
named), so that two members whose times do not overlap can still pick a time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from .availability import Window, overlap, spans_text, week_instants, windows_of
from .models import Profile
from .zones import zone_or_default

People = dict[int, tuple[list[Window], ZoneInfo]]


def weekly_windows(user_ids: Iterable[int]) -> People:
    """Each user's weekly windows and zone (the site's when not chosen), by user id, in one
    query; users without a profile are left out."""
    rows = Profile.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "availability", "timezone"
    )
    return {uid: (windows_of(codes or []), zone_or_default(zone)) for uid, codes, zone in rows}


def windows_of_profiles(profiles: Iterable[Profile]) -> People:
    """``weekly_windows`` of profiles already loaded (no query)."""
    return {
        p.user_id: (windows_of(p.availability or []), zone_or_default(p.timezone)) for p in profiles
    }


def times_apart(people: People, user_ids: Iterable[int], *, week_of: date) -> bool:
    """Whether every one of ``user_ids`` gave weekly windows and they have no time in
    common in the week of ``week_of`` (False when someone has given none: nothing is known)."""
    chosen = [people.get(uid) for uid in user_ids]
    if len(chosen) < 2 or not all(found and found[0] for found in chosen):
        return False
    return not overlap([found for found in chosen if found], week_of=week_of)


def week_text(windows: list[Window], zone: ZoneInfo, reader: ZoneInfo, *, week_of: date) -> str:
    """``windows`` (in ``zone``, their owner's) as ``reader`` reads them, the reader's zone
    named: "Tuesday 19:00–21:00 and Thursday 07:00–08:00 your time (Europe/Paris)"."""
    monday = week_of - timedelta(days=week_of.weekday())
    instants = week_instants(windows, zone, monday)
    return spans_text(instants, reader)  # names the reader's zone
