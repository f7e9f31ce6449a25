"""After "Stay in touch" the scheme's page says what the member will be emailed about (the
word when recruitment opens for their role, the news), with a way to stop it, instead of
the same empty form again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.models import Intake, Role, Subscription
from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(coordinator):
    """A cohort pilot whose mentor recruitment opens next month."""
    today = timezone.localdate()
    return SchemeFactory(
        name="OT Mentoring Pilot 2027",
        intake=Intake.COHORT,
        mentor_recruitment_opens=today + timedelta(days=30),
        mentor_recruitment_closes=today + timedelta(days=60),
        mentee_recruitment_opens=today + timedelta(days=61),
        mentee_recruitment_closes=today + timedelta(days=90),
        launch_date=today + timedelta(days=100),
    )


def stop_url(scheme) -> str:
    return reverse("schemes:subscription_stop", args=[scheme.slug])


def test_after_registering_interest_the_page_says_what_will_be_emailed(client, planned, mentor):
    client.force_login(mentor)
    client.post(
        planned.get_absolute_url(),
        {"email": mentor.email, "interested_as": Role.MENTOR, "wants_news": "on"},
    )

    page = client.get(planned.get_absolute_url()).text

    assert (
        "You will be emailed when recruitment opens for the senior partner (mentor) role." in page
    )
    assert "You get the scheme&#x27;s news by email." in page
    assert f'action="{stop_url(planned)}"' in page
    assert "<details><summary>Change what you hear about</summary>" in page


def test_an_open_role_says_the_member_can_apply_now(client, scheme, mentor):
    Subscription.objects.create(
        scheme=scheme, email=mentor.email, interested_as=Role.MENTOR, wants_news=False
    )
    client.force_login(mentor)

    page = client.get(scheme.get_absolute_url()).text

    assert "Recruitment for the senior partner (mentor) role is open now: you can apply." in page
    assert "news by email" not in page.split("data-subscribed", 1)[1].split("</div>", 1)[0]


def test_stopping_deletes_the_members_registration_and_shows_the_form_again(
    client, planned, mentor
):
    Subscription.objects.create(scheme=planned, email=mentor.email, interested_as=Role.MENTOR)
    client.force_login(mentor)

    response = client.post(stop_url(planned), follow=True)

    assert not Subscription.objects.exists()
    assert "You will no longer be emailed about OT Mentoring Pilot 2027." in response.text
    assert "data-subscribed" not in response.text
    assert "Register your interest" in response.text


def test_a_member_stops_only_their_own_registration(client, planned, mentor, mentee):
    Subscription.objects.create(scheme=planned, email=mentee.email, interested_as=Role.MENTEE)
    client.force_login(mentor)

    client.post(stop_url(planned))
    page = client.get(planned.get_absolute_url()).text

    assert Subscription.objects.filter(email=mentee.email).exists()
    assert "data-subscribed" not in page  # another member's registration is not shown


def test_signed_out_visitors_see_the_form_and_cannot_stop(client, planned, mentor):
    Subscription.objects.create(scheme=planned, email=mentor.email, interested_as=Role.MENTOR)

    page = client.get(planned.get_absolute_url()).text
    response = client.post(stop_url(planned))

    assert "data-subscribed" not in page
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Subscription.objects.count() == 1


def test_stop_refuses_a_get_and_an_unknown_scheme(client, planned, mentor):
    client.force_login(mentor)

    assert client.get(stop_url(planned)).status_code == 405
    missing = reverse("schemes:subscription_stop", args=["no-such-scheme"])
    assert client.post(missing).status_code == 404
