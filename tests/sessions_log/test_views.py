from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from schemes.models import EventKind, SchemeEvent
from sessions_log import services
from sessions_log.models import CalendarFeed, SessionMode, SessionStatus
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
NOTE = "Secret-note-about-burnout"


@pytest.fixture
def relationship(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


@pytest.fixture
def logged(relationship, mentor):
    with time_machine.travel(datetime(2026, 1, 20, 9, tzinfo=LONDON), tick=False):
        services.session_log(
            session=relationship.sessions.get(number=1),
            by=mentor,
            held_on=date(2026, 1, 6),
            duration_minutes=55,
            mode=SessionMode.ONLINE,
            led_by=mentor,
            notes=NOTE,
        )
    return relationship


def test_relationship_page_shows_members_their_notes(client, logged, mentor, mentee):
    for user in (mentor, mentee):
        client.force_login(user)
        response = client.get(logged.get_absolute_url())
        assert response.status_code == 200
        assert NOTE in response.text


@pytest.mark.parametrize("who", ["outsider", "coordinator", "other_coordinator", "admin_user"])
def test_relationship_page_is_404_for_non_members(client, logged, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(logged.get_absolute_url())
    assert response.status_code == 404
    assert NOTE not in response.text


def test_member_of_another_relationship_gets_404(client, logged, scheme):
    from tests.factories import ProfileFactory

    other_mentor, other_mentee = ProfileFactory().user, ProfileFactory().user
    start_pair(scheme, other_mentor, other_mentee)
    client.force_login(other_mentor)
    assert client.get(logged.get_absolute_url()).status_code == 404
    url = reverse("sessions_log:session_log", kwargs={"pk": logged.pk, "number": 1})
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, logged):
    response = client.get(logged.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["coordinator", "admin_user"])
def test_admin_never_shows_or_searches_notes(client, logged, who, request):
    client.force_login(request.getfixturevalue(who))
    session = logged.sessions.get(number=1)
    pages = [
        reverse("admin:sessions_log_session_changelist"),
        reverse("admin:sessions_log_session_change", args=[session.pk]),
        reverse("admin:sessions_log_relationship_change", args=[logged.pk]),
        reverse("admin:sessions_log_relationship_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOTE not in response.text
    search = client.get(reverse("admin:sessions_log_session_changelist"), {"q": NOTE})
    assert search.context["cl"].result_count == 0


@pytest.mark.parametrize("who", ["coordinator", "admin_user"])
def test_staff_are_not_offered_a_link_to_the_members_own_page(client, logged, who, request):
    """The relationship page is its members' own and answers staff with a 404: the admin
    offers no "View on site" leading there."""
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("admin:sessions_log_relationship_change", args=[logged.pk])).text
    assert "View on site" not in page
    assert reverse("sessions_log:relationship", kwargs={"pk": logged.pk}) not in page
    assert client.get(logged.get_absolute_url()).status_code == 404


def test_admin_hides_other_schemes_from_coordinator(client, logged, other_coordinator):
    client.force_login(other_coordinator)
    session = logged.sessions.get(number=1)
    response = client.get(reverse("admin:sessions_log_session_change", args=[session.pk]))
    assert response.status_code == 302  # not found in their scope: redirected to the index
    listing = client.get(reverse("admin:sessions_log_relationship_changelist"))
    assert listing.context["cl"].result_count == 0


def test_admin_names_the_members_of_each_relationship(client, logged, coordinator, mentor, mentee):
    """Coordinators see who is in a pair, not "Pair #16" alone (names and dates, no notes)."""
    client.force_login(coordinator)
    listing = client.get(reverse("admin:sessions_log_relationship_changelist"))
    assert f"{mentor.display_name}, {mentee.display_name}</a>" in listing.text  # the link
    assert listing.context["cl"].list_display_links == ("names",)  # rows named by members


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=LONDON), tick=False)
def test_plan_view_and_ics_parsed_back(client, relationship, mentor):
    client.force_login(mentor)
    url = reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": 1})
    response = client.post(
        url,
        {"scheduled_at": "2026-01-12T18:30", "mode": "in_person", "location": "Room 4"},
    )
    assert response.status_code == 302
    ics_url = reverse("sessions_log:session_ics", kwargs={"pk": relationship.pk, "number": 1})
    response = client.get(ics_url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    session = relationship.sessions.get(number=1)
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime(2026, 1, 12, 18, 30, tzinfo=LONDON)
    assert event.decoded("DTEND") == datetime(2026, 1, 12, 19, 30, tzinfo=LONDON)
    assert str(event["LOCATION"]) == "Room 4"
    assert str(event["SUMMARY"]) == f"Mentoring session 1: Session 1 ({relationship.scheme.name})"
    client.post(url, {"scheduled_at": "2026-01-13T08:00", "mode": "phone", "location": ""})
    [event] = Calendar.from_ical(client.get(ics_url).content).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime(2026, 1, 13, 8, 0, tzinfo=LONDON)


def test_plan_view_rejects_bad_input(client, relationship, mentor):
    client.force_login(mentor)
    url = reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": 1})
    response = client.post(url, {"scheduled_at": "2020-01-01T10:00", "mode": "online"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "scheduled_at": ["Choose a date and time in the future."]
    }


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=LONDON), tick=False)
def test_calendar_feed_lists_own_sessions_without_notes(client, logged, mentor, mentee):
    session = logged.sessions.get(number=2)
    services.session_plan(
        session=session,
        by=mentor,
        scheduled_at=datetime(2026, 2, 3, 12, tzinfo=LONDON),
        mode=SessionMode.PHONE,
    )
    client.force_login(mentee)
    assert client.get(reverse("sessions_log:calendar")).status_code == 200
    token = CalendarFeed.objects.get(user=mentee).token
    client.logout()
    feed = client.get(reverse("sessions_log:calendar_feed", kwargs={"token": token}))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [datetime(2026, 2, 3, 12, tzinfo=LONDON)]
    assert NOTE not in feed.text
    assert client.get("/portal/relationships/calendar/wrong-token.ics").status_code == 404


