"""Retention: the body's periods applied by the scheduled run, which records what it did."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.erasure import ERASED_TEXT
from accounts.models import (
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    RetentionSettings,
    SentNotification,
    User,
)
from accounts.retention import retention_apply
from accounts.tasks import apply_retention
from schemes.models import Application, ApplicationStatus
from sessions_log.models import Message, Session
from tests.authz import world as w
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LATER = timedelta(days=3650)


@pytest.fixture
def world():
    return w.build_world()


def test_everything_due_is_applied_and_the_run_says_what_it_did(
    world, django_capture_on_commit_callbacks
):
    sent = SentNotification.objects.exclude(body_text=ERASED_TEXT)
    sent.update(status=SentNotification.Status.SENT)
    withdrawn = world.objects["application_b"]
    Application.objects.filter(pk=withdrawn.pk).update(status=ApplicationStatus.WITHDRAWN)
    idle = UserFactory(email="idle-member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        run = retention_apply(by=world.user(w.ADMIN), now=timezone.now() + LATER)

    # Ended relationships lose their confidential content; the open one keeps it.
    assert not Session.objects.filter(relationship=world.rel_done, notes__contains=w.NOTE.text)
    assert Session.objects.filter(relationship=world.rel, notes__contains=w.NOTE.text).exists()
    assert Message.objects.filter(body__contains=w.MESSAGE.text).exists()
    assert not SentNotification.objects.filter(body_text__contains=w.PARTNER_PHONE.text)
    assert Application.objects.get(pk=withdrawn.pk).hopes == ""
    # The outsider's request is past its waiting period; members of R are still in use.
    assert ErasureRequest.objects.get(user=world.user(w.OUTSIDER)).status == "done"
    assert User.objects.get(pk=world.user(w.MENTEE).pk).erased_at is None
    # An account nobody used for longer than the period is erased; staff never are.
    assert User.objects.get(pk=idle.pk).erased_at is not None
    assert User.objects.get(pk=world.user(w.COORD).pk).erased_at is None
    assert not User.objects.filter(email="idle-member@example.org").exists()
    run.refresh_from_db()
    assert run.finished_at is not None
    assert run.counts["email bodies"] > 0
    assert run.counts["erasure requests carried out"] == 1
    assert run.counts["history records"] > 0
    assert run.counts["declined and withdrawn applications"] == 1
    assert run.counts["inactive accounts erased"] == 1


def test_nothing_is_due_inside_the_periods(world):
    notes = list(Session.objects.values_list("notes", flat=True))
    run = retention_apply(by=None)
    assert run.counts == {}
    assert list(Session.objects.values_list("notes", flat=True)) == notes
    assert ErasureRequest.objects.get(user=world.user(w.OUTSIDER)).status == (
        ErasureRequestStatus.PENDING
    )


def test_empty_periods_keep_everything_for_ever(world):
    RetentionSettings.objects.update_or_create(
        pk=1,
        defaults=dict.fromkeys(
            (
                "confidential_content_days",
                "email_body_days",
                "history_days",
                "closed_application_days",
                "inactive_account_days",
                "erasure_request_days",
            )
        ),
    )
    run = retention_apply(by=None, now=timezone.now() + LATER)
    assert run.counts == {}
    assert Session.objects.filter(relationship=world.rel_done, notes__contains=w.NOTE.text)


def test_the_scheduled_task_records_a_run(world):
    apply_retention.delay()
    assert RetentionRun.objects.filter(started_by__isnull=True).count() == 2  # and the world's


def test_a_coordinator_or_member_cannot_apply_retention(world):
    for cast in (w.COORD, w.MENTEE):
        with pytest.raises(PermissionDenied):
            retention_apply(by=world.user(cast))
    assert RetentionRun.objects.count() == 1  # the world's own
