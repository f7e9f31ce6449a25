"""Member-led requests close whichever way a match is made, not only by a mentor's
acceptance: once a matching run's match or a shortlist choice is confirmed (every member
accepted), the waiting requests that can no longer be answered close. An approval alone
closes nothing, since a proposal may still be declined (one owner:
``matching.services.request_closing``, called by ``answers._confirm``)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from matching import services
from matching.models import MentorRequest, ProposalKind, RequestStatus
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


def _answer(match, *applications, accept=True):
    for application in applications:
        services.proposal_respond(proposal=match, user=application.applicant, accept=accept)


def test_a_run_match_closes_the_mentees_requests_once_confirmed_not_when_approved(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    asked = accepted(scheme, role=Role.MENTOR, capacity=2)
    matched_by_run = accepted(scheme, role=Role.MENTOR, capacity=2)
    mentee = accepted(scheme)
    waiting = _ask(mentee, asked)
    run = finished_run(scheme)
    match = proposal(run, matched_by_run, mentee)
    services.run_approve(run=run, by=admin_user)
    assert _status(waiting) == RequestStatus.PENDING  # proposed only: it may be declined
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _answer(match, mentee, matched_by_run)

    assert _status(waiting) == RequestStatus.MATCHED_ELSEWHERE
    name = mentee.applicant.display_name
    assert any(
        f"{name} has been matched with another mentor" in sent for sent in _to(asked.applicant)
    )


def test_a_run_match_taking_a_mentors_last_place_closes_their_other_requests(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    hopeful, placed = accepted(scheme), accepted(scheme)
    waiting = _ask(hopeful, mentor)
    run = finished_run(scheme)
    match = proposal(run, mentor, placed)
    services.run_approve(run=run, by=admin_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _answer(match, mentor, placed)

    assert _status(waiting) == RequestStatus.MENTOR_FULL
    assert any(
        "was closed: the mentor has no place left" in sent for sent in _to(hopeful.applicant)
    )


def test_a_declined_run_match_leaves_the_requests_waiting(admin_user):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    hopeful, placed = accepted(scheme), accepted(scheme)
    waiting = _ask(hopeful, mentor)
    to_mentee = _ask(placed, accepted(scheme, role=Role.MENTOR, capacity=1))
    run = finished_run(scheme)
    match = proposal(run, mentor, placed)
    services.run_approve(run=run, by=admin_user)

    _answer(match, placed, accept=False)

    assert (_status(waiting), _status(to_mentee)) == (RequestStatus.PENDING,) * 2


def test_a_match_leaving_the_mentor_a_place_closes_nothing_of_theirs(admin_user):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=2)
    waiting = _ask(accepted(scheme), mentor)
    placed = accepted(scheme)
    run = finished_run(scheme)
    match = proposal(run, mentor, placed)
    services.run_approve(run=run, by=admin_user)

    _answer(match, mentor, placed)

    assert _status(waiting) == RequestStatus.PENDING


def test_a_shortlist_choice_closes_the_requests_once_the_mentor_accepts(admin_user):
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
    chosen = services.shortlist_choose(option=options[0], user=mentee.applicant)
    assert _status(waiting) == RequestStatus.PENDING  # the mentor has not accepted yet

    _answer(chosen, first)

    assert _status(waiting) == RequestStatus.MATCHED_ELSEWHERE


def test_a_closed_request_cannot_then_be_accepted(admin_user):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    waiting = _ask(accepted(scheme), mentor)
    placed = accepted(scheme)
    run = finished_run(scheme)
    match = proposal(run, mentor, placed)
    services.run_approve(run=run, by=admin_user)
    _answer(match, mentor, placed)

    with pytest.raises(Exception, match="you have no place left"):
        services.mentor_request_answer(request=waiting, user=mentor.applicant, accept=True)
    assert _status(waiting) == RequestStatus.MENTOR_FULL


@pytest.mark.parametrize("who_declines", ["mentee", "mentor"])
def test_a_declined_match_in_a_member_led_scheme_points_to_the_directory(
    admin_user, who_declines, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    mentee = accepted(scheme)
    run = finished_run(scheme)
    match = proposal(run, mentor, mentee)
    services.run_approve(run=run, by=admin_user)
    declines, told = (mentee, mentor) if who_declines == "mentee" else (mentor, mentee)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _answer(match, declines, accept=False)

    [sent] = _to(told.applicant)
    assert "coordinators will propose" not in sent
    if told is mentor:
        assert "Your place is open again: mentees can ask you from the scheme's directory." in sent
    else:
        assert "choose another mentor from the directory" in sent
        assert f"/schemes/{scheme.pk}/directory/" in sent


def test_the_run_review_says_how_many_requests_are_waiting(client, coordinator):
    scheme = member_led_scheme(coordinators=[coordinator])
    mentor = accepted(scheme, role=Role.MENTOR, capacity=2)
    _ask(accepted(scheme), mentor)
    run = finished_run(scheme)
    proposal(run, mentor, accepted(scheme))
    client.force_login(coordinator)
    review = reverse("admin:matching_matchingrun_review", args=[run.pk])

    page = client.get(review).content.decode()

    assert "1 request to a mentor is waiting for an answer in this scheme" in page
    assert "Once a match of this run is confirmed, the waiting requests of its mentee close" in (
        page
    )
    services.run_approve(run=run, by=coordinator)
    assert "data-requests-note" not in client.get(review).content.decode()  # nothing to approve
