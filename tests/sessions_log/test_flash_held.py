"""Flash conversations and sessions once held, cancelled or still to come: a held
conversation is never cancelled and leaves "Coming up"; a flash session keeps its slot's
time; nothing is logged before its planned start; no form is offered that can only be
refused; a matched flash mentee still finds the booking page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import EmailPreference, NotificationKind
from schemes.models import ApplicationStatus, Role
from schemes.services import application_mark_matched
from sessions_log import services
from sessions_log.models import FlashSlot, RelationshipStatus, SessionMode, SessionStatus
from tests.factories import ApplicationFactory
from tests.sessions_log.factories import (
    book,
    flash_scheme,
    flash_scheme_joined,
    offer,
    start_pair,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)
AT = datetime(2026, 3, 5, 18, 0, tzinfo=LONDON)
AFTER = AT + timedelta(hours=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def flash(coordinator, mentor, mentee):
    return flash_scheme_joined(coordinator, mentor, mentee)


@pytest.fixture
def booked(flash, mentor, mentee, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        slot = offer(flash, mentor, AT, minutes=20)
        book(slot, mentee, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return slot


def _log(session, by, *, held_on=None, minutes=20):
    return services.session_log(
        session=session,
        by=by,
        held_on=held_on or AT.date(),
        duration_minutes=minutes,
        mode=SessionMode.ONLINE,
    )


@pytest.fixture
def held(booked, mentor):
    with time_machine.travel(AFTER, tick=False):
        _log(booked.relationship.sessions.get(), mentor)
    booked.refresh_from_db()
    return booked


def _told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# 1. A held conversation is not cancelled, and leaves "Coming up".


@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize("service", ["flash_booking_cancel", "flash_slot_withdraw"])
def test_a_held_conversation_cannot_be_cancelled(held, mentor, service):
    with pytest.raises(ValidationError, match="a held conversation cannot be cancelled"):
        getattr(services, service)(slot=held, by=mentor)
    held.refresh_from_db()
    assert held.relationship.status == RelationshipStatus.COMPLETED
    assert held.cancelled_at is None
    assert mail.outbox == []


@time_machine.travel(AFTER, tick=False)
def test_an_already_cancelled_conversation_is_refused_as_such(booked, mentor, mentee):
    relationship = booked.relationship
    services.relationship_end_early(relationship=relationship, by=mentee, reason="")
    with pytest.raises(ValidationError, match="already cancelled"):
        services.flash_booking_cancel(slot=booked, by=mentor)


def test_a_held_conversation_leaves_coming_up_for_held_and_past(client, held, mentor):
    # Even one held before its time (logged before this rule) is no longer "coming up".
    client.force_login(mentor)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("sessions_log:flash_slots", args=[held.scheme.slug]))
    html = page.content.decode()
    coming, past = html.split('id="past-heading"')
    assert f'data-flash-slot="{held.pk}"' not in coming
    assert "Cancel the conversation" not in coming
    assert f'data-flash-past="{held.pk}"' in past
    assert "held 5 Mar 2026, 20 min" in past


@time_machine.travel(NOW, tick=False)
def test_a_booked_slot_to_come_is_listed_with_a_link_to_the_confirmation(client, booked, mentor):
    client.force_login(mentor)
    html = client.get(reverse("sessions_log:flash_slots", args=[booked.scheme.slug]))
    html = html.content.decode()
    assert f'data-flash-slot="{booked.pk}"' in html
    assert reverse("sessions_log:flash_cancel", args=[booked.pk]) in html
    assert 'id="past-heading"' not in html


@time_machine.travel(NOW, tick=False)
def test_the_withdraw_button_of_a_booked_slot_asks_first(client, booked, mentor):
    client.force_login(mentor)
    response = client.post(reverse("sessions_log:flash_withdraw", args=[booked.pk]))
    assert response.url == reverse("sessions_log:flash_cancel", args=[booked.pk])
    booked.refresh_from_db()
    assert booked.booked_by is not None
    assert booked.cancelled_at is None


@time_machine.travel(NOW, tick=False)
def test_an_open_slot_is_still_removed_at_once(client, flash, mentor):
    slot = offer(flash, mentor, AT + timedelta(days=1))
    client.force_login(mentor)
    response = client.post(reverse("sessions_log:flash_withdraw", args=[slot.pk]))
    assert _told(response) == ["Slot removed."]
    assert not FlashSlot.objects.live().filter(pk=slot.pk).exists()


@time_machine.travel(AFTER, tick=False)
def test_the_cancel_page_of_a_held_conversation_says_why_and_changes_nothing(client, held, mentor):
    client.force_login(mentor)
    url = reverse("sessions_log:flash_cancel", args=[held.pk])
    response = client.get(url)
    assert response.url == reverse("sessions_log:flash_slots", args=[held.scheme.slug])
    assert _told(response) == [
        "This conversation was held: a held conversation cannot be cancelled."
    ]
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.relationship.status == RelationshipStatus.COMPLETED


@time_machine.travel(NOW, tick=False)
def test_the_mentor_confirming_is_told_only_what_happened(
    client, booked, mentor, mentee, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.PARTNER_ACTIVITY)
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions_log:flash_cancel", args=[booked.pk]), {"confirm": "yes"}
        )
    assert _told(response) == [
        "Conversation cancelled and your slot withdrawn; a cancellation for the calendar is "
        f"on its way, except to {mentee.display_name} (emails about sessions turned off): "
        "let them know."
    ]
    assert [m.to[0] for m in mail.outbox if m.attachments] == ["mentor@example.org"]


# 2. A flash conversation keeps its slot's time.


@time_machine.travel(NOW, tick=False)
def test_a_flash_session_is_not_moved(booked, mentee):
    session = booked.relationship.sessions.get()
    with pytest.raises(ValidationError, match="cancel it and book another slot"):
        services.session_plan(
            session=session,
            by=mentee,
            scheduled_at=AT + timedelta(days=3),
            mode=SessionMode.ONLINE,
            location="https://meet.example.org/x",
        )
    session.refresh_from_db()
    assert session.scheduled_at == booked.starts_at
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_the_flash_relationship_page_offers_no_reschedule(client, booked, mentee):
    relationship = booked.relationship
    client.force_login(mentee)
    html = client.get(relationship.get_absolute_url()).content.decode()
    assert reverse("sessions_log:session_plan", args=[relationship.pk, 1]) not in html
    assert "Reschedule" not in html
    response = client.get(reverse("sessions_log:session_plan", args=[relationship.pk, 1]))
    assert response.url == relationship.get_absolute_url()
    assert "cancel it and book another slot" in _told(response)[0]


@time_machine.travel(NOW, tick=False)
def test_a_programme_session_is_still_rescheduled(client, scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, started_on=NOW.date())
    session = relationship.sessions.get(number=1)
    when = NOW + timedelta(days=2)
    services.session_plan(session=session, by=mentor, scheduled_at=when, mode="phone")
    services.session_plan(
        session=session, by=mentor, scheduled_at=when + timedelta(days=1), mode="phone"
    )
    session.refresh_from_db()
    assert session.ics_sequence == 1
    client.force_login(mentee)
    assert "Reschedule" in client.get(relationship.get_absolute_url()).content.decode()


# 3. Nothing is logged as held before its planned start; the length defaults to the plan's.


def test_a_flash_conversation_is_not_logged_before_it_starts(booked, mentor):
    session = booked.relationship.sessions.get()
    early = time_machine.travel(AT - timedelta(minutes=12), tick=False)
    with early, pytest.raises(ValidationError) as refused:
        _log(session, mentor)
    assert "log it once it has taken place" in refused.value.message_dict["held_on"][0]
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    with time_machine.travel(AT, tick=False):  # from its start on
        _log(session, mentor)
    assert session.status == SessionStatus.HELD


def test_a_flash_conversation_is_not_logged_on_a_day_before_its_slot(booked, mentor):
    session = booked.relationship.sessions.get()
    with time_machine.travel(AFTER, tick=False), pytest.raises(ValidationError) as refused:
        _log(session, mentor, held_on=AT.date() - timedelta(days=1))
    assert "held_on" in refused.value.message_dict


def test_the_log_page_of_a_conversation_to_come_is_not_offered(client, booked, mentee):
    relationship = booked.relationship
    client.force_login(mentee)
    with time_machine.travel(AT - timedelta(minutes=12), tick=False):
        html = client.get(relationship.get_absolute_url()).content.decode()
        response = client.get(reverse("sessions_log:session_log", args=[relationship.pk, 1]))
        posted = client.post(
            reverse("sessions_log:session_log", args=[relationship.pk, 1]),
            {"held_on": AT.date().isoformat(), "duration_minutes": "20", "mode": "online"},
        )
    assert reverse("sessions_log:session_log", args=[relationship.pk, 1]) not in html
    assert response.url == relationship.get_absolute_url()
    assert posted.status_code == 400
    assert "log it once it has taken place" in posted.content.decode()


def test_the_log_form_of_a_flash_conversation_defaults_to_its_slot_length(client, booked, mentee):
    client.force_login(mentee)
    with time_machine.travel(AFTER, tick=False):
        response = client.get(reverse("sessions_log:session_log", args=[booked.relationship.pk, 1]))
    assert response.context["form"].initial["duration_minutes"] == 20


@time_machine.travel(NOW, tick=False)
def test_the_log_form_of_a_programme_session_defaults_to_its_step(client, scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, started_on=NOW.date() - timedelta(days=7))
    session = relationship.sessions.get(number=1)
    client.force_login(mentee)
    response = client.get(reverse("sessions_log:session_log", args=[relationship.pk, 1]))
    assert response.context["form"].initial["duration_minutes"] == session.step.expected_minutes


@pytest.fixture
def planned_today(scheme, mentor, mentee):
    """A programme's session 1 planned for 12:05 today (started a week ago)."""
    with time_machine.travel(NOW, tick=False):
        relationship = start_pair(scheme, mentor, mentee, started_on=NOW.date() - timedelta(days=7))
        session = relationship.sessions.get(number=1)
        services.session_plan(
            session=session, by=mentor, scheduled_at=NOW.replace(hour=12, minute=5), mode="phone"
        )
    return session


