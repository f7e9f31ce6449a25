"""Reads of relationships and everything in them, scoped to the person asking.

Only the relationship's members reach any of it; everyone else gets a 404 (never 403: the
existence of someone else's relationship must not be revealed). There is deliberately no
reader of notes for coordinators or administrators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.areas import area_labels
from accounts.models import ContactSettings, User
from accounts.profile_cards import ProfileCard, ProfileContext, visible_profile
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
    Message,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    RelationshipStatus,
    SelfRating,
    Session,
    SessionStatus,
)
from .rules import (
    filter_member_of,
    filter_readable,
    may_see_contact,
    relationship_membership,
    relationship_profiles_unlocked,
    sessions_readable,
)

# Learning sets are for mentors (a circle's facilitator mentors it); peers of a one-pool
# scheme are not mentors, as ``schemes.selectors.member_events`` holds too.
LEARNING_SET_ROLES = (MemberRole.MENTOR, MemberRole.FACILITATOR)


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


def goal_versions(*, goal: Goal) -> list:
    """The goal's earlier versions, newest first, with who saved each (one query)."""
    return list(
        goal.history.select_related("history_user").order_by("-history_date", "-history_id")[1:]
    )


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


def unread_messages(*, since: datetime | None = None) -> Q:
    """A filter on ``RelationshipMember`` counting, through ``relationship__messages``, the
    messages the member has not read: written by someone else after their place in the
    conversation (``messages_read_at``) and readable by them (a facilitator: written after
    they joined), and written since ``since`` if given."""
    written = "relationship__messages__created_at"
    unread = (
        Q(relationship__messages__isnull=False)
        & ~Q(relationship__messages__author=F("user"))
        & (Q(messages_read_at__isnull=True) | Q(**{f"{written}__gt": F("messages_read_at")}))
        & (Q(joined_at__isnull=True) | Q(**{f"{written}__gte": F("joined_at")}))
    )
    return unread & Q(**{f"{written}__gte": since}) if since is not None else unread


def unread_counts(*, user: User) -> dict[int, int]:
    """The number of unread messages in each of ``user``'s relationships (by its id;
    absent when none), in one query."""
    rows = (
        RelationshipMember.objects.filter(user=user)
        .annotate(unread=Count("relationship__messages", filter=unread_messages()))
        .filter(unread__gt=0)
        .values_list("relationship_id", "unread")
    )
    return dict(rows)


def messages_for(*, relationship: Relationship, user: User) -> list[Message]:
    """The conversation of a relationship the caller fetched for ``user``, oldest first:
    what ``user`` may read of it (``rules.filter_readable``), with each message's report."""
    return list(
        filter_readable(relationship.messages.all(), user=user)
        .select_related("author", "report")
        .order_by("created_at", "pk")
    )


def message_in(*, relationship: Relationship, pk: int, user: User) -> Message:
    """A message ``user`` may read in a relationship the caller fetched for them, or 404."""
    readable = filter_readable(relationship.messages.all(), user=user)
    return get_object_or_404(readable.select_related("author", "relationship__scheme"), pk=pk)


@dataclass(frozen=True)
class Contact:
    """A partner's contact details as ``rules.may_see_contact`` lets the viewer see them."""

    name: str
    email: str
    phone: str
    preferred_channel: str  # its label, or ""


def contacts_for(*, relationship: Relationship, viewer: User) -> list[Contact]:
    """The contact details of the other members ``viewer`` may see (``may_see_contact``),
    in the order they joined; one query (none when there are none to see). Reads
    ``relationship.members`` (prefetch ``members__user``)."""
    people = [
        m.user
        for m in sorted(relationship.members.all(), key=lambda m: m.pk)
        if may_see_contact(viewer=viewer, owner=m.user, relationship=relationship)
    ]
    if not people:
        return []
    shared = {c.user_id: c for c in ContactSettings.objects.filter(user__in=people)}
    contacts = []
    for person in people:
        settings = shared.get(person.pk)
        contacts.append(
            Contact(
                name=person.display_name,
                email=person.email,
                phone=settings.phone if settings else "",
                preferred_channel=settings.get_preferred_channel_display() if settings else "",
            )
        )
    return contacts


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
    contacts: list[Contact] = field(default_factory=list)
    unread: int = 0
    cards: list[ProfileCard] = field(default_factory=list)

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
    expectations, goals, actions = _plan_for(relationship, user)
    learning_sets = _learning_sets_for(relationship, me)
    has_dimensions = relationship.scheme.evaluation_dimensions.exists()
    phases = _rating_phases_done(relationship, user) if has_dimensions else set()
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
        facilitator_consent=_facilitator_consent_awaiting(relationship, user),
        contacts=contacts_for(relationship=relationship, viewer=user),
        unread=unread_counts(user=user).get(relationship.pk, 0),
        cards=partner_cards(relationship=relationship, viewer=user),
    )


