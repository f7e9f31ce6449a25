"""Pausing and resuming a relationship: the other members are emailed (PARTNER_ACTIVITY,
their preference), the one who acted is not, and a repeat is refused."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import EmailPreference, NotificationKind
from sessions_log import services
from sessions_log.models import RelationshipStatus
from tests.sessions_log.factories import start_pair


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


def test_pausing_and_resuming_email_the_partner_only(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    assert [m.to[0] for m in mail.outbox] == ["mentee@example.org"]
    paused = mail.outbox[0]
    assert paused.subject.endswith(f"Your relationship in {pair.scheme.name} is paused")
    assert f"{mentor.display_name} paused your relationship" in paused.body
    assert pair.get_absolute_url() in paused.body
    assert "paused your relationship" in paused.alternatives[0][0]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_set_paused(relationship=pair, by=mentee, paused=False)
    assert [m.to[0] for m in mail.outbox] == ["mentor@example.org"]
    assert mail.outbox[0].subject.endswith("has resumed")
    assert f"{mentee.display_name} resumed your relationship" in mail.outbox[0].body

    # A second pause is a new event: it is emailed again, not swallowed as a duplicate.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    assert [m.to[0] for m in mail.outbox] == ["mentee@example.org"]


def test_a_partner_who_turned_off_partner_activity_gets_no_email(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.PARTNER_ACTIVITY)
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    assert mail.outbox == []
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.PAUSED


def test_pausing_twice_or_resuming_an_active_one_is_refused(pair, mentor, mentee):
    with pytest.raises(ValidationError):
        services.relationship_set_paused(relationship=pair, by=mentor, paused=False)
    services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    with pytest.raises(ValidationError):
        services.relationship_set_paused(relationship=pair, by=mentee, paused=True)


def test_an_outsider_cannot_pause(pair, outsider):
    with pytest.raises(PermissionDenied):
        services.relationship_set_paused(relationship=pair, by=outsider, paused=True)
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.ACTIVE


def test_the_pause_page_says_partners_are_emailed(client, pair, mentor):
    client.force_login(mentor)
    response = client.get(reverse("sessions_log:pause", kwargs={"pk": pair.pk}))
    assert "Your partners are emailed." in response.content.decode()
    assert "leave your calendar feeds" in response.content.decode()
