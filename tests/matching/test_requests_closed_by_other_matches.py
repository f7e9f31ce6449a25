"""Member-led requests close whichever way a place is taken, not only by a mentor's
acceptance: a coordinator's approval of a matching run and a mentee's choice from a
shortlist close the waiting requests that can no longer be answered (one owner:
``matching.services.request_closing``)."""

from __future__ import annotations

import pytest
from django.core import mail

from matching import services
from matching.models import MentorRequest, ProposalKind, ProposalStatus, RequestStatus
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal
from tests.matching.member_led import member_led_scheme

pytestmark = pytest.mark.django_db


def _ask(mentee, mentor):
    return services.mentor_request_create(
        mentee_application=mentee, mentor_application=mentor, message="I would like to learn."
    )


def _status(request) -> str:
    return MentorRequest.objects.get(pk=request.pk).status


def _to(user) -> list[str]:
    return [f"{m.subject}\n{m.body}" for m in mail.outbox if m.to == [user.email]]


def test_a_run_approval_closes_the_placed_mentees_requests(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    asked, matched_by_run = (
        accepted(scheme, role=Role.MENTOR, capacity=2),
        accepted(scheme, role=Role.MENTOR, capacity=2),
    )
    mentee = accepted(scheme)
    waiting = _ask(mentee, asked)
    run = finished_run(scheme)
    proposal(run, matched_by_run, mentee)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    assert _status(waiting) == RequestStatus.MATCHED_ELSEWHERE
    # The mentor asked is told the request is closed; nothing asks them to answer it.
    name = mentee.applicant.display_name
    assert any(
        f"{name} has been matched with another mentor" in sent for sent in _to(asked.applicant)
    )


def test_a_run_taking_a_mentors_last_place_closes_their_other_requests(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    hopeful, placed = accepted(scheme), accepted(scheme)
    waiting = _ask(hopeful, mentor)
    run = finished_run(scheme)
    proposal(run, mentor, placed)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    assert _status(waiting) == RequestStatus.MENTOR_FULL
    assert any(
        "was closed: the mentor has no place left" in sent for sent in _to(hopeful.applicant)
    )


def test_a_run_leaving_the_mentor_a_place_closes_nothing_of_theirs(admin_user):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=2)
    waiting = _ask(accepted(scheme), mentor)
    run = finished_run(scheme)
    proposal(run, mentor, accepted(scheme))

    services.run_approve(run=run, by=admin_user)

    assert _status(waiting) == RequestStatus.PENDING


def test_an_approved_shortlist_closes_nothing_until_the_mentee_chooses(admin_user):
    scheme = member_led_scheme()
    first, second = (accepted(scheme, role=Role.MENTOR, capacity=1) for _ in range(2))
    elsewhere = accepted(scheme, role=Role.MENTOR, capacity=2)
    mentee = accepted(scheme)
    waiting = _ask(mentee, elsewhere)
    run = finished_run(scheme)
    options = [
        proposal(run, mentor, mentee, kind=ProposalKind.OPTION, rank=rank)
        for rank, mentor in enumerate((first, second), start=1)
    ]
    services.run_approve(run=run, by=admin_user)
    assert _status(waiting) == RequestStatus.PENDING  # options are offers, not places

    services.shortlist_choose(option=options[0], user=mentee.applicant)

    assert _status(waiting) == RequestStatus.MATCHED_ELSEWHERE
    options[0].refresh_from_db()
    assert options[0].status == ProposalStatus.APPROVED


def test_a_closed_request_cannot_then_be_accepted(admin_user):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    hopeful = accepted(scheme)
    waiting = _ask(hopeful, mentor)
    run = finished_run(scheme)
    proposal(run, mentor, accepted(scheme))
    services.run_approve(run=run, by=admin_user)

    with pytest.raises(Exception, match="you have no place left"):
        services.mentor_request_answer(request=waiting, user=mentor.applicant, accept=True)
    assert _status(waiting) == RequestStatus.MENTOR_FULL
