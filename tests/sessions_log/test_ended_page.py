"""A finished relationship's page: a completed one links to its certificate, and the
prompts to state expectations or set goals, out of date once it has ended, are gone."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from sessions_log import services
from sessions_log.models import SessionMode
from tests.sessions_log.factories import start_pair

START = date(2026, 3, 2)
PROMPTS = (
    "No expectations yet: state yours in your first session.",
    "No goals yet: set them in your second session.",
)


@pytest.fixture
def clock():
    with time_machine.travel(date(2026, 4, 1), tick=False):
        yield


@pytest.fixture
def pair(clock, scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee, steps=0, started_on=START)


def _complete(pair, mentor):
    services.session_log(
        session=services.session_add(relationship=pair, by=mentor),
        by=mentor,
        held_on=START,
        duration_minutes=60,
        mode=SessionMode.ONLINE,
    )
    services.relationship_complete(relationship=pair, by=mentor)


def test_a_running_relationship_prompts_and_offers_no_certificate(client, pair, mentee):
    client.force_login(mentee)
    page = client.get(pair.get_absolute_url()).text
    for prompt in PROMPTS:
        assert prompt in page
    assert reverse("cpd:certificate", args=[pair.pk]) not in page


def test_a_completed_relationship_links_to_its_certificate_without_prompts(
    client, pair, mentor, mentee
):
    _complete(pair, mentor)
    client.force_login(mentee)

    page = client.get(pair.get_absolute_url()).text

    certificate = reverse("cpd:certificate", args=[pair.pk])
    assert f'href="{certificate}"' in page
    assert "certificate of participation" in page
    for prompt in PROMPTS:
        assert prompt not in page
    assert "No expectations were recorded." in page
    assert "No goals were set." in page
    # The link works for the member.
    response = client.get(certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_an_early_ending_has_no_certificate_and_no_prompts(client, pair, mentor, mentee):
    services.relationship_end_early(relationship=pair, by=mentor, reason="")
    client.force_login(mentee)

    page = client.get(pair.get_absolute_url()).text

    certificate = reverse("cpd:certificate", args=[pair.pk])
    assert certificate not in page
    assert client.get(certificate).status_code == 404
    for prompt in PROMPTS:
        assert prompt not in page


def test_nobody_else_gets_the_certificate(client, pair, mentor, outsider):
    _complete(pair, mentor)
    client.force_login(outsider)
    assert client.get(pair.get_absolute_url()).status_code == 404
    assert client.get(reverse("cpd:certificate", args=[pair.pk])).status_code == 404
