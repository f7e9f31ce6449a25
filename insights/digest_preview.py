"""A coordinator's own digest, now: shown on screen before it is due, and emailed on
request ("send me now"). Built by ``insights.digest.digest_due``, the same function the
scheduled send uses, so the preview is the email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.emails.outbox import Due, notify_batch, render_due
from accounts.models import DigestFrequency, User
from accounts.services import digest_frequency_get
from schemes.models import Phase, Scheme

from .digest import digest_due, digests_build


@dataclass(frozen=True)
class DigestPreview:
    """What the coordinator's digest says now: ``None`` parts when nothing needs attention
    (no email would be sent) or when they coordinate no open scheme."""

    schemes: int
    frequency: str
    subject: str = ""
    text: str = ""
    html: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.subject


def _due(*, user: User, now: datetime, key: str) -> tuple[int, str, Due | None]:
    schemes = list(
        Scheme.objects.filter(coordinators=user).exclude(phase=Phase.CLOSED).order_by("name", "pk")
    )
    chosen = digest_frequency_get(user=user)
    # turned off: the preview and "send me now" still use the shape of the weekly one
    frequency = DigestFrequency.WEEKLY if chosen == DigestFrequency.OFF else chosen
    digests = list(digests_build(schemes=schemes, now=now).values())
    due = digest_due(coordinator=user, digests=digests, frequency=frequency, now=now, key=key)
    return len(schemes), chosen, due


def digest_preview(*, user: User, now: datetime | None = None) -> DigestPreview:
    """The digest ``user`` would receive now for the open schemes they coordinate
    (nothing is recorded or sent)."""
    now = now or timezone.now()
    count, frequency, due = _due(user=user, now=now, key="preview")
    label = str(DigestFrequency(frequency).label)
    if due is None:
        return DigestPreview(schemes=count, frequency=label)
    subject, text, html = render_due(due)
    return DigestPreview(schemes=count, frequency=label, subject=subject, text=text, html=html)


@transaction.atomic
def digest_send_now(*, user: User, now: datetime | None = None) -> bool:
    """Email ``user`` their digest now, whatever their schedule (a request of their own, so
    also when they turned the scheduled digest off). Once a minute at most: a double click
    or a resubmitted form sends it once. False when nothing needs attention.
    Side effects: one COORDINATOR_DIGEST email (outbox)."""
    now = now or timezone.now()
    _count, _frequency_label, due = _due(user=user, now=now, key=f"digest:now:{now:%Y-%m-%dT%H:%M}")
    if due is None:
        return False
    notify_batch(dues=[due], lookback=now - timedelta(minutes=2))
    return True
