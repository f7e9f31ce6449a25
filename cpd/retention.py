"""The CPD part of retention (``accounts.retention``): reflections about a relationship
ended longer ago than the body keeps its confidential content lose their words (their
dates stay, for the CPD record)."""

from __future__ import annotations

from datetime import datetime

from accounts.models import RetentionSettings
from accounts.retention import cutoff
from sessions_log.retention import relationships_ended_before

from .erasure import reflections_empty
from .models import Reflection


def apply_retention(*, settings: RetentionSettings, now: datetime) -> dict[str, int]:
    before = cutoff(settings.confidential_content_days, now)
    if before is None:
        return {}
    ended = relationships_ended_before(before)
    return {"reflections": reflections_empty(Reflection.objects.filter(relationship__in=ended))}
