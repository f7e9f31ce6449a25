"""What is due in CPD: a reflection prompt the day after a session is logged."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.emails.links import link_maker
from accounts.emails.outbox import Due, notify_batch
from accounts.models import NotificationKind
from sessions_log.models import Relationship, RelationshipStatus, Session, SessionStatus
from sessions_log.reminders import members_by_relationship

from .models import Reflection

PROMPT_DELAY = timedelta(days=1)  # prompt the day after the log, once the dust settles
PROMPT_WINDOW = timedelta(days=14)  # a session logged longer ago is not prompted for


def sessions_due_reflection(*, now: datetime) -> QuerySet[Session]:
    """Held sessions logged between PROMPT_WINDOW and PROMPT_DELAY ago, of relationships
    that have not ended early."""
    return Session.objects.filter(
        status=SessionStatus.HELD,
        logged_at__lte=now - PROMPT_DELAY,
        logged_at__gte=now - PROMPT_WINDOW,
    ).exclude(relationship__status=RelationshipStatus.ENDED_EARLY)


@transaction.atomic
def reflection_prompts_send(*, now: datetime | None = None) -> int:
    """Prompt each member of a recently logged session who has not reflected on it yet.

    Same key as ``cpd.emails.reflection_prompt_send`` (once per member and session).
    Side effects: REFLECTION_PROMPT emails (batch outbox).
    """
    now = now or timezone.now()
    due = sessions_due_reflection(now=now)
    sessions = list(due.select_related("relationship__scheme").order_by("pk"))
    members = members_by_relationship(
        Relationship.objects.filter(pk__in=due.values("relationship_id")),
        NotificationKind.REFLECTION_PROMPT,
    )
    reflected = set(
        Reflection.objects.filter(session__in=due).values_list("session_id", "author_id")
    )
    link = link_maker("cpd:reflection_for_session", "session_id")
    dues = []
    for session in sessions:
        scheme = session.relationship.scheme
        context = {  # plain data: see accounts.emails.outbox.Due
            "session": {
                "number": str(session.number),
                "title": session.title,
                "held_on": session.held_on,
            },
            "scheme": {"name": scheme.name},
            "url": link(session_id=session.pk),
        }
        for member in members.get(session.relationship_id, []):
            if member.opted_out or not member.user.is_active:
                continue
            if (session.pk, member.user.pk) in reflected:
                continue
            dues.append(
                Due(
                    kind=NotificationKind.REFLECTION_PROMPT,
                    key=f"session:{session.pk}",
                    template="cpd_reflection_prompt",
                    context=context,
                    user=member.user,
                    scheme=scheme,
                    time_zone=member.zone,
                    language=member.language,
                )
            )
    return notify_batch(dues=dues, lookback=now - PROMPT_WINDOW - timedelta(days=2))
