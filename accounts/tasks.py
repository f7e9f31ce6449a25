"""Email outbox delivery tasks."""

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import emails
from .models import SentNotification

MAX_ATTEMPTS = 5


@shared_task(
    name="accounts.deliver_notification",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_notification(*, notification_id: int) -> int:
    return emails.deliver([notification_id])


@shared_task(
    name="accounts.deliver_notifications",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_notifications(*, notification_ids: list[int]) -> int:
    """Send a batch of pending notifications over one SMTP connection (rows are locked and
    re-checked, so a duplicated or retried message sends nothing twice)."""
    return emails.deliver(notification_ids)


@shared_task(name="accounts.deliver_pending", acks_late=True)
def deliver_pending() -> int:
    """Sweep: send what is pending (broker was down, or a worker died mid-run).

    Rows that failed MAX_ATTEMPTS times are marked failed so a coordinator can see it.
    """
    cutoff = timezone.now() - timedelta(minutes=1)
    pending = SentNotification.objects.filter(
        status=SentNotification.Status.PENDING, created_at__lte=cutoff
    )
    pending.filter(attempts__gte=MAX_ATTEMPTS).update(status=SentNotification.Status.FAILED)
    ids = list(pending.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)[:500])
    try:
        return emails.deliver(ids)
    except (SMTPException, OSError):
        return 0
