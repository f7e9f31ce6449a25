"""The world's flash mentoring scheme: the other mentor O offers two slots a month ahead,
the mentee E books one with a note (through the booking service, which emails both).

The note is the pair's: E, who wrote it, and O, whose slot it is, read it; no staff, the
administrator included (the flash slots' admin shows dates, mentor and booked or not)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schemes.models import Role, SchemeKind
from sessions_log import services as rel_services
from tests.factories import SchemeFactory
from tests.matching.factories import accepted


def build_flash(*, coord, mentee, other_mentor, note: str) -> dict[str, object]:
    """The flash scheme, O's booked slot and O's open slot, by name."""
    scheme = SchemeFactory(
        name="Scheme Flash", slug="flash", kind=SchemeKind.FLASH, coordinators=[coord]
    )
    accepted(scheme, role=Role.MENTOR, user=other_mentor)
    accepted(scheme, user=mentee)
    first = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
    booked, open_slot = (
        rel_services.flash_slot_offer(
            scheme=scheme,
            mentor=other_mentor,
            starts_at=first + timedelta(hours=hours),
            duration_minutes=30,
            mode="online",
            location="https://meet.example.org/flash",
        )
        for hours in (0, 2)
    )
    rel_services.flash_slot_book(slot=booked, by=mentee, note=f"About {note}")
    booked.refresh_from_db()
    return {"flash_scheme": scheme, "flash_booked": booked, "flash_open": open_slot}
