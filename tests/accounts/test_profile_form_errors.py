"""The profile form says what is missing itself: the server's errors beside each field
(and the summary ``static/js/forms.js`` puts first), not only the browser's bubble on the
first empty field; and its only submit button saves it (the device's zone is a plain
button that fills the field)."""

import re

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.factories import ProfileFactory

from .test_profile_and_preferences import PROFILE

pytestmark = pytest.mark.django_db


def test_profile_form_leaves_checking_to_the_server_and_submits_only_by_saving(client):
    profile = ProfileFactory(timezone="")  # the member the device's zone is offered to
    client.force_login(profile.user)

    page = client.get(reverse("accounts:profile")).text

    main = page[page.index("<main") :]
    assert "data-time-zone-offer" not in main  # no form of its own before the profile's
    form = re.search(r"<form[^>]*>", main[main.index('enctype="multipart/form-data"') - 40 :])
    assert form
    assert "novalidate" in form.group(0)
    submits = re.findall(r'<(?:input|button)[^>]*type="submit"[^>]*>', main)
    assert len(submits) == 1
    assert 'value="Save profile"' in submits[0]
    button = re.search(r"<button[^>]*data-device-zone[^>]*>", main)
    assert button
    assert 'type="button"' in button.group(0)
    assert 'data-device-zone="id_timezone"' in button.group(0)
    assert "hidden" in button.group(0)


def test_profile_missing_career_stage_and_country_is_refused_beside_each_field(client):
    profile = ProfileFactory(career_stage="", country="")
    client.force_login(profile.user)

    response = client.post(
        reverse("accounts:profile"), {**PROFILE, "career_stage": "", "country": ""}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"career_stage", "country"}
    assert 'id="error_1_id_career_stage"' in response.text  # named for forms.js's summary
    profile.refresh_from_db()
    assert (profile.career_stage, profile.job_title) == ("", "Occupational therapist")


def test_profile_refuses_a_country_not_on_the_list(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("accounts:profile"), {**PROFILE, "country": "XX"})

    assert list(response.context["form"].errors) == ["country"]
    assert Profile.objects.get(pk=profile.pk).country == "GB"


def test_profile_page_needs_signing_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_missing_fields_are_named_in_the_forms_order():
    profile = ProfileFactory.build(country="", career_stage="", years_experience=0)

    assert profile.missing_fields_text == "country and career stage"
    assert ProfileFactory.build().missing_fields_text == ""
