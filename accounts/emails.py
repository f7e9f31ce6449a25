"""The one email helper: render three templates, record, deliver through the outbox.

Each email is ``templates/emails/<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``.
``notify`` writes a ``SentNotification`` row (unique key) in the caller's transaction and
queues delivery on commit. A second ``notify`` with the same key is a no-op, so retried
or concurrent tasks never email anyone twice. If the broker is down the row stays
``pending`` and the periodic ``accounts.deliver_pending`` sweep sends it.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import secrets
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from email.utils import parseaddr
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


def link_maker(url_name: str, *params: str) -> Callable[..., str]:
    """A maker of absolute links to ``url_name`` for sweeps that need tens of thousands
    (``reverse`` costs tens of microseconds each): reversed once with stand-ins for
    ``params``, then filled in. Values must be whole numbers or URL-safe tokens
    (``[A-Za-z0-9_:-]``, as ``signing.dumps`` makes), which ``reverse`` would not quote.
    """
    stand_ins = {name: str(97_531_000_000 + i) for i, name in enumerate(params)}
    url = absolute_url(reverse(url_name, kwargs=stand_ins))
    pattern = url.replace("{", "{{").replace("}", "}}")
    for name, stand_in in stand_ins.items():
        if pattern.count(stand_in) != 1:
            raise ValueError(f"Cannot make links to {url_name} from {url}")
        pattern = pattern.replace(stand_in, "{" + name + "}")
    return pattern.format


def preferences_link_maker() -> Callable[[User | None], str]:
    """``preferences_url`` for many recipients (see ``link_maker``)."""
    with_token = link_maker("accounts:email_preferences_token", "token")
    signed_out = preferences_url(None)

    def make(user: User | None) -> str:
        return signed_out if user is None else with_token(token=preferences_token(user))

    return make


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render subject, text body and HTML body of ``templates/emails/<template>``."""
    return _render_full(template, _base_context(context))


# --- many emails of one template (the batch path of the outbox) --------------------------
#
# Rendering a template costs about 0.4 ms; a sweep can decide 50,000 emails. The contexts
# of one sweep differ mostly in strings (names, links), so the templates are rendered once
# per *shape* with a marker in place of each string, and each email is filled in by string
# substitution: the string itself where Django printed it plain, HTML-escaped where Django
# escaped it (the marker knows which, see ``_Slot``). A context is walked through its dicts,
# lists and tuples: a ``str`` leaf is substituted; anything else (dates, numbers, None, model
# instances, ``Fixed`` strings) is rendered by the template and is part of the shape, so
# filters and comparisons see the real value. The rule for templates of the batch path:
# a plain ``str`` may only be printed or tested for emptiness; a string that is filtered or
# compared must be passed as ``Fixed``. The first email of each shape is also rendered in
# full and compared: a template that breaks the rule is logged and rendered in full.


class Fixed(str):
    """A string the template filters or compares: rendered by the template, not substituted."""


class _Slot(str):
    """The marker printed in place of a string; its escaped form is a second marker."""

    escaped: str

    def __html__(self) -> str:  # what ``conditional_escape`` prints under autoescape
        return self.escaped


# Leaves rendered by the template and compared by value (str subclasses: Fixed, SafeString).
_BY_VALUE = (type(None), bool, int, float, Decimal, date, datetime, time, timedelta, str)
_MARK = re.compile("\ue000([0-9a-f]+):([0-9]+)(e?)\ue001")


def _shape(value: Any, leaves: list[str]) -> Hashable:
    """The shape of ``value`` (what the template sees apart from non-empty strings); the
    non-empty strings are appended to ``leaves`` in a fixed order."""
    kind = type(value)
    if kind is str:
        if value:
            leaves.append(value)
            return 1
        return 0
    if kind is dict:
        return tuple((k, _shape(v, leaves)) for k, v in value.items())
    if kind is list or kind is tuple:
        return (kind, tuple(_shape(v, leaves) for v in value))
    if isinstance(value, _BY_VALUE):
        return (kind, value)
    return (id, id(value))  # an object (a model instance): the same object, the same shape


