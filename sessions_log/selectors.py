"""Reads of relationships, scoped to the person asking."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Relationship


def relationships_for_user(*, user) -> QuerySet[Relationship]:
    """The relationships ``user`` is a member of (nobody else's)."""
    return (
        Relationship.objects.filter(members__user=user)
        .select_related("scheme", "template")
        .prefetch_related("members__user")
        .distinct()
    )


def relationship_for_user(*, user, pk: int) -> Relationship:
    """One of the user's relationships, or 404 (never 403: others' must not be known)."""
    return get_object_or_404(relationships_for_user(user=user), pk=pk)
