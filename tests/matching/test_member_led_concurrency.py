"""Two mentors' answers racing for a mentor's last place, in real concurrent transactions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matching import services
from matching.models import MentorRequest, ProposalMember, RequestStatus
from schemes.models import Role
from tests.concurrency import race
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and concurrency"
    ),
]


@pytest.fixture(autouse=True)
def slow_request_writes():
    """Widen the race window: every UPDATE of a request sleeps in the database, so without
    the row locks both acceptances would count a free place before either took it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION matching_test_slow_request() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END; $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER matching_test_slow_request BEFORE UPDATE ON matching_mentorrequest "
            "FOR EACH ROW EXECUTE FUNCTION matching_test_slow_request()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER matching_test_slow_request ON matching_mentorrequest")
        cursor.execute("DROP FUNCTION matching_test_slow_request()")


@pytest.mark.parametrize("approval", [False, True])
def test_two_acceptances_for_the_last_place_at_once_one_wins(approval):
    scheme = member_led_scheme(approval=approval)
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    requests = [
        services.mentor_request_create(
            mentee_application=accepted(scheme), mentor_application=mentor, message="Hello"
        )
        for _ in range(2)
    ]

    outcomes = race(
        *(
            lambda r=r: services.mentor_request_answer(
                request=r, user=mentor.applicant, accept=True
            )
            for r in requests
        )
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["MentorRequest", "ValidationError"]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    # Whichever answer waits for the lock finds its request closed by the winner's.
    assert refused.messages == ["This request was closed: you have no place left in this scheme."]
    assert ProposalMember.objects.filter(application=mentor, holds_place=True).count() == 1
    assert sorted(MentorRequest.objects.values_list("status", flat=True)) == [
        RequestStatus.ACCEPTED,
        RequestStatus.MENTOR_FULL,  # the winner's acceptance closed the other
    ]
