"""Two approvals on one scheme at the same moment, in real concurrent transactions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matching import services
from matching.models import ProposalMember, ProposalStatus
from schemes.models import Role
from tests.concurrency import race
from tests.factories import SchemeFactory, UserFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and concurrency"
    ),
]


@pytest.fixture(autouse=True)
def slow_place_taking():
    """Widen the race window: every UPDATE of proposal members sleeps in the database.

    Without the scheme's row lock both approvals would read "no place taken" before either
    writes, and a mentor would end up over capacity; with it the second waits and is refused.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION matching_test_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER matching_test_slow BEFORE UPDATE ON matching_proposalmember "
            "FOR EACH STATEMENT EXECUTE FUNCTION matching_test_slow()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER matching_test_slow ON matching_proposalmember")
        cursor.execute("DROP FUNCTION matching_test_slow()")


def test_two_runs_approved_at_once_never_double_book_a_mentee():
    scheme = SchemeFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    mentee = accepted(scheme)
    runs = []
    for _ in range(2):
        run = finished_run(scheme)
        proposal(run, accepted(scheme, role=Role.MENTOR), mentee)
        runs.append(run)

    outcomes = race(*(lambda r=r: services.run_approve(run=r, by=admin) for r in runs))

    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationError", "list"]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert refused.messages == [f"{mentee.applicant.display_name} is already in an approved match."]
    assert ProposalMember.objects.filter(application=mentee, holds_place=True).count() == 1


def test_two_approvals_at_once_never_put_a_mentor_over_capacity():
    scheme = SchemeFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    runs = []
    for _ in range(2):
        run = finished_run(scheme)
        proposal(run, mentor, accepted(scheme))
        runs.append(run)

    outcomes = race(*(lambda r=r: services.run_approve(run=r, by=admin) for r in runs))

    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationError", "list"]
    assert ProposalMember.objects.filter(application=mentor, holds_place=True).count() == 1


def test_a_mentee_choosing_two_options_at_once_gets_one_match():
    """Two tabs, two options chosen at the same moment. (Two mentees can no longer race
    for a last place: each option holds its mentor's place, so a place is offered once.)"""
    scheme = SchemeFactory(mentee_choice=True)
    admin = UserFactory(is_staff=True, is_superuser=True)
    mentee = accepted(scheme)
    run = finished_run(scheme)
    options = [
        proposal(run, accepted(scheme, role=Role.MENTOR, capacity=1), mentee, kind="option")
        for _ in range(2)
    ]
    services.run_approve(run=run, by=admin)
    chooser = mentee.applicant

    outcomes = race(
        *(lambda o=o: services.shortlist_choose(option=o, user=chooser) for o in options)
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Proposal", "ValidationError"]
    assert ProposalMember.objects.filter(application=mentee, holds_place=True).count() == 1
    assert run.proposals.filter(status=ProposalStatus.APPROVED, kind="pair").count() == 1
