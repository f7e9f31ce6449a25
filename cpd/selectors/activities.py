"""A member's CPD activities and their hours.

Activities are derived at read time from held sessions (one per member of the
relationship) and attended scheme events, and merged with the member's manual
activities, in a constant number of queries however many there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from schemes.models import Application, EventAttendance, EventKind, Scheme
from sessions_log.models import Session, SessionStatus

from ..models import (
    ActivityRole,
    ActivityTag,
    ActivityType,
    Evidence,
    ManualActivity,
    SourceType,
    Standard,
)

EVENT_TYPES = {
    EventKind.LEARNING_SET: ActivityType.LEARNING_SET,
    EventKind.BRIEFING: ActivityType.BRIEFING,
    EventKind.MENTOR_PREPARATION: ActivityType.BRIEFING,
    EventKind.LAUNCH: ActivityType.EVENT,
    EventKind.OTHER: ActivityType.EVENT,
}
HUNDREDTH = Decimal("0.01")


def session_hours(*, minutes: int | None) -> Decimal:
    """The CPD hours of a held session: its minutes in hours, to the hundredth."""
    return (Decimal(minutes or 0) / 60).quantize(HUNDREDTH)


@dataclass
class CpdActivity:
    """One CPD activity of one member, derived or added by hand."""

    source_type: str
    source_id: int
    user_id: int
    date: date
    activity_type: str
    title: str
    hours: Decimal
    role: str
    scheme_name: str = ""
    description: str = ""
    relationship_id: int | None = None
    standards: list[Standard] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.source_type}-{self.source_id}"

    @property
    def type_label(self) -> str:
        return str(ActivityType(self.activity_type).label)

    @property
    def role_label(self) -> str:
        return str(ActivityRole(self.role).label)

    @property
    def source_label(self) -> str:
        return str(SourceType(self.source_type).label)

    @property
    def is_manual(self) -> bool:
        return self.source_type == SourceType.MANUAL

    @property
    def standard_numbers(self) -> str:
        return ", ".join(str(s.number) for s in self.standards)

    @property
    def standards_label(self) -> str:
        """ "Standard 2", "Standards 1, 3" (a bare "2" reads like a count); "" when none."""
        if not self.standards:
            return ""
        return ngettext("Standard %(numbers)s", "Standards %(numbers)s", len(self.standards)) % {
            "numbers": self.standard_numbers
        }


def _in_period(qs: QuerySet, lookup: str, start: date | None, end: date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{lookup}__gte": start})
    if end:
        qs = qs.filter(**{f"{lookup}__lte": end})
    return qs


def _held_sessions_per_member(scope: Q) -> QuerySet[Session]:
    """Held sessions matching ``scope``, one row per member of their relationship matching
    it, annotated with that member (``member_id``) and their role there (``member_role``).
    The annotation reuses the join ``scope`` makes through ``relationship__members``."""
    return (
        Session.objects.filter(scope, status=SessionStatus.HELD)
        .annotate(
            member_id=F("relationship__members__user_id"),
            member_role=F("relationship__members__role"),
        )
        .exclude(member_id=None)
        .select_related("relationship__scheme")
        .order_by("held_on", "pk")
    )


def held_sessions_for_user(
    *, user: User, start: date | None = None, end: date | None = None
) -> QuerySet[Session]:
    """Held sessions of the user's relationships, annotated with the user's role there
    (``member_role``)."""
    sessions = _held_sessions_per_member(Q(relationship__members__user=user))
    return _in_period(sessions, "held_on", start, end)


def _session_activities(sessions: QuerySet[Session]) -> list[CpdActivity]:
    """One activity per held session and member of its relationship (one query)."""
    return [
        CpdActivity(
            source_type=SourceType.SESSION,
            source_id=s.pk,
            user_id=s.member_id,  # type: ignore[attr-defined]  # annotated
            date=s.held_on,  # type: ignore[arg-type]  # held sessions have a date
            activity_type=ActivityType.MENTORING_SESSION,
            title=gettext("Mentoring session %(number)s") % {"number": s.number}
            + (f": {s.title}" if s.title else ""),
            hours=session_hours(minutes=s.duration_minutes),
            role=s.member_role,  # type: ignore[attr-defined]  # annotated
            scheme_name=s.relationship.scheme.name,
            relationship_id=s.relationship_id,
        )
        for s in sessions
    ]


def _event_activities(attendances: QuerySet[EventAttendance]) -> list[CpdActivity]:
    """One activity per attended event, in the role of the member's latest application to
    the event's scheme (a participant without one): attended events that have begun only
    (hours are earned once an event has happened). Two queries."""
    attended = attendances.filter(attended=True, event__starts_at__lte=timezone.now())
    roles = {
        (applicant_id, scheme_id): role
        for applicant_id, scheme_id, role in Application.objects.filter(
            applicant__in=attended.values("user_id"),
            scheme__in=attended.values("event__scheme_id"),
        )
        .order_by("created_at")
        .values_list("applicant_id", "scheme_id", "role")
    }
    return [
        CpdActivity(
            source_type=SourceType.EVENT,
            source_id=a.event_id,
            user_id=a.user_id,
            date=a.event.starts_at.date(),
            activity_type=EVENT_TYPES.get(cast(EventKind, a.event.kind), ActivityType.EVENT),
            title=a.event.title,
            hours=Decimal(str(a.event.hours)).quantize(HUNDREDTH),
            role=roles.get((a.user_id, a.event.scheme_id), ActivityRole.PARTICIPANT),
            scheme_name=a.event.scheme.name,
        )
        for a in attended.select_related("event__scheme")
    ]


def _derived_activities(
    *,
    sessions: QuerySet[Session],
    attendances: QuerySet[EventAttendance],
    start: date | None,
    end: date | None,
) -> list[CpdActivity]:
    """The activities derived from the given held sessions (rows of
    ``_held_sessions_per_member``) and event attendances, dated in [start, end]: the one
    rule for CPD from a scheme, whoever asks. Three queries."""
    return [
        *_session_activities(_in_period(sessions, "held_on", start, end)),
        *_event_activities(_in_period(attendances, "event__starts_at__date", start, end)),
    ]


def _chronological(activities: list[CpdActivity]) -> list[CpdActivity]:
    return sorted(activities, key=lambda a: (a.date, a.source_type, a.source_id))


def _manual_activities(*, user: User, start: date | None, end: date | None) -> list[CpdActivity]:
    """The activities the member added by hand, with standards and evidence (three queries)."""
    manual = ManualActivity.objects.filter(user=user).prefetch_related(
        "standards__framework", "evidence"
    )
    return [
        CpdActivity(
            source_type=SourceType.MANUAL,
            source_id=m.pk,
            user_id=m.user_id,
            date=m.date,
            activity_type=m.activity_type,
            title=m.title,
            hours=m.hours.quantize(HUNDREDTH),
            role=m.role,
            description=m.description,
            standards=list(m.standards.all()),
            evidence=list(m.evidence.all()),
        )
        for m in _in_period(manual, "date", start, end)
    ]


def cpd_activities_for_user(
    *, user: User, start: date | None = None, end: date | None = None
) -> list[CpdActivity]:
    """Every CPD activity of ``user`` dated in [start, end], oldest first: their held
    sessions and attended events (tagged with the standards they chose) and the activities
    they added by hand. Seven queries."""
    tags: dict[tuple[str, int], list[Standard]] = defaultdict(list)
    for tag in ActivityTag.objects.filter(user=user).select_related("standard__framework"):
        tags[(tag.source_type, tag.source_id)].append(tag.standard)
    derived = _derived_activities(
        sessions=_held_sessions_per_member(Q(relationship__members__user=user)),
        attendances=EventAttendance.objects.filter(user=user),
        start=start,
        end=end,
    )
    for activity in derived:
        activity.standards = tags[(activity.source_type, activity.source_id)]
    return _chronological([*derived, *_manual_activities(user=user, start=start, end=end)])


def cpd_activities_for_scheme(
    *, scheme: Scheme, start: date | None = None, end: date | None = None
) -> dict[int, list[CpdActivity]]:
    """Each member's CPD activities from ``scheme`` dated in [start, end], by user id,
    oldest first: the same held sessions and attended events as in each member's own record
    (``cpd_activities_for_user``), without their standards tags or the activities they added
    by hand, which are private. Session titles are the pair's words: show staff only counts
    and hours. Three queries."""
    by_member: dict[int, list[CpdActivity]] = defaultdict(list)
    derived = _derived_activities(
        sessions=_held_sessions_per_member(Q(relationship__scheme=scheme)),
        attendances=EventAttendance.objects.filter(event__scheme=scheme),
        start=start,
        end=end,
    )
    for activity in _chronological(derived):
        by_member[activity.user_id].append(activity)
    return dict(by_member)


def cpd_activity_for_user(*, user: User, source_type: str, source_id: int) -> CpdActivity:
    """One of the user's activities, or 404."""
    for activity in cpd_activities_for_user(user=user):
        if (activity.source_type, activity.source_id) == (source_type, source_id):
            return activity
    raise Http404("No such activity.")


@dataclass
class HoursSummary:
    total: Decimal
    by_type: list[tuple[str, Decimal]]
    by_role: list[tuple[str, Decimal]]
    by_type_and_role: list[tuple[str, str, Decimal]]


def hours_summary(activities: list[CpdActivity]) -> HoursSummary:
    """Hours added up by type, by role and by both (labels, sorted by label)."""
    by_type: dict[str, Decimal] = defaultdict(Decimal)
    by_role: dict[str, Decimal] = defaultdict(Decimal)
    both: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for a in activities:
        by_type[a.type_label] += a.hours
        by_role[a.role_label] += a.hours
        both[(a.type_label, a.role_label)] += a.hours
    return HoursSummary(
        total=sum((a.hours for a in activities), Decimal("0.00")),
        by_type=sorted(by_type.items()),
        by_role=sorted(by_role.items()),
        by_type_and_role=sorted((t, r, h) for (t, r), h in both.items()),
    )


def evidence_for_user(*, user: User, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("activity"), pk=pk, activity__user=user
    )


def manual_activity_for_user(*, user: User, pk: int) -> ManualActivity:
    return get_object_or_404(ManualActivity, pk=pk, user=user)
