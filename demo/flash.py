"""The demo's flash mentoring: a few accepted mentors offer conversation slots over the
coming fortnight, each at lunchtime or after work on their own clock, and two mentees book
one each, through the services (calendar invitations and emails as for any booking)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from accounts.models import SentNotification, User
from demo.matching import nothing_queued
from schemes.models import Application, ApplicationStatus, Role, Scheme
from sessions_log.models import FlashMode, FlashSlot
from sessions_log.services import flash_slot_book, flash_slot_offer

FLASH_SLUG = "flash-mentoring-conversations"
MENTORS = 4
# (days ahead, local start, minutes, how)
OFFERS = [
    (2, time(12, 30), 30, FlashMode.ONLINE),
    (3, time(17, 45), 45, FlashMode.ONLINE),
    (6, time(8, 0), 20, FlashMode.IN_PERSON),
    (9, time(13, 0), 60, FlashMode.ONLINE),
]
NOTES = [
    "I am moving from the wards into community practice and would like to hear how you "
    "made that change.",
    "Preparing for my first band 7 interview: what do panels look for?",
]


def _accepted(scheme: Scheme, role: str) -> list[User]:
    return [
        a.applicant
        for a in Application.objects.filter(
            scheme=scheme, role=role, status__in=ApplicationStatus.accepted_states
        )
        .select_related("applicant__profile")
        .order_by("-pk")  # the named members (applied last) first
    ]


def _zone(user: User) -> ZoneInfo:
    profile = getattr(user, "profile", None)
    return ZoneInfo(getattr(profile, "timezone", "") or settings.TIME_ZONE)


def ensure_flash_slots(*, scheme: Scheme, today: date) -> None:
    """Slots of the scheme's first mentors and two bookings, unless it has slots already."""
    if FlashSlot.objects.filter(scheme=scheme).exists():
        return
    mentors = _accepted(scheme, Role.MENTOR)[:MENTORS]
    slots = []
    for index, mentor in enumerate(mentors):
        for days, start, minutes, mode in OFFERS[: 2 + index % 3]:
            slots.append(
                flash_slot_offer(
                    scheme=scheme,
                    mentor=mentor,
                    starts_at=datetime.combine(
                        today + timedelta(days=days + index), start, tzinfo=_zone(mentor)
                    ),
                    duration_minutes=minutes,
                    mode=mode,
                    location=f"https://meet.example.org/flash-{mentor.pk}-{days}"
                    if mode == FlashMode.ONLINE
                    else "The College library, 3rd floor meeting room",
                )
            )
    mentees = _accepted(scheme, Role.MENTEE)
    first_notification = SentNotification.objects.aggregate(n=Max("pk"))["n"] or 0
    with nothing_queued():  # the demo's bookings were made before today: nothing to deliver
        for slot, mentee, note in zip(slots[::3], mentees[1:], NOTES, strict=False):
            flash_slot_book(slot=slot, by=mentee, note=note)
    SentNotification.objects.filter(
        pk__gt=first_notification, status=SentNotification.Status.PENDING
    ).update(status=SentNotification.Status.SENT, sent_at=timezone.now())
