"""A shortlist option is visible only to the mentee who chooses and to the option's own
mentor: the other mentor O's pages, emails and data export never carry the competing
mentor's name or the reasons drawn from their profile, before or after E chooses.

The pages are in the matrix (``matching:*#option-*`` and the markers of world.py); this
adds what the matrix does not request: the emails (as stored in the outbox and as sent)
and the reminder sweep, and the state after E's choice.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SentNotification
from matching.models import ProposalStatus
from matching.reminders import proposal_reminders_send

from .test_matrix import authz_world, body  # noqa: F401 (the module's world)
from .world import MENTEE, OTHER_MENTOR, OWN_OPTION_REASON, RIVAL_NAME, RIVAL_REASON

RIVAL = (RIVAL_NAME.text, RIVAL_REASON.text)


@pytest.fixture
def world(authz_world, db):  # noqa: F811
    """The module's world; what a test changes is rolled back after it."""
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield authz_world
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _o_pages(world) -> dict[str, str]:
    client = Client()
    client.force_login(world.user(OTHER_MENTOR))
    urls = {
        "list": reverse("matching:list"),
        "own option": reverse("matching:detail", args=[world.objects["option_own"].pk]),
        "dashboard": reverse("dashboard"),
        "data export": reverse("member_data"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = body(response).decode()
    return pages


def _o_emails(world) -> list[str]:
    """Every email to O: as stored in the outbox, and as sent."""
    o = world.user(OTHER_MENTOR)
    stored = [
        f"{n.subject}\n{n.body_text}\n{n.body_html}"
        for n in SentNotification.objects.filter(recipient=o)
    ]
    sent = [
        f"{m.subject}\n{m.body}\n" + "".join(str(a[0]) for a in getattr(m, "alternatives", []))
        for m in mail.outbox
        if o.email in m.to
    ]
    return stored + sent


def _shown(texts) -> list[str]:
    return [marker for text in texts for marker in RIVAL if marker in text]


def test_before_the_choice_o_sees_their_own_option_only(world):
    pages = _o_pages(world)
    assert OWN_OPTION_REASON.text in pages["own option"]  # the check below can fail
    assert _shown(pages.values()) == []
    assert "Option 2" not in pages["own option"]  # not even their rank

    with transaction.atomic():
        proposal_reminders_send(now=timezone.now() + timedelta(days=4))
    assert _shown(_o_emails(world)) == []


def test_after_the_choice_o_is_told_of_their_own_option_only(
    world, django_capture_on_commit_callbacks
):
    mentee = Client()
    mentee.force_login(world.user(MENTEE))
    own = world.objects["option_own"]
    assert RIVAL_NAME.text in body(mentee.get(reverse("matching:detail", args=[own.pk]))).decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = mentee.post(reverse("matching:choose", args=[own.pk]))

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ProposalStatus.APPROVED
    emails = _o_emails(world)
    assert any(OWN_OPTION_REASON.text in e for e in emails)  # O was told, with the reasons
    assert _shown(emails) == []
    assert _shown(_o_pages(world).values()) == []


def test_o_cannot_choose_or_reach_the_competing_option(world):
    client = Client()
    client.force_login(world.user(OTHER_MENTOR))
    own, rival = world.objects["option_own"], world.objects["option_rival"]

    assert client.post(reverse("matching:choose", args=[own.pk])).status_code == 404
    assert client.get(reverse("matching:detail", args=[rival.pk])).status_code == 404
    own.refresh_from_db()
    assert own.status == ProposalStatus.APPROVED