def test_a_programme_session_is_not_logged_on_its_day_before_it_starts(planned_today, mentee):
    with time_machine.travel(NOW.replace(hour=11, minute=53), tick=False):
        with pytest.raises(ValidationError) as refused:
            _log(planned_today, mentee, held_on=NOW.date(), minutes=60)
        assert "If you met on an earlier day" in refused.value.message_dict["held_on"][0]
    with time_machine.travel(NOW.replace(hour=12, minute=30), tick=False):
        _log(planned_today, mentee, held_on=NOW.date(), minutes=60)
    assert planned_today.status == SessionStatus.HELD


def test_a_programme_session_held_on_an_earlier_day_is_logged(planned_today, mentee):
    with time_machine.travel(NOW, tick=False):
        _log(planned_today, mentee, held_on=NOW.date() - timedelta(days=1), minutes=60)
    assert planned_today.status == SessionStatus.HELD


# 4. No form is offered for a cancelled session, nor Reschedule for a held one.


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_session_offers_no_form(client, scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, started_on=NOW.date() - timedelta(days=7))
    services.session_cancel(session=relationship.sessions.get(number=2), by=mentor)
    client.force_login(mentee)
    html = client.get(relationship.get_absolute_url()).content.decode()
    for name in ("session_plan", "session_log", "session_cancel"):
        assert reverse(f"sessions_log:{name}", args=[relationship.pk, 2]) not in html
        assert reverse(f"sessions_log:{name}", args=[relationship.pk, 1]) in html
    plan = client.get(reverse("sessions_log:session_plan", args=[relationship.pk, 2]))
    log = client.get(reverse("sessions_log:session_log", args=[relationship.pk, 2]))
    assert plan.url == log.url == relationship.get_absolute_url()
    assert "was cancelled" in _told(plan)[0]
    assert "was cancelled" in _told(log)[0]


