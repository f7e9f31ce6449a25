"""What needs the member now, for the dashboard: one line and one button each.

A read across apps (matching, sessions_log, cpd), so it lives in the site layer. Each part
reuses the owner of its rule (``matching.rules.asked_to_answer``,
``sessions_log.reminders.members_feedback_due``, ``cpd.selectors.sessions_awaiting_reflection``,
``sessions_log.selectors.unread_counts``); the whole costs a constant number of queries
however many relationships the member has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cpd.selectors import sessions_awaiting_reflection
from matching.models import ProposalKind
from matching.selectors import answers_awaited
from sessions_log.models import Relationship, RelationshipStatus, Session, SessionStatus
from sessions_log.reminders import members_feedback_due
from sessions_log.selectors import unread_counts

# How many sessions awaiting a reflection the dashboard names (the CPD page lists them all).
REFLECTIONS_SHOWN = 3


@dataclass(frozen=True)
class NextStep:
    """One thing to do: what and why (``text``), and the one button (``action`` to ``url``)."""

    kind: str  # answer, plan, log, reflect, feedback, messages
    text: str
    action: str
    url: str


@dataclass(frozen=True)
class Upcoming:
    """The member's next session with a date and time."""

    session: Session
    url: str


def _answer_steps(user: User) -> list[NextStep]:
    steps = []
    for member in answers_awaited(user=user):
        proposal = member.proposal
        choose = proposal.kind == ProposalKind.OPTION
        what = (
            "Mentors are waiting for your choice"
            if choose
            else "A match is waiting for your answer"
        )
        steps.append(
            NextStep(
                "answer",
                f"{what} in {proposal.scheme.name}.",
                "Choose a mentor" if choose else "Accept or decline",
                reverse("matching:detail", kwargs={"pk": proposal.pk}),
            )
        )
    return steps


def _planned_sessions(user: User) -> list[Session]:
    """The planned sessions of ``user``'s running relationships, in order, in one query."""
    return list(
        Session.objects.filter(
            status=SessionStatus.PLANNED,
            relationship__status=RelationshipStatus.ACTIVE,
            relationship__members__user=user,
        )
        .select_related("relationship__scheme", "step")
        .order_by("relationship_id", "number")
    )


def _session_url(name: str, session: Session) -> str:
    return reverse(
        f"sessions_log:{name}", kwargs={"pk": session.relationship_id, "number": session.number}
    )


#: How long before a relationship starts its sessions are worth planning from the dashboard.
PLAN_AHEAD = timedelta(days=30)


def _partners(user: User, relationships: list[Relationship]) -> dict[int, str]:
    """Per relationship, "with <the others' names>" (members prefetched: no query), so a
    mentor of two mentees can tell their sessions apart."""
    return {
        r.pk: "with " + ", ".join(m.user.display_name for m in others)
        for r in relationships
        if (others := [m for m in r.members.all() if m.user_id != user.pk])
    }


def _session_steps(
    sessions: list[Session], now: datetime, partners: dict[int, str] | None = None
) -> tuple[list[NextStep], list[Session]]:
    """Per relationship: log the first planned session whose day has passed, and plan the
    first one still without a date and time. Returns the steps and the future scheduled sessions."""
    partners = partners or {}
    today = timezone.localdate(now)
    steps: list[NextStep] = []
    upcoming: list[Session] = []
    to_plan: set[int] = set()
    to_log: set[int] = set()
    for session in sessions:
        if session.relationship.started_on > today + PLAN_AHEAD:
            continue  # a cohort pair matched long before its launch: nothing to do yet
        scheme = f"in {session.relationship.scheme.name}"
        if session.relationship_id in partners:
            scheme = f"{partners[session.relationship_id]} {scheme}"
        day = session.day()
        if session.scheduled_at is not None and session.scheduled_at >= now:
            upcoming.append(session)
        elif day is not None and day < today:
            if session.relationship_id in to_log:
                continue  # one at a time: the earliest first
            to_log.add(session.relationship_id)
            steps.append(
                NextStep(
                    "log",
                    f"Session {session.number} {scheme} was due on {day:%-d %b %Y}: "
                    "record how it went (or cancel it).",
                    f"Log session {session.number}",
                    _session_url("session_log", session),
                )
            )
        elif session.scheduled_at is None and session.relationship_id not in to_plan:
            to_plan.add(session.relationship_id)
            steps.append(
                NextStep(
                    "plan",
                    f"Session {session.number} {scheme} has no date and time yet.",
                    f"Plan session {session.number}",
                    _session_url("session_plan", session),
                )
            )
    return steps, upcoming


def _reflection_steps(user: User) -> list[NextStep]:
    sessions = list(
        sessions_awaiting_reflection(user=user).order_by("-held_on", "-pk")[:REFLECTIONS_SHOWN]
    )
    return [
        NextStep(
            "reflect",
            f"Session {s.number} in {s.relationship.scheme.name} was held on "
            f"{s.held_on:%-d %b %Y}: a reflection counts towards your CPD.",
            f"Reflect on session {s.number}",
            reverse("cpd:reflection_for_session", kwargs={"session_id": s.pk}),
        )
        for s in sessions
    ]


def _feedback_steps(user: User, now: datetime) -> list[NextStep]:
    due = members_feedback_due(today=timezone.localdate(now)).filter(user=user)
    return [
        NextStep(
            "feedback",
            f"Your feedback on {m.relationship.scheme.name} is due: it helps the scheme improve.",
            "Give feedback",
            reverse("sessions_log:feedback", kwargs={"pk": m.relationship_id}),
        )
        for m in due.select_related("relationship__scheme")
    ]


def _message_steps(relationships: list[Relationship], unread: dict[int, int]) -> list[NextStep]:
    return [
        NextStep(
            "messages",
            f"{unread[r.pk]} unread message{'s' if unread[r.pk] != 1 else ''} in {r.scheme.name}.",
            "Read messages",
            reverse("sessions_log:messages", kwargs={"pk": r.pk}),
        )
        for r in relationships
        if unread.get(r.pk)
    ]


@dataclass(frozen=True)
class NextSteps:
    steps: list[NextStep]
    upcoming: Upcoming | None


def next_steps_for(
    *, user: User, relationships: list[Relationship], unread: dict[int, int] | None = None
) -> NextSteps:
    """What needs ``user`` now, most pressing first, and their next scheduled session.
    ``relationships`` are theirs (``relationships_for_user``), already fetched."""
    now = timezone.now()
    unread = unread_counts(user=user) if unread is None else unread
    partners = _partners(user, relationships)
    session_steps, upcoming = _session_steps(_planned_sessions(user), now, partners)
    steps = [
        *_answer_steps(user),
        *_message_steps(relationships, unread),
        *session_steps,
        *_feedback_steps(user, now),
        *_reflection_steps(user),
    ]
    soonest = min(upcoming, key=lambda s: s.scheduled_at or now, default=None)
    return NextSteps(
        steps=steps,
        upcoming=Upcoming(soonest, soonest.relationship.get_absolute_url()) if soonest else None,
    )
