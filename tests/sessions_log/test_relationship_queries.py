"""Relationship status groups, ``Relationship.objects.open()`` and ``.with_last_activity()``,
and the one rule for when a relationship may be completed."""

from datetime import date

import pytest

from sessions_log.models import (
    ExpectationStatus,
    GoalStatus,
    Relationship,
    RelationshipStatus,
    SessionStatus,
)
from tests.factories import UserFactory
from tests.sessions_log.factories import start_pair

START = date(2026, 1, 5)
R = RelationshipStatus


@pytest.mark.parametrize(
    ("choices", "group"),
    [
        (RelationshipStatus, "open_states"),
        (RelationshipStatus, "ended_states"),
        (GoalStatus, "open_states"),
        (ExpectationStatus, "decision_states"),
        (ExpectationStatus, "clarifiable_states"),
    ],
)
def test_status_groups_name_only_statuses(choices, group):
    assert set(getattr(choices, group)) <= set(choices.values)


def test_open_and_ended_split_every_status():
    assert (
        set(R.open_states) | set(R.ended_states),
        set(R.open_states) & set(R.ended_states),
    ) == (set(R.values), set())


def pair(scheme, status=R.ACTIVE, *, steps=2, started_on=START):
    relationship = start_pair(
        scheme, UserFactory(), UserFactory(), steps=steps, started_on=started_on
    )
    Relationship.objects.filter(pk=relationship.pk).update(status=status)
    relationship.refresh_from_db()
    return relationship


def hold(relationship, number, held_on):
    relationship.sessions.filter(number=number).update(
        status=SessionStatus.HELD, held_on=held_on, duration_minutes=60
    )


def test_open_is_active_or_paused(scheme):
    by_status = {status: pair(scheme, status) for status in R.values}
    assert set(Relationship.objects.open()) == {by_status[R.ACTIVE], by_status[R.PAUSED]}
    assert [(r.is_open, r.has_ended) for r in by_status.values()] == [
        (True, False),
        (True, False),
        (False, True),
        (False, True),
    ]


def test_open_of_nothing_is_empty(db):
    assert list(Relationship.objects.open()) == []


def test_with_last_activity_is_the_last_held_session(scheme):
    relationship = pair(scheme, steps=3)
    hold(relationship, 1, date(2026, 1, 20))
    hold(relationship, 2, date(2026, 3, 2))
    relationship.sessions.filter(number=3).update(
        status=SessionStatus.CANCELLED, held_on=date(2026, 4, 1)
    )

    annotated = Relationship.objects.with_last_activity().get(pk=relationship.pk)

    assert (annotated.last_held, annotated.last_activity) == (
        date(2026, 3, 2),
        date(2026, 3, 2),
    )


def test_with_last_activity_blank_is_the_start(scheme):
    relationship = pair(scheme, started_on=date(2026, 2, 9))

    annotated = Relationship.objects.with_last_activity().get(pk=relationship.pk)

    assert (annotated.last_held, annotated.last_activity) == (None, date(2026, 2, 9))


def test_with_last_activity_chains_with_open_and_filters(scheme, django_assert_num_queries):
    quiet = pair(scheme, started_on=date(2026, 1, 5))
    busy = pair(scheme, started_on=date(2026, 1, 5))
    hold(busy, 1, date(2026, 3, 1))
    pair(scheme, R.COMPLETED, started_on=date(2026, 1, 5))

    with django_assert_num_queries(1):
        stalled = list(
            Relationship.objects.open()
            .with_last_activity()
            .filter(last_activity__lte=date(2026, 2, 1))
        )

    assert stalled == [quiet]


@pytest.mark.parametrize(
    ("status", "held", "can_complete"),
    [
        (R.ACTIVE, 2, True),
        (R.PAUSED, 3, True),
        (R.ACTIVE, 1, False),
        (R.ACTIVE, 0, False),
        (R.COMPLETED, 2, False),
        (R.ENDED_EARLY, 2, False),
    ],
)
def test_can_complete_needs_open_and_the_minimum_of_sessions(scheme, status, held, can_complete):
    relationship = pair(scheme, status, steps=2)
    relationship.template.min_sessions = 2
    assert relationship.can_complete(held=held) is can_complete


def test_can_complete_without_a_template_needs_one_session(scheme):
    relationship = pair(scheme, steps=0)
    assert (relationship.can_complete(held=0), relationship.can_complete(held=1)) == (False, True)
