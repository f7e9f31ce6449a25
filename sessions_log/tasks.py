"""Periodic reminder sweeps of relationships.

Thin: each task asks the database what is due (no countdown or ETA tasks) and calls one
service. Safe to run twice or concurrently: the notification keys make repeats no-ops.
"""

from celery import shared_task

from . import reminders


@shared_task(name="sessions_log.send_due_reminders", acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Upcoming and unlogged sessions, goals to review, feedback due; counts written."""
    return reminders.participant_reminders_send()


@shared_task(name="sessions_log.send_message_digests", acks_late=True)
def send_message_digests() -> int:
    """The daily digest of unread messages, for members who chose it; emails written."""
    from .services.messages import messages_digest_send

    return messages_digest_send()
