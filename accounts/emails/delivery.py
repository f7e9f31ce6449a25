"""Delivery: send recorded ``SentNotification`` rows over SMTP, each once as the recipient
sees it.

A row goes through three steps, each in its own short committed transaction:
1. **claim**: ``pending`` becomes ``sending``, with ``claimed_at`` and one more attempt, by
   one conditional UPDATE, so two workers (or a retried or duplicated task message) never
   both have it;
2. **send**, with the row's fixed Message-ID (``message_id``);
3. **record** the outcome: ``sent``, or back to ``pending`` with the SMTP error (the task
   retries it). A locked database or a lost connection while claiming or recording is
   retried (``RETRY_DELAYS``, about two minutes, each try also waiting out SQLite's busy
   timeout), so an email that went out is recorded as sent and is not sent again.

A row left ``sending`` (the worker was killed between the send and the record, or the
database stayed out of reach through every retry) may have been delivered. The periodic
sweep, ``notifications_deliver_pending``, leaves it alone for ``CLAIM_TIMEOUT`` (an hour),
then sends it again with the same Message-ID, which mail servers and clients that
de-duplicate show once, and says so in ``last_error``. Pending rows (the broker was down)
are sent by the sweep after a minute, until ``MAX_ATTEMPTS``.
Boundary: sends what is recorded; it renders and records nothing new.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.utils import parseaddr
from smtplib import SMTPException
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ..models import SentNotification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # per row: the tasks' retries, then the sweep marks the row failed
# How long a claimed row may stay unresolved before the sweep sends it again: far longer
# than a send (EMAIL_TIMEOUT) plus the retries of its record.
CLAIM_TIMEOUT = timedelta(hours=1)
RETRY_DELAYS = (0.5, 1, 2, 4, 8, 15, 30, 60)  # seconds between tries of a claim or record
UNRESOLVED_CLAIM = (
    "No outcome was recorded within an hour of the claim (the worker stopped between the "
    "send and the record): sent again with the same Message-ID; the earlier attempt may "
    "have been delivered."
)

Result = TypeVar("Result")


def unsubscribe_headers(url: str) -> dict[str, str] | None:
    """RFC 8058 one-click unsubscribe headers for ``url`` (a POST to it unsubscribes)."""
    if not url:
        return None
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def message_id(record: SentNotification) -> str:
    """A Message-ID fixed by the notification's unique key.

    If the outcome of a send is never recorded, the sweep sends it again after
    ``CLAIM_TIMEOUT``; with the same Message-ID, mail servers and clients that de-duplicate
    show it once.
    """
    digest = hashlib.sha256(record.key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{digest}.{record.pk}@{domain}>"


#: The attached invitation's name: calendar programs offer to add (or cancel) the event.
INVITATION_FILENAME = "invite.ics"


def calendar_mimetype(calendar: str) -> str:
    """The content type of an iCalendar attachment, with the METHOD its text declares
    (RFC 6047: ``text/calendar; method=REQUEST``), which mail programs read to show an
    invitation or a cancellation."""
    method = next(
        (
            line.partition(":")[2].strip()
            for line in calendar.splitlines()
            if line.upper().startswith("METHOD:")
        ),
        "",
    )
    return f"text/calendar; method={method}" if method else "text/calendar"


def _message(record: SentNotification, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    """The email of ``record``: its subject, text and HTML as recorded, its headers, its
    Reply-To and its calendar invitation."""
    message = EmailMultiAlternatives(
        subject=record.subject,
        body=record.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[record.email],
        reply_to=[a.strip() for a in record.reply_to.split(",") if a.strip()],
        connection=connection,
        headers={
            "Message-ID": message_id(record),
            **(unsubscribe_headers(record.unsubscribe_url) or {}),
        },
    )
    if record.body_html:
        message.attach_alternative(record.body_html, "text/html")
    if record.calendar:
        message.attach(INVITATION_FILENAME, record.calendar, calendar_mimetype(record.calendar))
    return message


def _retrying(write: Callable[[], Result], *, what: str) -> Result:
    """Run ``write`` in its own transaction; after a locked database or a lost connection,
    wait (``RETRY_DELAYS``) and run it again, on a new connection if the old one is broken.

    Inside a caller's transaction (an eager task in a test) nothing can be retried: the
    error is raised at once.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            with transaction.atomic():
                return write()
        except (OperationalError, InterfaceError) as exc:
            if delay is None or connection.in_atomic_block:
                raise
            logger.warning("Outbox: %s failed (%s); trying again in %s s", what, exc, delay)
            connection.close_if_unusable_or_obsolete()
            time.sleep(delay)
    raise AssertionError("unreachable: the last try returns or raises")


