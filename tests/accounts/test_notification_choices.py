"""Notifications match what members expect: a partner's planning, moving and cancelling
of sessions is its own preference (PARTNER_ACTIVITY), apart from reminders; what a member
sends is acknowledged (RECEIPT, and on screen); staff-only kinds are not offered to members."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import STAFF_KINDS, EmailPreference, NotificationKind, SentNotification
from schemes import services as scheme_services
from schemes.models import ApplicationStatus, EventKind, SchemeEvent
from sessions_log import services
from sessions_log.models import SessionMode
from tests.factories import ApplicationFactory, UserFactory
from tests.sessions_log.factories import start_pair

START = date(2026, 3, 2)
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.get_default_timezone())
KIND = NotificationKind


def sent(user, kind) -> list[SentNotification]:
    return list(SentNotification.objects.filter(recipient=user, kind=kind))


@pytest.fixture
def pair(scheme, mentor, mentee):
    with time_machine.travel(NOW, tick=False):
        yield start_pair(scheme, mentor, mentee, steps=2, started_on=START)


@time_machine.travel(NOW, tick=False)
def test_turning_reminders_off_keeps_the_partners_invitation(client, pair, mentor, mentee):
    EmailPreference.objects.create(user=mentee, kind=KIND.SESSION_UPCOMING)
    client.force_login(mentor)

    response = client.post(
        reverse("sessions_log:session_plan", args=[pair.pk, 1]),
        {"scheduled_at": "2026-03-06T10:00", "mode": "phone"},
        follow=True,
    )

    assert len(sent(mentee, KIND.PARTNER_ACTIVITY)) == 1
    assert sent(mentee, KIND.PARTNER_ACTIVITY)[0].calendar.startswith("BEGIN:VCALENDAR")
    assert "on its way to each of you" in response.text


@time_machine.travel(NOW, tick=False)
def test_the_planner_is_told_who_gets_no_invitation(client, pair, mentor, mentee):
    EmailPreference.objects.create(user=mentee, kind=KIND.PARTNER_ACTIVITY)
    client.force_login(mentor)

    response = client.post(
        reverse("sessions_log:session_plan", args=[pair.pk, 1]),
        {"scheduled_at": "2026-03-06T10:00", "mode": "phone"},
        follow=True,
    )

    assert sent(mentee, KIND.PARTNER_ACTIVITY) == []
    assert len(sent(mentor, KIND.PARTNER_ACTIVITY)) == 1
    assert f"except to {mentee.display_name}" in response.text
    assert "on its way to each of you" not in response.text


@time_machine.travel(NOW, tick=False)
def test_a_cancellation_is_partner_activity_too(pair, mentor, mentee):
    session = pair.sessions.get(number=1)
    services.session_plan(
        session=session, by=mentor, scheduled_at=NOW + timedelta(days=2), mode=SessionMode.PHONE
    )
    services.session_cancel(session=session, by=mentor)
    cancellations = [n for n in sent(mentee, KIND.PARTNER_ACTIVITY) if "cancelled" in n.key]
    assert len(cancellations) == 1
    assert "METHOD:CANCEL" in cancellations[0].calendar


def test_members_are_not_offered_staff_only_emails(client, mentee, coordinator):
    client.force_login(mentee)
    fields = set(client.get(reverse("accounts:email_preferences")).context["form"].fields)
    assert fields.isdisjoint({k.value for k in STAFF_KINDS})
    assert KIND.PARTNER_ACTIVITY.value in fields

    client.force_login(coordinator)
    staff_fields = set(client.get(reverse("accounts:email_preferences")).context["form"].fields)
    assert {KIND.COORDINATOR_DIGEST.value, KIND.SUPPLY_DEMAND.value} <= staff_fields


def test_a_member_cannot_turn_staff_emails_off_through_a_crafted_post(client, mentee):
    client.force_login(mentee)
    url = reverse("accounts:email_preferences")
    # Every offered kind on; a staff-only kind posted as "off" (absent) is not touched, and a
    # staff-only kind posted "on" is ignored.
    form = client.get(url).context["form"]
    # A box per kind ticked; a field with choices (how message emails come) its first one.
    offered = {
        name: field.choices[0][0] if hasattr(field, "choices") else "on"
        for name, field in form.fields.items()
    }
    response = client.post(url, {**offered, "supply_demand": "on"})
    assert response.status_code == 302
    assert not EmailPreference.objects.filter(user=mentee).exists()


def test_application_submitted_is_acknowledged(client, scheme, mentee):
    application = ApplicationFactory(
        scheme=scheme, applicant=mentee, status=ApplicationStatus.DRAFT, submitted_at=None
    )
    scheme_services.application_submit(application=application, by=mentee)

    receipt = sent(mentee, KIND.RECEIPT)
    assert [r.key.split(":", 2)[2] for r in receipt] == [f"application:{application.pk}:submitted"]
    assert scheme.name in receipt[0].subject


def test_an_application_refused_at_submission_sends_no_receipt(scheme):
    mentee = UserFactory()  # no profile yet
    application = ApplicationFactory(
        scheme=scheme, applicant=mentee, status=ApplicationStatus.DRAFT, submitted_at=None
    )
    with pytest.raises(Exception, match="Complete your profile"):
        scheme_services.application_submit(application=application, by=mentee)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert sent(mentee, KIND.RECEIPT) == []


@time_machine.travel(NOW, tick=False)
def test_a_concern_is_acknowledged_to_its_author_only(client, pair, mentor, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("sessions_log:concern", args=[pair.pk]),
        {"message": "Private worry about boundaries"},
        follow=True,
    )

    assert "sent to the scheme" in response.text
    receipts = sent(mentee, KIND.RECEIPT)
    assert len(receipts) == 1
    assert "Private worry" not in receipts[0].body_text
    assert sent(mentor, KIND.RECEIPT) == []


def test_an_rsvp_is_acknowledged_once_per_answer(client, scheme, mentee):
    event = SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.OTHER,
        title="Spring workshop",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=2),
    )
    for answer in ("yes", "yes", "no"):
        scheme_services.event_rsvp(event=event, user=mentee, rsvp=answer)
    assert len(sent(mentee, KIND.RECEIPT)) == 2
