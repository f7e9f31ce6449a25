"""Which time zone a member sees and types times in: the one on their profile, remembered
in their session when they sign in (so a page costs no query for it); the site's zone
(``settings.TIME_ZONE``) until they choose one.

Emails are rendered in the recipient's zone (``accounts.emails.render``), pages in the
viewer's (``accounts.middleware.MemberTimeZoneMiddleware``).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from core.zones import zone_or_none

from .models import Profile, User

SESSION_KEY = "member_time_zone"


def zone_name_of(user: User | None) -> str:
    """The zone on ``user``'s profile ("" when not chosen, or no profile)."""
    if user is None or user.pk is None:
        return ""
    found = Profile.objects.filter(user=user).values_list("timezone", flat=True)
    return next(iter(found), "")


def zone_names_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's chosen zone name, in one query (users without one are left out)."""
    rows = Profile.objects.filter(user_id__in=set(user_ids)).exclude(timezone="")
    return dict(rows.values_list("user_id", "timezone"))


def zone_or_default(name: str) -> zoneinfo.ZoneInfo:
    """The zone called ``name``, or the site's zone if ``name`` is blank or unknown."""
    return zone_or_none(name) or zoneinfo.ZoneInfo(settings.TIME_ZONE)


def session_zone_remember(session: SessionBase, name: str) -> None:
    session[SESSION_KEY] = name


def zone_remember_at_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: remember the member's zone in their new session."""
    if request is not None and hasattr(request, "session"):
        session_zone_remember(request.session, zone_name_of(user))
