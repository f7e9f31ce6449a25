"""The outbox: record each email as a ``SentNotification`` row with a unique key, in the
deciding transaction, and queue its delivery on commit.

Two paths write the same rows and the same keys (``outbox_key``), so they dedupe each other:
``notify`` records one email (services answering a request); ``notify_batch`` records the
many ``Due`` emails a periodic sweep decides, with one query for the existing keys and one
INSERT. A second email with a recorded key is a no-op, so retried or concurrent tasks never
email anyone twice. If the broker is down on commit the rows stay ``pending`` and the
periodic ``accounts.deliver_pending`` sweep sends them (``_queue_or_leave_for_sweep``).
Boundary: renders through ``render``, records, queues; the sending is ``delivery``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from celery import Task
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..languages import zones_and_languages_of
from ..models import REQUIRED_KINDS, EmailPreference, NotificationKind, SentNotification, User
from ..tasks import deliver_notification as deliver_notification_task
from ..tasks import deliver_notifications as deliver_notifications_task
from .links import preferences_link_maker
from .render import batch_context, render_email, render_emails

logger = logging.getLogger(__name__)

DELIVERY_BATCH = 100  # notifications per delivery task (one SMTP connection each)


def outbox_key(*, kind: str, address: str, key: str) -> str:
    """The unique key of a ``SentNotification``: the kind, the recipient's address and ``key``,
    the (object, period) part named by the caller (``"session:12:2026-02"``). ``notify`` and
    ``notify_batch`` both store it, so an email decided by either is recorded once."""
    return f"{kind}:{address.lower()}:{key}"[:255]


def wants(user: User, kind: str) -> bool:
    """Whether ``user`` receives emails of ``kind`` (required kinds always go out)."""
    if kind in REQUIRED_KINDS:
        return True
    return not EmailPreference.objects.filter(user=user, kind=kind).exists()


def opted_out(kind: str, user_path: str = "user") -> Exists:
    """An ``Exists`` true when the user at ``user_path`` turned ``kind`` off."""
    return Exists(EmailPreference.objects.filter(user=OuterRef(user_path), kind=kind))


def _erased(user: User) -> bool:
    """Whether ``user`` is an erased account, without a query: a sweep that loaded only
    some fields (never ``erased_at``) chose active members already."""
    return "erased_at" not in user.get_deferred_fields() and user.erased_at is not None


def notify(
    *,
    kind: str,
    key: str,
    template: str,
    context: dict[str, Any],
    user: User | None = None,
    email: str | None = None,
    scheme: Any = None,  # a schemes.Scheme, which this lower app cannot import
    respect_preferences: bool = True,
    reply_to: Sequence[str] = (),
    calendar: str = "",
) -> SentNotification | None:
    """Record and queue one email. Returns the record, or None if skipped.

    ``key`` is the (object, period) part of the unique key (``outbox_key``); the same key
    is sent once. ``reply_to``: the addresses a reply goes to (a partner's); ``calendar``:
    an iCalendar invitation to attach (``sessions_log.ics.session_invitation``).
    Side effects: a SentNotification row; on commit, a Celery delivery task.
    """
    address = email or (user.email if user else None)
    if not address:
        raise ValueError("notify needs a user or an email address")
    if user is not None and respect_preferences and not wants(user, kind):
        return None
    if user is not None and _erased(user):
        return None  # an erased account's address is a placeholder: nothing to send
    full_key = outbox_key(kind=kind, address=address, key=key)
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
                reply_to=", ".join(reply_to),
                calendar=calendar,
            )
    except IntegrityError:
        return None
    transaction.on_commit(
        lambda: _queue_or_leave_for_sweep(
            deliver_notification_task, pending=1, notification_id=record.pk
        )
    )
    return record


@dataclass(frozen=True)
class Due:
    """One email that is due. ``key`` is the (object, period) part of the unique key.

    ``context`` is what the template sees besides ``site_name``, ``preferences_url`` and
    ``recipient`` (whose ``display_name`` only). Plain data renders fastest: dicts of the
    strings the template prints, and dates; a string the template filters or compares is
    passed as ``accounts.emails.render.Fixed`` (see ``render_emails``).
    """

    kind: str
    key: str
    template: str
    context: dict[str, Any]
    user: User | None = None
    email: str = ""
    scheme: Any = None
    unsubscribe_url: str = ""  # a one-click unsubscribe link: List-Unsubscribe headers
    # The recipient's time zone name, when the sweep read it already ("" for the site's);
    # None: the outbox looks it up (one query for all the dues that need it).
    time_zone: str | None = None
    # The recipient's language, likewise ("" for the site's; None: the outbox looks it up).
    language: str | None = None

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user else "")


def notify_batch(*, dues: list[Due], lookback: datetime) -> int:
    """Record the due emails not recorded yet; queue their delivery on commit.

    ``lookback``: no earlier record can share a key with these (it bounds the one query
    that fetches existing keys; the unique constraint covers anything older).
    Returns how many rows were offered to the outbox (a concurrent run may have written
    some first: the unique key skips those). Call inside the deciding transaction.
    Queries: the existing keys, then one INSERT (SQLite splits it to stay under its limit
    of variables per statement), whatever the number of emails.
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
    fresh, seen = [], set()
    for due in dues:
        key = outbox_key(kind=due.kind, address=due.address, key=due.key)
        if key in existing or key in seen or not due.address:
            continue
        if due.user is not None and _erased(due.user):
            continue  # an erased account: nothing to send
        seen.add(key)
        fresh.append((key, due))
    if not fresh:
        return 0
    stamp = timezone.now()
    rendered = _render(due for _, due in fresh)
    columns: dict[str, list[Any]] = {
        "key": [],
        "recipient_id": [],
        "email": [],
        "kind": [],
        "subject": [],
        "body_text": [],
        "body_html": [],
        "scheme_id": [],
        "unsubscribe_url": [],
    }
    for (key, due), (subject, text, body_html) in zip(fresh, rendered, strict=True):
        columns["key"].append(key)
        columns["recipient_id"].append(due.user.pk if due.user is not None else None)
        columns["email"].append(due.address)
        columns["kind"].append(str(due.kind))
        columns["subject"].append(subject[:255])
        columns["body_text"].append(text)
        columns["body_html"].append(body_html)
        columns["scheme_id"].append(due.scheme.pk if due.scheme is not None else None)
        columns["unsubscribe_url"].append(due.unsubscribe_url)
    insert_skipping_known(columns=columns, constants={"created_at": stamp})
    transaction.on_commit(lambda: queue_delivery(stamp=stamp, kinds=kinds))
    return len(fresh)


def insert_skipping_known(*, columns: dict[str, list[Any]], constants: dict[str, Any]) -> None:
    """Insert ``SentNotification`` rows given column by column (attname → values), with
    ``constants`` and the fields' defaults for the other columns; a key already recorded
    (by a concurrent run) is skipped.

    On PostgreSQL one ``INSERT … SELECT … FROM unnest(arrays) ON CONFLICT DO NOTHING``: one
    query and no model instance, whatever the number of rows. Elsewhere ``bulk_create``,
    which splits the statement only where the database limits its variables (SQLite).
    """
    count = len(columns["key"])
    if connection.vendor != "postgresql":
        SentNotification.objects.bulk_create(
            [
                SentNotification(
                    **{name: values[i] for name, values in columns.items()}, **constants
                )
                for i in range(count)
            ],
            ignore_conflicts=True,
        )
        return
    quote = connection.ops.quote_name
    arrays: list[list[Any]]
    names, select, scalars, arrays, casts = [], [], [], [], []
    for field in SentNotification._meta.concrete_fields:
        if field.primary_key:
            continue
        assert field.column is not None  # a concrete field has a column
        names.append(quote(field.column))
        if field.attname in columns:
            select.append(f"u.c{len(arrays)}")
            casts.append(f"%s::{field.db_type(connection)}[]")
            arrays.append(columns[field.attname])
        else:
            value = constants[field.attname] if field.attname in constants else field.get_default()
            select.append("%s")
            scalars.append(field.get_db_prep_save(value, connection))
    table = quote(SentNotification._meta.db_table)
    aliases = ", ".join(f"c{i}" for i in range(len(arrays)))
    # Only the model's own table, column and type names are interpolated; values are params.
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)} "  # noqa: S608
        f"FROM unnest({', '.join(casts)}) AS u({aliases}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scalars, *arrays])