@time_machine.travel(NOW, tick=False)
def test_a_held_session_offers_its_log_but_no_reschedule(client, scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, started_on=NOW.date() - timedelta(days=7))
    _log(relationship.sessions.get(number=1), mentee, held_on=NOW.date(), minutes=60)
    client.force_login(mentee)
    html = client.get(relationship.get_absolute_url()).content.decode()
    assert reverse("sessions_log:session_plan", args=[relationship.pk, 1]) not in html
    assert reverse("sessions_log:session_log", args=[relationship.pk, 1]) in html
    plan = client.get(reverse("sessions_log:session_plan", args=[relationship.pk, 1]))
    assert plan.url == relationship.get_absolute_url()
    assert "was held" in _told(plan)[0]


# 5. A matched flash mentee still finds the booking page.


@time_machine.travel(NOW, tick=False)
def test_a_matched_flash_mentee_still_finds_the_booking_page(client, booked, mentee):
    application = application_mark_matched(
        application=booked.relationship.members.get(user=mentee).application, by=mentee
    )
    assert application.status == ApplicationStatus.MATCHED
    book = reverse("sessions_log:flash_directory", args=[booked.scheme.slug])
    client.force_login(mentee)
    for url in (reverse("dashboard"), application.get_absolute_url(), reverse("matching:list")):
        html = client.get(url).content.decode()
        assert f'href="{book}" data-flash-link="book"' in html, url
        assert "Book a conversation" in html, url


@time_machine.travel(NOW, tick=False)
def test_a_flash_mentor_finds_their_slots(client, booked, mentor):
    client.force_login(mentor)
    html = client.get(reverse("matching:list")).content.decode()
    assert reverse("sessions_log:flash_slots", args=[booked.scheme.slug]) in html
    assert 'data-flash-link="book"' not in html


@time_machine.travel(NOW, tick=False)
def test_no_booking_link_without_an_accepted_flash_application(client, coordinator, outsider):
    scheme = flash_scheme(coordinators=[coordinator])
    ApplicationFactory(scheme=scheme, applicant=outsider, role=Role.MENTEE)  # submitted
    client.force_login(outsider)
    for url in (reverse("dashboard"), reverse("matching:list")):
        assert "data-flash-link" not in client.get(url).content.decode()


# 6. Before the conversation is held, each sees only what the other shows before a match.


@time_machine.travel(NOW, tick=False)
def test_the_pages_say_what_each_sees_until_the_conversation_is_held(client, booked, mentee):
    client.force_login(mentee)
    page = client.get(booked.relationship.get_absolute_url()).content.decode()
    assert "Until your conversation is held, each of you sees only what the other shows" in page
    directory = client.get(reverse("sessions_log:flash_directory", args=[booked.scheme.slug]))
    assert "once it has been held, you see each other" in directory.content.decode()


def test_the_page_says_the_whole_profile_shows_once_held(client, held, mentee):
    client.force_login(mentee)
    with time_machine.travel(AFTER, tick=False):
        page = client.get(held.relationship.get_absolute_url()).content.decode()
    assert "Your conversation was held: you now see each other's whole profile." in page
