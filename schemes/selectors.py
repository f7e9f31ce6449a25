"""Reads about schemes and applications, scoped to who is asking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User

from .models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Phase,
    PreparationCompletion,
    PreparationModule,
    Role,
    Scheme,
    SchemeEvent,
    Subscription,
)


def public_schemes() -> QuerySet[Scheme]:
    """Schemes a member of the public may see (everything past the planning stage)."""
    return Scheme.objects.exclude(phase__in=[Phase.FOUNDATIONS, Phase.CLOSED])


def people_of_schemes(schemes: QuerySet[Scheme]) -> QuerySet[User]:
    """The people these schemes know: their applicants, whoever replied to one of their
    events, and subscribers with an account. Attendance at a scheme's event (CPD hours) is
    credited to them only, and the admin names no one else to the scheme's coordinators."""
    return User.objects.filter(
        Q(pk__in=Application.objects.filter(scheme__in=schemes).values("applicant"))
        | Q(pk__in=EventAttendance.objects.filter(event__scheme__in=schemes).values("user"))
        | Q(pk__in=Subscription.objects.filter(scheme__in=schemes).values("user"))
    )


def subscriptions_of(*, scheme: Scheme, user: User) -> QuerySet[Subscription]:
    """A member's registration with a scheme: made signed in (``user``), or from their
    own address before they had an account."""
    return Subscription.objects.filter(scheme=scheme).filter(
        Q(user=user) | Q(email__iexact=user.email)
    )


