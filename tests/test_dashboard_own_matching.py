"""Where members match themselves, an accepted member's dashboard says what to do, not
"we are looking for a match": a flash scheme's mentee books a conversation and its mentor
offers times; a member-led scheme's mentee finds a mentor in the directory."""

import pytest
from django.test import Client
from django.urls import reverse

from schemes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory, ProfileFactory
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme
from tests.sessions_log.factories import flash_scheme_joined

pytestmark = pytest.mark.django_db

LOOKING = "we are looking for a match"


@pytest.fixture
def flash(coordinator, mentor, mentee):
    return flash_scheme_joined(coordinator, mentor, mentee, name="Quick Chats")


def _dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("dashboard")).content.decode()


def test_a_flash_mentee_is_led_to_book_and_its_mentor_to_offer_times(client, flash, mentor, mentee):
    page = _dashboard(client, mentee)
    assert reverse("sessions_log:flash_directory", args=[flash.slug]) in page
    assert "Book a conversation in Quick Chats" in page
    assert LOOKING not in page

    page = _dashboard(client, mentor)
    assert reverse("sessions_log:flash_slots", args=[flash.slug]) in page
    assert "Offer conversation times in Quick Chats" in page
    assert f'href="{reverse("sessions_log:flash_directory", args=[flash.slug])}"' not in page


def test_a_member_led_mentee_is_led_to_the_directory():
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    page = _dashboard(Client(), mentee.applicant)
    assert reverse("matching:directory", kwargs={"scheme_pk": scheme.pk}) in page
    assert LOOKING not in page


def test_a_member_not_yet_accepted_gets_no_booking_link(client, flash):
    waiting = ProfileFactory().user
    ApplicationFactory(
        scheme=flash, applicant=waiting, role=Role.MENTEE, status=ApplicationStatus.SUBMITTED
    )
    page = _dashboard(client, waiting)
    assert f'href="{reverse("sessions_log:flash_directory", args=[flash.slug])}"' not in page
    assert "is submitted" in page


def test_a_member_led_mentor_is_told_how_mentees_reach_them_and_of_waiting_requests():
    from matching import services

    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR)
    page = _dashboard(Client(), mentor.applicant)
    assert LOOKING not in page
    assert "mentees find you in its directory" in page

    services.mentor_request_create(
        mentee_application=accepted(scheme),
        mentor_application=mentor,
        message="Would you mentor me on leading a team?",
    )
    page = _dashboard(Client(), mentor.applicant)
    assert "A mentee has asked you to mentor them" in page
    assert reverse("matching:requests") in page
