"""The matching part of retention (``accounts.retention``): a member-led request's message
and decline reason are confidential content like a relationship's notes, so they go once
the request was decided (or expired) longer ago than the body keeps such content; the
request's dates and status stay for the figures."""

from __future__ import annotations

from datetime import datetime

from accounts.erasure import ERASED_TEXT
from accounts.models import RetentionSettings
from accounts.retention import cutoff

from .models import MentorRequest, RequestStatus


def apply_retention(*, settings: RetentionSettings, now: datetime) -> dict[str, int]:
    before = cutoff(settings.confidential_content_days, now)
    if before is None:
        return {}
    old = MentorRequest.objects.exclude(status=RequestStatus.PENDING).filter(decided_at__lt=before)
    emptied = old.exclude(message=ERASED_TEXT).update(message=ERASED_TEXT, decline_reason="")
    return {"requests' messages": emptied} if emptied else {}
