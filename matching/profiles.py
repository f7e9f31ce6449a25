"""How one person stands to another, for showing a profile (``accounts.profile_cards``).

Matching sits above the apps that know the relations (relationships, applications,
proposals), so the relation is decided here and every page asks the same question: the
proposal pages, the photo view and, later, the directory.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.areas import area_labels
from accounts.models import Profile, User
from accounts.profile_cards import (
    ProfileCard,
    ProfileContext,
    ProfilePart,
    profile_parts_visible,
    visible_profile,
)
from accounts.roles import user_is_staff_member
from schemes.models import BOOKED_KINDS, Application, ApplicationStatus, Role, Scheme
from schemes.rules import filter_coordinated_by
from sessions_log.models import Relationship
from sessions_log.rules import filter_member_of, profiles_unlocked

from .models import MatchingMode, MentorRequest, Proposal, ProposalMember, ProposalStatus
from .rules import shown_to_member


def profile_context_for(  # noqa: PLR0911 (one answer per relation, closest first)
    *, viewer: User | AnonymousUser, subject: User
) -> str | None:
    """The closest relation of ``viewer`` to ``subject`` (``ProfileContext``), or None when
    they have none: themselves; partners in a relationship; staff coordinating a scheme the
    subject applied to; members of one proposal shown to them (confirmed: partners); a
    mentor the subject asked (member-led: as a proposed partner); a mentee browsing the
    subject in a directory."""
    if viewer.pk is None:
        return None
    if viewer.pk == subject.pk:
        return ProfileContext.SELF
    assert isinstance(viewer, User)
    if (
        filter_member_of(Relationship.objects.all(), user=viewer, relationship_path="")
        .filter(members__user=subject)
        .filter(profiles_unlocked())
        .exists()
    ):
        return ProfileContext.PARTNER
    applications = Application.objects.filter(applicant=subject)
    if (
        user_is_staff_member(user=viewer)
        and filter_coordinated_by(applications, user=viewer).exists()
    ):
        return ProfileContext.STAFF
    shown = ProposalMember.objects.filter(shown_to_member(), application__applicant=viewer)
    shared = Proposal.objects.filter(
        pk__in=shown.values("proposal_id"), members__application__applicant=subject
    ).values_list("status", flat=True)
    statuses = set(shared)
    if ProposalStatus.CONFIRMED in statuses:
        return ProfileContext.PARTNER
    if statuses or _asked_by(viewer, subject):
        return ProfileContext.PROPOSED
    return ProfileContext.DIRECTORY if _in_directory_of(viewer, subject) else None


def _asked_by(viewer: User, subject: User) -> bool:
    """Whether ``subject`` asked ``viewer`` to mentor them (member-led schemes): the mentor
    then sees the mentee as a proposed partner would, what they show before a match."""
    return MentorRequest.objects.filter(
        mentor_application__applicant=viewer, mentee_application__applicant=subject
    ).exists()


def requester_cards(
    *, requests: list[MentorRequest], labels: dict[str, str] | None = None
) -> dict[int, ProfileCard]:
    """Per request (by id), the card of its mentee as the mentor asked sees it: what the
    mentee chose to show before a match, as on a proposal (``ProfileContext.PROPOSED``;
    the whole profile only on the match's own page once it is confirmed). No query when the
    mentees' profiles are loaded and ``labels`` given."""
    labels = area_labels() if labels is None else labels
    return {
        r.pk: visible_profile(
            subject=r.mentee_application.applicant,
            context=ProfileContext.PROPOSED,
            labels=labels,
        )
        for r in requests
    }


def _in_directory_of(viewer: User, subject: User) -> bool:
    """Whether ``subject`` is an accepted mentor ``viewer`` may browse: in a member-led
    directory or a flash scheme where ``viewer`` is an accepted mentee."""
    browsed = Scheme.objects.filter(
        Q(kind__in=BOOKED_KINDS) | Q(matching_settings__matching_mode=MatchingMode.MEMBER_LED),
        applications__applicant=viewer,
        applications__role=Role.MENTEE,
        applications__status__in=ApplicationStatus.accepted_states,
    )
    return Application.objects.filter(
        scheme__in=browsed,
        applicant=subject,
        role=Role.MENTOR,
        status__in=ApplicationStatus.accepted_states,
    ).exists()


def profile_photo_for(*, viewer: User | AnonymousUser, user_id: int) -> Profile:
    """The profile whose photo ``viewer`` may see, or 404 (no photo, no relation, or the
    member hides their photo from this relation: never a 403, nothing to learn)."""
    profile = get_object_or_404(Profile.objects.select_related("user"), user_id=user_id)
    if not profile.photo:
        raise Http404
    context = profile_context_for(viewer=viewer, subject=profile.user)
    if context is None:
        raise Http404
    if ProfilePart.PHOTO not in profile_parts_visible(profile=profile, context=context):
        raise Http404
    return profile


def proposal_cards(
    *, proposal: Proposal, viewer: User, labels: dict[str, str] | None = None
) -> list[ProfileCard]:
    """The cards of ``proposal``'s other members as ``viewer`` (one of its members) sees
    them: whole once it is confirmed, what each chose to show before. No query when the
    members' applicants and profiles are loaded and ``labels`` given."""
    context = proposal.profile_context
    labels = area_labels() if labels is None else labels
    return [
        visible_profile(subject=m.application.applicant, context=context, labels=labels)
        for m in proposal.members.all()
        if m.application.applicant_id != viewer.pk
    ]


def staff_cards(*, proposal: Proposal, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every member's whole card, for staff reviewing ``proposal``'s scheme (the caller has
    checked that they coordinate it)."""
    return [
        {
            "member": m,
            "card": visible_profile(
                subject=m.application.applicant, context=ProfileContext.STAFF, labels=labels
            ),
        }
        for m in proposal.members.all()
    ]
