"""Factories for the CPD tests: pairs with held sessions, attended events, reflections,
manual activities."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from cpd.models import ManualActivity, Reflection, ReflectionStatus
from schemes.models import EventAttendance, EventKind, SchemeEvent
from sessions_log.models import (
    MemberRole,
    Relationship,
    RelationshipMember,
    RelationshipStatus,
    Session,
    SessionStatus,
)


def pair(scheme, mentor, mentee, *, started_on=date(2025, 1, 6), status=None, ended_on=None):
    relationship = Relationship.objects.create(
        scheme=scheme,
        started_on=started_on,
        status=status or RelationshipStatus.ACTIVE,
        ended_on=ended_on,
    )
    RelationshipMember.objects.create(
        relationship=relationship, user=mentor, role=MemberRole.MENTOR
    )
    RelationshipMember.objects.create(
        relationship=relationship, user=mentee, role=MemberRole.MENTEE
    )
    return relationship


def held(relationship, number, *, on=date(2025, 2, 3), minutes=90, title="", notes=""):
    return Session.objects.create(
        relationship=relationship,
        number=number,
        title=title,
        status=SessionStatus.HELD,
        held_on=on,
        duration_minutes=minutes,
        notes=notes,
    )


def planned(relationship, number):
    return Session.objects.create(relationship=relationship, number=number)


def attended_event(
    scheme,
    user,
    *,
    kind=EventKind.LEARNING_SET,
    on=date(2025, 3, 4),
    hours=2,
    title="Learning set",
    attended=True,
):
    start = datetime(on.year, on.month, on.day, 10, 0, tzinfo=timezone.get_current_timezone())
    event = SchemeEvent.objects.create(
        scheme=scheme,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
    )
    EventAttendance.objects.create(event=event, user=user, attended=attended)
    return event


def reflection(
    author,
    *,
    title="After session one",
    status=ReflectionStatus.COMPLETE,
    model="what_so_what",
    entries=None,
    on=date(2025, 2, 4),
    **links,
):
    return Reflection.objects.create(
        author=author,
        title=title,
        model=model,
        status=status,
        reflected_on=on,
        entries=entries or {"what": "We met.", "so_what": "It mattered.", "now_what": "Read more."},
        **links,
    )


def manual(
    user,
    *,
    title="Course on supervision",
    on=date(2025, 4, 1),
    hours="3.5",
    activity_type="course",
    role="participant",
    description="",
):
    return ManualActivity.objects.create(
        user=user,
        title=title,
        date=on,
        hours=Decimal(hours),
        activity_type=activity_type,
        role=role,
        description=description,
    )
