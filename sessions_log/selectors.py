"""Reads of relationships and everything in them, scoped to the person asking.

Only the relationship's members reach any of it; everyone else gets a 404 (never 403: the
existence of someone else's relationship must not be revealed). There is deliberately no
reader of notes for coordinators or administrators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from schemes.models import EventKind, SchemeEvent, SchemeKind

from .models import (
    Action,
    CalendarFeed,
    ConsentResponse,
    Expectation,
    ExpectationStatus,
    FacilitatorConsent,
    FeedbackResponse,
    Goal,
    GoalProgress,
    MemberRole,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    SelfRating,
    Session,
    SessionStatus,
)
from .rules import (
    filter_member_of,
    filter_readable,
    relationship_membership,
    sessions_readable,
)

LEARNING_SET_ROLES = (MemberRole.MENTOR, MemberRole.PEER, MemberRole.FACILITATOR)


def relationships_for_user(*, user: User) -> QuerySet[Relationship]:
    """The relationships ``user`` is a member of (nobody else's)."""
    return (
        filter_member_of(Relationship.objects.all(), user=user, relationship_path="")
        .select_related("scheme", "template")
        .prefetch_related("members__user")
        .distinct()
    )


def relationship_for_user(*, user: User, pk: int) -> Relationship:
    """One of the user's relationships, or 404 (never 403: others' must not be known)."""
    return get_object_or_404(relationships_for_user(user=user), pk=pk)


def session_in(*, relationship: Relationship, number: int, user: User) -> Session:
    """A session of a relationship the caller already fetched for ``user``, or 404 (also
    for a session held before ``user`` joined as facilitator: its notes are not theirs)."""
    sessions = sessions_readable(relationship.sessions.all(), user=user)
    return get_object_or_404(sessions.select_related("step", "relationship__scheme"), number=number)


def expectation_in(*, relationship: Relationship, pk: int, user: User) -> Expectation:
    return get_object_or_404(filter_readable(relationship.expectations.all(), user=user), pk=pk)


def goal_in(*, relationship: Relationship, pk: int, user: User) -> Goal:
    return get_object_or_404(filter_readable(relationship.goals.all(), user=user), pk=pk)


def action_in(*, relationship: Relationship, pk: int, user: User) -> Action:
    return get_object_or_404(filter_readable(relationship.actions.all(), user=user), pk=pk)


def facilitator_consent_for(*, relationship: Relationship, user: User) -> FacilitatorConsent:
    """``user``'s unanswered consent to a facilitator proposed for ``relationship``, or 404."""
    return get_object_or_404(
        relationship.facilitator_consents.select_related("facilitator"),
        member=user,
        response=ConsentResponse.PENDING,
    )


def next_lead(relationship: Relationship, sessions: list[Session]) -> User | None:
    """Whose turn it is to lead, in reciprocal schemes (None elsewhere): the member after
    the one who led the last held session, in the order they joined."""
    if relationship.scheme.kind != SchemeKind.RECIPROCAL:
        return None
    members = sorted(relationship.members.all(), key=lambda m: m.pk)
    if not members:
        return None
    led = [s.led_by_id for s in sessions if s.status == SessionStatus.HELD and s.led_by_id]
    if not led:
        return members[0].user
    ids = [m.user_id for m in members]
    last = ids.index(led[-1]) if led[-1] in ids else -1
    return members[(last + 1) % len(members)].user


@dataclass
class RelationshipPage:
    relationship: Relationship
    me: RelationshipMember
    others: list[RelationshipMember]
    sessions: list[Session]
    next_session: Session | None
    lead: User | None
    expectations: list[Expectation]
    agreed_expectations: list[Expectation]
    goals: list[Goal]
    open_actions: list[Action]
    done_actions: list[Action]
    learning_sets: list[SchemeEvent] = field(default_factory=list)
    rating_phases_done: set[str] = field(default_factory=set)
    has_dimensions: bool = False
    feedback_given: bool = False
    facilitator_consent: FacilitatorConsent | None = None  # a circle's, awaiting my answer

    @property
    def held_count(self) -> int:
        return sum(1 for s in self.sessions if s.status == SessionStatus.HELD)

    @property
    def is_open(self) -> bool:
        return self.relationship.is_open

    @property
    def has_ended(self) -> bool:
        return self.relationship.has_ended

    @property
    def can_complete(self) -> bool:
        return self.relationship.can_complete(held=self.held_count)


def _sessions_for(relationship: Relationship, me: RelationshipMember) -> list[Session]:
    """Every session (dates and counts are the circle's progress), with the notes and place
    blanked of those ``me`` may not read (held before a facilitator joined)."""
    sessions = list(relationship.sessions.select_related("step", "led_by"))
    if me.joined_at is not None:  # a facilitator: one more query
        readable = set(
            sessions_readable(relationship.sessions.all(), user=me.user).values_list(
                "pk", flat=True
            )
        )
        for session in sessions:
            if session.pk not in readable:
                session.notes = session.location = ""
    return sessions


def relationship_page(*, relationship: Relationship, user: User) -> RelationshipPage:
    """Everything the relationship page shows, in a fixed number of queries."""
    me = relationship_membership(user=user, relationship=relationship)
    if me is None:  # callers fetch through relationship_for_user; this is a safety net
        raise Relationship.DoesNotExist
    sessions = _sessions_for(relationship, me)
    expectations = list(
        filter_readable(relationship.expectations.all(), user=user)
        .select_related("author", "decided_by")
        .order_by("created_at")
    )
    goals = list(
        filter_readable(relationship.goals.all(), user=user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("progress", queryset=GoalProgress.objects.select_related("author"))
        )
    )
    actions = list(
        filter_readable(relationship.actions.all(), user=user).select_related(
            "owner", "agreed_in", "done_in"
        )
    )
    learning_sets: list[SchemeEvent] = []
    if me.role in LEARNING_SET_ROLES:
        learning_sets = list(
            SchemeEvent.objects.filter(
                scheme_id=relationship.scheme_id,
                kind=EventKind.LEARNING_SET,
                starts_at__gte=timezone.now(),
            ).order_by("starts_at")[:5]
        )
    has_dimensions = relationship.scheme.evaluation_dimensions.exists()
    phases = (
        set(
            SelfRating.objects.filter(relationship=relationship, user=user)
            .values_list("phase", flat=True)
            .distinct()
        )
        if has_dimensions
        else set()
    )
    return RelationshipPage(
        relationship=relationship,
        me=me,
        others=[m for m in relationship.members.all() if m.pk != me.pk],
        sessions=sessions,
        next_session=next((s for s in sessions if s.status == SessionStatus.PLANNED), None),
        lead=next_lead(relationship, sessions),
        expectations=expectations,
        agreed_expectations=[e for e in expectations if e.status == ExpectationStatus.AGREED],
        goals=goals,
        open_actions=[a for a in actions if not a.is_done],
        done_actions=[a for a in actions if a.is_done],
        learning_sets=learning_sets,
        rating_phases_done=phases,
        has_dimensions=has_dimensions,
        feedback_given=FeedbackResponse.objects.filter(
            relationship=relationship, user=user
        ).exists(),
        facilitator_consent=(
            relationship.facilitator_consents.filter(member=user, response=ConsentResponse.PENDING)
            .select_related("facilitator")
            .first()
            if relationship.kind == RelationshipKind.CIRCLE
            else None
        ),
    )


def sessions_for_feed(*, token: str) -> tuple[User, list[Session]]:
    """The owner of a calendar-feed token and their scheduled sessions, or 404 (also once
    the account is deactivated: the secret link stops with the account)."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token
    )
    sessions = list(
        sessions_readable(
            filter_member_of(Session.objects.filter(scheduled_at__isnull=False), user=feed.user),
            user=feed.user,
        ).select_related("step", "relationship__scheme")
    )
    return feed.user, sessions
