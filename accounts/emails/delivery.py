"""Delivery: send recorded ``SentNotification`` rows over SMTP.

Each row is locked and re-checked before it is sent, so two workers (or a retried or
duplicated task message) never both send it; each attempt and its error is recorded on the
row. The Celery tasks in ``accounts.tasks`` call these functions and retry on SMTP errors;
rows still pending (the broker was down, a worker died) are picked up by the periodic sweep,
``notifications_deliver_pending``, until MAX_ATTEMPTS.
Boundary: sends what is recorded; it renders and records nothing new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from ..models import SentNotification

MAX_ATTEMPTS = 5  # per row: the tasks' retries, then the sweep marks the row failed


def unsubscribe_headers(url: str) -> dict[str, str] | None:
    """RFC 8058 one-click unsubscribe headers for ``url`` (a POST to it unsubscribes)."""
    if not url:
        return None
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def message_id(record: SentNotification) -> str:
    """A Message-ID fixed by the notification's unique key.

    If a worker dies after the mail server accepted a message but before the row is marked
    sent, the sweep sends it again; with the same Message-ID, mail servers and clients that
    de-duplicate show it once.
    """
    digest = hashlib.sha256(record.key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{digest}.{record.pk}@{domain}>"


def _message(record: SentNotification, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    """The email of ``record``: its subject, text and HTML as recorded, and its headers."""
    message = EmailMultiAlternatives(
        subject=record.subject,
        body=record.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[record.email],
        connection=connection,
        headers={
            "Message-ID": message_id(record),
            **(unsubscribe_headers(record.unsubscribe_url) or {}),
        },
    )
    if record.body_html:
        message.attach_alternative(record.body_html, "text/html")
    return message


def notifications_deliver(*, notification_ids: Iterable[int]) -> int:
    """Send pending notifications over one SMTP connection; return how many were sent.

    Each row is locked and re-checked before sending so two workers never both send it.
    SMTP errors propagate (the task retries) after the attempt is recorded.
    Side effects: emails sent; each row's attempts, and its status and sent_at or last_error.
    """
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for pk in notification_ids:
            with transaction.atomic():
                record = (
                    SentNotification.objects.select_for_update()
                    .filter(pk=pk, status=SentNotification.Status.PENDING)
                    .first()
                )
                if record is None:
                    continue
                record.attempts += 1
                message = _message(record, connection)
                # The failure is recorded inside the transaction and raised after it, so
                # the record of the attempt is committed, not rolled back with the error.
                failure = None
                try:
                    message.send()
                except Exception as exc:
                    failure = exc
                    record.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                    record.save(update_fields=["attempts", "last_error"])
                else:
                    record.status = SentNotification.Status.SENT
                    record.sent_at = timezone.now()
                    record.last_error = ""
                    record.save(update_fields=["status", "sent_at", "attempts", "last_error"])
                    sent += 1
            if failure is not None:
                raise failure
    finally:
        connection.close()
    return sent


def notifications_deliver_pending() -> int:
    """The sweep: send what has been pending for a minute (the broker was down, or a worker
    died mid-run), up to 500 rows; return how many were sent.

    Rows that failed MAX_ATTEMPTS times are marked failed so a coordinator can see it. An
    SMTP failure ends this run (its attempt is recorded); the next sweep carries on.
    Side effects: as ``notifications_deliver``; rows out of attempts marked failed.
    """
    cutoff = timezone.now() - timedelta(minutes=1)
    pending = SentNotification.objects.filter(
        status=SentNotification.Status.PENDING, created_at__lte=cutoff
    )
    pending.filter(attempts__gte=MAX_ATTEMPTS).update(status=SentNotification.Status.FAILED)
    ids = list(pending.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)[:500])
    try:
        return notifications_deliver(notification_ids=ids)
    except (SMTPException, OSError):
        return 0
