"""Flash mentoring: a mentor offers a slot, a mentee books it (one relationship, one planned
session with its calendar invitation), logging it held completes it and counts as CPD."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from cpd.selectors import cpd_activities_for_user
from schemes.models import Role
from sessions_log import services
from sessions_log.models import (
    FlashSlot,
    MemberRole,
    RelationshipStatus,
    SessionMode,
    SessionStatus,
)
from tests.factories import ProfileFactory
from tests.sessions_log.factories import accept, flash_scheme, flash_scheme_joined, offer

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)
AT = datetime(2026, 3, 5, 18, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture
def flash(coordinator, mentor, mentee):
    scheme = flash_scheme_joined(coordinator, mentor, mentee)
    mail.outbox.clear()
    return scheme


def _book(slot, by, capture, note="Moving from the ward into management."):
    with capture(execute=True):
        return services.flash_slot_book(slot=slot, by=by, note=note)


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def _calendar(message):
    [(name, content, mimetype)] = message.attachments
    return name, mimetype, Calendar.from_ical(content)


@time_machine.travel(NOW, tick=False)
def test_booking_starts_a_pair_with_one_session_and_both_get_the_invitation(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    mentor.profile.timezone = "Australia/Sydney"
    mentor.profile.save()
    slot = offer(flash, mentor, AT, minutes=45)

    _book(slot, mentee, django_capture_on_commit_callbacks)

    slot.refresh_from_db()
    relationship = slot.relationship
    assert (slot.booked_by, relationship.scheme, relationship.template) == (mentee, flash, None)
    assert (relationship.started_on, relationship.planned_end_on) == (
        date(2026, 3, 2),
        date(2026, 3, 5),
    )
    assert sorted((m.user.email, m.role) for m in relationship.members.all()) == [
        ("mentee@example.org", MemberRole.MENTEE),
        ("mentor@example.org", MemberRole.MENTOR),
    ]
    [session] = relationship.sessions.all()
    assert (session.scheduled_at, session.status, session.location) == (
        AT,
        SessionStatus.PLANNED,
        "https://meet.example.org/flash",
    )
    invitation = next(m for m in _to("mentee@example.org") if m.attachments)
    name, mimetype, calendar = _calendar(invitation)
    assert (name, mimetype) == ("invite.ics", "text/calendar; method=REQUEST")
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == AT.astimezone(UTC)
    assert sorted(str(a) for a in event["ATTENDEE"]) == [
        "mailto:mentee@example.org",
        "mailto:mentor@example.org",
    ]
    confirm = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Flash conversation booked")}
    # Each in their own zone; the mentee's note reaches the mentor only.
    to_mentee, to_mentor = confirm["mentee@example.org"].body, confirm["mentor@example.org"].body
    assert "Thursday 5 March 2026, 18:00 GMT (Europe/London)" in to_mentee
    assert "Friday 6 March 2026, 05:00 AEDT (Australia/Sydney)" in to_mentor
    assert "Moving from the ward" in to_mentor
    assert "Moving from the ward" not in to_mentee
    html = confirm["mentor@example.org"].alternatives[0][0]
    assert "Moving from the ward into management." in html


def test_logging_the_conversation_held_completes_it_and_counts_as_cpd(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        slot = offer(flash, mentor, AT, minutes=45)
        _book(slot, mentee, django_capture_on_commit_callbacks)
    slot.refresh_from_db()
    session = slot.relationship.sessions.get()
    with time_machine.travel(AT + timedelta(hours=1), tick=False):
        services.session_log(
            session=session,
            by=mentor,
            held_on=date(2026, 3, 5),
            duration_minutes=45,
            mode=SessionMode.ONLINE,
        )

    relationship = slot.relationship
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ended_on) == (
        RelationshipStatus.COMPLETED,
        date(2026, 3, 5),
    )
    assert relationship.ending.reason == "Flash conversation held."
    for person in (mentor, mentee):
        [activity] = cpd_activities_for_user(user=person)
        assert (activity.date, activity.hours) == (date(2026, 3, 5), Decimal("0.75"))


@time_machine.travel(NOW, tick=False)
def test_the_mentee_cancelling_reopens_the_slot_and_sends_the_calendar_cancellation(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    slot = offer(flash, mentor, AT)
    _book(slot, mentee, django_capture_on_commit_callbacks)
    slot.refresh_from_db()
    relationship = slot.relationship
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.flash_booking_cancel(slot=slot, by=mentee)

    slot.refresh_from_db()
    relationship.refresh_from_db()
    reopened = (slot.booked_by, slot.note, slot.relationship, slot.cancelled_at)
    assert reopened == (None, "", None, None)
    assert relationship.status == RelationshipStatus.ENDED_EARLY
    assert relationship.sessions.get().status == SessionStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]
    _, mimetype, _calendar_ = _calendar(mail.outbox[0])
    assert mimetype == "text/calendar; method=CANCEL"
    assert list(FlashSlot.objects.open_after(NOW)) == [slot]


@time_machine.travel(NOW, tick=False)
def test_the_mentor_cancelling_withdraws_the_slot(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    slot = offer(flash, mentor, AT)
    _book(slot, mentee, django_capture_on_commit_callbacks)
    slot.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.flash_slot_withdraw(slot=slot, by=mentor)

    slot.refresh_from_db()
    assert slot.cancelled_at == NOW
    assert list(FlashSlot.objects.open_after(NOW)) == []


# --- bad input --------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_past_slot_is_refused(flash, mentor):
    with pytest.raises(ValidationError) as exc:
        offer(flash, mentor, NOW - timedelta(minutes=5))
    assert exc.value.message_dict == {"starts_at": ["This time has passed: choose a future time."]}


@time_machine.travel(NOW, tick=False)
def test_an_overlapping_slot_is_refused_and_one_after_it_is_not(flash, mentor):
    offer(flash, mentor, AT, minutes=30)
    with pytest.raises(ValidationError) as exc:
        offer(flash, mentor, AT + timedelta(minutes=20))
    assert exc.value.message_dict == {
        "starts_at": [
            "This overlaps your slot at Thu 5 Mar 2026, 18:00 (30 minutes): choose a time "
            "after it ends or before it starts."
        ]
    }
    assert offer(flash, mentor, AT + timedelta(minutes=30)).pk


@time_machine.travel(NOW, tick=False)
def test_a_length_outside_20_to_60_minutes_is_refused(flash, mentor):
    with pytest.raises(ValidationError) as exc:
        offer(flash, mentor, AT, minutes=90)
    assert list(exc.value.message_dict) == ["duration_minutes"]


@time_machine.travel(NOW, tick=False)
def test_a_mentee_holds_at_most_the_schemes_number_of_bookings(
    flash, mentor, mentee, django_capture_on_commit_callbacks
):
    slots = [offer(flash, mentor, AT + timedelta(hours=h)) for h in range(3)]
    _book(slots[0], mentee, django_capture_on_commit_callbacks)
    _book(slots[1], mentee, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        _book(slots[2], mentee, django_capture_on_commit_callbacks)
    assert exc.value.messages == [
        "You already hold 2 upcoming conversations in this scheme, the most it allows: "
        "cancel one or wait until it has taken place."
    ]


@time_machine.travel(NOW, tick=False)
def test_a_booked_slot_cannot_be_booked_again(
    flash, mentor, mentee, outsider, django_capture_on_commit_callbacks
):
    accept(flash, outsider, Role.MENTEE)
    slot = offer(flash, mentor, AT)
    _book(slot, mentee, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        _book(slot, outsider, django_capture_on_commit_callbacks)
    assert exc.value.messages == [
        "This slot has just been booked or withdrawn: choose another time."
    ]


# --- permission boundary ----------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_only_accepted_members_offer_and_book(flash, mentor, mentee, outsider, other_scheme):
    with pytest.raises(ValidationError):
        offer(flash, outsider, AT)
    slot = offer(flash, mentor, AT)
    with pytest.raises(ValidationError) as exc:
        services.flash_slot_book(slot=slot, by=outsider, note="Hello")
    assert exc.value.messages == ["Only an accepted mentee of this scheme can book a slot."]
    with pytest.raises(ValidationError) as exc:
        services.flash_slot_book(slot=slot, by=mentor, note="Hello")
    assert exc.value.messages == ["This is your own slot: a mentee books it."]


@time_machine.travel(NOW, tick=False)
def test_pages_are_404_for_members_without_an_accepted_application(
    client, flash, mentor, mentee, outsider, other_scheme
):
    slot = offer(flash, mentor, AT)
    other = flash_scheme()
    accept(other, outsider, Role.MENTEE)
    client.force_login(outsider)
    assert client.get(reverse("sessions_log:flash_directory", args=[flash.slug])).status_code == 404
    assert client.get(reverse("sessions_log:flash_slots", args=[flash.slug])).status_code == 404
    url = reverse("sessions_log:flash_book", args=[flash.slug, slot.pk])
    assert client.get(url).status_code == 404
    # Booking through the scheme they belong to does not reach another scheme's slot.
    elsewhere = reverse("sessions_log:flash_book", args=[other.slug, slot.pk])
    assert client.get(elsewhere).status_code == 404
    client.force_login(mentor)  # a mentor does not book, not even their own slot
    assert client.get(url).status_code == 404
    client.force_login(mentee)
    assert client.get(reverse("sessions_log:flash_slots", args=[flash.slug])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_booking_and_its_note_are_404_for_anyone_else(
    client, flash, mentor, mentee, outsider, django_capture_on_commit_callbacks
):
    second_mentor = ProfileFactory().user
    accept(flash, second_mentor, Role.MENTOR)
    slot = offer(flash, mentor, AT)
    _book(slot, mentee, django_capture_on_commit_callbacks)
    for person in (outsider, second_mentor):
        client.force_login(person)
        for name in ("flash_withdraw", "flash_cancel"):
            assert client.post(reverse(f"sessions_log:{name}", args=[slot.pk])).status_code == 404
    page = client.get(reverse("sessions_log:flash_slots", args=[flash.slug]))
    assert "Moving from the ward" not in page.content.decode()
    client.force_login(mentor)
    page = client.get(reverse("sessions_log:flash_slots", args=[flash.slug]))
    assert "Moving from the ward into management." in page.content.decode()


# --- pages --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_mentor_offers_a_slot_from_the_page_typed_in_their_zone(client, flash, mentor):
    mentor.profile.timezone = "Australia/Sydney"
    mentor.profile.save()
    client.force_login(mentor)
    url = reverse("sessions_log:flash_slots", args=[flash.slug])
    data = {
        "starts_at": "2026-03-06T05:00",
        "duration_minutes": "30",
        "mode": "online",
        "location": "https://meet.example.org/zofia",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert FlashSlot.objects.get().starts_at == datetime(2026, 3, 6, 5, tzinfo=SYDNEY)
    assert FlashSlot.objects.get().starts_at == AT


@time_machine.travel(NOW, tick=False)
def test_a_bad_slot_on_the_page_keeps_what_was_typed(client, flash, mentor):
    client.force_login(mentor)
    url = reverse("sessions_log:flash_slots", args=[flash.slug])
    data = {
        "starts_at": "2026-03-01T10:00",
        "duration_minutes": "15",
        "mode": "in_person",
        "location": "Room 4, Leeds",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "duration_minutes": ["Ensure this value is greater than or equal to 20."]
    }
    assert 'value="Room 4, Leeds"' in response.content.decode()
    data["duration_minutes"] = "30"
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "starts_at": ["This time has passed: choose a future time."]
    }


@time_machine.travel(NOW, tick=False)
def test_the_mentee_books_from_the_page_and_sees_times_in_their_zone(
    client, flash, mentor, mentee, django_capture_on_commit_callbacks
):
    mentee.profile.timezone = "Asia/Tokyo"
    mentee.profile.expertise = ["clinical"]
    mentee.profile.save()
    slot = offer(flash, mentor, AT)
    client.force_login(mentee)
    page = client.get(reverse("sessions_log:flash_directory", args=[flash.slug])).content.decode()
    assert "Fri 6 Mar 2026, 03:00 JST (Asia/Tokyo)" in page
    url = reverse("sessions_log:flash_book", args=[flash.slug, slot.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Leading a team for the first time."})
    slot.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == slot.relationship.get_absolute_url()
    page = client.get(reverse("sessions_log:flash_directory", args=[flash.slug])).content.decode()
    assert f'data-flash-booking="{slot.pk}"' in page


@time_machine.travel(NOW, tick=False)
def test_the_directory_filters_mentors_by_expertise(client, flash, mentor, mentee):
    mentor.profile.expertise = ["management"]
    mentor.profile.save()
    other = ProfileFactory(
        expertise=["research"], shown_before_match=["expertise"], user__first_name="Oluwaseun"
    ).user
    hiding = ProfileFactory(expertise=["research"], user__first_name="Hidden").user
    accept(flash, other, Role.MENTOR)
    accept(flash, hiding, Role.MENTOR)
    client.force_login(mentee)
    url = reverse("sessions_log:flash_directory", args=[flash.slug])
    response = client.get(url, {"area": "research"})
    # a mentor who hides their areas before a match is never found by them
    assert [m.user for m in response.context["page"].mentors] == [other]
    everyone = client.get(url).context["page"].mentors
    assert {m.user: m.expertise for m in everyone}[hiding] == ""


def _mentors_with_slots(scheme, count):
    for i in range(count):
        person = ProfileFactory().user
        accept(scheme, person, Role.MENTOR)
        for h in range(4):
            offer(scheme, person, AT + timedelta(days=i, hours=h))


@pytest.mark.parametrize("mentors", [1, 6])
@time_machine.travel(NOW, tick=False)
def test_the_directory_costs_the_same_queries_however_many_mentors(
    client, flash, mentee, mentors, django_assert_num_queries
):
    _mentors_with_slots(flash, mentors)
    client.force_login(mentee)
    url = reverse("sessions_log:flash_directory", args=[flash.slug])
    client.get(url)  # warm the session
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["page"].mentors) == mentors + 1
    assert all(len(m.slots) == 3 for m in response.context["page"].mentors if m.slots)
