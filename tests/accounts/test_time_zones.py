"""A member's time zone: chosen on the profile or from the browser's offer, remembered at
sign-in, activated on every page; only ever the member's own."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from accounts.zones import SESSION_KEY
from tests.accounts.test_profile_and_preferences import PROFILE
from tests.factories import PASSWORD, ProfileFactory, UserFactory

SET_ZONE = reverse("accounts:time_zone")


def zone_of(user) -> str:
    return Profile.objects.get(user=user).timezone


def test_profile_saves_the_zone_and_pages_use_it(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {**PROFILE, "timezone": "Africa/Nairobi"})
    assert response.status_code == 302
    assert zone_of(user) == "Africa/Nairobi"
    page = client.get(reverse("accounts:profile"))
    assert "Times are shown in Africa/Nairobi time" in page.text
    assert page.context["form"]["timezone"].value() == "Africa/Nairobi"


def test_profile_unknown_zone_is_an_error_on_the_field_and_keeps_the_rest(client, db):
    profile = ProfileFactory(timezone="Europe/Warsaw")
    client.force_login(profile.user)
    response = client.post(reverse("accounts:profile"), {**PROFILE, "timezone": "Europe/Krakow"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "timezone": [
            "“Europe/Krakow” is not a time zone: give an IANA name such as Europe/London, "
            "Australia/Sydney or America/Sao_Paulo."
        ]
    }
    assert form["job_title"].value() == PROFILE["job_title"]
    assert zone_of(profile.user) == "Europe/Warsaw"


def test_profile_keeps_an_alias_the_list_does_not_show(client, db):
    profile = ProfileFactory(timezone="Asia/Calcutta")
    client.force_login(profile.user)
    form = client.get(reverse("accounts:profile")).context["form"]
    assert ("Asia/Calcutta", "Asia/Calcutta") in form.fields["timezone"].choices
    assert "Times are shown in Asia/Calcutta time" in client.get(reverse("dashboard")).text


def test_browser_zone_offered_until_one_is_chosen(client, db):
    profile = ProfileFactory(timezone="")
    client.force_login(profile.user)
    page = client.get(reverse("dashboard")).text
    assert "data-time-zone-offer" in page
    assert "Times are shown in Europe/London time" in page
    response = client.post(SET_ZONE, {"timezone": "America/Sao_Paulo", "next": "/portal/cpd/"})
    assert response["Location"] == "/portal/cpd/"
    assert zone_of(profile.user) == "America/Sao_Paulo"
    page = client.get(reverse("dashboard")).text
    assert "data-time-zone-offer" not in page
    assert "Times are shown in America/Sao_Paulo time" in page


def test_set_zone_unknown_name_changes_nothing(client, db):
    profile = ProfileFactory(timezone="")
    client.force_login(profile.user)
    response = client.post(SET_ZONE, {"timezone": "Mars/Olympus_Mons"}, follow=True)
    assert zone_of(profile.user) == ""
    assert [str(m) for m in response.context["messages"]] == [
        "“Mars/Olympus_Mons” is not a time zone: give an IANA name such as Europe/London, "
        "Australia/Sydney or America/Sao_Paulo. Choose yours on your profile."
    ]


def test_set_zone_changes_only_the_signed_in_members_own(client, db):
    me, other = ProfileFactory(timezone=""), ProfileFactory(timezone="Asia/Tokyo")
    client.force_login(me.user)
    client.post(
        SET_ZONE,
        {"timezone": "Europe/Warsaw", "user": other.user.pk, "user_id": other.user.pk},
    )
    assert (zone_of(me.user), zone_of(other.user)) == ("Europe/Warsaw", "Asia/Tokyo")


def test_set_zone_needs_sign_in_and_a_post(client, db):
    other = ProfileFactory(timezone="Asia/Tokyo")
    response = client.post(SET_ZONE, {"timezone": "Europe/Warsaw"})
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (
        302,
        True,
    )
    client.force_login(other.user)
    assert client.get(SET_ZONE).status_code == 405
    assert zone_of(other.user) == "Asia/Tokyo"


@pytest.mark.parametrize("zone", ["Australia/Sydney", ""])
def test_sign_in_remembers_the_zone_in_the_session(client, db, zone):
    profile = ProfileFactory(timezone=zone)
    assert client.login(email=profile.user.email, password=PASSWORD)
    assert client.session[SESSION_KEY] == zone
    shown = zone or "Europe/London"
    assert f"Times are shown in {shown} time" in client.get(reverse("dashboard")).text


def test_session_from_before_the_zone_was_remembered_is_filled_once(client, db):
    profile = ProfileFactory(timezone="America/Toronto")
    client.force_login(profile.user)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert "Times are shown in America/Toronto time" in client.get(reverse("dashboard")).text
    assert client.session[SESSION_KEY] == "America/Toronto"


def test_anonymous_visitor_sees_the_site_zone_and_no_offer(client, db):
    page = client.get(reverse("schemes:home")).text
    assert "Times are shown in Europe/London time" in page
    assert "data-time-zone-offer" not in page
