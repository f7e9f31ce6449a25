"""What is due in matching: a reminder to members who have not answered a proposed match."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.emails.links import link_maker
from accounts.emails.outbox import Due, notify_batch
from accounts.models import NotificationKind

from .models import ProposalKind, ProposalMember
from .rules import asked_to_answer

ANSWER_GRACE = timedelta(days=3)  # remind once a proposal has waited this long
REMIND_WINDOW = timedelta(days=30)  # ... unless it was approved longer ago than this


def members_awaiting_answer(*, now: datetime) -> QuerySet[ProposalMember]:
    """Members asked to accept or decline (or choose, for shortlists) who have not answered
    within ANSWER_GRACE of the approval."""
    return ProposalMember.objects.filter(
        asked_to_answer(),
        proposal__approved_at__lte=now - ANSWER_GRACE,
        proposal__approved_at__gte=now - REMIND_WINDOW,
        application__applicant__is_active=True,
    )


@transaction.atomic
def proposal_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each member still to answer a proposed match, once per proposal.

    Side effects: MATCH_PROPOSED emails (required: they go even to members who turned
    reminders off, since the scheme cannot proceed without an answer).
    """
    now = now or timezone.now()
    members = (
        members_awaiting_answer(now=now)
        .select_related("proposal__scheme", "application__applicant")
        .order_by("pk")
    )
    link = link_maker("matching:detail", "pk")
    dues = []
    for member in members:
        proposal = member.proposal
        dues.append(
            Due(
                kind=NotificationKind.MATCH_PROPOSED,
                key=f"proposal:{proposal.pk}:reminder",
                template="reminders_match_waiting",
                context={  # plain data, the day not the instant: see accounts.emails.outbox.Due
                    "scheme": {"name": proposal.scheme.name},
                    "is_choice": proposal.kind == ProposalKind.OPTION,
                    "approved_at": timezone.localtime(proposal.approved_at).date(),
                    "url": link(pk=proposal.pk),
                },
                user=member.application.applicant,
                scheme=proposal.scheme,
            )
        )
    return notify_batch(dues=dues, lookback=now - REMIND_WINDOW - timedelta(days=2))
