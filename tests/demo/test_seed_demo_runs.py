"""``manage.py seed_demo`` run more than once, or on another day: idempotent, and it queues
nothing. Each test seeds its own demo."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import SentNotification
from demo.schemes import PILOT_SLUG
from schemes.models import (
    Application,
    Phase,
    Scheme,
)
from sessions_log.models import (
    Relationship,
    Session,
)

from .seeding import (
    counts,
    seed,
)

pytestmark = pytest.mark.slow


@pytest.mark.django_db
def test_seed_demo_twice_does_not_duplicate():
    first_output = seed()
    first = counts()
    second_output = seed()
    assert counts() == first
    assert first_output.splitlines()[:-1] == second_output.splitlines()[:-1]


@pytest.mark.django_db
def test_seed_demo_reset_recreates_same_data():
    seed()
    first = counts()
    seed("--reset")
    assert counts() == first


@pytest.mark.django_db
def test_seed_demo_queues_no_task_and_leaves_no_email_pending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()
    assert callbacks == []
    assert SentNotification.objects.exists()
    assert not SentNotification.objects.filter(status=SentNotification.Status.PENDING).exists()


@pytest.mark.django_db
def test_seed_demo_second_run_adds_no_relationship_or_session():
    seed()
    before = (
        list(Relationship.objects.values_list("pk", "status", "started_on")),
        list(Session.objects.values_list("pk", "status", "held_on", "scheduled_at")),
        list(Application.objects.values_list("pk", "status")),
    )
    seed()
    after = (
        list(Relationship.objects.values_list("pk", "status", "started_on")),
        list(Session.objects.values_list("pk", "status", "held_on", "scheduled_at")),
        list(Application.objects.values_list("pk", "status")),
    )
    assert after == before


@pytest.mark.django_db
def test_seed_demo_pilot_in_review_evaluates_this_years_launch():
    with time_machine.travel(datetime(2026, 9, 15, 10, 0, tzinfo=UTC)):
        seed()
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    assert pilot.phase == Phase.REVIEW
    assert sorted(pilot.relationships.values_list("started_on", flat=True)) == [
        pilot.launch_date,
        pilot.launch_date + timedelta(days=2),
        pilot.launch_date + timedelta(days=4),
    ]
