"""Delivery of the batch path: SMTP failures retried then recorded, broker down."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail

from accounts.emails.delivery import MAX_ATTEMPTS
from accounts.models import SentNotification
from accounts.tasks import deliver_notifications, deliver_pending
from sessions_log import reminders
from tests.reminders.factories import FlakyBackend, at, pair

FLAKY = "tests.reminders.factories.FlakyBackend"
FAILING = "tests.reminders.factories.FailingBackend"


@pytest.fixture
def relationship(scheme, mentor, mentee):
    return pair(scheme, mentor, mentee)


def record_two(capture):
    """Run the sweep, keeping the delivery task it queues for the test to run."""
    with time_machine.travel(at(2026, 2, 1), tick=False), capture(execute=False):
        assert reminders.session_reminders_send() == 2
    return list(SentNotification.objects.order_by("pk").values_list("pk", flat=True))


def test_delivery_smtp_failure_is_retried_and_sent_once(
    settings, relationship, django_capture_on_commit_callbacks
):
    ids = record_two(django_capture_on_commit_callbacks)
    FlakyBackend.failures = 0
    settings.EMAIL_BACKEND = FLAKY
    with pytest.raises(Retry, match=r"Retry in \d+s: SMTPException\('451 try again later'\)"):
        deliver_notifications.apply(kwargs={"notification_ids": ids})
    assert list(SentNotification.objects.order_by("pk").values_list("status", "attempts")) == [
        ("pending", 1),
        ("pending", 0),
    ]
    # Celery runs the retry (here in-process, as the worker would after the back-off).
    assert deliver_notifications.apply(kwargs={"notification_ids": ids}, retries=1).get() == 2
    assert list(SentNotification.objects.order_by("pk").values_list("status", "attempts")) == [
        ("sent", 2),
        ("sent", 1),
    ]
    # A duplicated message of the same batch sends nothing more.
    assert deliver_notifications.apply(kwargs={"notification_ids": ids}).get() == 0
    assert len(mail.outbox) == 2


def test_delivery_smtp_down_retries_then_records_failure(
    settings, relationship, django_capture_on_commit_callbacks
):
    ids = record_two(django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = FAILING
    for retries in range(MAX_ATTEMPTS):
        with pytest.raises(Retry):
            deliver_notifications.apply(kwargs={"notification_ids": ids}, retries=retries)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        deliver_notifications.apply(kwargs={"notification_ids": ids}, retries=MAX_ATTEMPTS).get()
    first = SentNotification.objects.get(pk=ids[0])
    assert (first.status, first.attempts, first.last_error) == (
        "pending",
        MAX_ATTEMPTS + 1,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    with time_machine.travel(at(2026, 2, 1) + timedelta(minutes=5), tick=False):
        deliver_pending()
    first.refresh_from_db()
    assert first.status == "failed"
    assert mail.outbox == []


def test_sweep_with_broker_down_leaves_rows_for_the_pending_sweep(
    relationship, broker_down, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(at(2026, 2, 1), tick=False),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        assert reminders.session_reminders_send() == 2
    # On commit (with the real clock: kombu gives up on the closed port in real time).
    for callback in callbacks:
        callback()
    assert list(SentNotification.objects.values_list("status", flat=True)) == ["pending"] * 2
    assert mail.outbox == []
    with time_machine.travel(at(2026, 2, 1) + timedelta(minutes=5), tick=False):
        assert deliver_pending() == 2
    assert len(mail.outbox) == 2
