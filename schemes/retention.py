"""The schemes part of retention (``accounts.retention``): declined and withdrawn
applications lose their answers and notes after the body's period (their status and
dates stay, so every figure does); old history rows go; a live application keeps an
account in use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models.functions import Coalesce

from accounts.models import RetentionSettings
from accounts.retention import cutoff
from core.history import history_prune

from .erasure import EMPTIED_APPLICATION, applications_empty
from .models import Application, ApplicationStatus, Scheme


def apply_retention(*, settings: RetentionSettings, now: datetime) -> dict[str, int]:
    counts = {}
    closed_before = cutoff(settings.closed_application_days, now)
    if closed_before is not None:
        closed = (
            Application.objects.filter(
                status__in=(ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)
            )
            .annotate(closed_at=Coalesce("decided_at", "updated_at"))
            .filter(closed_at__lt=closed_before)
            .exclude(**EMPTIED_APPLICATION)
        )
        counts["declined and withdrawn applications"] = applications_empty(
            list(closed.values_list("pk", flat=True))
        )
    history_before = cutoff(settings.history_days, now)
    if history_before is not None:
        counts["history records"] = sum(
            history_prune(model, before=history_before) for model in (Application, Scheme)
        )
    return counts


def in_use(user_ids: Iterable[int]) -> set[int]:
    """Applicants among ``user_ids`` with a live application."""
    return set(
        Application.objects.live()
        .filter(applicant__in=list(user_ids))
        .values_list("applicant_id", flat=True)
    )
