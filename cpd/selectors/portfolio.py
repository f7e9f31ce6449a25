"""What a member's CPD portfolio and certificates draw on: their CPD profile, the
relationships they completed, and a certificate looked up by its code."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from sessions_log.models import Relationship, RelationshipStatus

from ..models import CpdProfile, Framework, IssuedCertificate


def cpd_profile_for_user(*, user: User) -> CpdProfile:
    """The member's CPD profile (unsaved, on the first framework, if never written)."""
    profile = CpdProfile.objects.filter(user=user).select_related("framework").first()
    if profile is None:
        profile = CpdProfile(user=user, framework=Framework.objects.order_by("pk").first())
    return profile


def completed_relationships_for_user(*, user: User) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(members__user=user, status=RelationshipStatus.COMPLETED)
        .select_related("scheme")
        .order_by("-ended_on", "pk")
    )


def completed_relationship_for_user(*, user: User, pk: int) -> Relationship:
    return get_object_or_404(completed_relationships_for_user(user=user), pk=pk)


def certificate_by_code(*, code: str) -> IssuedCertificate | None:
    """The certificate issued under ``code`` (with or without dashes, any case) or None."""
    chars = "".join(c for c in code.upper() if c.isalnum())
    canonical = "-".join(chars[i : i + 4] for i in range(0, 12, 4))
    return IssuedCertificate.objects.filter(code=canonical).first() if len(chars) == 12 else None
