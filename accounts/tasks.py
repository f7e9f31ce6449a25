"""Email outbox delivery tasks (thin: each calls one function of ``accounts.emails.delivery``,
imported in its body: ``accounts.emails.outbox`` imports these tasks)."""

from smtplib import SMTPException

from celery import shared_task

from .emails.delivery import MAX_ATTEMPTS


@shared_task(
    name="accounts.deliver_notification",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_notification(*, notification_id: int) -> int:
    from .emails.delivery import notifications_deliver

    return notifications_deliver(notification_ids=[notification_id])


@shared_task(
    name="accounts.deliver_notifications",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_notifications(*, notification_ids: list[int]) -> int:
    """Send a batch of pending notifications over one SMTP connection (each row is claimed
    before it is sent, so a duplicated or retried message sends nothing twice)."""
    from .emails.delivery import notifications_deliver

    return notifications_deliver(notification_ids=notification_ids)


@shared_task(name="accounts.deliver_pending", acks_late=True)
def deliver_pending() -> int:
    """Sweep: send what is pending (broker was down, or a worker died mid-run) and claims
    left unresolved for an hour; rows that failed MAX_ATTEMPTS times are marked failed so a
    coordinator can see it."""
    from .emails.delivery import notifications_deliver_pending

    return notifications_deliver_pending()


@shared_task(name="accounts.apply_retention")
def apply_retention() -> dict[str, int]:
    """Daily: apply the body's retention periods (``accounts.retention``); what it did is
    recorded as a retention run in the admin."""
    from .retention import retention_apply

    return retention_apply(by=None).counts


@shared_task(name="accounts.purge_data_exports")
def purge_data_exports() -> int:
    """Delete members' data packages whose download link has expired."""
    from .data_exports import data_exports_purge

    return data_exports_purge()
