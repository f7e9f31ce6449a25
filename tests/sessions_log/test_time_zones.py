"""A Sydney member plans a session at 10:00 their time: the London partner sees the right
London time in the page, the email and the calendar, on either side of the daylight-saving
changes of spring 2026 (London to BST on 29 March, Sydney to AEST on 5 April)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from sessions_log.models import CalendarFeed, MemberRole
from tests.factories import ProfileFactory
from tests.sessions_log.factories import start_pair

NOW = datetime(2026, 1, 20, 9, tzinfo=UTC)
# (session, what the Sydney member types, the instant, London's page, London's email,
#  Sydney's email)
PLANS = [
    (
        2,
        "2026-03-24T10:00",  # both on winter/summer time: 11 hours apart
        datetime(2026, 3, 23, 23, 0, tzinfo=UTC),
        "Mon 23 Mar 2026, 23:00 GMT",
        "Monday 23 March 2026, 23:00 GMT (Europe/London)",
        "Tuesday 24 March 2026, 10:00 AEDT (Australia/Sydney)",
    ),
    (
        3,
        "2026-03-31T10:00",  # London has moved to BST, Sydney not yet back: 10 hours
        datetime(2026, 3, 30, 23, 0, tzinfo=UTC),
        "Tue 31 Mar 2026, 00:00 BST",
        "Tuesday 31 March 2026, 00:00 BST (Europe/London)",
        "Tuesday 31 March 2026, 10:00 AEDT (Australia/Sydney)",
    ),
    (
        4,
        "2026-04-07T10:00",  # Sydney is back on AEST: 9 hours
        datetime(2026, 4, 7, 0, 0, tzinfo=UTC),
        "Tue 7 Apr 2026, 01:00 BST",
        "Tuesday 7 April 2026, 01:00 BST (Europe/London)",
        "Tuesday 7 April 2026, 10:00 AEST (Australia/Sydney)",
    ),
]

SYDNEY_PAGE = {
    2: "Tue 24 Mar 2026, 10:00 AEDT",
    3: "Tue 31 Mar 2026, 10:00 AEDT",
    4: "Tue 7 Apr 2026, 10:00 AEST",
}


@pytest.fixture
def pair(scheme):
    sydney = ProfileFactory(
        user__first_name="伟", user__last_name="张", timezone="Australia/Sydney"
    ).user
    london = ProfileFactory(
        user__first_name="Amelia", user__last_name="Hughes", timezone="Europe/London"
    ).user
    relationship = start_pair(scheme, sydney, london, roles=(MemberRole.PEER, MemberRole.PEER))
    return relationship, sydney, london


def plan(client, relationship, number: int, typed: str) -> None:
    url = reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": number})
    response = client.post(
        url, {"scheduled_at": typed, "mode": "online", "location": "https://meet.example/abc"}
    )
    assert response.status_code == 302


def invitation_line(message) -> str:
    return message.body.splitlines()[2]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("number", "typed", "instant", "page", "london", "sydney"), PLANS)
def test_sydney_10am_reaches_london_as_london_time(
    client, pair, django_capture_on_commit_callbacks, number, typed, instant, page, london, sydney
):
    relationship, sydney_user, london_user = pair
    client.force_login(sydney_user)
    form = client.get(
        reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": number})
    ).context["form"]
    assert form.fields["scheduled_at"].help_text == (
        "In your time zone, Australia/Sydney: each partner sees it in their own."
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan(client, relationship, number, typed)
    session = relationship.sessions.get(number=number)
    assert session.scheduled_at == instant
    # The page, for each of them.
    client.force_login(london_user)
    assert f"{page}, online" in client.get(relationship.get_absolute_url()).text
    client.force_login(sydney_user)
    assert f"{SYDNEY_PAGE[number]}, online" in client.get(relationship.get_absolute_url()).text
    by_recipient = {m.to[0]: m for m in mail.outbox}
    planner = sydney_user.display_name
    tail = ", online: https://meet.example/abc."
    assert invitation_line(by_recipient[london_user.email]) == (
        f"{planner} planned session {number} (Session {number}): {london}{tail}"
    )
    assert invitation_line(by_recipient[sydney_user.email]) == (  # the planner's own copy
        f"You planned session {number} (Session {number}): {sydney}{tail}"
    )
    assert f"<strong>{london}</strong>" in by_recipient[london_user.email].alternatives[0][0]
    assert [by_recipient[u.email].subject for u in (london_user, sydney_user)] == [
        f"Mentoring session {number} on {london.split(', ')[0].split(' ', 1)[1]}",
        f"Mentoring session {number} on {sydney.split(', ')[0].split(' ', 1)[1]}",
    ]
    # The calendar file carries the instant in UTC: right in every zone, through DST.
    ics = client.get(
        reverse("sessions_log:session_ics", kwargs={"pk": relationship.pk, "number": number})
    )
    [event] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("DTSTART") == instant
    assert event["DTSTART"].to_ical() == instant.strftime("%Y%m%dT%H%M%SZ").encode()


def test_london_feed_carries_every_instant_in_utc(client, pair, django_capture_on_commit_callbacks):
    relationship, sydney_user, london_user = pair
    with time_machine.travel(NOW, tick=False):
        client.force_login(sydney_user)
        with django_capture_on_commit_callbacks(execute=True):
            for number, typed, *_ in PLANS:
                plan(client, relationship, number, typed)
        client.force_login(london_user)
        client.get(reverse("sessions_log:calendar"))
    token = CalendarFeed.objects.get(user=london_user).token
    client.logout()
    feed = client.get(reverse("sessions_log:calendar_feed", kwargs={"token": token}))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in events) == [p[2] for p in PLANS]
    assert all(e["DTSTART"].to_ical().endswith(b"Z") for e in events)
