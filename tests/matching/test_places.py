"""The one count of places: what a mentor offers, holds (approved matches awaiting answers)
and has confirmed (relationships started)."""

import pytest

from matching.models import ProposalMember, ProposalStatus
from matching.selectors import Places, places_by_application, places_of
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


def match(run, mentor_app, status, *, holds=True):
    """A pair of ``mentor_app`` and a new mentee in ``status``, holding places if ``holds``."""
    made = proposal(run, mentor_app, accepted(run.scheme), status=status)
    ProposalMember.objects.filter(proposal=made).update(holds_place=holds)
    return made


def test_places_blank_mentor_has_every_place_left(scheme):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=2)

    places = places_of(application=mentor_app)

    assert (places, places.taken, places.left) == (Places(capacity=2, held=0, confirmed=0), 0, 2)


def test_places_counts_held_and_confirmed_apart(scheme):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=3)
    run = finished_run(scheme)
    match(run, mentor_app, ProposalStatus.APPROVED)
    match(run, mentor_app, ProposalStatus.CONFIRMED)
    match(run, mentor_app, ProposalStatus.DECLINED, holds=False)
    match(run, mentor_app, ProposalStatus.PROPOSED, holds=False)

    places = places_of(application=mentor_app)

    assert places == Places(capacity=3, held=1, confirmed=1)
    assert (places.taken, places.left, places.all_confirmed) == (2, 1, False)


def test_places_all_confirmed_when_every_place_is_in_a_relationship(scheme):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=2)
    run = finished_run(scheme)
    match(run, mentor_app, ProposalStatus.CONFIRMED)
    match(run, mentor_app, ProposalStatus.CONFIRMED)

    places = places_of(application=mentor_app)

    assert (places.left, places.all_confirmed) == (0, True)


def test_places_over_held_never_goes_below_zero(scheme):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=1)
    run = finished_run(scheme)
    match(run, mentor_app, ProposalStatus.APPROVED)
    match(run, mentor_app, ProposalStatus.CONFIRMED)

    places = places_of(application=mentor_app)

    assert (places.taken, places.left, places.all_confirmed) == (2, 0, True)


def test_places_with_capacity_zero_has_none_left():
    """The database refuses a capacity of zero; the arithmetic still holds."""
    places = Places(capacity=0)
    assert (places.taken, places.left, places.all_confirmed) == (0, 0, True)


def test_places_of_a_mentee_in_an_approved_match_is_taken(scheme):
    mentor_app = accepted(scheme, role=Role.MENTOR)
    mentee_app = accepted(scheme)
    ProposalMember.objects.filter(
        proposal=proposal(finished_run(scheme), mentor_app, mentee_app)
    ).update(holds_place=True)
    assert places_of(application=mentee_app) == Places(capacity=1, held=1, confirmed=0)


def test_places_by_application_of_nothing_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert places_by_application(applications=[]) == {}


@pytest.mark.parametrize("mentors", [1, 6])
def test_places_by_application_one_query_for_any_number(scheme, mentors, django_assert_num_queries):
    run = finished_run(scheme)
    apps = [accepted(scheme, role=Role.MENTOR, capacity=3) for _ in range(mentors)]
    for app in apps:
        match(run, app, ProposalStatus.APPROVED)
        match(run, app, ProposalStatus.CONFIRMED)

    with django_assert_num_queries(1):
        places = places_by_application(applications=apps)

    assert places == {app.pk: Places(capacity=3, held=1, confirmed=1) for app in apps}
