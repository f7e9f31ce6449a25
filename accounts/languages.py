"""Which language a member reads: the one on their profile (``Profile.language``),
remembered in their session when they sign in (so a page costs no query for it); the
site's language (``settings.LANGUAGE_CODE``) while they have not chosen one, or for anyone
signed out (then Django's own choice: the language cookie, then the browser's).

Pages: ``accounts.middleware.MemberLanguageMiddleware``; emails: ``accounts.emails.render``
renders each in its recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import translation

from .models import Profile, User

SESSION_KEY = "member_language"


def supported_or_blank(code: str) -> str:
    """``code`` if the site offers it (``settings.LANGUAGES``), else ""."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def language_of(user: User | None) -> str:
    """The language on ``user``'s profile ("" when not chosen, unknown, or no profile)."""
    if user is None or user.pk is None:
        return ""
    found = Profile.objects.filter(user=user).values_list("language", flat=True)
    return supported_or_blank(next(iter(found), ""))


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's chosen language, in one query (users without one are left out)."""
    rows = Profile.objects.filter(user_id__in=set(user_ids)).exclude(language="")
    return {
        user_id: code
        for user_id, code in rows.values_list("user_id", "language")
        if supported_or_blank(code)
    }


def language_or_default(code: str) -> str:
    """``code`` if the site offers it, else the site's language."""
    return supported_or_blank(code) or settings.LANGUAGE_CODE


def session_language_remember(session: SessionBase, code: str) -> None:
    session[SESSION_KEY] = code


def language_remember_at_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: remember the member's language in their new session."""
    if request is not None and hasattr(request, "session"):
        session_language_remember(request.session, language_of(user))


def zone_and_language_of(user: User | None) -> tuple[str, str]:
    """The time zone name and language on ``user``'s profile, in one query (each "" when
    not chosen): what an email to them is rendered in."""
    if user is None or user.pk is None:
        return "", ""
    found = Profile.objects.filter(user=user).values_list("timezone", "language")
    zone, code = next(iter(found), ("", ""))
    return zone, supported_or_blank(code)


def zones_and_languages_of(user_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each user's (time zone name, language), in one query (users without a profile are
    left out)."""
    rows = Profile.objects.filter(user_id__in=set(user_ids))
    return {
        user_id: (zone, supported_or_blank(code))
        for user_id, zone, code in rows.values_list("user_id", "timezone", "language")
    }
