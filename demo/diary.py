"""Writing a demo relationship's history through the sessions_log services: move a just
started relationship back to its start date, plan sessions and log them as held (the
logging time is set afterwards, demo only)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from accounts.models import User
from sessions_log.models import Relationship, Session, SessionMode
from sessions_log.services import session_log, session_plan

MEETING_LINK = "https://meet.demo.example/"


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def members_of(relationship: Relationship) -> list[User]:
    """The members, mentor first, then by membership."""
    rows = sorted(relationship.members.select_related("user"), key=lambda m: (m.role, m.pk))
    mentors = [m.user for m in rows if m.role == "mentor"]
    return mentors + [m.user for m in rows if m.role != "mentor"]


def backdate(relationship: Relationship, started: date) -> Relationship:
    """Move a just-started relationship and its planned sessions back to ``started``."""
    shift = relationship.started_on - started
    Relationship.objects.filter(pk=relationship.pk).update(
        started_on=started,
        planned_end_on=relationship.planned_end_on and relationship.planned_end_on - shift,
    )
    sessions = list(relationship.sessions.all())
    for session in sessions:
        session.target_date = session.target_date and session.target_date - shift
    Session.objects.bulk_update(sessions, ["target_date"])
    return Relationship.objects.get(pk=relationship.pk)


def _session(relationship: Relationship, number: int) -> Session:
    return relationship.sessions.get(number=number)


def hold(
    relationship: Relationship,
    number: int,
    *,
    by: User,
    held_on: date,
    led_by: User | None = None,
    minutes: int = 60,
    notes: str = "",
    actions: list[str] | None = None,
    done: bool = False,
) -> Session:
    """Log session ``number`` as held; ``done`` marks every open action done in it."""
    done_actions = list(relationship.actions.filter(done_at__isnull=True)) if done else []
    session = session_log(
        session=_session(relationship, number),
        by=by,
        held_on=held_on,
        duration_minutes=minutes,
        mode=SessionMode.ONLINE,
        led_by=led_by or by,
        notes=notes,
        new_actions=actions,
        done_actions=done_actions,
    )
    Session.objects.filter(pk=session.pk).update(logged_at=at(held_on, 20))
    return session


def plan(relationship: Relationship, number: int, *, by: User, when: datetime) -> Session:
    return session_plan(
        session=_session(relationship, number),
        by=by,
        scheduled_at=when,
        mode=SessionMode.ONLINE,
        location=f"{MEETING_LINK}{relationship.pk}-{number}",
    )