def _plan_for(
    relationship: Relationship, user: User
) -> tuple[list[Expectation], list[Goal], list[Action]]:
    """The expectations, goals (with progress) and actions ``user`` may read: four queries."""
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
    return expectations, goals, actions


def _learning_sets_for(relationship: Relationship, me: RelationshipMember) -> list[SchemeEvent]:
    """The scheme's next five learning sets, for a mentor or facilitator (none for others)."""
    if me.role not in LEARNING_SET_ROLES:
        return []
    return list(
        SchemeEvent.objects.filter(
            scheme_id=relationship.scheme_id,
            kind=EventKind.LEARNING_SET,
            starts_at__gte=timezone.now(),
        ).order_by("starts_at")[:5]
    )


def _rating_phases_done(relationship: Relationship, user: User) -> set[str]:
    """The phases in which ``user`` has rated themselves in ``relationship``."""
    return set(
        SelfRating.objects.filter(relationship=relationship, user=user)
        .values_list("phase", flat=True)
        .distinct()
    )


def _facilitator_consent_awaiting(
    relationship: Relationship, user: User
) -> FacilitatorConsent | None:
    """A circle's facilitator proposed to ``user``, awaiting their answer (none in a pair)."""
    if relationship.kind != RelationshipKind.CIRCLE:
        return None
    return (
        relationship.facilitator_consents.filter(member=user, response=ConsentResponse.PENDING)
        .select_related("facilitator")
        .first()
    )


def partner_cards(*, relationship: Relationship, viewer: User) -> list[ProfileCard]:
    """The whole profiles of ``viewer``'s partners in ``relationship`` (it exists only once
    every member accepted), in the order they joined; two queries, none without partners."""
    ids = [m.user_id for m in sorted(relationship.members.all(), key=lambda m: m.pk)]
    ids = [pk for pk in ids if pk != viewer.pk]
    if not ids:
        return []
    people = User.objects.select_related("profile").in_bulk(ids)
    labels = area_labels()
    # A flash booking shows only what each chose to show, until the conversation is held.
    context = (
        ProfileContext.PARTNER
        if relationship_profiles_unlocked(relationship)
        else ProfileContext.DIRECTORY
    )
    return [
        visible_profile(subject=people[pk], context=context, labels=labels)
        for pk in ids
        if pk in people
    ]


def in_calendar(now: datetime | None = None) -> Q:
    """A filter on ``Session``: what a calendar may show. A planned session of an active
    relationship at its date and time; a held one only where it already lies in the past
    (logged early, it leaves the future). Cancelled sessions, and planned ones of a paused
    or ended relationship, leave the calendar (a resumed one's come back)."""
    now = now or timezone.now()
    planned = Q(status=SessionStatus.PLANNED, relationship__status=RelationshipStatus.ACTIVE)
    held_in_the_past = Q(status=SessionStatus.HELD, scheduled_at__lte=now)
    return Q(scheduled_at__isnull=False) & (planned | held_in_the_past)


def sessions_for_feed(*, token: str) -> tuple[User, list[Session]]:
    """The owner of a calendar-feed token and their scheduled sessions, or 404 (also once
    the account is deactivated: the secret link stops with the account)."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token
    )
    sessions = list(
        sessions_readable(
            filter_member_of(Session.objects.filter(in_calendar()), user=feed.user),
            user=feed.user,
        ).select_related("step", "relationship__scheme", "relationship__flash_slot")
    )
    return feed.user, sessions
