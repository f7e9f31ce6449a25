"""iCalendar (.ics) files of sessions, with the ``icalendar`` library.

Each session is one VEVENT with a stable UID and a SEQUENCE raised on every reschedule, so
calendar programs update the event in place. Notes never go into a calendar.

Emailed invitations (``session_invitation``) are iTIP messages (RFC 5546): METHOD:REQUEST
with the members as attendees when a session is planned or moved (same UID, higher
SEQUENCE), METHOD:CANCEL with the same UID when it is cancelled. The organizer is the
site's sending address, the address every invitation comes from, so calendar programs
accept a later update or cancellation whichever member made it. Times are UTC instants.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.emails.links import absolute_url

from .models import FlashSlot, Session, SessionStatus

PRODID = "-//Mentoring schemes//Sessions//EN"
DEFAULT_MINUTES = 60


def session_uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"session-{session.pk}@{host}"


def session_minutes(session: Session) -> int:
    """How long a scheduled session lasts in calendars: its programme step's expected
    minutes; a flash conversation's, its slot's length (sessions have no planned length of
    their own); otherwise an hour."""
    if session.step:
        return session.step.expected_minutes
    relationship = session.relationship
    if relationship.scheme.is_booked:
        try:
            return relationship.flash_slot.duration_minutes  # select_related in the feed
        except FlashSlot.DoesNotExist:  # a booking the mentee cancelled: slot reopened
            pass
    return DEFAULT_MINUTES


def session_event(session: Session) -> Event:
    """The VEVENT of a scheduled session (``session.scheduled_at`` must be set)."""
    relationship = session.relationship
    minutes = session_minutes(session)
    assert session.scheduled_at is not None
    start = session.scheduled_at.astimezone(UTC)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("sequence", session.ics_sequence)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    title = f": {session.title}" if session.title else ""
    event.add(
        "summary",
        gettext("Mentoring session %(number)s%(title)s (%(scheme)s)")
        % {"number": session.number, "title": title, "scheme": relationship.scheme.name},
    )
    if session.location:
        event.add("location", session.location)
    description = [gettext("Mode: %(mode)s") % {"mode": session.get_mode_display()}]
    if session.step and session.step.purpose:
        description.append(session.step.purpose)
    if session.step and session.step.prompt_list:
        description.append(
            gettext("Prompts:") + "\n" + "\n".join(f"- {p}" for p in session.step.prompt_list)
        )
    url = absolute_url(relationship.get_absolute_url())
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    return event


class InvitationMethod:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = vText(value)
    return address


def session_invitation(session: Session, *, method: str) -> str:
    """The iCalendar invitation (``InvitationMethod``) of a scheduled session, to attach to
    the email telling its members it was planned, moved or cancelled."""
    event = session_event(session)
    organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    event.add("organizer", _address(organizer_email, settings.SITE_NAME))
    for member in session.relationship.members.all():
        event.add(
            "attendee",
            _address(
                member.user.email,
                member.user.display_name,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
            ),
        )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def sessions_calendar(sessions: Iterable[Session], *, name: str) -> bytes:
    """A calendar of the given scheduled sessions, as bytes ready to serve."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        if session.scheduled_at is not None:
            calendar.add_component(session_event(session))
    return calendar.to_ical()