def applications_for_user(*, user: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("scheme")


def application_for_user(*, user: User, pk: int) -> Application:
    """The user's own application, or 404."""
    return get_object_or_404(applications_for_user(user=user), pk=pk)


@dataclass(frozen=True)
class SupplyDemand:
    """Open mentor places against mentee demand for one scheme.

    ``places``: capacity of mentors submitted or accepted but not yet fully matched
    (``ApplicationStatus.supply_states``); ``demand``: mentees submitted, accepted or
    waitlisted, waiting to be matched (``ApplicationStatus.waiting_states``).
    ``ratio``: demand per place (None when there are no places). A peer scheme (one pool)
    has neither: ``peers_waiting`` counts its peers accepted and not yet matched, as the
    admin's "Applicants waiting" page lists them (``matching.selectors.waiting_applicants``).
    """

    places: int
    demand: int
    peers_waiting: int = 0

    @property
    def ratio(self) -> Decimal | None:
        if self.places == 0:
            return None
        return (Decimal(self.demand) / Decimal(self.places)).quantize(Decimal("0.01"))

    def exceeds(self, threshold: Decimal | None) -> bool:
        if threshold is None:
            return False
        if self.places == 0:
            return self.demand > 0
        ratio = self.ratio
        return ratio is not None and ratio > threshold

    @classmethod
    def of(cls, scheme: Scheme) -> SupplyDemand:
        """The figures of a scheme annotated by ``supply_demand_by_scheme`` (none: zero)."""
        return cls(
            places=getattr(scheme, "places", None) or 0,
            demand=getattr(scheme, "demand", None) or 0,
            peers_waiting=getattr(scheme, "peers_waiting", None) or 0,
        )


def supply_demand(*, scheme: Scheme) -> SupplyDemand:
    return SupplyDemand.of(supply_demand_by_scheme(Scheme.objects.filter(pk=scheme.pk)).get())


def supply_demand_by_scheme(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Annotate schemes with ``places``, ``demand`` and ``peers_waiting`` in one query."""
    return schemes.annotate(
        places=Sum(
            "applications__capacity",
            filter=Q(
                applications__role=Role.MENTOR,
                applications__status__in=ApplicationStatus.supply_states,
            ),
        ),
        demand=Count(
            "applications",
            filter=Q(
                applications__role=Role.MENTEE,
                applications__status__in=ApplicationStatus.waiting_states,
            ),
        ),
        peers_waiting=Count(
            "applications",
            filter=Q(
                applications__role=Role.PEER,
                applications__status=ApplicationStatus.ACCEPTED,
                applications__matched_at__isnull=True,
                applications__submitted_at__isnull=False,
            ),
        ),
    )


def preparation_role(role: str) -> str:
    """The role whose preparation an applicant in ``role`` must complete."""
    if role == Role.PEER:
        return Role.PEER
    return Role.MENTOR if role == Role.MENTOR else Role.MENTEE


def _prepared(user_path: str = "applicant", role_path: str = "role") -> Q:
    """True for an application whose applicant completed its role's preparation: attended
    a preparation event of the scheme, or completed its online module. (Each role prepares
    for itself, so ``preparation_role`` is the identity on the stored role.)"""
    attended = EventAttendance.objects.filter(
        event__scheme=OuterRef("scheme"),
        event__satisfies_preparation_for=OuterRef(role_path),
        user=OuterRef(user_path),
        attended=True,
    )
    online = PreparationCompletion.objects.filter(
        scheme=OuterRef("scheme"), role=OuterRef(role_path), user=OuterRef(user_path)
    )
    return Q(Exists(attended)) | Q(Exists(online))


def preparation_complete(*, scheme: Scheme, user: User, role: str) -> bool:
    """Whether ``user`` completed ``role``'s preparation for ``scheme``: attended one of its
    events that satisfies it, or completed its online module."""
    if not scheme.preparation_required:
        return True
    wanted = preparation_role(role)
    return (
        EventAttendance.objects.filter(
            event__scheme=scheme, event__satisfies_preparation_for=wanted, user=user, attended=True
        ).exists()
        or PreparationCompletion.objects.filter(scheme=scheme, user=user, role=wanted).exists()
    )


def preparation_completed_by(*, scheme: Scheme, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """``(user id, role prepared for)`` of every preparation completed in ``scheme`` by
    ``user_ids`` (events attended and online modules), in two queries (none when the scheme
    requires no preparation): the bulk form of ``preparation_complete``."""
    ids = list(user_ids)
    if not scheme.preparation_required or not ids:
        return set()
    attended = EventAttendance.objects.filter(
        event__scheme=scheme, user_id__in=ids, attended=True
    ).values_list("user_id", "event__satisfies_preparation_for")
    online = PreparationCompletion.objects.filter(scheme=scheme, user_id__in=ids).values_list(
        "user_id", "role"
    )
    return set(attended) | set(online)


def preparation_blocked(schemes: QuerySet[Scheme]) -> QuerySet[Application]:
    """Accepted applications of ``schemes`` kept out of matching because their applicant
    has not completed the preparation the scheme requires (what the pool leaves out as
    "preparation not complete"), oldest first, in one query."""
    return (
        Application.objects.filter(
            scheme__in=schemes,
            scheme__preparation_required=True,
            status=ApplicationStatus.ACCEPTED,
        )
        .exclude(_prepared())
        .select_related("scheme", "applicant")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class PreparationDue:
    """What a member must still do before matching: the scheme's online module (if it has
    one) or its next preparation event for their role (with their reply, if any)."""

    application: Application
    module: PreparationModule | None
    next_event: SchemeEvent | None
    rsvp: str | None

    @property
    def blocked(self) -> bool:
        """Accepted, so only preparation keeps the applicant out of matching."""
        return self.application.status == ApplicationStatus.ACCEPTED


def preparation_due_for(*, user: User) -> list[PreparationDue]:
    """The member's own applications waiting for a match in schemes that require
    preparation they have not completed, with how to complete it. Three queries."""
    applications = list(
        Application.objects.waiting()
        .filter(applicant=user, scheme__preparation_required=True)
        .exclude(_prepared())
        .select_related("scheme__preparation_module")
        .order_by("submitted_at", "pk")
    )
    if not applications:
        return []
    events: dict[tuple[int, str], SchemeEvent] = {}
    for upcoming in SchemeEvent.objects.filter(
        scheme__in={a.scheme_id for a in applications},
        satisfies_preparation_for__in={a.role for a in applications},
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "pk"):
        events.setdefault((upcoming.scheme_id, upcoming.satisfies_preparation_for), upcoming)
    replies = dict(
        EventAttendance.objects.filter(
            user=user, event__in=[e.pk for e in events.values()]
        ).values_list("event_id", "rsvp")
    )
    due = []
    for application in applications:
        event = events.get((application.scheme_id, preparation_role(application.role)))
        module = getattr(application.scheme, "preparation_module", None)
        rsvp = replies.get(event.pk) if event else None
        due.append(PreparationDue(application, module, event, rsvp))
    return due


def _learning_sets_hidden(user: User) -> Q:
    """Learning sets of schemes where ``user`` is not a mentor (they are for mentors)."""
    mentoring = Application.objects.live().filter(applicant=user, role=Role.MENTOR)
    return Q(kind=EventKind.LEARNING_SET) & ~Q(scheme__in=mentoring.values("scheme"))


def event_for_member(*, user: User, pk: int) -> SchemeEvent:
    """An event of a public scheme the member may reply to, or 404 (a learning set only
    for a mentor of its scheme)."""
    events = SchemeEvent.objects.filter(scheme__in=public_schemes()).exclude(
        _learning_sets_hidden(user)
    )
    return get_object_or_404(events.select_related("scheme"), pk=pk)


def member_events(*, user: User) -> QuerySet[SchemeEvent]:
    """Upcoming events of the schemes the member has a live application to; learning sets
    only for the schemes where they are a mentor (the mentors they are for)."""
    live = Application.objects.live().filter(applicant=user)
    return (
        SchemeEvent.objects.filter(starts_at__gte=timezone.now(), scheme__in=live.values("scheme"))
        .exclude(_learning_sets_hidden(user))
        .select_related("scheme")
        .order_by("starts_at", "pk")
    )


def with_waitlist_places(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Annotate schemes with ``places`` (as ``supply_demand_by_scheme``), ``active_mentees``
    (submitted or accepted: places spoken for) and ``waitlisted`` mentees, in one query."""
    mentee = Q(applications__role=Role.MENTEE)
    return supply_demand_by_scheme(schemes).annotate(
        active_mentees=Count(
            "applications",
            filter=mentee & Q(applications__status__in=ApplicationStatus.supply_states),
            distinct=True,
        ),
        waitlisted=Count(
            "applications",
            filter=mentee & Q(applications__status=ApplicationStatus.WAITLISTED),
            distinct=True,
        ),
    )


def waitlist_places_free(scheme: Scheme) -> int:
    """How many waitlisted mentees of a scheme annotated by ``with_waitlist_places`` can be
    offered a place now: mentor places not spoken for, at most as many as are waiting."""
    places = getattr(scheme, "places", None) or 0
    free = places - getattr(scheme, "active_mentees", 0)
    return max(0, min(free, getattr(scheme, "waitlisted", 0)))


def waitlist_offers(*, scheme: Scheme) -> list[Application]:
    """The waitlisted mentees who can be offered a place now, in the order they applied."""
    free = waitlist_places_free(with_waitlist_places(Scheme.objects.filter(pk=scheme.pk)).get())
    if free <= 0:
        return []
    return list(
        Application.objects.filter(
            scheme=scheme, role=Role.MENTEE, status=ApplicationStatus.WAITLISTED
        )
        .select_related("scheme", "applicant")
        .order_by("submitted_at", "pk")[:free]
    )
