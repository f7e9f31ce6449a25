"""Two mentees booking the same flash slot at the same moment, in real concurrent
transactions on PostgreSQL: the conditional UPDATE lets exactly one win."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from schemes.models import Role
from sessions_log import services
from sessions_log.models import FlashSlot, Relationship
from tests.concurrency import race
from tests.factories import ProfileFactory
from tests.sessions_log.factories import accept, flash_scheme, offer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and concurrency"
    ),
]


def test_two_mentees_racing_for_one_slot_exactly_one_wins():
    scheme = flash_scheme()
    mentor = ProfileFactory(user__first_name="Nguyễn").user
    accept(scheme, mentor, Role.MENTOR)
    mentees = [ProfileFactory(user__first_name=n).user for n in ("Siobhán", "Kwame")]
    for mentee in mentees:
        accept(scheme, mentee, Role.MENTEE)
    slot = offer(scheme, mentor, timezone.now() + timedelta(days=3))

    outcomes = race(
        *(
            lambda m=m: services.flash_slot_book(
                slot=FlashSlot.objects.get(pk=slot.pk), by=m, note="Career change"
            )
            for m in mentees
        )
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["FlashSlot", "ValidationError"]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert refused.messages == ["This slot has just been booked or withdrawn: choose another time."]
    winner = next(o for o in outcomes if isinstance(o, FlashSlot))
    slot.refresh_from_db()
    assert slot.booked_by == winner.booked_by
    assert Relationship.objects.filter(scheme=scheme).count() == 1
