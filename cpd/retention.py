"""The CPD part of retention (``accounts.retention``): reflections about a relationship
ended longer ago than the body keeps its confidential content lose their words (their
dates stay, for the CPD record)."""

from __future__ import annotations

from datetime import datetime

from accounts.models import RetentionSettings
from accounts.retention import cutoff
from core.history import history_prune
from sessions_log.retention import relationships_ended_before

from .erasure import reflections_empty
from .models import ManualActivity, Reflection


def apply_retention(*, settings: RetentionSettings, now: datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    before = cutoff(settings.confidential_content_days, now)
    if before is not None:
        ended = relationships_ended_before(before)
        reflections = Reflection.objects.filter(relationship__in=ended)
        counts["reflections"] = reflections_empty(reflections)
    history_before = cutoff(settings.history_days, now)
    if history_before is not None:
        counts["CPD activity history"] = history_prune(ManualActivity, before=history_before)
    return counts