def render_due(due: Due) -> tuple[str, str, str]:
    """The subject, text and HTML of one due email exactly as the outbox would send it (for
    a preview on screen; nothing is recorded or sent)."""
    return _render([due])[0]


def _render(dues: Iterable[Due]) -> list[tuple[str, str, str]]:
    """Subject, text and HTML of each due email, in order (each template rendered once per
    shape of context: ``render.render_emails``)."""
    by_template: dict[str, list[int]] = {}
    contexts: list[dict[str, Any]] = []
    make_link = preferences_link_maker()
    links: dict[int | None, str] = {}  # one preferences link per recipient
    dues = list(dues)
    found = _zones_and_languages(dues)
    for index, due in enumerate(dues):
        user_id = due.user.pk if due.user is not None else None
        if user_id not in links:
            links[user_id] = make_link(due.user)
        zone, language = found.get(user_id, ("", ""))
        contexts.append(
            batch_context(
                user=due.user,
                context=due.context,
                preferences=links[user_id],
                time_zone=due.time_zone if due.time_zone is not None else zone,
                language=due.language if due.language is not None else language,
            )
        )
        by_template.setdefault(due.template, []).append(index)
    results: list[tuple[str, str, str]] = [("", "", "")] * len(contexts)
    for template, indexes in by_template.items():
        for index, result in zip(
            indexes, render_emails(template, [contexts[i] for i in indexes]), strict=True
        ):
            results[index] = result
    return results


