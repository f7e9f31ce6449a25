"""Reads of CPD records, scoped to the member asking.

Activities are derived at read time from held sessions (one per member of the
relationship) and attended scheme events, and merged with the member's manual
activities, in a constant number of queries however many there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from schemes.models import Application, EventAttendance, EventKind
from sessions_log.models import (
    Relationship,
    RelationshipMember,
    RelationshipStatus,
    Session,
    SessionStatus,
)

from .models import (
    ActivityRole,
    ActivityTag,
    ActivityType,
    CpdProfile,
    Evidence,
    Framework,
    ManualActivity,
    Reflection,
    ReflectionStatus,
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


def _hours(minutes: int | float | Decimal) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HUNDREDTH)


@dataclass
class CpdActivity:
    """One CPD activity of one member, derived or added by hand."""

    source_type: str
    source_id: int
    date: date
    activity_type: str
    title: str
    hours: Decimal
    role: str
    scheme_name: str = ""
    description: str = ""
    standards: list[Standard] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.source_type}-{self.source_id}"

    @property
    def type_label(self) -> str:
        return ActivityType(self.activity_type).label

    @property
    def role_label(self) -> str:
        return ActivityRole(self.role).label

    @property
    def source_label(self) -> str:
        return SourceType(self.source_type).label

    @property
    def is_manual(self) -> bool:
        return self.source_type == SourceType.MANUAL

    @property
    def standard_numbers(self) -> str:
        return ", ".join(str(s.number) for s in self.standards)


def _in_period(qs: QuerySet, lookup: str, start: date | None, end: date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{lookup}__gte": start})
    if end:
        qs = qs.filter(**{f"{lookup}__lte": end})
    return qs


def held_sessions_for_user(*, user, start=None, end=None) -> QuerySet[Session]:
    """Held sessions of the user's relationships, annotated with the user's role there."""
    my_role = RelationshipMember.objects.filter(
        relationship=OuterRef("relationship"), user=user
    ).values("role")[:1]
    qs = (
        Session.objects.filter(status=SessionStatus.HELD, relationship__members__user=user)
        .annotate(my_role=Subquery(my_role))
        .select_related("relationship__scheme")
        .order_by("held_on", "pk")
    )
    return _in_period(qs, "held_on", start, end)


def cpd_activities_for_user(*, user, start: date | None = None, end: date | None = None):
    """Every CPD activity of ``user`` in [start, end], oldest first (seven queries)."""
    tags: dict[tuple[str, int], list[Standard]] = defaultdict(list)
    for tag in ActivityTag.objects.filter(user=user).select_related("standard__framework"):
        tags[(tag.source_type, tag.source_id)].append(tag.standard)

    activities: list[CpdActivity] = []
    for s in held_sessions_for_user(user=user, start=start, end=end):
        activities.append(
            CpdActivity(
                source_type=SourceType.SESSION,
                source_id=s.pk,
                date=s.held_on,  # type: ignore[arg-type]  # held sessions have a date
                activity_type=ActivityType.MENTORING_SESSION,
                title=f"Mentoring session {s.number}" + (f": {s.title}" if s.title else ""),
                hours=_hours(s.duration_minutes or 0),
                role=s.my_role,  # type: ignore[attr-defined]  # annotated by the selector
                scheme_name=s.relationship.scheme.name,
                standards=tags[(SourceType.SESSION, s.pk)],
            )
        )

    attendances = _in_period(
        EventAttendance.objects.filter(user=user, attended=True).select_related("event__scheme"),
        "event__starts_at__date",
        start,
        end,
    )
    roles = dict(
        Application.objects.filter(applicant=user)
        .order_by("created_at")
        .values_list("scheme_id", "role")
    )
    for a in attendances:
        event = a.event
        activities.append(
            CpdActivity(
                source_type=SourceType.EVENT,
                source_id=event.pk,
                date=event.starts_at.date(),
                activity_type=EVENT_TYPES.get(event.kind, ActivityType.EVENT),
                title=event.title,
                hours=Decimal(str(event.hours)).quantize(HUNDREDTH),
                role=roles.get(event.scheme_id, ActivityRole.PARTICIPANT),
                scheme_name=event.scheme.name,
                standards=tags[(SourceType.EVENT, event.pk)],
            )
        )

    manual = _in_period(
        ManualActivity.objects.filter(user=user).prefetch_related(
            "standards__framework", "evidence"
        ),
        "date",
        start,
        end,
    )
    for m in manual:
        activities.append(
            CpdActivity(
                source_type=SourceType.MANUAL,
                source_id=m.pk,
                date=m.date,
                activity_type=m.activity_type,
                title=m.title,
                hours=m.hours.quantize(HUNDREDTH),
                role=m.role,
                description=m.description,
                standards=list(m.standards.all()),
                evidence=list(m.evidence.all()),
            )
        )
    activities.sort(key=lambda a: (a.date, a.source_type, a.source_id))
    return activities


def cpd_activity_for_user(*, user, source_type: str, source_id: int) -> CpdActivity:
    """One of the user's activities, or 404."""
    if source_type == SourceType.SESSION:
        found = held_sessions_for_user(user=user).filter(pk=source_id).exists()
    elif source_type == SourceType.EVENT:
        found = EventAttendance.objects.filter(
            user=user, attended=True, event_id=source_id
        ).exists()
    elif source_type == SourceType.MANUAL:
        found = ManualActivity.objects.filter(user=user, pk=source_id).exists()
    else:
        found = False
    if not found:
        raise Http404("No such activity.")
    return next(
        a
        for a in cpd_activities_for_user(user=user)
        if (a.source_type, a.source_id) == (source_type, source_id)
    )


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


