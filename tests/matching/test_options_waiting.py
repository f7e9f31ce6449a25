"""Shortlist options waiting for a mentee's choice (mentee-choice schemes): the mentee is
not in the next run's pool, each option holds its mentor's place until the choice, a choice
withdraws every other open option (in any run), and a refusal speaks to the mentee."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching import runner, services
from matching.models import ProposalKind, ProposalStatus
from matching.pool import build_pool
from matching.selectors import places_of
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def choice(scheme, mentee, admin_user):
    """``mentee`` with two approved options: Ada (capacity 1) and Bea (capacity 2)."""
    scheme.mentee_choice = True
    scheme.preparation_required = False
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    ada = accepted(scheme, role=Role.MENTOR, user=ProfileFactory(user__first_name="Ada").user)
    bea = accepted(
        scheme, role=Role.MENTOR, capacity=2, user=ProfileFactory(user__first_name="Bea").user
    )
    run = finished_run(scheme)
    options = [
        proposal(run, mentor, mentee_app, kind=ProposalKind.OPTION, rank=rank)
        for rank, mentor in enumerate((ada, bea), start=1)
    ]
    services.run_approve(run=run, by=admin_user)
    return {"mentee_app": mentee_app, "ada": ada, "bea": bea, "options": options}


def test_options_waiting_hold_the_mentors_places_and_keep_the_mentee_out(choice, scheme):
    pool = build_pool(scheme)

    assert choice["mentee_app"] not in pool.mentees
    assert places_of(application=choice["mentee_app"]).offered == 2  # both options
    assert choice["ada"] not in pool.mentors  # boundary: her one place is offered
    assert pool.remaining == {choice["bea"].pk: 1}


def test_a_second_approval_cannot_offer_the_same_mentee_again(choice, scheme, admin_user):
    run = finished_run(scheme)
    proposal(run, choice["bea"], choice["mentee_app"], kind=ProposalKind.OPTION)

    with pytest.raises(ValidationError, match="already has shortlist options waiting"):
        services.run_approve(run=run, by=admin_user)


def test_no_mentor_left_says_the_places_are_held_by_answers_waiting(choice, scheme):
    other = accepted(scheme)
    run_one = finished_run(scheme)
    proposal(run_one, choice["bea"], other, kind=ProposalKind.OPTION)
    services.run_approve(run=run_one, by=None)
    late = accepted(scheme)

    outcome = runner.solve(build_pool(scheme))

    [entry] = [e for e in outcome.unmatched if e["application"] == late.pk]
    assert entry["reason"].startswith("capacity exhausted: every eligible mentor's places")
    assert "3 held by proposals waiting for an answer" in entry["reason"]


def test_choosing_withdraws_the_options_of_every_run(choice, scheme, mentee):
    # an option left open by an older run (data from before the pool rule)
    old = finished_run(scheme)
    stale = proposal(
        old, choice["bea"], choice["mentee_app"], kind=ProposalKind.OPTION,
        status=ProposalStatus.APPROVED,
    )  # fmt: skip

    services.shortlist_choose(option=choice["options"][0], user=mentee)

    stale.refresh_from_db()
    choice["options"][1].refresh_from_db()
    assert stale.status == ProposalStatus.SUPERSEDED
    assert choice["options"][1].status == ProposalStatus.SUPERSEDED
    assert places_of(application=choice["ada"]).held == 1  # her offered place, now held


def test_a_refused_choice_speaks_to_the_mentee(choice, scheme, mentee):
    old = finished_run(scheme)
    stale = proposal(
        old, choice["bea"], choice["mentee_app"], kind=ProposalKind.OPTION,
        status=ProposalStatus.APPROVED,
    )  # fmt: skip
    services.shortlist_choose(option=choice["options"][0], user=mentee)
    # the stale option reopened by hand: choosing it again is refused, to the mentee
    type(stale).objects.filter(pk=stale.pk).update(status=ProposalStatus.APPROVED)

    with pytest.raises(ValidationError, match="You are already in an approved match"):
        services.shortlist_choose(option=stale, user=mentee)


def test_the_review_says_why_a_mentee_may_get_fewer_options(client, choice, scheme, admin_user):
    """Staff reading a choice run's review learn that each option holds a place, so a mentee
    can be offered fewer than the shortlist size; a pair scheme's review says nothing of it."""
    client.force_login(admin_user)
    run = choice["options"][0].run
    url = reverse("admin:matching_matchingrun_review", args=[run.pk])

    page = client.get(url).content.decode()
    scheme.mentee_choice = False
    scheme.save()
    pair_page = client.get(url).content.decode()

    assert "up to 3 options to choose from" in page
    assert "some mentees get fewer" in page
    assert "data-shortlist-note" not in pair_page
