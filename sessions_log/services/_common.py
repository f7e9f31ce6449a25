"""Checks shared by the services: membership and an open relationship."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from accounts.models import User

from ..models import Relationship, RelationshipMember
from ..rules import relationship_membership

ModelT = TypeVar("ModelT", bound=Model)


def member_of(relationship: Relationship, user: User) -> RelationshipMember:
    """The user's membership, or PermissionDenied (views fetch through selectors first)."""
    member = relationship_membership(user=user, relationship=relationship)
    if member is None:
        raise PermissionDenied("Only the relationship's members may do this.")
    return member


def require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise ValidationError("This relationship has ended.")


def with_history_user(obj: ModelT, user: User) -> ModelT:
    """Record ``user`` as the author of the next history row of ``obj``."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple_history reads it
    return obj
