"""The one email helper: render three templates, record, deliver through the outbox.

Each email is ``templates/emails/<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``.
``notify`` writes a ``SentNotification`` row (unique key) in the caller's transaction and
queues delivery on commit. A second ``notify`` with the same key is a no-op, so retried
or concurrent tasks never email anyone twice. If the broker is down the row stays
``pending`` and the periodic ``accounts.deliver_pending`` sweep sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import REQUIRED_KINDS, EmailPreference, SentNotification, User

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A full link for an email, from SITE_URL and a path."""
    return f"{settings.SITE_URL}{path}"


PREFERENCES_SALT = "accounts.email-preferences"


def preferences_token(user: User) -> str:
    """A signed token for the one-click email-preferences link (no sign-in needed)."""
    return signing.dumps(user.pk, salt=PREFERENCES_SALT)


def preferences_url(user: User | None) -> str:
    if user is None:
        return absolute_url(reverse("accounts:email_preferences"))
    token = preferences_token(user)
    return absolute_url(reverse("accounts:email_preferences_token", kwargs={"token": token}))


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render subject, text body and HTML body of ``templates/emails/<template>``."""
    ctx = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": preferences_url(context.get("recipient")),
        **context,
    }
    subject = render_to_string(f"emails/{template}_subject.txt", ctx).strip()
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{template}.txt", ctx)
    html = render_to_string(f"emails/{template}.html", ctx)
    return subject, text, html


def wants(user: User, kind: str) -> bool:
    """Whether ``user`` receives emails of ``kind`` (required kinds always go out)."""
    if kind in REQUIRED_KINDS:
        return True
    return not EmailPreference.objects.filter(user=user, kind=kind).exists()


def notify(
    *,
    kind: str,
    key: str,
    template: str,
    context: dict[str, Any],
    user: User | None = None,
    email: str | None = None,
    scheme=None,
    respect_preferences: bool = True,
) -> SentNotification | None:
    """Record and queue one email. Returns the record, or None if skipped.

    ``key`` identifies (recipient, kind, object, period); the same key is sent once.
    Side effects: a SentNotification row; on commit, a Celery delivery task.
    """
    address = email or (user.email if user else None)
    if not address:
        raise ValueError("notify needs a user or an email address")
    if user is not None and respect_preferences and not wants(user, kind):
        return None
    full_key = f"{kind}:{address.lower()}:{key}"[:255]
    if SentNotification.objects.filter(key=full_key).exists():
        return None
    subject, text, html = render_email(template, {"recipient": user, **context})
    try:
        with transaction.atomic():
            record = SentNotification.objects.create(
                key=full_key,
                recipient=user,
                email=address,
                kind=kind,
                subject=subject,
                body_text=text,
                body_html=html,
                scheme=scheme,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue_delivery(record.pk))
    return record


def _enqueue_delivery(notification_id: int) -> None:
    from .tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id=notification_id)
    except Exception:  # the broker is down: the periodic sweep will deliver it
        logger.warning("Broker unavailable; notification %s left for the sweep", notification_id)


def deliver(notification_ids: Iterable[int]) -> int:
    """Send pending notifications over one SMTP connection; return how many were sent.

    Each row is locked and re-checked before sending so two workers never both send it.
    SMTP errors propagate (the task retries) after the attempt is recorded.
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
                message = EmailMultiAlternatives(
                    subject=record.subject,
                    body=record.body_text,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[record.email],
                    connection=connection,
                )
                if record.body_html:
                    message.attach_alternative(record.body_html, "text/html")
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
