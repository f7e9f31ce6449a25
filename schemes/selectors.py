"""Reads about schemes and applications, scoped to who is asking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    Phase,
    Role,
    Scheme,
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
    ``ratio``: demand per place (None when there are no places).
    """

    places: int
    demand: int

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
        )


def supply_demand(*, scheme: Scheme) -> SupplyDemand:
    return SupplyDemand.of(supply_demand_by_scheme(Scheme.objects.filter(pk=scheme.pk)).get())


def supply_demand_by_scheme(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Annotate schemes with ``places`` and ``demand`` in one query."""
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
    )


def preparation_role(role: str) -> str:
    """The role whose preparation an applicant in ``role`` must complete."""
    if role == Role.PEER:
        return Role.PEER
    return Role.MENTOR if role == Role.MENTOR else Role.MENTEE


def preparation_complete(*, scheme: Scheme, user: User, role: str) -> bool:
    """Whether ``user`` attended an event of ``scheme`` that satisfies ``role``'s preparation."""
    if not scheme.preparation_required:
        return True
    return EventAttendance.objects.filter(
        event__scheme=scheme,
        event__satisfies_preparation_for=preparation_role(role),
        user=user,
        attended=True,
    ).exists()


def preparation_completed_by(*, scheme: Scheme, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """``(user id, role prepared for)`` of every preparation completed in ``scheme`` by
    ``user_ids``, in one query (none when the scheme requires no preparation): the bulk
    form of ``preparation_complete``, with ``preparation_role``."""
    ids = list(user_ids)
    if not scheme.preparation_required or not ids:
        return set()
    return set(
        EventAttendance.objects.filter(
            event__scheme=scheme, user_id__in=ids, attended=True
        ).values_list("user_id", "event__satisfies_preparation_for")
    )
