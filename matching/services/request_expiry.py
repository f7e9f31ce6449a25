"""Member-led matching's daily sweep: remind mentors of requests about to expire, then
expire those left unanswered (``matching.send_request_reminders``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..models import MentorRequest, RequestStatus
from .request_closing import request_email as _email

REMIND_BEFORE = timedelta(days=2)  # a mentor is reminded this long before a request expires


def _waiting(now: datetime) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "scheme", "mentee_application__applicant", "mentor_application__applicant"
    )


@transaction.atomic
def mentor_requests_sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind the mentor once of each waiting request that expires within REMIND_BEFORE,
    and expire each request past its time. Returns (reminded, expired).

    Side effects: a reminder email to the mentor; an "expired" email to the mentee (who
    may then ask another mentor).
    """
    now = now or timezone.now()
    expired = list(_waiting(now).select_for_update(of=("self",)).filter(expires_at__lte=now))
    for request in expired:
        request.status = RequestStatus.EXPIRED
        request.decided_at = now
        request.save(update_fields=["status", "decided_at"])
        transaction.on_commit(
            partial(_email, request, step="expired", user=request.mentee_application.applicant)
        )
    due = list(
        _waiting(now)
        .select_for_update(of=("self",))
        .filter(expires_at__gt=now, expires_at__lte=now + REMIND_BEFORE, reminded_at__isnull=True)
    )
    for request in due:
        request.reminded_at = now
        request.save(update_fields=["reminded_at"])
        transaction.on_commit(
            partial(_email, request, step="reminder", user=request.mentor_application.applicant)
        )
    return len(due), len(expired)
