"""Retention: the body's periods (``RetentionSettings``, in the admin) applied by a
scheduled run (``accounts.apply_retention``, daily), which records what it did in a
``RetentionRun`` that administrators read in the admin, and logs it.

One owner per model, as for erasure: each installed app applies the periods to its own
records in ``<app>/retention.py`` (``apply_retention(*, settings, now)``, returning a count
per kind of record), and may say which accounts are still in use and never erased for
inactivity (``in_use(user_ids)``: an open relationship, a live application). This app
empties old email bodies, carries out erasure requests past their waiting period and
erases inactive accounts through ``accounts.erasure.user_erase``.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from .erasure import ERASED_TEXT, app_steps, erasure_request_carry_out, user_erase
from .erasure_steps import notifications_empty
from .models import (
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    RetentionSettings,
    SentNotification,
    User,
)
from .roles import user_is_administrator

logger = logging.getLogger(__name__)


def cutoff(days: int | None, now: datetime) -> datetime | None:
    """The moment before which records of a period of ``days`` are due (None: kept)."""
    return None if days is None else now - timedelta(days=days)


def _email_bodies(settings: RetentionSettings, now: datetime) -> int:
    before = cutoff(settings.email_body_days, now)
    if before is None:
        return 0
    done = (SentNotification.Status.SENT, SentNotification.Status.FAILED)
    old = SentNotification.objects.filter(status__in=done, created_at__lt=before)
    return notifications_empty(old.exclude(body_text=ERASED_TEXT, subject=ERASED_TEXT))


def _due_requests(settings: RetentionSettings, now: datetime) -> Counter[str]:
    counts: Counter[str] = Counter()
    before = cutoff(settings.erasure_request_days, now)
    if before is None:
        return counts
    due = ErasureRequest.objects.filter(
        status=ErasureRequestStatus.PENDING, requested_at__lt=before
    ).select_related("user")
    for request in due:
        try:
            erasure_request_carry_out(request=request, by=None)
            counts["erasure requests carried out"] += 1
        except ValidationError as exc:
            logger.warning("Erasure request %s not carried out: %s", request.pk, exc)
            counts["erasure requests left for an administrator"] += 1
    return counts


def _inactive_accounts(settings: RetentionSettings, now: datetime) -> int:
    before = cutoff(settings.inactive_account_days, now)
    if before is None:
        return 0
    candidates = set(
        User.objects.filter(erased_at__isnull=True, is_staff=False, is_superuser=False)
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=before)
        .values_list("pk", flat=True)
    )
    for in_use in app_steps("retention", "in_use"):
        candidates -= set(in_use(candidates))
    for user in User.objects.filter(pk__in=candidates):
        user_erase(user=user, by=None)
    return len(candidates)


def retention_apply(*, by: User | None, now: datetime | None = None) -> RetentionRun:
    """Apply the body's retention periods everywhere and record the run. ``by`` is the
    administrator who started it, or None for the scheduled run. Each app's step runs in
    its own transaction, each erasure in its own. Side effects: a log line; evidence files
    of erased accounts deleted from storage."""
    if by is not None and not user_is_administrator(user=by):
        raise PermissionDenied("Only an administrator can apply the retention periods.")
    now = now or timezone.now()
    settings = RetentionSettings.get()
    run = RetentionRun.objects.create(started_by=by, started_at=now)
    counts: Counter[str] = Counter()
    for step in app_steps("retention", "apply_retention"):
        with transaction.atomic():
            counts.update(step(settings=settings, now=now))
    with transaction.atomic():
        counts["email bodies"] += _email_bodies(settings, now)
    counts.update(_due_requests(settings, now))
    counts["inactive accounts erased"] += _inactive_accounts(settings, now)
    run.counts = {k: v for k, v in sorted(counts.items()) if v}
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    logger.info("Retention run %s: %s", run.pk, run.counts or "nothing was due")
    return run
