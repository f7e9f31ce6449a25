"""The email outbox: one record per key, delivery, SMTP failures, the sweep and a broker that
is down."""

import smtplib
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.emails.delivery import CLAIM_TIMEOUT, MAX_ATTEMPTS, notifications_deliver
from accounts.emails.outbox import notify
from accounts.models import EmailPreference, NotificationKind, SentNotification
from accounts.tasks import deliver_notification, deliver_pending
from mentoring_site.celery import app as celery_app
from schemes import services
from schemes.models import ApplicationStatus, Role
from tests.celery_brokers import celery_publishing_to
from tests.factories import ApplicationFactory, ProfileFactory

NOW = datetime(2026, 2, 2, 9, tzinfo=ZoneInfo("Europe/London"))
FAILING = "tests.accounts.test_outbox.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message (the outside world, mocked)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


def decision(application, *, key_suffix=""):
    return notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"application:{application.pk}:accepted{key_suffix}",
        template="application_decision",
        context={"application": application, "scheme": application.scheme, "note": ""},
        user=application.applicant,
        scheme=application.scheme,
    )


@pytest.fixture
def accepted(scheme, mentee):
    return ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.ACCEPTED)


def test_notify_same_key_twice_one_record_one_email(
    accepted, mentee, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = decision(accepted)
        second = decision(accepted)
    assert second is None
    assert list(SentNotification.objects.values_list("pk", flat=True)) == [first.pk]
    assert len(mail.outbox) == 1
    record = SentNotification.objects.get()
    assert (record.status, record.attempts, record.sent_at, record.last_error, record.email) == (
        SentNotification.Status.SENT,
        1,
        NOW,
        "",
        mentee.email,
    )
    assert record.key == f"application_decision:{mentee.email}:application:{accepted.pk}:accepted"
    message = mail.outbox[0]
    assert (message.subject, message.body, message.alternatives[0][0]) == (
        record.subject,
        record.body_text,
        record.body_html,
    )
    # Delivering it again sends nothing: it is no longer pending.
    assert notifications_deliver(notification_ids=[record.pk]) == 0
    assert len(mail.outbox) == 1


def test_notify_needs_an_address(db):
    with pytest.raises(ValueError, match="notify needs a user or an email address"):
        notify(
            kind=NotificationKind.SCHEME_NEWS, key="k", template="application_decision", context={}
        )


def test_deliver_smtp_failure_leaves_row_pending_with_error(
    settings, accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        record = decision(accepted)
    settings.EMAIL_BACKEND = FAILING
    with pytest.raises(smtplib.SMTPException):
        notifications_deliver(notification_ids=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.attempts, record.last_error) == (
        SentNotification.Status.PENDING,
        1,
        "SMTPException: 451 try again later",
    )
    assert mail.outbox == []


def test_deliver_task_called_directly_raises_for_retry(
    settings, accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        record = decision(accepted)
    settings.EMAIL_BACKEND = FAILING
    with pytest.raises(smtplib.SMTPException):
        deliver_notification(notification_id=record.pk)
    record.refresh_from_db()
    assert (record.status, record.attempts) == (SentNotification.Status.PENDING, 1)


def test_deliver_task_smtp_failure_asks_celery_to_retry(
    settings, accepted, django_capture_on_commit_callbacks
):
    """Run by Celery the task turns an SMTP failure into a retry with back-off (autoretry),
    after recording the attempt."""
    with django_capture_on_commit_callbacks(execute=False):
        record = decision(accepted)
    settings.EMAIL_BACKEND = FAILING
    with pytest.raises(Retry, match=r"Retry in \d+s: SMTPException\('451 try again later'\)"):
        deliver_notification.apply(kwargs={"notification_id": record.pk})
    record.refresh_from_db()
    assert (record.status, record.attempts, record.last_error) == (
        SentNotification.Status.PENDING,
        1,
        "SMTPException: 451 try again later",
    )


def test_notify_with_smtp_down_does_not_break_the_caller(
    settings, accepted, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        record = decision(accepted)
    record.refresh_from_db()
    assert record.status == SentNotification.Status.PENDING
    assert record.last_error == "SMTPException: 451 try again later"


def test_deliver_pending_sweep(db, django_capture_on_commit_callbacks):
    def row(n, **extra):
        return SentNotification.objects.create(
            key=f"k{n}",
            email=f"p{n}@example.org",
            kind=NotificationKind.SCHEME_NEWS,
            subject=f"S{n}",
            body_text="Body",
            **extra,
        )

    with time_machine.travel(NOW, tick=False):
        old = row(1)
        tired = row(2, attempts=MAX_ATTEMPTS)
        done = row(3, status=SentNotification.Status.SENT, sent_at=NOW)
    with time_machine.travel(NOW + timedelta(seconds=50), tick=False):
        fresh = row(4)
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert deliver_pending.delay().get() == 1
    statuses = dict(SentNotification.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: SentNotification.Status.SENT,
        tired.pk: SentNotification.Status.FAILED,
        done.pk: SentNotification.Status.SENT,
        fresh.pk: SentNotification.Status.PENDING,
    }
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]


def test_deliver_pending_sweep_with_smtp_down_records_attempt(settings, db):
    with time_machine.travel(NOW, tick=False):
        record = SentNotification.objects.create(
            key="k",
            email="p@example.org",
            kind=NotificationKind.SCHEME_NEWS,
            subject="S",
            body_text="Body",
        )
    settings.EMAIL_BACKEND = FAILING
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert deliver_pending.delay().get() == 0
    record.refresh_from_db()
    assert (record.status, record.attempts) == (SentNotification.Status.PENDING, 1)


def test_notify_in_request_with_broker_down_leaves_row_for_sweep(
    client, scheme, coordinator, broker_down, django_capture_on_commit_callbacks
):
    """A mentee's submit trips the supply-and-demand alert while the broker is down: the
    request still succeeds and the alert waits, pending, for the sweep."""
    scheme.demand_threshold = Decimal("1.00")
    scheme.save()
    user = ProfileFactory(years_experience=1).user
    # The applicant's own receipt is not what this test follows.
    EmailPreference.objects.create(user=user, kind=NotificationKind.RECEIPT)
    application = services.application_start(scheme=scheme, applicant=user, role=Role.MENTEE)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            application.get_absolute_url(),
            {"goals_areas": ["leadership"], "hopes": "To learn.", "submit": ""},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert SentNotification.objects.get(recipient=user).status == SentNotification.Status.PENDING
    record = SentNotification.objects.exclude(recipient=user).get()
    assert (record.email, record.status, record.attempts) == (
        coordinator.email,
        SentNotification.Status.PENDING,
        0,
    )
    assert mail.outbox == []
    # The periodic sweep (run in-process here) delivers it once it is a minute old.
    with time_machine.travel(record.created_at + timedelta(minutes=2)):
        assert deliver_pending() == 2  # the alert and the applicant's waiting-list notice
    record.refresh_from_db()
    assert record.status == SentNotification.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, user.email])


def test_a_resent_notification_keeps_its_message_id(
    accepted, mentee, settings, django_capture_on_commit_callbacks
):
    """A worker that died after SMTP accepted the message resends it: same Message-ID."""
    settings.DEFAULT_FROM_EMAIL = "Mentoring <mentoring@body.example>"
    with django_capture_on_commit_callbacks(execute=True):
        record = decision(accepted)
        other = decision(accepted, key_suffix=":again")
    SentNotification.objects.filter(pk=record.pk).update(status=SentNotification.Status.PENDING)

    assert notifications_deliver(notification_ids=[record.pk]) == 1

    first, second_record, resent = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == resent
    assert first != second_record
    assert first.endswith(f".{record.pk}@body.example>")
    assert other.pk != record.pk


def test_a_row_claimed_by_another_worker_is_not_sent_again(
    accepted, django_capture_on_commit_callbacks
):
    """A duplicated task, or the sweep before the claim timeout, leaves a claimed row alone:
    the worker holding it may have sent it already."""
    with django_capture_on_commit_callbacks(execute=False):
        record = decision(accepted)
    SentNotification.objects.filter(pk=record.pk).update(
        status=SentNotification.Status.SENDING, claimed_at=NOW, attempts=1
    )
    assert notifications_deliver(notification_ids=[record.pk]) == 0
    with time_machine.travel(NOW + CLAIM_TIMEOUT - timedelta(seconds=1), tick=False):
        assert deliver_pending() == 0
    record.refresh_from_db()
    assert (record.status, record.attempts) == (SentNotification.Status.SENDING, 1)
    assert mail.outbox == []


def test_broker_down_fixture_puts_celery_back(settings):
    with celery_publishing_to(settings, "redis://127.0.0.1:1/0"):
        assert (celery_app.conf.task_always_eager, celery_app.conf.broker_url) == (
            False,
            "redis://127.0.0.1:1/0",
        )
    assert (celery_app.conf.task_always_eager, celery_app.conf.broker_url) == (True, "memory://")
