"""Attendance in the admin is credited only to the people the event's scheme knows, and the
person field names no one else (it was a raw id: any id showed its name and could be
credited with the event's CPD hours)."""

from __future__ import annotations

from typing import cast

import pytest
from django.urls import reverse

from accounts.models import User
from schemes.models import EventAttendance, Role
from schemes.selectors import people_of_schemes
from tests.factories import ApplicationFactory, UserFactory

from .test_admin import make_event

ADD = "admin:schemes_eventattendance_add"
CHANGE = "admin:schemes_eventattendance_change"


@pytest.fixture
def applicant(scheme):
    return ApplicationFactory(scheme=scheme, role=Role.MENTEE).applicant


@pytest.fixture
def stranger(other_scheme):
    return ApplicationFactory(
        scheme=other_scheme, role=Role.MENTEE, applicant=UserFactory(first_name="Zebedee")
    ).applicant


def _change(client, attendance, user):
    return client.post(
        reverse(CHANGE, args=[attendance.pk]),
        {"event": attendance.event_id, "user": user.pk, "rsvp": "yes", "attended": "on"},
    )


@pytest.fixture
def attendance(scheme, applicant):
    return EventAttendance.objects.create(event=make_event(scheme), user=applicant)


def test_a_coordinator_records_attendance_of_their_schemes_people(
    client, coordinator, attendance, applicant
):
    client.force_login(coordinator)
    assert _change(client, attendance, applicant).status_code == 302
    attendance.refresh_from_db()
    assert attendance.attended


def test_a_coordinator_cannot_credit_someone_their_scheme_does_not_know(
    client, coordinator, attendance, applicant, stranger
):
    client.force_login(coordinator)
    response = _change(client, attendance, stranger)
    assert response.status_code == 200
    attendance.refresh_from_db()
    assert (attendance.user, attendance.attended) == (applicant, False)
    assert b"Zebedee" not in response.content  # the id's name is not shown back either


def test_an_administrator_cannot_credit_a_stranger_to_the_events_scheme(
    client, admin_user, scheme, stranger
):
    event = make_event(scheme)
    client.force_login(admin_user)
    response = client.post(
        reverse(ADD), {"event": event.pk, "user": stranger.pk, "rsvp": "yes", "attended": "on"}
    )
    assert response.status_code == 200
    assert not EventAttendance.objects.filter(event=event).exists()


def test_the_person_field_offers_only_the_coordinators_people(
    client, coordinator, attendance, applicant, stranger
):
    client.force_login(coordinator)
    response = client.get(reverse(CHANGE, args=[attendance.pk]))
    assert applicant.display_name.encode() in response.content
    assert b"Zebedee" not in response.content


def test_the_event_inline_refuses_a_stranger(client, coordinator, scheme, attendance, stranger):
    event = attendance.event
    client.force_login(coordinator)
    prefix = "attendances"
    response = client.post(
        reverse("admin:schemes_schemeevent_change", args=[event.pk]),
        {
            "scheme": scheme.pk,
            "kind": event.kind,
            "title": event.title,
            "starts_at_0": event.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": event.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": event.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": event.ends_at.strftime("%H:%M:%S"),
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": attendance.pk,
            f"{prefix}-0-event": event.pk,
            f"{prefix}-0-user": stranger.pk,
            f"{prefix}-0-rsvp": "yes",
            f"{prefix}-0-attended": "on",
        },
    )
    assert response.status_code == 200
    attendance.refresh_from_db()
    assert attendance.user != stranger


def test_people_of_schemes_are_applicants_repliers_and_subscribers(scheme, other_scheme):
    applicant = ApplicationFactory(scheme=scheme).applicant
    # Known to ``scheme`` only by replying to its event.
    replier = cast(User, ApplicationFactory(scheme=other_scheme).applicant)
    EventAttendance.objects.create(event=make_event(scheme), user=replier)
    elsewhere = ApplicationFactory(scheme=other_scheme).applicant
    people = set(people_of_schemes(type(scheme).objects.filter(pk=scheme.pk)))
    assert {applicant, replier} <= people
    assert elsewhere not in people


@pytest.fixture
def elsewhere(scheme, other_scheme, admin_user):
    """An applicant of another scheme an administrator sees too, but who is no one to
    ``scheme``'s events."""
    return ApplicationFactory(
        scheme=other_scheme, role=Role.MENTEE, applicant=UserFactory(first_name="Ottoline")
    ).applicant


def _people_offered(response) -> set[User]:
    if "adminform" in response.context and "user" in response.context["adminform"].form.fields:
        return set(response.context["adminform"].form.fields["user"].queryset)
    [formset] = response.context["inline_admin_formsets"]
    return set(formset.formset.empty_form.fields["user"].queryset)


def test_the_event_page_offers_only_the_people_of_its_own_scheme(
    client, admin_user, attendance, applicant, elsewhere
):
    """An administrator sees every scheme, yet an event's person picker lists only its own
    scheme's applicants, repliers and interested people (not all the members)."""
    replier = UserFactory(first_name="Rhoda")
    EventAttendance.objects.create(event=make_event(attendance.event.scheme), user=replier)
    client.force_login(admin_user)

    page = client.get(reverse("admin:schemes_schemeevent_change", args=[attendance.event_id]))

    assert _people_offered(page) == {applicant, replier}
    assert "Ottoline" not in page.text


def test_an_attendance_page_offers_only_the_people_of_its_events_scheme(
    client, admin_user, attendance, applicant, elsewhere
):
    client.force_login(admin_user)

    change = client.get(reverse(CHANGE, args=[attendance.pk]))
    add = client.get(reverse(ADD), {"event": attendance.event_id})

    assert _people_offered(change) == {applicant}
    assert _people_offered(add) == {applicant}


@pytest.mark.parametrize("event", ["", "x", "999999"])
def test_an_add_page_naming_no_event_offers_the_users_schemes_people(
    client, admin_user, applicant, elsewhere, event
):
    client.force_login(admin_user)

    response = client.get(reverse(ADD), {"event": event})

    assert response.status_code == 200
    assert _people_offered(response) == {applicant, elsewhere}  # every scheme's, until chosen