def _claim(pk: int) -> SentNotification | None:
    """Claim the pending row ``pk`` for this worker (committed before anything is sent);
    None if it is not pending (sent, failed, or claimed by another worker)."""

    def claim() -> SentNotification | None:
        claimed = SentNotification.objects.filter(
            pk=pk, status=SentNotification.Status.PENDING
        ).update(
            status=SentNotification.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
        return SentNotification.objects.get(pk=pk) if claimed else None

    return _retrying(claim, what=f"claiming notification {pk}")


def _record(record: SentNotification, **outcome: Any) -> None:
    """Store the outcome of the send of the claimed ``record`` (retried: see ``_retrying``)."""
    _retrying(
        lambda: SentNotification.objects.filter(
            pk=record.pk, status=SentNotification.Status.SENDING, claimed_at=record.claimed_at
        ).update(**outcome),
        what=f"recording the outcome of notification {record.pk}",
    )


def notifications_deliver(*, notification_ids: Iterable[int]) -> int:
    """Send pending notifications over one SMTP connection; return how many were sent.

    Each row is claimed, sent and its outcome recorded, one at a time (see the module
    docstring). SMTP errors propagate (the task retries) after the row is put back to
    pending with the error.
    Side effects: emails sent; each row's status, claimed_at, attempts, sent_at, last_error.
    """
    sent = 0
    smtp = get_connection()
    try:
        smtp.open()
        for pk in notification_ids:
            record = _claim(pk)
            if record is None:
                continue
            try:
                _message(record, smtp).send()
            except Exception as exc:
                _record(
                    record,
                    status=SentNotification.Status.PENDING,
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
                raise
            _record(record, status=SentNotification.Status.SENT, sent_at=timezone.now())
            sent += 1
    finally:
        smtp.close()
    return sent


def notifications_deliver_pending() -> int:
    """The sweep: send what has been pending for a minute (the broker was down, or a worker
    died before claiming it), up to 500 rows; return how many were sent.

    A row claimed more than ``CLAIM_TIMEOUT`` ago and never resolved goes back to pending
    first, with ``UNRESOLVED_CLAIM`` as its last error, and is sent with its Message-ID.
    Rows that failed MAX_ATTEMPTS times are marked failed so a coordinator can see it. An
    SMTP failure ends this run (its attempt is recorded); the next sweep carries on.
    Side effects: as ``notifications_deliver``; unresolved claims released; rows out of
    attempts marked failed.
    """
    now = timezone.now()
    SentNotification.objects.filter(
        status=SentNotification.Status.SENDING, claimed_at__lte=now - CLAIM_TIMEOUT
    ).update(status=SentNotification.Status.PENDING, last_error=UNRESOLVED_CLAIM)
    pending = SentNotification.objects.filter(
        status=SentNotification.Status.PENDING, created_at__lte=now - timedelta(minutes=1)
    )
    pending.filter(attempts__gte=MAX_ATTEMPTS).update(status=SentNotification.Status.FAILED)
    ids = list(pending.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)[:500])
    try:
        return notifications_deliver(notification_ids=ids)
    except (SMTPException, OSError):
        return 0
