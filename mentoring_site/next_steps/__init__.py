"""What needs the member now, for the dashboard: one line and one button each.

A read across apps (matching, sessions_log, cpd), so it lives in the site layer. Each part
reuses the owner of its rule (``matching.rules.asked_to_answer``,
``sessions_log.reminders.members_feedback_due``, ``cpd.selectors.sessions_awaiting_reflection``,
``sessions_log.selectors.unread_counts``); the whole costs a constant number of queries
however many relationships the member has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Profile, User
from cpd.selectors import sessions_awaiting_reflection
from matching.directory import open_request_count
from matching.models import ProposalKind, ProposalMember
from matching.selectors import answers_awaited
from schemes.models import Application
from sessions_log.models import Relationship, RelationshipStatus, Session, SessionStatus
from sessions_log.reminders import members_feedback_due
from sessions_log.selectors import unread_counts

from .first_steps import first_steps_for
from .step import NextStep

__all__ = ["NextStep", "NextSteps", "Upcoming", "first_steps_for", "next_steps_for"]

# How many sessions awaiting a reflection the dashboard names (the CPD page lists them all).
REFLECTIONS_SHOWN = 3


@dataclass(frozen=True)
class Upcoming:
    """The member's next session with a date and time."""

    session: Session
    url: str


def _answer_steps(awaited: list[ProposalMember]) -> list[NextStep]:
    steps = []
    for member in awaited:
        proposal = member.proposal
        choose = proposal.kind == ProposalKind.OPTION
        scheme = proposal.scheme.name
        text = (
            _("Mentors are waiting for your choice in %(scheme)s.")
            if choose
            else _("A match is waiting for your answer in %(scheme)s.")
        )
        steps.append(
            NextStep(
                "answer",
                text % {"scheme": scheme},
                _("Choose a mentor") if choose else _("Accept or decline"),
                reverse("matching:detail", kwargs={"pk": proposal.pk}),
            )
        )
    return steps


def _request_steps(user: User) -> list[NextStep]:
    """Requests to mentor the member is asked to answer (member-led schemes; one query)."""
    waiting = open_request_count(user=user)
    if not waiting:
        return []
    return [
        NextStep(
            "requests",
            ngettext(
                "A mentee has asked you to mentor them: answer before the request expires.",
                "%(count)d mentees have asked you to mentor them: answer before the "
                "requests expire.",
                waiting,
            )
            % {"count": waiting},
            _("Answer the requests"),
            reverse("matching:requests"),
        )
    ]


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
        r.pk: ", ".join(m.user.display_name for m in others)
        for r in relationships
        if (others := [m for m in r.members.all() if m.user_id != user.pk])
    }


def _day(day: date | None) -> str:
    """A date as the dashboard writes it: "4 Mar 2026"."""
    return date_format(day, "j M Y") if day else ""


def _in_scheme(session: Session, partners: dict[int, str]) -> str:
    """ "in <scheme>", or "with <partners> in <scheme>" for a member of several pairs."""
    scheme = session.relationship.scheme.name
    if session.relationship_id in partners:
        return _("with %(partners)s in %(scheme)s") % {
            "partners": partners[session.relationship_id],
            "scheme": scheme,
        }
    return _("in %(scheme)s") % {"scheme": scheme}


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
        where = _in_scheme(session, partners)
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
                    _(
                        "Session %(number)s %(where)s was due on %(day)s: record how it went "
                        "(or cancel it)."
                    )
                    % {"number": session.number, "where": where, "day": _day(day)},
                    _("Log session %(number)s") % {"number": session.number},
                    _session_url("session_log", session),
                )
            )
        elif session.scheduled_at is None and session.relationship_id not in to_plan:
            to_plan.add(session.relationship_id)
            steps.append(
                NextStep(
                    "plan",
                    _("Session %(number)s %(where)s has no date and time yet.")
                    % {"number": session.number, "where": where},
                    _("Plan session %(number)s") % {"number": session.number},
                    _session_url("session_plan", session),
                )
            )
    return steps, upcoming


