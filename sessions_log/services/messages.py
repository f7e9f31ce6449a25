"""The private conversation of a relationship: sending a message, reading, reporting one
to the coordinators (who mark the report handled), and the daily digest of new messages."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails.links import absolute_url
from accounts.emails.outbox import Due, notify, notify_batch, opted_out
from accounts.models import ContactSettings, MessageEmails, NotificationKind, User
from schemes.rules import filter_coordinated_by

from ..models import (
    Message,
    MessageReport,
    Relationship,
    RelationshipMember,
    RelationshipStatus,
)
from ..selectors import unread_messages
from ._common import member_of, require_open
from .relationships import _alert_coordinators


def conversation_url(relationship: Relationship) -> str:
    """The absolute link to ``relationship``'s conversation, at its reply box."""
    path = reverse("sessions_log:messages", kwargs={"pk": relationship.pk})
    return absolute_url(f"{path}#reply")


def _wants_each(members: list[RelationshipMember]) -> list[RelationshipMember]:
    """The members who asked for an email per message (the default), one query."""
    daily = set(
        ContactSettings.objects.filter(
            user__in=[m.user_id for m in members], message_emails=MessageEmails.DAILY
        ).values_list("user_id", flat=True)
    )
    return [m for m in members if m.user_id not in daily]


@transaction.atomic
def message_send(*, relationship: Relationship, by: User, body: str) -> Message:
    """Post a message to an open relationship's conversation.

    Side effects: an email (MESSAGE_NEW, without the message: a link to it) to each other
    member who asked for one per message, once per message; the others hear of it in
    their daily digest (``messages_digest_send``). The author's conversation is read up
    to their own message.
    """
    me = member_of(relationship, by)
    require_open(relationship)
    body = body.strip()
    if not body:
        raise ValidationError({"body": gettext("Write a message before sending it.")})
    message = Message(relationship=relationship, author=by, body=body)
    message.full_clean()
    message.save()
    RelationshipMember.objects.filter(pk=me.pk).update(messages_read_at=message.created_at)
    others = [m for m in relationship.members.all() if m.pk != me.pk]
    url = conversation_url(relationship)
    for member in _wants_each(others):
        notify(
            kind=NotificationKind.MESSAGE_NEW,
            key=f"message:{message.pk}",
            template="sessions_log_message",
            context={
                "author": by,
                "relationship": relationship,
                "scheme": relationship.scheme,
                "url": url,
            },
            user=member.user,
            scheme=relationship.scheme,
        )
    return message


def messages_mark_read(*, relationship: Relationship, by: User, until: datetime) -> None:
    """Record that ``by`` has read ``relationship``'s conversation up to ``until`` (the
    newest message they were shown). Side effects: none."""
    member = member_of(relationship, by)
    RelationshipMember.objects.filter(pk=member.pk).exclude(messages_read_at__gte=until).update(
        messages_read_at=until
    )


def message_report_refusal(*, message: Message, by: User) -> str | None:
    """Why ``by``, a member of the message's relationship, may not report ``message`` (it is
    their own, or it was reported already), or None. The report page asks it before it
    offers a form; ``message_report`` refuses with it."""
    if message.author_id == by.pk:
        return gettext("You cannot report your own message.")
    if MessageReport.objects.filter(message=message).exists():
        return gettext("This message has already been reported to the coordinator.")
    return None


@transaction.atomic
def message_report(*, message: Message, by: User, reason: str = "") -> MessageReport:
    """A member reports another member's message to the scheme's coordinators, who may then
    read that message (and nothing else of the conversation) in the admin.

    Side effects: an immediate email to each of the scheme's coordinators
    (COORDINATOR_ALERT) with a link to the report, never the message itself.
    """
    relationship = message.relationship
    member_of(relationship, by)
    refusal = message_report_refusal(message=message, by=by)
    if refusal is not None:
        raise ValidationError(refusal)
    report = MessageReport(message=message, reported_by=by, reason=reason.strip())
    report.full_clean()
    report.save()
    _alert_coordinators(
        relationship=relationship,
        template="sessions_log_message_reported",
        key=f"message-report:{report.pk}",
        context={
            "reported_by": by,
            "url": absolute_url(
                reverse("admin:sessions_log_messagereport_change", args=[report.pk])
            ),
        },
    )
    return report


@transaction.atomic
def message_reports_handle(
    *, reports: QuerySet[MessageReport], by: User, handled: bool = True
) -> int:
    """Mark ``reports`` handled by ``by``, now; with ``handled=False``, open again. Only the
    reports of schemes ``by`` coordinates change (every scheme's for an administrator),
    whatever the caller passed; a report already in that state keeps who handled it and
    when. Returns how many changed. Side effects: none (nobody is emailed: the coordinator
    is in touch with the reporter themselves)."""
    mine = filter_coordinated_by(reports, user=by, scheme_path="message__relationship__scheme")
    # Read first: nothing in scope writes nothing (no empty UPDATE either).
    ids = list(mine.filter(handled_at__isnull=handled).values_list("pk", flat=True))
    if not ids:
        return 0
    rows = MessageReport.objects.filter(pk__in=ids)
    if handled:
        return rows.update(handled_at=timezone.now(), handled_by=by)
    return rows.update(handled_at=None, handled_by=None)


DIGEST_WINDOW = timedelta(days=1)


@transaction.atomic
def messages_digest_send(*, now: datetime | None = None) -> int:
    """Email each member who chose a daily digest the number of unread messages written in
    the last day in each of their open relationships (never the messages themselves).

    One email per member and day (key ``messages:<date>``); a member with nothing unread
    gets none. Queries: one for the counts, then the outbox's batch path, whatever the
    number of members. Side effects: MESSAGE_NEW emails (batch outbox).
    """
    now = now or timezone.now()
    rows = (
        RelationshipMember.objects.filter(
            relationship__status__in=RelationshipStatus.open_states,
            user__is_active=True,
            user__contact_settings__message_emails=MessageEmails.DAILY,
        )
        .annotate(opted_out=opted_out(NotificationKind.MESSAGE_NEW))
        .filter(opted_out=False)
        .annotate(
            unread=Count(
                "relationship__messages", filter=unread_messages(since=now - DIGEST_WINDOW)
            )
        )
        .filter(unread__gt=0)
        .select_related("user", "relationship__scheme")
        .order_by("user_id", "relationship_id")
    )
    by_user: dict[int, list[RelationshipMember]] = {}
    for member in rows:
        by_user.setdefault(member.user_id, []).append(member)
    dues = [
        Due(
            kind=NotificationKind.MESSAGE_NEW,
            key=f"messages:{timezone.localdate(now).isoformat()}",
            template="sessions_log_message_digest",
            context={
                "conversations": [
                    {
                        "scheme": m.relationship.scheme.name,
                        "unread": m.unread,  # type: ignore[attr-defined]
                        "url": conversation_url(m.relationship),
                    }
                    for m in members
                ]
            },
            user=members[0].user,
        )
        for members in by_user.values()
    ]
    return notify_batch(dues=dues, lookback=now - 2 * DIGEST_WINDOW)
