"""The batch path of the email outbox, for periodic sweeps.

A sweep decides many emails at once: ``notify_batch`` drops those already recorded (one query
for the existing keys), renders the rest (each template once per shape of context, see
``accounts.emails.render_emails``) and inserts their ``SentNotification`` rows in one
statement in the deciding transaction, then queues delivery in batches on commit. Keys are
the ones ``accounts.emails.notify`` writes, so the single and batch paths dedupe each other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .emails import batch_context, preferences_link_maker, render_emails
from .models import EmailPreference, SentNotification, User

logger = logging.getLogger(__name__)

DELIVERY_BATCH = 100  # notifications per delivery task (one SMTP connection each)


@dataclass(frozen=True)
class Due:
    """One email that is due. ``key`` is the (object, period) part of the unique key.

    ``context`` is what the template sees besides ``site_name``, ``preferences_url`` and
    ``recipient`` (whose ``display_name`` only). Plain data renders fastest: dicts of the
    strings the template prints, and dates; a string the template filters or compares is
    passed as ``accounts.emails.Fixed`` (see ``render_emails``).
    """

    kind: str
    key: str
    template: str
    context: dict[str, Any]
    user: User | None = None
    email: str = ""
    scheme: Any = None
    unsubscribe_url: str = ""  # a one-click unsubscribe link: List-Unsubscribe headers

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user else "")

    @property
    def full_key(self) -> str:
        """The same key ``accounts.emails.notify`` writes, so both paths dedupe each other."""
        return f"{self.kind}:{self.address.lower()}:{self.key}"[:255]


def opted_out(kind: str, user_path: str = "user") -> Exists:
    """An ``Exists`` true when the user at ``user_path`` turned ``kind`` off."""
    return Exists(EmailPreference.objects.filter(user=OuterRef(user_path), kind=kind))


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
        key = due.full_key
        if key in existing or key in seen or not due.address:
            continue
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
    names, select, scalars, arrays, casts = [], [], [], [], []
    for field in SentNotification._meta.concrete_fields:
        if field.primary_key:
            continue
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


def _render(dues: Iterable[Due]) -> list[tuple[str, str, str]]:
    """Subject, text and HTML of each due email, in order (each template rendered once per
    shape of context: ``accounts.emails.render_emails``)."""
    by_template: dict[str, list[int]] = {}
    contexts: list[dict[str, Any]] = []
    make_link = preferences_link_maker()
    links: dict[int | None, str] = {}  # one preferences link per recipient
    for index, due in enumerate(dues):
        user_id = due.user.pk if due.user is not None else None
        if user_id not in links:
            links[user_id] = make_link(due.user)
        contexts.append(
            batch_context(user=due.user, context=due.context, preferences=links[user_id])
        )
        by_template.setdefault(due.template, []).append(index)
    results: list[tuple[str, str, str]] = [("", "", "")] * len(contexts)
    for template, indexes in by_template.items():
        for index, result in zip(
            indexes, render_emails(template, [contexts[i] for i in indexes]), strict=True
        ):
            results[index] = result
    return results


def queue_delivery(*, stamp: datetime, kinds: list[str]) -> int:
    """Queue delivery of the pending rows written at ``stamp``; return how many tasks.

    If the broker is down the rows stay pending for the ``accounts.deliver_pending`` sweep.
    """
    from .tasks import deliver_notifications

    ids = list(
        SentNotification.objects.filter(
            created_at=stamp, kind__in=kinds, status=SentNotification.Status.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), DELIVERY_BATCH):
        try:
            deliver_notifications.delay(notification_ids=ids[start : start + DELIVERY_BATCH])
        except Exception:  # the broker is down: the periodic sweep delivers them
            logger.warning("Broker unavailable; %s notifications left for the sweep", len(ids))
            break
        queued += 1
    return queued
