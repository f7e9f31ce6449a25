"""The member's data export put together from every app's part, as plain JSON."""

import json

import pytest
from django.urls import reverse

from accounts import member_data as accounts_part
from cpd import member_data as cpd_part
from insights import member_data as insights_part
from matching import member_data as matching_part
from mentoring_site.member_data import PART_MODULES, member_data
from schemes import member_data as schemes_part
from sessions_log import member_data as sessions_log_part

pytestmark = pytest.mark.django_db

PARTS = (accounts_part, schemes_part, matching_part, sessions_log_part, cpd_part, insights_part)


def test_every_app_with_a_part_is_assembled():
    assert PART_MODULES == PARTS


def test_export_holds_every_part_once(mentor):
    keys = [key for part in PARTS for key in part.member_data(user=mentor)]
    assert len(keys) == len(set(keys))
    assert list(member_data(user=mentor)) == ["exported_at", *keys]


def test_export_is_plain_json(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("member_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    downloaded = json.loads(response.content)
    expected = json.loads(json.dumps(member_data(user=mentor)))
    assert downloaded.pop("exported_at") <= expected.pop("exported_at")
    assert downloaded == expected
