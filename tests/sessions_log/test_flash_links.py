"""The dashboard leads accepted members of a flash scheme to its pages: a mentee to book, a
mentor to offer times; nobody else sees the links."""

import pytest
from django.urls import reverse

from schemes.models import ApplicationStatus, Role
from sessions_log.flash_selectors import flash_roles_for
from tests.factories import ApplicationFactory, ProfileFactory
from tests.sessions_log.factories import accept, flash_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def flash(coordinator, mentor, mentee):
    scheme = flash_scheme(coordinators=[coordinator], name="Quick Chats")
    accept(scheme, mentor, Role.MENTOR)
    accept(scheme, mentee, Role.MENTEE)
    return scheme


def test_an_accepted_mentee_is_offered_booking_and_a_mentor_offering(client, flash, mentor, mentee):
    client.force_login(mentee)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("sessions_log:flash_directory", args=[flash.slug]) in page
    assert "Book a conversation in Quick Chats" in page
    assert reverse("sessions_log:flash_slots", args=[flash.slug]) not in page

    client.force_login(mentor)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("sessions_log:flash_slots", args=[flash.slug]) in page
    assert "Offer conversation times in Quick Chats" in page


def test_members_not_accepted_see_no_flash_links(client, flash):
    waiting = ProfileFactory().user
    ApplicationFactory(
        scheme=flash, applicant=waiting, role=Role.MENTEE, status=ApplicationStatus.SUBMITTED
    )
    client.force_login(waiting)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Book a conversation" not in page
    assert reverse("sessions_log:flash_directory", args=[flash.slug]) not in page
    assert flash_roles_for(user=waiting) == []


def test_flash_roles_take_one_query_however_many_schemes(flash, mentee, django_assert_num_queries):
    for n in range(3):
        accept(flash_scheme(name=f"More chats {n}"), mentee, Role.MENTEE)
    with django_assert_num_queries(1):
        roles = flash_roles_for(user=mentee)
    assert [role for _, role in roles] == ["mentee"] * 4
