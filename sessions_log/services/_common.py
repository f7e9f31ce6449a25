"""Checks shared by the services: membership and an open relationship."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from accounts.models import User

from ..models import Relationship, RelationshipMember
from ..rules import relationship_membership


def member_of(relationship: Relationship, user: User) -> RelationshipMember:
    """The user's membership, or PermissionDenied (views fetch through selectors first)."""
    member = relationship_membership(user=user, relationship=relationship)
    if member is None:
        raise PermissionDenied(gettext("Only the relationship's members may do this."))
    return member


def require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise ValidationError(gettext("This relationship has ended."))
