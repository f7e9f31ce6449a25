"""Member-led matching: a mentee requests mentors from the directory, a mentor answers.

Places: an accepted request takes the mentor's place through a ``Proposal`` without a run
whose members hold their places, so the one count of places
(``matching.selectors.places_by_application``) sees it, and the engine's approvals, the
shortlists and these requests never overbook one another. Accepting locks the scheme's row
(as every place-taking write does) and then the mentor's application row, and counts the
places inside that transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from schemes.models import Application, ApplicationStatus, Role

from .. import pool as pools
from ..directory import scoring_pool
from ..models import (
    MatchingMode,
    MentorRequest,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    Response,
)
from ..selectors import places_of
from .answers import _confirm
from .locks import lock_scheme
from .request_closing import request_email as _email
from .request_closing import requests_close_for_places_taken
from .settings import matching_settings_create


def _refuse_request(mentee: Application, mentor: Application, message: str) -> list[str]:
    settings = matching_settings_create(scheme=mentee.scheme)
    if settings.matching_mode != MatchingMode.MEMBER_LED:
        return [_("This scheme does not take requests to mentors.")]
    if mentee.status != ApplicationStatus.ACCEPTED or mentee.role != Role.MENTEE:
        return [_("Only an accepted mentee of this scheme can request a mentor.")]
    if (
        mentor.scheme_id != mentee.scheme_id
        or mentor.status != ApplicationStatus.ACCEPTED
        or mentor.role != Role.MENTOR
    ):
        return [_("This mentor is not in the scheme's directory.")]
    problems = []
    if places_of(application=mentee).taken:
        problems.append(_("You already have a mentor in this scheme."))
    if places_of(application=mentor).left < 1:
        problems.append(_("This mentor has no place left: choose another mentor."))
    pending = MentorRequest.objects.filter(
        mentee_application=mentee, status__in=RequestStatus.open_states
    )
    if pending.filter(mentor_application=mentor).exists():
        problems.append(_("You have already asked this mentor; wait for their answer."))
    elif pending.count() >= settings.max_requests:
        problems.append(
            _("You may have %(n)d requests waiting at a time: withdraw one first.")
            % {"n": settings.max_requests}
        )
    return problems


@transaction.atomic
def mentor_request_create(
    *, mentee_application: Application, mentor_application: Application, message: str
) -> MentorRequest:
    """A mentee asks a mentor of the directory, with a message for the mentor only.

    Raises ValidationError (field ``message`` for an empty message) when the scheme is not
    member-led, either application is not accepted in its role, the mentor is full, the
    mentee already has a mentor, or the mentee has the scheme's number of requests waiting.
    Side effects: an email to the mentor asking for an answer before the request expires.
    """
    if not message.strip():
        raise ValidationError(
            {"message": _("Write a message to the mentor: say what you hope to work on.")}
        )
    lock_scheme(mentee_application.scheme_id)
    problems = _refuse_request(mentee_application, mentor_application, message)
    if problems:
        raise ValidationError(problems)
    days = matching_settings_create(scheme=mentee_application.scheme).request_days
    request = MentorRequest(
        scheme=mentee_application.scheme,
        mentee_application=mentee_application,
        mentor_application=mentor_application,
        message=message.strip(),
        expires_at=timezone.now() + timedelta(days=days),
    )
    request.full_clean()
    request.save()
    transaction.on_commit(
        lambda: _email(request, step="received", user=mentor_application.applicant)
    )
    return request


def _hold_places(request: MentorRequest, mentor: Application, now: datetime) -> Proposal:
    """The request's pair as an approved proposal (no run) both of whose members hold
    their places and have accepted."""
    mentee = request.mentee_application
    score = pools.score_group(scoring_pool(request.scheme), [mentor, mentee])
    proposal = Proposal(
        run=None,
        scheme=request.scheme,
        kind=ProposalKind.PAIR,
        status=ProposalStatus.APPROVED,
        score=score.value or 0.0,
        reasons=score.reasons_as_dicts(),
        approved_at=now,
    )
    proposal.full_clean()
    proposal.save()
    for application in (mentor, mentee):
        ProposalMember.objects.create(
            proposal=proposal,
            application=application,
            role=pools.member_role(application.role),
            response=Response.ACCEPTED,
            responded_at=now,
            holds_place=True,
        )
    return proposal


@transaction.atomic
def mentor_request_answer(
    *, request: MentorRequest, user: User, accept: bool, reason: str = ""
) -> MentorRequest:
    """The mentor accepts or declines a waiting request (``reason``: for coordinators).

    Accepting takes one of the mentor's places under the scheme's and the mentor
    application's row locks (refused when none is left), closes the mentee's other waiting
    requests and, when it took the mentor's last place, the mentor's other waiting requests
    (``request_closing``, in the same transaction), and starts the relationship
    (``answers._confirm``, as for the engine's matches) unless the scheme's coordinators
    approve each request first.
    Side effects: emails to the mentee (accepted, declined, or awaiting approval), to the
    mentors and mentees of the requests it closed and, when the relationship starts, the
    confirmation emails of ``_confirm``.
    """
    lock_scheme(request.scheme_id)
    request = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("scheme", "mentee_application__applicant", "mentor_application__applicant")
        .get(pk=request.pk)
    )
    mentor = Application.objects.select_for_update().get(pk=request.mentor_application_id)
    mentor.applicant = request.mentor_application.applicant
    if mentor.applicant_id != user.pk:
        raise ValidationError(_("Only the mentor asked can answer this request."))
    now = timezone.now()
    if request.status == RequestStatus.MENTOR_FULL:  # closed when another took the last place
        raise ValidationError(_("This request was closed: you have no place left in this scheme."))
    if request.status != RequestStatus.PENDING or request.expires_at <= now:
        raise ValidationError(_("This request is no longer waiting for an answer."))
    request.decided_at = now
    if not accept:
        request.status = RequestStatus.DECLINED
        request.decline_reason = reason.strip()
        request.save(update_fields=["status", "decline_reason", "decided_at"])
        mentee_user = request.mentee_application.applicant
        transaction.on_commit(lambda: _email(request, step="declined", user=mentee_user))
        return request
    if places_of(application=mentor).left < 1:
        raise ValidationError(_("You have no place left in this scheme."))
    if places_of(application=request.mentee_application).taken:
        raise ValidationError(_("This mentee has found a mentor meanwhile."))
    request.proposal = _hold_places(request, mentor, now)
    request.status = RequestStatus.ACCEPTED
    request.save(update_fields=["status", "proposal", "decided_at"])
    requests_close_for_places_taken([request.mentee_application, mentor], now=now, but=request.pk)
    if matching_settings_create(scheme=request.scheme).requests_need_approval:
        for person in (request.mentee_application.applicant, mentor.applicant):
            transaction.on_commit(partial(_email, request, step="awaiting_approval", user=person))
    else:
        _start(request, by=user)
    return request


def _start(request: MentorRequest, *, by: User) -> None:
    proposal = request.proposal
    assert proposal is not None  # an accepted request holds its places through it
    members = list(proposal.members.select_related("application__applicant").order_by("pk"))
    _confirm(proposal, members, by=by)


@transaction.atomic
def mentor_request_approve(*, request: MentorRequest, by: User) -> MentorRequest:
    """A coordinator approves a request its mentor accepted: the relationship starts.
    Side effects: the confirmation emails (``answers._confirm``)."""
    lock_scheme(request.scheme_id)
    request = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("scheme", "proposal")
        .get(pk=request.pk)
    )
    if (
        request.status != RequestStatus.ACCEPTED
        or request.proposal is None
        or request.proposal.status != ProposalStatus.APPROVED
    ):
        raise ValidationError(_("Only a request accepted and awaiting approval can be approved."))
    request.proposal.scheme = request.scheme
    _start(request, by=by)
    return request


@transaction.atomic
def mentor_request_withdraw(*, request: MentorRequest, user: User) -> MentorRequest:
    """The mentee withdraws a request still waiting. Side effects: an email to the mentor."""
    request = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("scheme", "mentee_application__applicant", "mentor_application__applicant")
        .get(pk=request.pk)
    )
    if request.mentee_application.applicant_id != user.pk:
        raise ValidationError(_("Only the mentee who asked can withdraw this request."))
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request is no longer waiting for an answer."))
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    mentor_user = request.mentor_application.applicant
    transaction.on_commit(lambda: _email(request, step="withdrawn", user=mentor_user))
    return request


@transaction.atomic
def mentor_request_cancel(*, request: MentorRequest, by: User) -> MentorRequest:
    """A coordinator cancels a request still waiting for the mentor or for approval: the
    places it held are released. Side effects: an email to the mentee and the mentor."""
    lock_scheme(request.scheme_id)
    request = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("scheme", "mentee_application__applicant", "mentor_application__applicant")
        .get(pk=request.pk)
    )
    awaiting_approval = (
        request.status == RequestStatus.ACCEPTED
        and request.proposal is not None
        and request.proposal.status == ProposalStatus.APPROVED
    )
    if request.status != RequestStatus.PENDING and not awaiting_approval:
        raise ValidationError(
            _("Only a request waiting for an answer or approval can be cancelled.")
        )
    now = timezone.now()
    if request.proposal is not None:
        Proposal.objects.filter(pk=request.proposal.pk).update(
            status=ProposalStatus.REJECTED, overridden_by=by, decided_at=now
        )
        ProposalMember.objects.filter(proposal=request.proposal).update(holds_place=False)
    request.status = RequestStatus.CANCELLED
    request.decided_at = now
    request.save(update_fields=["status", "decided_at"])
    for person in (request.mentee_application.applicant, request.mentor_application.applicant):
        transaction.on_commit(partial(_email, request, step="cancelled", user=person))
    return request
