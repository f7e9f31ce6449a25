"""Reflections: a member's own, those their partners shared with them, and the held
sessions still waiting for one."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from sessions_log.models import Session, SessionStatus
from sessions_log.rules import filter_readable

from ..models import Reflection, ReflectionStatus
from .activities import _in_period, held_sessions_for_user


def reflections_for_author(*, user: User) -> QuerySet[Reflection]:
    return Reflection.objects.filter(author=user).select_related(
        "session", "relationship__scheme", "goal", "event"
    )


def reflection_for_author(*, user: User, pk: int) -> Reflection:
    """One of the user's own reflections (for editing), or 404."""
    return get_object_or_404(reflections_for_author(user=user), pk=pk)


def reflections_shared_with(*, user: User) -> QuerySet[Reflection]:
    """Reflections a partner shared in a relationship ``user`` is a member of, written since
    ``user`` joined it (``sessions_log.rules.filter_readable``: a facilitator who joined a
    running circle reads none shared before)."""
    shared = Reflection.objects.filter(shared_with_partner=True, status=ReflectionStatus.COMPLETE)
    return (
        filter_readable(shared, user=user)
        .exclude(author=user)
        .select_related("author", "session", "relationship__scheme", "goal", "event")
    )


def reflection_visible_to(*, user: User, pk: int) -> Reflection:
    """A reflection the user wrote, or one shared with them by a partner; else 404.

    Staff get no exception: coordinators and administrators never read reflections.
    """
    visible = Reflection.objects.filter(
        Q(author=user) | Q(pk__in=reflections_shared_with(user=user).values("pk"))
    ).select_related("author", "session", "relationship__scheme", "goal", "event")
    return get_object_or_404(visible, pk=pk)


def sessions_awaiting_reflection(*, user: User) -> QuerySet[Session]:
    """Held sessions of the user's relationships that the user has not reflected on yet
    (a draft counts as started). The reminders issue emails a prompt for each."""
    mine = Reflection.objects.filter(author=user, session=OuterRef("pk"))
    return (
        Session.objects.filter(status=SessionStatus.HELD, relationship__members__user=user)
        .exclude(Exists(mine))
        .select_related("relationship__scheme")
        .order_by("held_on", "pk")
    )


def held_session_for_user(*, user: User, pk: int) -> Session:
    return get_object_or_404(held_sessions_for_user(user=user), pk=pk)


def reflections_for_export(
    *, user: User, start: date | None = None, end: date | None = None
) -> QuerySet[Reflection]:
    return _in_period(
        reflections_for_author(user=user).filter(status=ReflectionStatus.COMPLETE),
        "reflected_on",
        start,
        end,
    ).order_by("reflected_on", "pk")