def _reflect_action(session: Session, partners: dict[int, str]) -> str:
    """The button names the partners too: a mentor of two mentees gets two buttons that a
    screen reader's list of buttons tells apart."""
    if session.relationship_id in partners:
        return _("Reflect on session %(number)s with %(partners)s") % {
            "number": session.number,
            "partners": partners[session.relationship_id],
        }
    return _("Reflect on session %(number)s") % {"number": session.number}


def _reflection_steps(user: User, partners: dict[int, str] | None = None) -> list[NextStep]:
    """The latest held sessions awaiting the member's reflection, each naming the partners
    (``partners``, from ``_partners``) in its text and its button."""
    partners = partners or {}
    sessions = list(
        sessions_awaiting_reflection(user=user).order_by("-held_on", "-pk")[:REFLECTIONS_SHOWN]
    )
    return [
        NextStep(
            "reflect",
            _(
                "Session %(number)s %(where)s was held on %(day)s: a reflection counts "
                "towards your CPD."
            )
            % {"number": s.number, "where": _in_scheme(s, partners), "day": _day(s.held_on)},
            _reflect_action(s, partners),
            reverse("cpd:reflection_for_session", kwargs={"session_id": s.pk}),
        )
        for s in sessions
    ]


def _feedback_steps(user: User, now: datetime) -> list[NextStep]:
    due = members_feedback_due(today=timezone.localdate(now)).filter(user=user)
    return [
        NextStep(
            "feedback",
            _("Your feedback on %(scheme)s is due: it helps the scheme improve.")
            % {"scheme": m.relationship.scheme.name},
            _("Give feedback"),
            reverse("sessions_log:feedback", kwargs={"pk": m.relationship_id}),
        )
        for m in due.select_related("relationship__scheme")
    ]


def _message_steps(relationships: list[Relationship], unread: dict[int, int]) -> list[NextStep]:
    return [
        NextStep(
            "messages",
            ngettext(
                "%(count)d unread message in %(scheme)s.",
                "%(count)d unread messages in %(scheme)s.",
                unread[r.pk],
            )
            % {"count": unread[r.pk], "scheme": r.scheme.name},
            _("Read messages"),
            reverse("sessions_log:messages", kwargs={"pk": r.pk}),
        )
        for r in relationships
        if unread.get(r.pk)
    ]


@dataclass(frozen=True)
class NextSteps:
    """``steps``: what needs the member in their relationships; ``first_steps``: the way
    from a new account to a match (profile, apply, draft, preparation, waiting)."""

    steps: list[NextStep]
    upcoming: Upcoming | None
    first_steps: list[NextStep] = field(default_factory=list)


def next_steps_for(
    *,
    user: User,
    relationships: list[Relationship],
    unread: dict[int, int] | None = None,
    profile: Profile | None = None,
    applications: list[Application] | None = None,
) -> NextSteps:
    """What needs ``user`` now, most pressing first, and their next scheduled session.
    ``relationships`` are theirs (``relationships_for_user``), already fetched; ``profile``
    and ``applications`` (``applications_for_user``) are fetched when not given."""
    now = timezone.now()
    unread = unread_counts(user=user) if unread is None else unread
    partners = _partners(user, relationships)
    session_steps, upcoming = _session_steps(_planned_sessions(user), now, partners)
    awaited = answers_awaited(user=user)
    steps = [
        *_answer_steps(awaited),
        *_request_steps(user),
        *_message_steps(relationships, unread),
        *session_steps,
        *_feedback_steps(user, now),
        *_reflection_steps(user, partners),
    ]
    soonest = min(upcoming, key=lambda s: s.scheduled_at or now, default=None)
    return NextSteps(
        steps=steps,
        upcoming=Upcoming(soonest, soonest.relationship.get_absolute_url()) if soonest else None,
        first_steps=first_steps_for(
            user=user,
            relationships=relationships,
            profile=profile,
            applications=applications,
            awaited=awaited,
        ),
    )
