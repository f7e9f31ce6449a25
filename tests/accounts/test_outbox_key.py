"""The outbox's unique key: one function builds it, and the single path (``notify``) and the
batch path (``notify_batch``) both store it, so each dedupes the other."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.emails.outbox import Due, notify, notify_batch, outbox_key
from accounts.models import NotificationKind, SentNotification
from schemes.models import ApplicationStatus
from tests.factories import ApplicationFactory

KIND = NotificationKind.SESSION_UPCOMING


def test_outbox_key_same_inputs_same_key():
    first = outbox_key(kind=KIND, address="Ann@Example.org", key="session:7:2026-02")
    again = outbox_key(kind=KIND, address="Ann@Example.org", key="session:7:2026-02")
    assert first == again == "session_upcoming:ann@example.org:session:7:2026-02"


def test_outbox_key_differs_by_kind_recipient_object_and_period():
    keys = [
        outbox_key(kind=KIND, address="ann@example.org", key="session:7:2026-02"),
        outbox_key(kind=KIND, address="ann@example.org", key="session:7:2026-03"),
        outbox_key(kind=KIND, address="ann@example.org", key="session:8:2026-02"),
        outbox_key(kind=KIND, address="bob@example.org", key="session:7:2026-02"),
        outbox_key(
            kind=NotificationKind.SESSION_UNLOGGED,
            address="ann@example.org",
            key="session:7:2026-02",
        ),
    ]
    assert len(set(keys)) == len(keys)


def test_outbox_key_same_address_in_any_case():
    assert outbox_key(kind=KIND, address="ANN@EXAMPLE.ORG", key="k") == outbox_key(
        kind=KIND, address="ann@example.org", key="k"
    )


def test_outbox_key_cut_to_the_column_length():
    key = outbox_key(kind=KIND, address="ann@example.org", key="x" * 300)
    assert key == f"session_upcoming:ann@example.org:{'x' * 300}"[:255]
    assert len(key) == 255  # SentNotification.key's max_length


@pytest.fixture
def accepted(scheme, mentee):
    return ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.ACCEPTED)


def decision_fields(application) -> dict:
    """One notification, as either path is given it."""
    return {
        "kind": NotificationKind.APPLICATION_DECISION,
        "key": f"application:{application.pk}:accepted",
        "template": "application_decision",
        "context": {"application": application, "scheme": application.scheme, "note": ""},
        "user": application.applicant,
        "scheme": application.scheme,
    }


def batch(application) -> int:
    return notify_batch(
        dues=[Due(**decision_fields(application))], lookback=timezone.now() - timedelta(days=1)
    )


def expected_key(application) -> str:
    return outbox_key(
        kind=NotificationKind.APPLICATION_DECISION,
        address=application.applicant.email,
        key=f"application:{application.pk}:accepted",
    )


def test_notify_stores_the_outbox_key(accepted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        record = notify(**decision_fields(accepted))
    assert record.key == expected_key(accepted)


def test_notify_batch_stores_the_outbox_key(accepted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert batch(accepted) == 1
    assert list(SentNotification.objects.values_list("key", flat=True)) == [expected_key(accepted)]


def test_single_then_batch_path_same_key_one_record(accepted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        record = notify(**decision_fields(accepted))
        assert batch(accepted) == 0
    assert list(SentNotification.objects.values_list("pk", "key")) == [(record.pk, record.key)]


def test_batch_then_single_path_same_key_one_record(accepted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert batch(accepted) == 1
        assert notify(**decision_fields(accepted)) is None
    assert list(SentNotification.objects.values_list("key", flat=True)) == [expected_key(accepted)]