def evidence_for_user(*, user, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("activity"), pk=pk, activity__user=user
    )


def manual_activity_for_user(*, user, pk: int) -> ManualActivity:
    return get_object_or_404(ManualActivity, pk=pk, user=user)


# --- reflections -------------------------------------------------------------------------


def reflections_for_author(*, user) -> QuerySet[Reflection]:
    return Reflection.objects.filter(author=user).select_related(
        "session", "relationship__scheme", "goal", "event"
    )


def reflection_for_author(*, user, pk: int) -> Reflection:
    """One of the user's own reflections (for editing), or 404."""
    return get_object_or_404(reflections_for_author(user=user), pk=pk)


def reflections_shared_with(*, user) -> QuerySet[Reflection]:
    """Reflections a partner shared in a relationship ``user`` is a member of."""
    member = RelationshipMember.objects.filter(relationship=OuterRef("relationship"), user=user)
    return (
        Reflection.objects.filter(shared_with_partner=True, status=ReflectionStatus.COMPLETE)
        .filter(Exists(member))
        .exclude(author=user)
        .select_related("author", "session", "relationship__scheme", "goal", "event")
    )


def reflection_visible_to(*, user, pk: int) -> Reflection:
    """A reflection the user wrote, or one shared with them by a partner; else 404.

    Staff get no exception: coordinators and administrators never read reflections.
    """
    visible = Reflection.objects.filter(
        Q(author=user) | Q(pk__in=reflections_shared_with(user=user).values("pk"))
    ).select_related("author", "session", "relationship__scheme", "goal", "event")
    return get_object_or_404(visible, pk=pk)


def sessions_awaiting_reflection(*, user) -> QuerySet[Session]:
    """Held sessions of the user's relationships that the user has not reflected on yet
    (a draft counts as started). The reminders issue emails a prompt for each."""
    mine = Reflection.objects.filter(author=user, session=OuterRef("pk"))
    return (
        Session.objects.filter(status=SessionStatus.HELD, relationship__members__user=user)
        .exclude(Exists(mine))
        .select_related("relationship__scheme")
        .order_by("held_on", "pk")
    )


def held_session_for_user(*, user, pk: int) -> Session:
    return get_object_or_404(held_sessions_for_user(user=user), pk=pk)


def reflections_for_export(*, user, start=None, end=None) -> QuerySet[Reflection]:
    return _in_period(
        reflections_for_author(user=user).filter(status=ReflectionStatus.COMPLETE),
        "reflected_on",
        start,
        end,
    ).order_by("reflected_on", "pk")


# --- profile, frameworks, certificates ---------------------------------------------------


def cpd_profile_for_user(*, user) -> CpdProfile:
    """The member's CPD profile (unsaved, on the first framework, if never written)."""
    profile = CpdProfile.objects.filter(user=user).select_related("framework").first()
    if profile is None:
        profile = CpdProfile(user=user, framework=Framework.objects.order_by("pk").first())
    return profile


def completed_relationships_for_user(*, user) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(members__user=user, status=RelationshipStatus.COMPLETED)
        .select_related("scheme")
        .order_by("-ended_on", "pk")
    )


def completed_relationship_for_user(*, user, pk: int) -> Relationship:
    return get_object_or_404(completed_relationships_for_user(user=user), pk=pk)
