"""Live matching for the demo: a real matching run per scheme, approved by the demo
administrator and answered by the members through the matching services, so the demo's
relationships start exactly as they would in production.

The pool of each run is the applications ``seed_demo`` used to create as matched; the
scheme's other accepted applications are held out of that run and stay in the pool for
the administrator to match during the demo.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from accounts.models import SentNotification, User
from matching.models import (
    DifferenceRule,
    MatchingMode,
    MatchingRun,
    MatchingSettings,
    Proposal,
    ProposalMember,
    ProposalStatus,
    Response,
)
from matching.services import (
    proposal_override,
    proposal_respond,
    run_approve,
    run_execute,
    run_start,
)
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    PreparationCompletion,
    Role,
    Scheme,
    SchemeEvent,
)
from schemes.selectors import preparation_role
from schemes.services import application_decide

# The schemes whose demo shows live mentoring, and what happens to each approved proposal
# that does not involve a named login, in proposal order (best score first).
STORIES: dict[str, list[str]] = {
    "career-mentoring": ["stalled", "ended_early", "pending", "some_sessions", "fresh"],
    "international-peer-co-mentoring": ["some_sessions", "pending", "fresh"],
    "modern-mentoring-circles": ["circle_sessions", "pending"],
    "new-graduate-buddies": ["completed", "some_sessions", "pending", "fresh"],
}
LIVE_SCHEMES = tuple(STORIES)
# What the administrator sets in the scheme's matching settings (the rest are defaults):
# the international scheme partners people from different countries only, as briefed.
SETTINGS: dict[str, dict] = {
    "international-peer-co-mentoring": {"country_rule": DifferenceRule.REQUIRED},
}


@dataclass
class Matched:
    """What the demo run produced: confirmed proposals by story, and pending ones."""

    scheme: Scheme
    run: MatchingRun
    stories: list[tuple[str, Proposal]] = field(default_factory=list)
    pending: list[Proposal] = field(default_factory=list)


@contextmanager
def _held_out(scheme: Scheme, pool: list[Application]) -> Iterator[None]:
    """Keep the scheme's other accepted applications out of the demo run (demo only: they
    are back to accepted, untouched, before the run is approved)."""
    others = list(
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.ACCEPTED)
        .exclude(pk__in=[a.pk for a in pool])
        .values_list("pk", flat=True)
    )
    Application.objects.filter(pk__in=others).update(status=ApplicationStatus.SUBMITTED)
    try:
        yield
    finally:
        Application.objects.filter(pk__in=others).update(status=ApplicationStatus.ACCEPTED)


@contextmanager
def nothing_queued() -> Iterator[None]:
    """Drop the Celery tasks queued on commit inside the block.

    The demo's history happened in the past: each run is executed here by the service the
    ``matching.run_matching`` task calls (so the task ``run_start`` queues must not run it
    again), and the emails the history recorded are marked sent, not delivered.
    """
    connection = transaction.get_connection()
    before = len(connection.run_on_commit)
    yield
    del connection.run_on_commit[before:]


def _prepare(scheme: Scheme, pool: list[Application]) -> None:
    """Where the scheme requires it, the pool prepared: attended its briefing or
    preparation event where one has already taken place; otherwise (the next cohort's event
    is still ahead) said yes to it and completed the online preparation, since nobody has
    attended an event that has not happened."""
    if not scheme.preparation_required:
        return
    now = timezone.now()
    for app in pool:
        needed = Role.MENTOR if app.role == Role.MENTOR else Role.MENTEE
        events = SchemeEvent.objects.filter(scheme=scheme, satisfies_preparation_for=needed)
        held = events.filter(ends_at__lte=now).order_by("-starts_at").first()
        event = held or events.order_by("starts_at").first()
        if event is None:
            raise CommandError(f"{scheme.name} has no preparation event for {needed}s.")
        EventAttendance.objects.update_or_create(
            event=event,
            user=app.applicant,
            defaults={"rsvp": EventAttendance.Rsvp.YES, "attended": held is not None},
        )
        if held is None:
            PreparationCompletion.objects.get_or_create(
                scheme=scheme,
                user=app.applicant,
                role=preparation_role(app.role),
                defaults={"code_of_conduct_accepted": True},
            )


def _live_member(run: MatchingRun, app: Application) -> ProposalMember | None:
    return (
        ProposalMember.objects.filter(
            proposal__run=run, proposal__status=ProposalStatus.PROPOSED, application=app
        )
        .select_related("proposal")
        .order_by("proposal__pk")
        .first()
    )


def _keep_together(run: MatchingRun, first: Application, second: Application, by: User) -> None:
    """Put ``first`` and ``second`` in one proposal with the override service, as an
    administrator would when the optimal matching does not pair them."""
    mine = _live_member(run, second)
    if mine is not None:
        members = list(mine.proposal.members.all())
        if any(m.application_id == first.pk for m in members):
            return
        target = next(m for m in members if m.application.role == first.role and m.pk != mine.pk)
        proposal_override(proposal=mine.proposal, member=target, application=first, by=by)
        return
    theirs = _live_member(run, first)
    if theirs is None:
        raise CommandError(f"The demo run left out both {first} and {second}.")
    target = next(
        m
        for m in theirs.proposal.members.all()
        if m.application.role == second.role and m.pk != theirs.pk
    )
    proposal_override(proposal=theirs.proposal, member=target, application=second, by=by)


def _include(run: MatchingRun, app: Application, by: User) -> None:
    """Make sure ``app`` is in a proposal (replace someone in the last one if not)."""
    if _live_member(run, app) is not None:
        return
    proposal = run.proposals.filter(status=ProposalStatus.PROPOSED).order_by("-pk").first()
    if proposal is None:
        raise CommandError(f"The demo run of {run.scheme} proposed nothing.")
    member = proposal.members.filter(application__role=app.role).order_by("-pk").first()
    assert member is not None  # a proposal has a member in each role it matches
    proposal_override(proposal=proposal, member=member, application=app, by=by)


def _named(proposal: Proposal, named: set[int]) -> bool:
    return any(m.application.applicant_id in named for m in proposal.members.all())


def match_demo_pool(
    *,
    scheme: Scheme,
    pool: list[Application],
    admin: User,
    together: tuple[Application, Application] | None = None,
    include: Application | None = None,
    named: set[int],
    quiet: set[int],
) -> Matched:
    """Run, adjust, approve and answer the demo pool's matching; return the outcome.

    Every proposal with one of the ``named`` users is accepted by everyone in it; other
    proposals of the ``quiet`` users (a named mentor's second mentee) get a few sessions;
    the rest follow ``STORIES`` (a "pending" proposal keeps one member's answer open).
    """
    if scheme.slug in SETTINGS:
        MatchingSettings.objects.update_or_create(scheme=scheme, defaults=SETTINGS[scheme.slug])
    _prepare(scheme, pool)
    with _held_out(scheme, pool):
        run = run_start(scheme=scheme, by=admin)
        run = run_execute(run=run)
    if together is not None:
        _keep_together(run, *together, by=admin)
    if include is not None:
        _include(run, include, by=admin)
    proposals = run_approve(run=run, by=admin)
    outcome = Matched(scheme=scheme, run=run)
    stories = iter(STORIES[scheme.slug])
    for proposal in proposals:
        proposal = Proposal.objects.prefetch_related("members__application__applicant").get(
            pk=proposal.pk
        )
        members = sorted(proposal.members.all(), key=lambda m: (m.role != Role.MENTOR, m.pk))
        if _named(proposal, named):
            story = "named"
        elif _named(proposal, quiet):
            story = "some_sessions"
        else:
            story = next(stories, "fresh")
        answering = members[: max(1, len(members) // 2)] if story == "pending" else members
        for member in answering:
            proposal_respond(proposal=proposal, user=member.application.applicant, accept=True)
        if story == "pending":
            outcome.pending.append(proposal)
        else:
            outcome.stories.append((story, Proposal.objects.get(pk=proposal.pk)))
    return outcome


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _no_later(field: F, latest: datetime) -> Least:
    """``field`` if it is before ``latest`` (or empty: then ``latest``), else ``latest``;
    the same on SQLite and PostgreSQL, whose MIN and LEAST treat NULL apart."""
    return Least(Coalesce(field, Value(latest)), Value(latest))


def backdate_matching(outcome: Matched, starts: dict[int, date], today: date) -> None:
    """Date the run, approvals and answers before the relationships' (backdated) starts."""
    first = min(starts.values(), default=today)
    run_at = _at(first - timedelta(days=7))
    MatchingRun.objects.filter(pk=outcome.run.pk).update(
        created_at=run_at, started_at=run_at, finished_at=run_at + timedelta(seconds=2)
    )
    for _, proposal in outcome.stories:
        assert proposal.relationship_id is not None  # every story's proposal was accepted
        started = starts[proposal.relationship_id]
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=run_at, approved_at=_at(started - timedelta(days=5)), decided_at=_at(started)
        )
        ProposalMember.objects.filter(proposal=proposal).update(
            responded_at=_at(started - timedelta(days=2), 18)
        )
        # Applied, accepted and decided before the match began, whatever dates the
        # application was drawn with (a match never precedes its application).
        Application.objects.filter(proposal_memberships__proposal=proposal).update(
            matched_at=_at(started),
            submitted_at=_no_later(F("submitted_at"), _at(started - timedelta(days=21))),
            decided_at=_no_later(F("decided_at"), _at(started - timedelta(days=14))),
            accepted_at=_no_later(F("accepted_at"), _at(started - timedelta(days=14))),
        )
    asked = _at(today - timedelta(days=4))
    for proposal in outcome.pending:
        Proposal.objects.filter(pk=proposal.pk).update(created_at=run_at, approved_at=asked)
        ProposalMember.objects.filter(proposal=proposal, response=Response.ACCEPTED).update(
            responded_at=asked + timedelta(days=1)
        )


# The scheme whose mentees find and ask their mentors themselves (member-led matching).
MEMBER_LED_SLUG = "reverse-mentoring-for-leaders"


def ensure_member_led(scheme: Scheme) -> None:
    """Turn on member-led matching for the demo's member-led scheme (as its administrator
    would in its matching settings)."""
    if scheme.slug != MEMBER_LED_SLUG:
        return
    MatchingSettings.objects.filter(scheme=scheme).update(matching_mode=MatchingMode.MEMBER_LED)


#: How many of the member-led scheme's waiting mentors the demo accepts (its directory).
MEMBER_LED_MENTORS = 3


def ensure_member_led_mentors(scheme: Scheme) -> None:
    """Accept a few of the member-led scheme's submitted mentors (as its coordinator would),
    so its accepted mentees find mentors in the directory; the decisions' emails went out
    long ago (recorded as sent, nothing queued)."""
    if scheme.slug != MEMBER_LED_SLUG:
        return
    mentors = Application.objects.filter(scheme=scheme, role=Role.MENTOR)
    if mentors.filter(status=ApplicationStatus.ACCEPTED).exists():
        return
    first_notification = SentNotification.objects.aggregate(n=Max("pk"))["n"] or 0
    with nothing_queued():
        for application in mentors.filter(status=ApplicationStatus.SUBMITTED).order_by("pk")[
            :MEMBER_LED_MENTORS
        ]:
            application_decide(application=application, status=ApplicationStatus.ACCEPTED, by=None)
    SentNotification.objects.filter(
        pk__gt=first_notification, status=SentNotification.Status.PENDING
    ).update(status=SentNotification.Status.SENT, sent_at=timezone.now())


def member_led_mentee() -> User | None:
    """An accepted mentee of the member-led scheme (for the command's output): they see
    the directory of mentors."""
    application = (
        Application.objects.filter(
            scheme__slug=MEMBER_LED_SLUG, role=Role.MENTEE, status=ApplicationStatus.ACCEPTED
        )
        .select_related("applicant")
        .order_by("pk")
        .first()
    )
    return application.applicant if application else None
