"""Demo scheme events (launch, briefing, mentor preparation, learning set) with RSVPs and,
for the events already held, attendance."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Role,
    Scheme,
    SchemeEvent,
)

from .diary import at
from .people import SEED

# Public holidays nobody holds a scheme event on: (month, day).
HOLIDAYS = frozenset({(12, 25), (12, 26), (1, 1)})


def working_day(day: date) -> date:
    """``day``, or the first day after it that is not a public holiday (``HOLIDAYS``)."""
    while (day.month, day.day) in HOLIDAYS:
        day += timedelta(days=1)
    return day


def _event_specs(scheme: Scheme, today: date) -> list[tuple]:
    """(kind, title, day, hour, the role it prepares) for each of the scheme's events,
    none on a public holiday."""
    start = scheme.launch_date or today - timedelta(days=60)
    briefed = Role.PEER if scheme.is_one_pool else Role.MENTEE
    briefing = "Participant briefing" if scheme.is_one_pool else "Mentee briefing"
    specs = [
        (EventKind.LAUNCH, f"{scheme.name}: launch event", start, 18, ""),
        (EventKind.BRIEFING, briefing, start + timedelta(days=7), 12, briefed),
        (
            EventKind.MENTOR_PREPARATION,
            "Mentor preparation workshop",
            start + timedelta(days=5),
            10,
            Role.MENTOR,
        ),
        (EventKind.LEARNING_SET, "Mentors' learning set", today + timedelta(days=21), 13, ""),
    ]
    return [(kind, title, working_day(day), *rest) for kind, title, day, *rest in specs]


def ensure_events(scheme: Scheme, today: date) -> None:
    applicants = list(
        Application.objects.filter(scheme=scheme)
        .exclude(status=ApplicationStatus.DRAFT)
        .order_by("pk")  # the same invitees on every run, whatever statuses changed since
        .values_list("applicant_id", "role")
    )
    rng = random.Random(f"{SEED}-events-{scheme.slug}")
    for kind, title, day, hour, prepares in _event_specs(scheme, today):
        event, _ = SchemeEvent.objects.get_or_create(
            scheme=scheme,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": at(day, hour),
                "ends_at": at(day, hour + 2),
                "location": "Online (link sent to everyone who says yes)",
                "satisfies_preparation_for": prepares,
            },
        )
        invited = [
            uid
            for uid, role in applicants
            if not prepares or role == prepares or kind == EventKind.LAUNCH
        ]
        if kind == EventKind.LEARNING_SET:
            invited = [uid for uid, role in applicants if role in (Role.MENTOR, Role.PEER)]
        _answer_invitations(event, invited[:25], rng)


def _answer_invitations(event: SchemeEvent, invited: list[int], rng: random.Random) -> None:
    """Each invitee's RSVP; most who said yes to a past event attended."""
    past = event.ends_at < timezone.now()
    rows = []
    for uid in invited:
        rsvp = rng.choices(list(EventAttendance.Rsvp), weights=[7, 2, 1])[0]
        rows.append(
            EventAttendance(
                event=event,
                user_id=uid,
                rsvp=rsvp,
                attended=past and rsvp == EventAttendance.Rsvp.YES and rng.random() < 0.85,
            )
        )
    EventAttendance.objects.bulk_create(rows, ignore_conflicts=True)
