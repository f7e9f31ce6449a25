"""What of a member's profile another person sees: the one owner of that rule.

A member chooses, part by part (``ProfilePart``), what a proposed partner (or a future
directory) sees before a match (``Profile.shown_before_match``; every choice is also a
consent record, ``accounts.services.profile_visibility_set``). Their name is always shown.
After every member accepted, partners see the whole profile; staff reviewing the member's
scheme see it whole too; the member sees their own.

The relation between viewer and subject is decided by the layer that knows it (a proposal,
a relationship, a coordinated scheme: ``matching.profiles.profile_context_for``); this module
turns a relation into the card, with no query of its own beyond the area labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .areas import area_labels
from .countries import country_name
from .models import Profile, User


class ProfilePart(models.TextChoices):
    """The parts of a profile a member shows or hides before a match, one switch each."""

    BIO = "bio", _("Short bio")
    WORK = "work", _("Job title, organisation and years of experience")
    PHOTO = "photo", _("Photo")
    PLACE = "place", _("Country and languages")
    EXPERTISE = "expertise", _("Areas of expertise and interests")


class ProfileContext(models.TextChoices):
    """How the viewer stands to the subject."""

    SELF = "self", _("The member themselves")
    STAFF = "staff", _("Staff reviewing the member's scheme")
    PARTNER = "partner", _("A partner after every member accepted")
    PROPOSED = "proposed", _("A proposed partner, before a match")
    DIRECTORY = "directory", _("Someone browsing a directory of mentors")


#: The relations that see the whole profile; the others see only what the member chose.
WHOLE_PROFILE = frozenset({ProfileContext.SELF, ProfileContext.STAFF, ProfileContext.PARTNER})


def profile_parts_visible(*, profile: Profile | None, context: str) -> frozenset[str]:
    """The parts of ``profile`` a viewer in ``context`` may see (none of a missing profile)."""
    if profile is None:
        return frozenset()
    if context in WHOLE_PROFILE:
        return frozenset(ProfilePart.values)
    return frozenset(p for p in profile.shown_before_match or () if p in ProfilePart.values)


@dataclass(frozen=True)
class ProfileCard:
    """A profile as one viewer may see it: hidden parts are simply blank."""

    name: str
    bio: str = ""
    job_title: str = ""
    organisation: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    years_experience: int | None = None
    photo_url: str = ""

    @property
    def is_blank(self) -> bool:
        return not (
            self.bio
            or self.job_title
            or self.organisation
            or self.country
            or self.languages
            or self.expertise
            or self.interests
            or self.years_experience is not None
            or self.photo_url
        )


def _profile_of(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def visible_profile(
    *, subject: User, context: str, labels: dict[str, str] | None = None
) -> ProfileCard:
    """``subject``'s card as seen in ``context``. Load ``subject.profile`` with the subject
    (``select_related``) and pass ``labels`` (``area_labels()``) for many cards: then no
    query at all."""
    profile = _profile_of(subject)
    parts = profile_parts_visible(profile=profile, context=context)
    if profile is None or not parts:
        return ProfileCard(name=subject.display_name)
    known = area_labels() if labels is None and ProfilePart.EXPERTISE in parts else labels or {}
    return ProfileCard(
        name=subject.display_name,
        bio=profile.bio if ProfilePart.BIO in parts else "",
        job_title=profile.job_title if ProfilePart.WORK in parts else "",
        organisation=profile.organisation if ProfilePart.WORK in parts else "",
        country=country_name(str(profile.country)) if ProfilePart.PLACE in parts else "",
        languages=list(profile.languages or ()) if ProfilePart.PLACE in parts else [],
        expertise=[known.get(c, c) for c in profile.expertise or ()]
        if ProfilePart.EXPERTISE in parts
        else [],
        interests=list(profile.interests or ()) if ProfilePart.EXPERTISE in parts else [],
        years_experience=profile.years_experience if ProfilePart.WORK in parts else None,
        photo_url=reverse("matching:profile_photo", args=[subject.pk])
        if profile.photo and ProfilePart.PHOTO in parts
        else "",
    )
