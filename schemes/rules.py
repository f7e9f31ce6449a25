"""Who coordinates which scheme, and the coordinator's model permissions for this app.

The one rule: an administrator (``accounts.roles.user_is_administrator``) coordinates every
scheme; any other staff member coordinates the schemes that list them among their
coordinators; nobody else coordinates anything. It is read three ways, and selectors,
views, services and the admin (``schemes.admin_scoping``) call these rather than restate it:

- ``user_coordinates_scheme``: the predicate for one scheme;
- ``schemes_coordinated_by``: the schemes themselves;
- ``filter_coordinated_by``: the rows of any queryset that belong to those schemes.

Which models a coordinator may touch at all is the Coordinators group's business
(``accounts.roles``, from each app's ``COORDINATOR_PERMISSIONS``).
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from accounts.models import User
from accounts.roles import user_is_administrator, user_is_staff_member

from .models import Scheme

ModelT = TypeVar("ModelT", bound=Model)

COORDINATOR_PERMISSIONS = (
    "schemes.view_scheme",
    "schemes.change_scheme",
    "schemes.view_schemeevent",
    "schemes.add_schemeevent",
    "schemes.change_schemeevent",
    "schemes.view_eventattendance",
    "schemes.change_eventattendance",
    "schemes.view_application",
    "schemes.change_application",
    "schemes.view_subscription",
    "schemes.view_newsitem",
    "schemes.add_newsitem",
    "schemes.change_newsitem",
    "schemes.view_applicationform",
    "schemes.view_question",
    "schemes.view_preparationmodule",
    "schemes.add_preparationmodule",
    "schemes.change_preparationmodule",
)


def schemes_coordinated_by(*, user: User | AnonymousUser) -> QuerySet[Scheme]:
    """Every scheme for an administrator, a staff member's own schemes, none for anyone
    else (one query when evaluated; none at all for someone who is not staff)."""
    if user_is_administrator(user=user):
        return Scheme.objects.all()
    if not user_is_staff_member(user=user):
        return Scheme.objects.none()
    return Scheme.objects.filter(coordinators=user.pk)


def user_coordinates_scheme(*, user: User | AnonymousUser, scheme: Scheme) -> bool:
    """Whether ``user`` coordinates ``scheme`` (one query for a coordinator, none for an
    administrator or someone who is not staff)."""
    if user_is_administrator(user=user):
        return True
    return schemes_coordinated_by(user=user).filter(pk=scheme.pk).exists()


def filter_coordinated_by(
    queryset: QuerySet[ModelT], *, user: User | AnonymousUser, scheme_path: str = "scheme"
) -> QuerySet[ModelT]:
    """The rows of ``queryset`` that belong to a scheme ``user`` coordinates.

    ``scheme_path`` is the lookup from the model to its scheme ("scheme", "event__scheme",
    "relationship__scheme"; "" for Scheme itself). An administrator's queryset comes back
    unchanged; anyone else's is limited by a subquery (no join, so no duplicate rows).
    """
    if user_is_administrator(user=user):
        return queryset
    lookup = f"{scheme_path}__in" if scheme_path else "pk__in"
    return queryset.filter(**{lookup: schemes_coordinated_by(user=user)})
