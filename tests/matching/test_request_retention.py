"""A member-led request's message and decline reason are confidential content: retention
empties them once the request was decided longer ago than the body keeps such content, and
keeps a request still waiting; dates and status stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.erasure import ERASED_TEXT
from accounts.models import RetentionSettings
from accounts.retention import retention_apply
from matching import services
from matching.models import RequestStatus
from schemes.models import Role
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme

pytestmark = pytest.mark.django_db

MESSAGE = "CONF-OLDREQUEST I would like to learn how to lead a team."


def _requests():
    scheme = member_led_scheme()
    mentee, waiting = accepted(scheme), accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    decided = services.mentor_request_create(
        mentee_application=mentee, mentor_application=mentor, message=MESSAGE
    )
    services.mentor_request_answer(
        request=decided, user=mentor.applicant, accept=False, reason="CONF-REASON too busy now"
    )
    pending = services.mentor_request_create(
        mentee_application=waiting, mentor_application=mentor, message=MESSAGE
    )
    return decided, pending


def test_retention_empties_decided_requests_messages_and_keeps_waiting_ones():
    decided, pending = _requests()
    days = RetentionSettings.get().confidential_content_days
    run = retention_apply(by=None, now=timezone.now() + timedelta(days=days + 1))
    decided.refresh_from_db()
    pending.refresh_from_db()
    assert (decided.message, decided.decline_reason) == (ERASED_TEXT, "")
    assert decided.status == RequestStatus.DECLINED
    assert decided.decided_at is not None
    assert pending.message == MESSAGE
    assert run.counts["requests' messages"] == 1


def test_requests_decided_recently_keep_their_message():
    decided, _ = _requests()
    retention_apply(by=None, now=timezone.now() + timedelta(days=1))
    decided.refresh_from_db()
    assert decided.message == MESSAGE
