"""What is due for the members of relationships (reminder sweeps).

Each sweep asks the database what is due in a few set-based queries and hands the emails to
the outbox's batch path (``accounts.emails.outbox.notify_batch``). The unique key
(recipient, kind, object, period) makes a retried, repeated or concurrent sweep send nothing
twice; due windows span several sweeps, so a sweep that died midway is made good by the next
one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from accounts.emails.links import link_maker
from accounts.emails.outbox import Due, notify_batch, opted_out
from accounts.emails.render import Fixed
from accounts.languages import language_or_default
from accounts.models import NotificationKind, User
from accounts.zones import zone_or_default
from core.zones import local_with_zone
from schemes.models import BOOKED_KINDS, Scheme

from .models import (
    FeedbackResponse,
    Goal,
    GoalStatus,
    Relationship,
    RelationshipMember,
    RelationshipStatus,
    Session,
    SessionStatus,
)

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext.annotations import WithAnnotations

    class _DueOn(TypedDict):
        due_on: date


M = TypeVar("M", bound=Model)

UNLOGGED_WINDOW_DAYS = 14  # a passed session is chased for its log this long
GOAL_REVIEW_DAYS = 7  # an open goal is reviewed this many days before its target date
FEEDBACK_BEFORE_END_DAYS = 7  # feedback is asked for this long before the planned end
FEEDBACK_WINDOW_DAYS = 30  # ... and until this long after the end


def upcoming_days() -> int:
    """Days before a planned session that its members are reminded (settings, default 3)."""
    return int(getattr(settings, "REMINDERS_UPCOMING_DAYS", 3))


# --- what is due (selectors) ------------------------------------------------------------


def _planned_sessions() -> QuerySet[WithAnnotations[Session, _DueOn]]:
    """Planned sessions of active relationships, with the day they fall on (``due_on``)."""
    return Session.objects.filter(
        status=SessionStatus.PLANNED, relationship__status=RelationshipStatus.ACTIVE
    ).annotate(due_on=Coalesce(TruncDate("scheduled_at"), "target_date"))


def sessions_upcoming(*, today, days_before: int) -> QuerySet[Session]:
    """Planned sessions falling between today and ``days_before`` days from now."""
    return _planned_sessions().filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=days_before)
    )


def sessions_unlogged(*, today) -> QuerySet[Session]:
    """Planned sessions whose day has passed (in the last UNLOGGED_WINDOW_DAYS) unlogged."""
    return _planned_sessions().filter(
        due_on__lt=today, due_on__gte=today - timedelta(days=UNLOGGED_WINDOW_DAYS)
    )


def goals_due_review(*, today) -> QuerySet[Goal]:
    """Open goals of active relationships whose target date is within GOAL_REVIEW_DAYS."""
    return Goal.objects.filter(
        status__in=GoalStatus.open_states,
        relationship__status=RelationshipStatus.ACTIVE,
        target_date__gte=today,
        target_date__lte=today + timedelta(days=GOAL_REVIEW_DAYS),
        owner__is_active=True,
    )


def members_feedback_due(*, today) -> QuerySet[RelationshipMember]:
    """Members who owe feedback: the relationship is near its planned end (active) or
    recently completed, and they have not given it. A flash conversation is one session:
    its feedback is due only once it was held (logging it completes the relationship), never
    while it is still to come."""
    near_end = Q(
        relationship__status=RelationshipStatus.ACTIVE,
        relationship__planned_end_on__lte=today + timedelta(days=FEEDBACK_BEFORE_END_DAYS),
        relationship__planned_end_on__gte=today - timedelta(days=FEEDBACK_WINDOW_DAYS),
    ) & ~Q(relationship__scheme__kind__in=BOOKED_KINDS)
    completed = Q(
        relationship__status=RelationshipStatus.COMPLETED,
        relationship__ended_on__gte=today - timedelta(days=FEEDBACK_WINDOW_DAYS),
    )
    given = FeedbackResponse.objects.filter(
        relationship=OuterRef("relationship"), user=OuterRef("user")
    )
    return RelationshipMember.objects.filter(near_end | completed, user__is_active=True).exclude(
        Exists(given)
    )


class Member(NamedTuple):
    """A member of a relationship, as the sweeps need one."""

    user: User
    opted_out: bool
    zone: str = ""  # the member's time zone name ("" for the site's)
    language: str = ""  # the member's language ("" for the site's)


# The user fields the sweeps read (address, name, is_active); the rest load on access.
USER_FIELDS = ("id", "email", "first_name", "last_name", "is_active")


def loaded(model: type[M], db: str, **values) -> M:
    """An instance of ``model`` as the ORM loads one with ``only(*values)``: the fields not
    given are deferred (loaded on access)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def members_by_relationship(relationships: QuerySet, kind: str) -> dict[int, list[Member]]:
    """Every member of ``relationships`` (one query), each flagged ``opted_out`` of kind.

    Read as rows, with one partly loaded ``User`` per person however many relationships
    they are in: a sweep over 100,000 relationships builds 20,000 objects, not 400,000.
    """
    rows = (
        RelationshipMember.objects.filter(relationship__in=relationships)
        .annotate(opted_out=opted_out(kind))
        .order_by("relationship_id", "pk")
        .values_list(
            "relationship_id",
            "opted_out",
            "user__profile__timezone",
            "user__profile__language",
            "user_id",
            *(f"user__{name}" for name in USER_FIELDS[1:]),
        )
    )
    users: dict[int, User] = {}
    by_rel: dict[int, list[Member]] = {}
    for relationship_id, is_opted_out, zone, language, *user_row in rows:
        user = users.get(user_row[0])
        if user is None:
            user = users[user_row[0]] = loaded(
                User, rows.db, **dict(zip(USER_FIELDS, user_row, strict=True))
            )
        by_rel.setdefault(relationship_id, []).append(
            Member(user, is_opted_out, zone or "", language or "")
        )
    return by_rel