def _stencil_context(value: Any, nonce: str, counter: list[int]) -> Any:
    """``value`` with each non-empty string replaced by a numbered marker (same order as
    ``_shape``)."""
    kind = type(value)
    if kind is str:
        if not value:
            return value
        number = counter[0]
        counter[0] += 1
        slot = _Slot(f"\ue000{nonce}:{number}\ue001")
        slot.escaped = f"\ue000{nonce}:{number}e\ue001"
        return slot
    if kind is dict:
        return {k: _stencil_context(v, nonce, counter) for k, v in value.items()}
    if kind is list or kind is tuple:
        return kind(_stencil_context(v, nonce, counter) for v in value)
    return value


def _parts(rendered: str, nonce: str) -> list[str | tuple[int, bool]]:
    """A rendered stencil cut into literal text and (string number, escaped) places."""
    parts: list[str | tuple[int, bool]] = []
    position = 0
    for match in _MARK.finditer(rendered):
        if match.group(1) != nonce:
            continue
        parts.append(rendered[position : match.start()])
        parts.append((int(match.group(2)), bool(match.group(3))))
        position = match.end()
    parts.append(rendered[position:])
    return parts


def _fill(parts: list[str | tuple[int, bool]], leaves: list[str], escaped: list) -> str:
    out = []
    for part in parts:
        if type(part) is str:
            out.append(part)
            continue
        number, is_escaped = part
        if is_escaped:
            if escaped[number] is None:
                # What django.utils.html.escape returns, without its lazy-string wrapper.
                escaped[number] = html.escape(leaves[number])
            out.append(escaped[number])
        else:
            out.append(leaves[number])
    return "".join(out)


def _clean_subject(subject: str) -> str:
    return " ".join(subject.split())


def _base_context(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": preferences_url(context.get("recipient")),
        **context,
    }


def render_emails(template: str, contexts: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Subject, text and HTML of ``template`` for each of ``contexts``, rendered once per
    shape (see above). The contexts are complete (``batch_context``)."""
    shaped = []
    groups: dict[Hashable, list[int]] = {}
    for index, context in enumerate(contexts):
        leaves: list[str] = []
        groups.setdefault(_shape(context, leaves), []).append(index)
        shaped.append(leaves)
    results: list[tuple[str, str, str]] = [("", "", "")] * len(contexts)
    for members in groups.values():
        first = members[0]
        full = _render_full(template, contexts[first])
        results[first] = full
        if len(members) == 1:
            continue
        nonce = secrets.token_hex(4)
        stencil = _render_three(template, _stencil_context(contexts[first], nonce, [0]))
        cut = [_parts(rendered, nonce) for rendered in stencil]
        if _fill_three(cut, shaped[first]) != full:
            logger.error("Email template %s breaks the stencil rule; rendered in full", template)
            for index in members[1:]:
                results[index] = _render_full(template, contexts[index])
            continue
        for index in members[1:]:
            results[index] = _fill_three(cut, shaped[index])
    return results


def batch_context(
    *, user: User | None, context: dict[str, Any], preferences: str
) -> dict[str, Any]:
    """The complete context of one email of the batch path. The recipient is reduced to the
    strings templates print (``recipient.display_name``) so that recipients share a shape."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": preferences,
        "recipient": {"display_name": user.display_name} if user is not None else None,
        **context,
    }


def _render_three(template: str, ctx: dict[str, Any]) -> tuple[str, str, str]:
    return (
        render_to_string(f"emails/{template}_subject.txt", ctx),
        render_to_string(f"emails/{template}.txt", ctx),
        render_to_string(f"emails/{template}.html", ctx),
    )


def _render_full(template: str, ctx: dict[str, Any]) -> tuple[str, str, str]:
    subject, text, body_html = _render_three(template, ctx)
    return _clean_subject(subject), text, body_html


def _fill_three(cut: list, leaves: list[str]) -> tuple[str, str, str]:
    escaped: list[str | None] = [None] * len(leaves)
    subject, text, body_html = (_fill(parts, leaves, escaped) for parts in cut)
    return _clean_subject(subject), text, body_html


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
                    headers={
                        "Message-ID": message_id(record),
                        **(unsubscribe_headers(record.unsubscribe_url) or {}),
                    },
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
