"""Member-led requests the system closes once a place is taken, whichever way it was taken:
a mentor's acceptance of another request, a coordinator's approval of a matching run, a
mentee's choice from a shortlist. One owner, so a mentee matched elsewhere is never left
waiting on a request, nor a mentor with no place left asked to answer one.

The emails of a request's steps live here too: the request services and the expiry sweep
send them through ``request_email``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from schemes.models import Application, Role

from ..models import MentorRequest, RequestStatus
from ..selectors import places_by_application


def request_email(request: MentorRequest, *, step: str, user: User) -> None:
    """One email of the request's steps (``step`` picks the wording in the template)."""
    notify(
        kind=NotificationKind.MATCH_PROPOSED,
        key=f"mentor_request:{request.pk}:{step}",
        template="matching_request",
        context={
            "step": step,
            "scheme": request.scheme,
            "mentee": request.mentee_application.applicant,
            "mentor": request.mentor_application.applicant,
            "expires_at": request.expires_at,
            "url": absolute_url(reverse("matching:requests")),
            # where a mentee whose request ended without a mentor finds another
            "directory_url": absolute_url(
                reverse("matching:directory", kwargs={"scheme_pk": request.scheme_id})
            ),
        },
        user=user,
        scheme=request.scheme,
    )


def _close_waiting(
    requests: QuerySet[MentorRequest], *, status: str, step: str, tell_mentor: bool, now: datetime
) -> None:
    """Close each waiting request of ``requests`` with ``status`` (the system closes them,
    nobody withdrew), emailing ``step`` to its mentor or, if not ``tell_mentor``, its mentee.
    A closed request no longer counts against the mentee's limit."""
    waiting = requests.filter(status__in=RequestStatus.open_states).select_related(
        "scheme", "mentee_application__applicant", "mentor_application__applicant"
    )
    for other in waiting.select_for_update(of=("self",)):
        other.status = status
        other.decided_at = now
        other.save(update_fields=["status", "decided_at"])
        side = other.mentor_application if tell_mentor else other.mentee_application
        transaction.on_commit(partial(request_email, other, step=step, user=side.applicant))


def requests_close_for_places_taken(
    applications: Iterable[Application], *, now: datetime, but: int | None = None
) -> None:
    """After places were taken by ``applications`` (in the caller's transaction, under the
    scheme's lock): a mentee now holding a place has a mentor, so their waiting requests
    close (each mentor told the mentee was matched with another mentor); a mentor with no
    place left has their waiting requests closed (each mentee told, and pointed back to the
    directory). ``but``: the request that took the place, left as it is. Two queries when
    nothing is waiting."""
    applications = [a for a in applications if a.role in (Role.MENTEE, Role.MENTOR)]
    places = places_by_application(applications=applications)
    mentees = [a.pk for a in applications if a.role == Role.MENTEE and places[a.pk].taken]
    full = [a.pk for a in applications if a.role == Role.MENTOR and places[a.pk].left < 1]
    others = MentorRequest.objects.all() if but is None else MentorRequest.objects.exclude(pk=but)
    if mentees:
        _close_waiting(
            others.filter(mentee_application_id__in=mentees),
            status=RequestStatus.MATCHED_ELSEWHERE,
            step="matched_elsewhere",
            tell_mentor=True,
            now=now,
        )
    if full:
        _close_waiting(
            others.filter(mentor_application_id__in=full),
            status=RequestStatus.MENTOR_FULL,
            step="mentor_full",
            tell_mentor=False,
            now=now,
        )