def test_calendar_feed_stops_when_the_account_is_deactivated(client, logged, mentee):
    client.force_login(mentee)
    client.get(reverse("sessions_log:calendar"))
    token = CalendarFeed.objects.get(user=mentee).token
    url = reverse("sessions_log:calendar_feed", kwargs={"token": token})
    client.logout()
    assert client.get(url).status_code == 200
    mentee.is_active = False
    mentee.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_log_view_records_session(client, relationship, mentee, mentor):
    client.force_login(mentee)
    url = reverse("sessions_log:session_log", kwargs={"pk": relationship.pk, "number": 1})
    response = client.post(
        url,
        {
            "held_on": "2026-01-06",
            "duration_minutes": "50",
            "mode": "online",
            "led_by": str(mentor.pk),
            "notes": "ok",
            "new_actions": "Draft CV\n\nBook course",
        },
    )
    assert response.status_code == 302
    session = relationship.sessions.get(number=1)
    assert (session.status, session.duration_minutes, session.led_by) == (
        SessionStatus.HELD,
        50,
        mentor,
    )
    assert list(relationship.actions.values_list("text", flat=True)) == ["Draft CV", "Book course"]


def test_end_early_and_concern_views(client, relationship, mentee, coordinator):
    client.force_login(mentee)
    response = client.post(
        reverse("sessions_log:concern", kwargs={"pk": relationship.pk}), {"message": "Help"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("sessions_log:end_early", kwargs={"pk": relationship.pk}), {"reason": "x"}
    )
    assert response.status_code == 400  # confirmation box not ticked
    response = client.post(
        reverse("sessions_log:end_early", kwargs={"pk": relationship.pk}),
        {"reason": "x", "confirm": "on"},
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.status == "ended_early"


def _add_rows(relationship, mentor, mentee, n):
    for i in range(n):
        services.expectation_add(relationship=relationship, by=mentor, text=f"E{i}")
        goal = services.goal_set(relationship=relationship, by=mentee, owner=mentee, what=f"G{i}")
        services.goal_review(goal=goal, by=mentor, note="n", status="in_progress")
        services.action_add(relationship=relationship, by=mentee, text=f"A{i}", owner=mentor)
        services.session_add(relationship=relationship, by=mentor)
        services.message_send(relationship=relationship, by=mentee, body=f"Message {i}")


@pytest.mark.parametrize("rows", [1, 8])
def test_relationship_page_query_count_is_constant(
    client, scheme, mentor, mentee, rows, django_assert_num_queries
):
    relationship = start_pair(scheme, mentor, mentee, steps=0)
    SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LEARNING_SET,
        title="Mentors' learning set",
        starts_at=datetime(2099, 1, 1, 10, tzinfo=LONDON),
        ends_at=datetime(2099, 1, 1, 12, tzinfo=LONDON),
    )
    _add_rows(relationship, mentor, mentee, rows)
    client.force_login(mentor)
    # 13, then the partners' contact details and the unread messages: one query each; the
    # partners' profile cards: their profiles, the area labels.
    with django_assert_num_queries(17):
        response = client.get(relationship.get_absolute_url())
    assert response.status_code == 200
    assert "Mentors&#x27; learning set" in response.text


def test_the_planner_is_told_a_moved_session_was_moved(relationship, mentor):
    from sessions_log.views.sessions import _invitation_news

    assert _invitation_news(relationship, mentor).startswith("Session planned;")
    assert _invitation_news(relationship, mentor, moved=True).startswith("Session moved;")
