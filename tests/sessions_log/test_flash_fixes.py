"""Flash mentoring from a new member's and a new administrator's eyes: the session cancel
of the relationship page is the booking's cancel, the page offers nothing a one-off
conversation does not have."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from sessions_log import services
from sessions_log.ics import session_minutes
from sessions_log.models import FlashSlot, RelationshipStatus, SessionMode, SessionStatus
from sessions_log.reminders import members_feedback_due
from tests.sessions_log.factories import (
    book,
    flash_scheme_joined,
    offer,
    start_pair,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)
AT = datetime(2026, 3, 5, 18, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture
def flash(coordinator, mentor, mentee):
    return flash_scheme_joined(coordinator, mentor, mentee)


@pytest.fixture
def booked(flash, mentor, mentee, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        slot = offer(flash, mentor, AT, minutes=40)
        book(slot, mentee, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return slot


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("who", "reopened"), [("mentee", True), ("mentor", False)], ids=["mentee", "mentor"]
)
def test_cancelling_the_session_cancels_the_booking(
    booked, who, reopened, request, django_capture_on_commit_callbacks
):
    by = request.getfixturevalue(who)
    relationship = booked.relationship
    session = relationship.sessions.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=by)

    relationship.refresh_from_db()
    booked.refresh_from_db()
    assert relationship.status == RelationshipStatus.ENDED_EARLY
    assert relationship.sessions.get().status == SessionStatus.CANCELLED
    assert (list(FlashSlot.objects.open_after(NOW)) == [booked]) is reopened
    assert (booked.cancelled_at is None) is reopened
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]


@time_machine.travel(NOW, tick=False)
def test_an_outsider_cannot_cancel_the_session(booked, outsider):
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=booked.relationship.sessions.get(), by=outsider)
    booked.refresh_from_db()
    assert booked.booked_by is not None


@time_machine.travel(NOW, tick=False)
def test_a_flash_conversation_has_no_further_session(booked, mentee):
    with pytest.raises(ValidationError, match="one session"):
        services.session_add(relationship=booked.relationship, by=mentee)


@time_machine.travel(NOW, tick=False)
def test_the_flash_relationship_page_offers_only_what_a_conversation_has(client, booked, mentee):
    client.force_login(mentee)
    page = client.get(booked.relationship.get_absolute_url()).content.decode()
    for hidden in ("Add a further session", "Expectations", "Goals", "Pause the relationship"):
        assert hidden not in page
    assert "End early" in page


def test_a_senior_junior_relationship_page_keeps_them(client, scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    client.force_login(mentee)
    page = client.get(relationship.get_absolute_url()).content.decode()
    for shown in ("Add a further session", "Expectations", "Goals", "Pause the relationship"):
        assert shown in page


@time_machine.travel(NOW, tick=False)
def test_cancel_this_conversation_asks_first_then_tells_both(
    client, booked, mentee, django_capture_on_commit_callbacks
):
    client.force_login(mentee)
    url = reverse("sessions_log:flash_cancel", args=[booked.pk])

    page = client.get(url).content.decode()
    assert "Cancel this conversation?" in page
    assert "The slot opens again for other mentees." in page
    client.post(url)  # no confirmation: nothing happens
    booked.refresh_from_db()
    assert booked.booked_by == mentee

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"}, follow=True)

    assert "Conversation cancelled; each of you is sent a cancellation for your calendar." in (
        response.content.decode()
    )
    booked.refresh_from_db()
    assert booked.booked_by is None
    cancellations = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in cancellations) == ["mentee@example.org", "mentor@example.org"]
    assert {m.attachments[0][2] for m in cancellations} == {"text/calendar; method=CANCEL"}


@time_machine.travel(NOW, tick=False)
def test_the_mentor_is_told_the_slot_is_withdrawn(client, booked, mentor):
    client.force_login(mentor)
    page = client.get(reverse("sessions_log:flash_cancel", args=[booked.pk])).content.decode()
    assert "Your slot is withdrawn" in page


@time_machine.travel(NOW, tick=False)
def test_cancelling_a_started_conversation_is_refused_on_the_page(client, booked, mentee):
    client.force_login(mentee)
    with time_machine.travel(AT, tick=False):
        response = client.post(
            reverse("sessions_log:flash_cancel", args=[booked.pk]), {"confirm": "yes"}
        )
    assert response.status_code == 400
    assert "can no longer be cancelled" in response.content.decode()


def _event(message):
    calendar = Calendar.from_ical(message.attachments[0][1])
    [event] = calendar.walk("VEVENT")
    return event


@time_machine.travel(NOW, tick=False)
def test_the_invitation_ends_when_the_slot_does(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    slot = offer(flash, mentor, AT, minutes=40)
    with django_capture_on_commit_callbacks(execute=True):
        services.flash_slot_book(slot=slot, by=mentee, note="")
    invitation = next(m for m in mail.outbox if m.attachments)
    event = _event(invitation)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=40)


def test_a_session_without_a_step_or_slot_lasts_an_hour(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, steps=0)
    session = services.session_add(relationship=relationship, by=mentee)
    assert session_minutes(session) == 60


def test_feedback_is_due_only_once_the_conversation_was_held(booked, mentor, mentee):
    with time_machine.travel(AT - timedelta(hours=2), tick=False):
        assert not members_feedback_due(today=AT.date()).filter(user=mentee).exists()
    with time_machine.travel(AT + timedelta(hours=1), tick=False):
        services.session_log(
            session=booked.relationship.sessions.get(),
            by=mentor,
            held_on=AT.date(),
            duration_minutes=40,
            mode=SessionMode.ONLINE,
        )
        due = members_feedback_due(today=AT.date())
        assert sorted(m.user.email for m in due) == ["mentee@example.org", "mentor@example.org"]


def test_feedback_is_still_due_near_the_end_of_a_programme(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    day = relationship.planned_end_on
    assert members_feedback_due(today=day).filter(user=mentee).exists()


@time_machine.travel(NOW, tick=False)
def test_each_gets_a_flash_conversation_with_the_other(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    slot = offer(flash, mentor, AT, minutes=40)
    with django_capture_on_commit_callbacks(execute=True):
        services.flash_slot_book(slot=slot, by=mentee, note="")
    invitations = {m.to[0]: m for m in mail.outbox if m.attachments}
    to_mentee, to_mentor = invitations["mentee@example.org"], invitations["mentor@example.org"]
    assert to_mentee.subject.startswith(f"Flash conversation with {mentor.display_name} on ")
    assert f"Flash conversation with {mentee.display_name}:" in to_mentor.body
    assert "planned session 1" not in to_mentee.body + to_mentor.body


@time_machine.travel(NOW, tick=False)
def test_each_book_link_names_the_mentor_and_time(client, flash, mentor, mentee):
    offer(flash, mentor, AT, minutes=40)
    client.force_login(mentee)
    page = client.get(reverse("sessions_log:flash_directory", args=[flash.slug]))
    assert f"a conversation with {mentor.display_name}, Thu 5 Mar 2026, 18:00" in (
        page.content.decode()
    )
