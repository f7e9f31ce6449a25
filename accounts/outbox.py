"""The batch path of the email outbox, for periodic sweeps.

A sweep decides many emails at once: ``notify_batch`` drops those already recorded (one query
for the existing keys), renders the rest and ``bulk_create``s their ``SentNotification`` rows
in the deciding transaction, then queues delivery in batches on commit. Keys are the ones
``accounts.emails.notify`` writes, so the single and batch paths dedupe each other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .emails import render_email
from .models import EmailPreference, SentNotification, User

logger = logging.getLogger(__name__)

INSERT_BATCH = 5000  # rows per INSERT of the bulk path
DELIVERY_BATCH = 100  # notifications per delivery task (one SMTP connection each)


@dataclass(frozen=True)
class Due:
    """One email that is due. ``key`` is the (object, period) part of the unique key."""

    kind: str
    key: str
    template: str
    context: dict[str, Any]
    user: User | None = None
    email: str = ""
    scheme: Any = None

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user else "")

    @property
    def full_key(self) -> str:
        """The same key ``accounts.emails.notify`` writes, so both paths dedupe each other."""
        return f"{self.kind}:{self.address.lower()}:{self.key}"[:255]


def opted_out(kind: str, user_path: str = "user") -> Exists:
    """An ``Exists`` true when the user at ``user_path`` turned ``kind`` off."""
    return Exists(EmailPreference.objects.filter(user=OuterRef(user_path), kind=kind))


def notify_batch(*, dues: list[Due], lookback: datetime) -> int:
    """Record the due emails not recorded yet; queue their delivery on commit.

    ``lookback``: no earlier record can share a key with these (it bounds the one query
    that fetches existing keys; the unique constraint covers anything older).
    Returns how many rows were offered to the outbox (a concurrent run may have written
    some first: the unique key skips those). Call inside the deciding transaction.
    Side effects: SentNotification rows; on commit, delivery tasks of DELIVERY_BATCH each.
    """
    if not dues:
        return 0
    kinds = sorted({d.kind for d in dues})
    existing = set(
        SentNotification.objects.filter(kind__in=kinds, created_at__gte=lookback).values_list(
            "key", flat=True
        )
    )
    stamp = timezone.now()
    rows, seen = [], set()
    for due in dues:
        key = due.full_key
        if key in existing or key in seen or not due.address:
            continue
        seen.add(key)
        subject, text, html = render_email(due.template, {"recipient": due.user, **due.context})
        rows.append(
            SentNotification(
                key=key,
                recipient=due.user,
                email=due.address,
                kind=due.kind,
                subject=subject[:255],
                body_text=text,
                body_html=html,
                scheme=due.scheme,
                created_at=stamp,
            )
        )
    if not rows:
        return 0
    SentNotification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=INSERT_BATCH)
    transaction.on_commit(lambda: queue_delivery(stamp=stamp, kinds=kinds))
    return len(rows)


def queue_delivery(*, stamp: datetime, kinds: list[str]) -> int:
    """Queue delivery of the pending rows written at ``stamp``; return how many tasks.

    If the broker is down the rows stay pending for the ``accounts.deliver_pending`` sweep.
    """
    from .tasks import deliver_notifications

    ids = list(
        SentNotification.objects.filter(
            created_at=stamp, kind__in=kinds, status=SentNotification.Status.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), DELIVERY_BATCH):
        try:
            deliver_notifications.delay(notification_ids=ids[start : start + DELIVERY_BATCH])
        except Exception:  # the broker is down: the periodic sweep delivers them
            logger.warning("Broker unavailable; %s notifications left for the sweep", len(ids))
            break
        queued += 1
    return queued
