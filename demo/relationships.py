"""Live mentoring for the demo: relationships with a history, written through the
sessions_log and cpd services (dates are passed where a service takes them and set
afterwards, demo only, where it does not).

The named pair (mentor@ and mentee@) has planned, held and upcoming sessions, agreed
expectations, goals with progress, actions and reflections; other relationships show
held sessions, an early ending, a completion and a stall for the momentum checks.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import SentNotification, User
from schemes.models import Application, Scheme

from .diary import backdate
from .matching import Matched, backdate_matching, match_demo_pool, nothing_queued
from .stories import STARTED_DAYS_AGO, STORY_STEPS


def ensure_live_mentoring(
    *,
    scheme: Scheme,
    pool: list[Application],
    admin: User,
    named: dict[str, User],
    today: date,
) -> Matched | None:
    """Match the demo pool and give the relationships their history (once per scheme:
    nothing happens if the scheme has had a matching run or has no demo pool)."""
    if not pool or scheme.matching_runs.exists():
        return None
    with nothing_queued():
        return _match_and_live(scheme=scheme, pool=pool, admin=admin, named=named, today=today)


def _match_and_live(
    *, scheme: Scheme, pool: list[Application], admin: User, named: dict[str, User], today: date
) -> Matched:
    first_notification = SentNotification.objects.aggregate(n=Max("pk"))["n"] or 0
    apps = {a.applicant_id: a for a in pool}
    mentor, mentee, peer = (named[k] for k in ("mentor", "mentee", "peer"))
    together = None
    if mentor.pk in apps and mentee.pk in apps:
        together = (apps[mentor.pk], apps[mentee.pk])
    outcome = match_demo_pool(
        scheme=scheme,
        pool=pool,
        admin=admin,
        together=together,
        include=apps.get(peer.pk),
        named={mentee.pk, peer.pk},
        quiet={mentor.pk},
    )
    starts = {}
    for story, proposal in outcome.stories:
        relationship = proposal.relationship
        assert relationship is not None  # every story's proposal was accepted
        if story == "named":
            story = "named" if together else "peer"
        started = today - timedelta(days=STARTED_DAYS_AGO[story])
        relationship = backdate(relationship, started)
        starts[relationship.pk] = started
        STORY_STEPS[story](relationship, started, today)
    backdate_matching(outcome, starts, today)
    # What the demo history "sent" went out long ago: nothing is queued for delivery.
    SentNotification.objects.filter(
        pk__gt=first_notification, status=SentNotification.Status.PENDING
    ).update(status=SentNotification.Status.SENT, sent_at=timezone.now())
    return outcome


def member_with_match_to_accept() -> User | None:
    """A demo member whose approved match waits for their answer (for the command's output)."""
    from matching.models import ProposalMember, ProposalStatus, Response

    from .matching import LIVE_SCHEMES

    waiting = (
        ProposalMember.objects.filter(
            proposal__scheme__slug__in=LIVE_SCHEMES,
            proposal__status=ProposalStatus.APPROVED,
            response=Response.PENDING,
        )
        .select_related("application__applicant")
        .order_by("proposal__scheme__slug", "proposal__pk", "pk")
        .first()
    )
    return waiting.application.applicant if waiting else None
