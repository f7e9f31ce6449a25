"""Periodic reminder sweeps of relationships and the batch delivery of the outbox.

Thin: each task asks the database what is due (no countdown or ETA tasks) and calls one
service. Safe to run twice or concurrently: the notification keys make repeats no-ops.
"""

from smtplib import SMTPException

from celery import shared_task

from accounts import emails

from . import reminders

MAX_ATTEMPTS = 5


@shared_task(name="sessions_log.send_due_reminders", acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Upcoming and unlogged sessions, goals to review, feedback due; counts written."""
    return reminders.participant_reminders_send()


@shared_task(
    name="sessions_log.deliver_notifications",
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