# --- sending (services) -----------------------------------------------------------------


@transaction.atomic
def session_reminders_send(*, now: datetime | None = None, days_before: int | None = None) -> int:
    """Remind each member of a planned session falling in the next ``days_before`` days.

    Keyed by session and its day, so a rescheduled session is reminded again.
    Side effects: SESSION_UPCOMING emails (batch outbox).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    days_before = upcoming_days() if days_before is None else days_before
    due = sessions_upcoming(today=today, days_before=days_before)
    return _send_for_sessions(
        due,
        kind=NotificationKind.SESSION_UPCOMING,
        template="reminders_session_upcoming",
        period="upcoming",
        url_name="sessions_log:session_plan",
        lookback=now - timedelta(days=days_before + 2),
    )


@transaction.atomic
def session_unlogged_reminders_send(*, now: datetime | None = None) -> int:
    """Ask the members of a planned session whose day has passed to log it (or re-plan).

    Side effects: SESSION_UNLOGGED emails (batch outbox).
    """
    now = now or timezone.now()
    due = sessions_unlogged(today=timezone.localdate(now))
    return _send_for_sessions(
        due,
        kind=NotificationKind.SESSION_UNLOGGED,
        template="reminders_session_unlogged",
        period="unlogged",
        url_name="sessions_log:session_log",
        lookback=now - timedelta(days=UNLOGGED_WINDOW_DAYS + 2),
    )


def _when_formatter():
    """``when_in(instant, zone, language)``: the strings the templates print for a session's
    time in a member's zone and language: "when" ("Tuesday 3 March 2026, 10:00 AEDT
    (Australia/Sydney)") and "day" ("Tuesday 3 March"), the names of days and months in
    ``language`` ("" for the site's); each (instant, zone, language) formatted once."""
    cache: dict[tuple[datetime, str, str], dict[str, str]] = {}

    def when_in(instant: datetime | None, zone: str, language: str = "") -> dict[str, str]:
        if instant is None:
            return {"when": "", "day": ""}
        key = (instant, zone, language)
        if key not in cache:
            with (
                timezone.override(zone_or_default(zone)),
                translation.override(language_or_default(language)),
            ):
                cache[key] = {
                    "when": local_with_zone(instant, "l j F Y, H:i", long=True),
                    "day": date_format(timezone.localtime(instant), "l j F"),
                }
        return cache[key]

    return when_in


SESSION_FIELDS = ("pk", "number", "title", "location", "scheduled_at", "due_on")


def _send_for_sessions(
    due: QuerySet[Session], *, kind, template, period, url_name, lookback
) -> int:
    """The emails of ``kind`` for the members of ``due`` sessions. Sessions are read as rows
    (with the scheme's id and name) and links made without a ``reverse`` each: at 100,000
    relationships, model instances and ``reverse`` cost more than rendering."""
    rows = due.order_by("pk").values_list(
        *SESSION_FIELDS, "relationship_id", "relationship__scheme_id", "relationship__scheme__name"
    )
    members = members_by_relationship(
        Relationship.objects.filter(pk__in=due.values("relationship_id")), kind
    )
    link = link_maker(url_name, "pk", "number")
    when_in = _when_formatter()
    schemes: dict[int, Scheme] = {}
    dues = []
    for pk, number, title, location, scheduled_at, due_on, rel_id, scheme_id, name in rows:
        scheme = schemes.get(scheme_id)
        if scheme is None:
            scheme = schemes[scheme_id] = loaded(Scheme, rows.db, id=scheme_id, name=name)
        everyone = members.get(rel_id, [])
        # What the templates print (plain data: see accounts.emails.outbox.Due). The time is a
        # string in each member's zone ("when"), so that all emails share a rendering.
        session = {"number": str(number), "title": title, "location": location}
        context = {
            "due_on": due_on,
            "scheme": {"name": name},
            "url": link(pk=rel_id, number=number),
        }
        for member in everyone:
            if member.opted_out or not member.user.is_active:
                continue
            others = [
                {"display_name": m.user.display_name} for m in everyone if m.user is not member.user
            ]
            when = when_in(scheduled_at, member.zone, member.language)
            dues.append(
                Due(
                    kind=kind,
                    key=f"session:{pk}:{period}:{due_on.isoformat()}",
                    template=template,
                    context={**context, "session": {**session, **when}, "others": others},
                    user=member.user,
                    scheme=scheme,
                    time_zone=member.zone,
                    language=member.language,
                )
            )
    return notify_batch(dues=dues, lookback=lookback)


@transaction.atomic
def goals_review_reminders_send(*, now: datetime | None = None) -> int:
    """Ask the owner of an open goal nearing its target date to review its progress.

    Side effects: GOALS_REVIEW emails (batch outbox).
    """
    now = now or timezone.now()
    goals = (
        goals_due_review(today=timezone.localdate(now))
        .exclude(opted_out(NotificationKind.GOALS_REVIEW, "owner"))
        .select_related("owner", "relationship__scheme")
        .order_by("pk")
    )
    link = link_maker("sessions_log:goal_review", "pk", "goal_pk")
    dues = [
        Due(
            kind=NotificationKind.GOALS_REVIEW,
            # goals_due_review selects goals with a target date
            key=f"goal:{goal.pk}:review:{cast(date, goal.target_date).isoformat()}",
            template="reminders_goals_review",
            context={  # plain data: see accounts.emails.outbox.Due
                "goal": {"what": goal.what, "target_date": goal.target_date},
                "scheme": {"name": goal.relationship.scheme.name},
                "url": link(pk=goal.relationship_id, goal_pk=goal.pk),
            },
            user=goal.owner,
            scheme=goal.relationship.scheme,
        )
        for goal in goals
    ]
    return notify_batch(dues=dues, lookback=now - timedelta(days=GOAL_REVIEW_DAYS + 2))


@transaction.atomic
def feedback_due_reminders_send(*, now: datetime | None = None) -> int:
    """Ask each member who has not yet given feedback at the end of a relationship.

    Side effects: FEEDBACK_DUE emails (batch outbox), once per member and relationship.
    """
    now = now or timezone.now()
    members = (
        members_feedback_due(today=timezone.localdate(now))
        .exclude(opted_out(NotificationKind.FEEDBACK_DUE))
        .select_related("user", "relationship__scheme")
        .order_by("pk")
    )
    link = link_maker("sessions_log:feedback", "pk")
    dues = [
        Due(
            kind=NotificationKind.FEEDBACK_DUE,
            key=f"relationship:{m.relationship_id}:feedback",
            template="reminders_feedback_due",
            context={  # plain data; the status is compared, so Fixed: see outbox.Due
                "relationship": {
                    "status": Fixed(m.relationship.status),
                    "planned_end_on": m.relationship.planned_end_on,
                },
                "scheme": {"name": m.relationship.scheme.name},
                "url": link(pk=m.relationship_id),
            },
            user=m.user,
            scheme=m.relationship.scheme,
        )
        for m in members
    ]
    lookback = now - timedelta(days=FEEDBACK_BEFORE_END_DAYS + FEEDBACK_WINDOW_DAYS + 2)
    return notify_batch(dues=dues, lookback=lookback)


def participant_reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Every relationship sweep, each in its own transaction; how many of each were written."""
    return {
        NotificationKind.SESSION_UPCOMING.value: session_reminders_send(now=now),
        NotificationKind.SESSION_UNLOGGED.value: session_unlogged_reminders_send(now=now),
        NotificationKind.GOALS_REVIEW.value: goals_review_reminders_send(now=now),
        NotificationKind.FEEDBACK_DUE.value: feedback_due_reminders_send(now=now),
    }
