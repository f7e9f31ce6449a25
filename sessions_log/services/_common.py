"""Checks shared by the services: membership and an open relationship."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from ..models import Relationship, RelationshipMember, RelationshipStatus

OPEN_STATUSES = (RelationshipStatus.ACTIVE, RelationshipStatus.PAUSED)


def member_of(relationship: Relationship, user) -> RelationshipMember:
    """The user's membership, or PermissionDenied (views fetch through selectors first)."""
    member = next((m for m in relationship.members.all() if m.user_id == user.pk), None)
    if member is None:
        raise PermissionDenied("Only the relationship's members may do this.")
    return member


def require_open(relationship: Relationship) -> None:
    if relationship.status not in OPEN_STATUSES:
        raise ValidationError("This relationship has ended.")


def with_history_user(obj, user):
    """Record ``user`` as the author of the next history row of ``obj``."""
    obj._history_user = user
    return obj
