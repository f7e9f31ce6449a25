"""The calendar feed tells the truth: held, cancelled and ended sessions leave the future
(``sessions_log.selectors.in_calendar``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sessions_log import services
from sessions_log.models import CalendarFeed, SessionMode
from tests.sessions_log.factories import start_pair

START = date(2026, 3, 2)
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def pair(scheme, mentor, mentee):
    with time_machine.travel(NOW, tick=False):
        relationship = start_pair(scheme, mentor, mentee, steps=4, started_on=START)
        for number, days in ((1, -3), (2, 2), (3, 9), (4, 16)):
            at = NOW + timedelta(days=days)
            with time_machine.travel(min(at, NOW) - timedelta(hours=1), tick=False):
                services.session_plan(
                    session=relationship.sessions.get(number=number),
                    by=mentor,
                    scheduled_at=at,
                    mode=SessionMode.PHONE,
                )
        yield relationship


def _held(pair, number: int, *, by, days_ago: int) -> None:
    """Session ``number`` logged by ``by`` as held an hour by phone ``days_ago`` days ago."""
    services.session_log(
        session=pair.sessions.get(number=number),
        by=by,
        held_on=NOW.date() - timedelta(days=days_ago),
        duration_minutes=60,
        mode=SessionMode.PHONE,
    )


def feed_numbers(client, user) -> list[str]:
    token = services.calendar_feed_for(user=user).token
    response = client.get(reverse("sessions_log:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    return [
        str(event.get("SUMMARY")).split(":")[0].split(" (")[0]
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    ]


@time_machine.travel(NOW, tick=False)
def test_held_early_and_cancelled_sessions_leave_the_future(client, pair, mentor, mentee):
    _held(pair, 1, by=mentee, days_ago=3)
    # Session 2 was planned for the day after tomorrow but held yesterday.
    _held(pair, 2, by=mentee, days_ago=1)
    services.session_cancel(session=pair.sessions.get(number=3), by=mentor)

    assert feed_numbers(client, mentee) == [
        "Mentoring session 1",  # held in the past, where it stays
        "Mentoring session 4",
    ]


@time_machine.travel(NOW, tick=False)
def test_an_ended_relationship_leaves_the_future(client, pair, mentor, mentee):
    services.relationship_end_early(relationship=pair, by=mentor, reason="")

    assert feed_numbers(client, mentee) == []


@time_machine.travel(NOW, tick=False)
def test_a_paused_relationship_leaves_the_feed_until_resumed(client, pair, mentor, mentee):
    _held(pair, 1, by=mentee, days_ago=3)
    services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    # Only what was held stays; the planned sessions leave both members' feeds.
    assert feed_numbers(client, mentee) == ["Mentoring session 1"]
    assert feed_numbers(client, mentor) == ["Mentoring session 1"]

    services.relationship_set_paused(relationship=pair, by=mentee, paused=False)
    assert len(feed_numbers(client, mentee)) == 4


@time_machine.travel(NOW, tick=False)
def test_someone_elses_feed_shows_none_of_them(client, pair, outsider):
    assert feed_numbers(client, outsider) == []
    assert CalendarFeed.objects.filter(user=outsider).exists()


def test_a_wrong_token_is_not_found(client, db):
    url = reverse("sessions_log:calendar_feed", kwargs={"token": "not-a-token"})
    assert client.get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_completing_sends_each_scheduled_session_its_cancellation(pair, mentor, mentee):
    from accounts.models import SentNotification

    type(pair.template).objects.filter(pk=pair.template_id).update(min_sessions=1)
    pair.refresh_from_db()
    _held(pair, 1, by=mentee, days_ago=3)
    services.relationship_complete(relationship=pair, by=mentee)

    cancelled = SentNotification.objects.filter(recipient=mentee, key__endswith=":cancelled")
    assert cancelled.count() == 3  # sessions 2, 3 and 4 had a date and time
    assert all("METHOD:CANCEL" in n.calendar for n in cancelled)
