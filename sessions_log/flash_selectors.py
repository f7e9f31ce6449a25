"""Reads of flash mentoring, scoped to the member: the mentors' open slots for an accepted
mentee, a mentor's own slots (coming, and held or past), one slot to book or one booking to
cancel (404 otherwise), the flash schemes a member books or offers in.

Each page is read in a fixed number of queries whatever the number of mentors and slots."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.areas import area_choices, area_labels
from accounts.models import User
from accounts.profile_cards import ProfileContext, ProfilePart, profile_parts_visible
from schemes.models import BOOKED_KINDS, Application, ApplicationStatus, Role, Scheme

from .models import FlashSlot, SessionStatus
from .rules import flash_application

SLOTS_PER_MENTOR = 3


def flash_scheme_for(*, user: User, slug: str, role: str) -> Scheme:
    """A flash scheme where ``user`` holds an accepted application in ``role``, or 404."""
    scheme = get_object_or_404(Scheme, slug=slug)
    if flash_application(user=user, scheme=scheme, role=role) is None:
        raise Http404
    return scheme


def flash_applications_for(*, user: User) -> list[Application]:
    """The user's accepted (or since matched) applications to flash schemes: the schemes
    where they book conversations (a mentee, again after a first booking) or offer slots
    (a mentor). One query."""
    return list(
        Application.objects.filter(
            applicant=user,
            scheme__kind__in=BOOKED_KINDS,
            status__in=ApplicationStatus.accepted_states,
        )
        .select_related("scheme")
        .order_by("scheme__name", "pk")
    )


@dataclass
class FlashMentor:
    user: User
    expertise: str
    codes: list[str]
    slots: list[FlashSlot] = field(default_factory=list)


@dataclass
class FlashDirectory:
    """The booking page of a flash scheme for one accepted mentee."""

    scheme: Scheme
    mentors: list[FlashMentor]
    bookings: list[FlashSlot]
    areas: list[tuple[str, str]]


def flash_directory(*, scheme: Scheme, viewer: User, area: str = "") -> FlashDirectory:
    """The scheme's accepted mentors (but the viewer) with their next open slots, those
    with a slot first, narrowed to ``area`` of expertise; the viewer's upcoming bookings.
    Queries: five, whatever the number of mentors and slots."""
    now = timezone.now()
    apps = (
        Application.objects.filter(
            scheme=scheme, role=Role.MENTOR, status__in=ApplicationStatus.accepted_states
        )
        .exclude(applicant=viewer)
        .select_related("applicant__profile")
        .order_by("applicant__first_name", "applicant__last_name", "pk")
    )
    labels = area_labels()
    mentors: dict[int, FlashMentor] = {}
    for app in apps:
        profile = getattr(app.applicant, "profile", None)
        # Only what the mentor shows before a match; an area filter leaves out a mentor
        # who hides their areas, whatever they are (nothing hidden is learnt).
        shown = profile_parts_visible(profile=profile, context=ProfileContext.DIRECTORY)
        codes = list(profile.expertise or []) if profile and ProfilePart.EXPERTISE in shown else []
        if area and area not in codes:
            continue
        text = ", ".join(labels.get(code, code) for code in codes)
        mentors.setdefault(app.applicant_id, FlashMentor(app.applicant, text, codes))
    for slot in FlashSlot.objects.open_after(now).filter(scheme=scheme, mentor_id__in=mentors):
        chosen = mentors[slot.mentor_id].slots
        if len(chosen) < SLOTS_PER_MENTOR:
            chosen.append(slot)
    bookings = list(
        FlashSlot.objects.live()
        .filter(scheme=scheme, booked_by=viewer, starts_at__gt=now)
        .exclude(relationship__sessions__status=SessionStatus.HELD)
        .select_related("mentor", "relationship")
    )
    ordered = sorted(mentors.values(), key=lambda m: not m.slots)
    return FlashDirectory(scheme, ordered, bookings, area_choices())


@dataclass
class MentorSlots:
    """A mentor's slots: those still to come (open or booked), and the booked ones that
    took place or whose time has passed (held, or not logged yet), the latest first."""

    coming: list[FlashSlot]
    past: list[FlashSlot]


#: How many of their past booked conversations the mentor's page lists.
PAST_SHOWN = 20


def mentor_slots(*, scheme: Scheme, mentor: User) -> MentorSlots:
    """The mentor's slots still to come (booked or not) with who booked each, and their
    booked conversations held or past. A conversation logged as held is past whatever its
    time. Three queries (each list and its sessions)."""
    now = timezone.now()
    mine = (
        FlashSlot.objects.live()
        .filter(scheme=scheme, mentor=mentor)
        .select_related("booked_by", "relationship")
    )
    held = Q(relationship__sessions__status=SessionStatus.HELD)
    coming = mine.filter(starts_at__gt=now).exclude(held)
    past = (
        mine.filter(Q(starts_at__lte=now) | held, booked_by__isnull=False)
        .order_by("-starts_at", "-pk")
        .prefetch_related("relationship__sessions")
        .distinct()[:PAST_SHOWN]
    )
    return MentorSlots(list(coming), list(past))


def slot_to_book(*, scheme: Scheme, pk: int, viewer: User) -> FlashSlot:
    """A slot of the scheme that is live, still to come and not the viewer's own, or 404
    (a slot booked meanwhile is found: the booking service says it is taken)."""
    return get_object_or_404(
        FlashSlot.objects.live().exclude(mentor=viewer).select_related("mentor", "scheme"),
        scheme=scheme,
        pk=pk,
        starts_at__gt=timezone.now(),
    )


def slot_of_member(*, user: User, pk: int) -> FlashSlot:
    """A slot the user offered or booked, or 404 (anyone else's is not theirs to know)."""
    return get_object_or_404(
        FlashSlot.objects.live().select_related("scheme", "relationship"),
        Q(mentor=user) | Q(booked_by=user),
        pk=pk,
    )
