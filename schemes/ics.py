"""iCalendar (.ics) files of scheme events (launches, briefings, preparation, learning
sets), with the ``icalendar`` library: one VEVENT with a stable UID, times as UTC instants,
published (METHOD:PUBLISH) for the member to add to their own calendar."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from accounts.emails.links import absolute_url

from .models import SchemeEvent

PRODID = "-//Mentoring schemes//Events//EN"


def event_uid(event: SchemeEvent) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"scheme-event-{event.pk}@{host}"


def event_calendar(event: SchemeEvent) -> str:
    """The calendar file of one event, as text (a download or an email attachment)."""
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.starts_at.astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("summary", f"{event.title} ({event.scheme.name})")
    if event.location:
        vevent.add("location", event.location)
    url = absolute_url(event.get_absolute_url())
    description = [event.get_kind_display()]
    if event.description:
        description.append(event.description)
    description.append(url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", url)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(vevent)
    return calendar.to_ical().decode()
