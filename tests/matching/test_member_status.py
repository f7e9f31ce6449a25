"""Members read a match's status in their own words ("Waiting for your answer"), not the
administrator's status name ("Approved (awaiting answers)")."""

import pytest
from django.urls import reverse
from django.utils import translation

from matching import services
from matching.models import Response
from schemes.models import Role
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(scheme, mentor, mentee, admin_user):
    run = finished_run(scheme, by=admin_user)
    prop = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    services.run_approve(run=run, by=admin_user)
    return prop


def _pages(client, approved) -> str:
    detail = client.get(reverse("matching:detail", args=[approved.pk])).content.decode()
    listing = client.get(reverse("matching:list")).content.decode()
    return detail + listing


def test_member_waiting_to_answer_reads_their_own_words(client, approved, mentee):
    client.force_login(mentee)

    text = _pages(client, approved)

    assert "Approved (awaiting answers)" not in text
    assert text.count("Waiting for your answer") == 2


def test_member_who_answered_waits_for_their_partner(client, approved, mentee):
    approved.members.filter(application__applicant=mentee).update(response=Response.ACCEPTED)
    client.force_login(mentee)

    text = _pages(client, approved)

    assert "Approved (awaiting answers)" not in text
    assert text.count("Waiting for your partner's answer") == 2


def test_member_status_translates(client, approved, mentee, pseudo_locale):  # noqa: F811
    client.force_login(mentee)
    with translation.override(pseudo_locale):
        from django.template.loader import render_to_string

        mine = approved.members.get(application__applicant=mentee)
        text = render_to_string(
            "matching/includes/member_status.html",
            {"proposal": approved, "mine": mine, "others": []},
        )
    assert text.strip()
    assert untranslated(text) == []
