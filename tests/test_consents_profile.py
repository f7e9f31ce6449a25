"""Showing parts of the profile before a match is a consent: listed on the consents page
with its history, and withdrawn there (hidden at once)."""

import pytest
from django.urls import reverse

from accounts.models import ConsentRecord, ConsentTopic
from accounts.services import profile_visibility_set
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    profile = ProfileFactory(bio="Consents-bio")
    profile_visibility_set(user=profile.user, parts=["bio", "photo"], source="profile page")
    return profile.user


def test_consents_page_lists_what_is_shown_and_its_history(client, member):
    client.force_login(member)
    response = client.get(reverse("consents"))
    assert [p.value for p in response.context["profile_shown"]] == ["bio", "photo"]
    body = response.content.decode()
    assert "Withdraw consent: Short bio" in body
    assert "Showing parts of my profile to proposed partners before a match" in body


def test_withdrawing_hides_the_part_and_records_it(client, member):
    client.force_login(member)
    response = client.post(reverse("consents"), {"profile_part": "bio"})
    assert response.url == reverse("consents")
    member.profile.refresh_from_db()
    assert member.profile.shown_before_match == ["photo"]
    latest = ConsentRecord.objects.filter(
        user=member, topic=ConsentTopic.PROFILE_VISIBILITY, subject="profile:bio"
    ).first()
    assert (latest.given, latest.source) == (False, "consents page")


@pytest.mark.parametrize("part", ["work", "nonsense", ""])
def test_withdrawing_a_part_not_shown_is_404(client, member, part):
    client.force_login(member)
    assert client.post(reverse("consents"), {"profile_part": part}).status_code == 404
    member.profile.refresh_from_db()
    assert member.profile.shown_before_match == ["bio", "photo"]


def test_another_members_choice_is_untouched(client, member, outsider):
    client.force_login(outsider)
    assert client.post(reverse("consents"), {"profile_part": "bio"}).status_code == 404
    member.profile.refresh_from_db()
    assert member.profile.shown_before_match == ["bio", "photo"]