def _zones_and_languages(dues: list[Due]) -> dict[int | None, tuple[str, str]]:
    """The (time zone name, language) of the recipients whose dues do not carry both (one
    query, none when every due carries its zone and language)."""
    wanted = {
        d.user.pk
        for d in dues
        if (d.time_zone is None or d.language is None) and d.user is not None
    }
    found = zones_and_languages_of(wanted) if wanted else {}
    return {user_id: pair for user_id, pair in found.items()}


def queue_delivery(*, stamp: datetime, kinds: list[str]) -> int:
    """Queue delivery of the pending rows written at ``stamp``; return how many tasks.

    If the broker is down the rows stay pending for the ``accounts.deliver_pending`` sweep.
    """
    ids = list(
        SentNotification.objects.filter(
            created_at=stamp, kind__in=kinds, status=SentNotification.Status.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), DELIVERY_BATCH):
        if not _queue_or_leave_for_sweep(
            deliver_notifications_task,
            pending=len(ids) - start,
            notification_ids=ids[start : start + DELIVERY_BATCH],
        ):
            break
        queued += 1
    return queued


def _queue_or_leave_for_sweep(task: Task, *, pending: int, **kwargs: Any) -> bool:
    """Queue ``task`` with ``kwargs``; return whether it was queued. If the broker is down
    the ``pending`` rows not queued yet stay pending for the ``accounts.deliver_pending``
    sweep, and the caller (a committed transaction) carries on."""
    try:
        task.delay(**kwargs)
    except Exception:  # the broker is down: the periodic sweep delivers them
        logger.warning(
            "Broker unavailable; %s notification(s) left for the sweep", pending, exc_info=True
        )
        return False
    return True


def receipt_send(
    *, user: User, key: str, subject: str, received: str, next_step: str, url: str, link_text: str
) -> SentNotification | None:
    """Acknowledge something the member sent (an application, a concern, a reply to an
    event): one RECEIPT email per ``key``, in the template every receipt shares."""
    return notify(
        kind=NotificationKind.RECEIPT,
        key=key,
        template="receipt",
        context={
            "subject": subject,
            "received": received,
            "next_step": next_step,
            "url": url,
            "link_text": link_text,
        },
        user=user,
    )
