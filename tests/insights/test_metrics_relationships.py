"""Scheme-health figures of the relationships (momentum, sessions, programme steps,
outcomes) and of the whole dashboard, computed from factory-built data with a known answer."""

from datetime import date

import pytest

from insights.metrics import (
    SLUGS,
    last_session,
    outcomes,
    programme_steps,
    scheme_health,
    sessions_per_month,
)
from schemes.models import (
    QuestionType,
    Role,
    Scheme,
)
from sessions_log.models import (
    EvaluationDimension,
    RelationshipStatus,
    Session,
    SessionStatus,
)
from tests.factories import SchemeFactory, UserFactory
from tests.insights.factories import (
    TODAY,
    at,
    dashboard_application,
    dashboard_relationship,
    dashboard_self_ratings,
    feedback,
    free_text_question,
    number_question,
    scope_of,
)


@pytest.fixture
def momentum_world(scheme):
    """Four active relationships and one completed, seen on TODAY (momentum: 6 weeks)."""
    scheme.momentum_weeks = 6
    scheme.save()
    recent = dashboard_relationship(
        scheme,
        started_on=date(2026, 3, 20),
        held_on=[date(2026, 4, 1), date(2026, 5, 25)],
        planned_for=[date(2026, 5, 10), date(2026, 7, 1)],
    )
    Session.objects.create(
        relationship=recent, number=9, status=SessionStatus.CANCELLED, target_date=date(2026, 5, 2)
    )
    dashboard_relationship(scheme, started_on=date(2026, 5, 1))
    dashboard_relationship(scheme, started_on=date(2026, 2, 1), held_on=[date(2026, 3, 1)])
    dashboard_relationship(scheme, started_on=date(2026, 3, 1), held_on=[date(2026, 4, 1)])
    dashboard_relationship(
        scheme,
        started_on=date(2026, 1, 5),
        status=RelationshipStatus.COMPLETED,
        held_on=[date(2026, 2, 10)],
    )
    return scheme


def test_last_session_buckets_active_relationships_by_momentum(momentum_world):
    table = last_session(scope_of(momentum_world))

    assert table.rows == [
        ["0–21 days", 1, "yes"],
        ["22–42 days", 1, "yes"],
        ["43–84 days", 1, "no"],
        ["Over 84 days", 1, "no"],
    ]
    assert table.note.startswith("Momentum period: 6 weeks (42 days).")


def test_sessions_per_month_held_against_planned(momentum_world):
    table = sessions_per_month(scope_of(momentum_world))

    assert table.columns == ["Month", "Planned", "Held"]
    assert table.rows == [
        ["Feb 2026", 1, 1],
        ["Mar 2026", 1, 1],
        ["Apr 2026", 2, 2],
        ["May 2026", 2, 1],
    ]


def test_programme_steps_counts_the_furthest_session_held(momentum_world):
    table = programme_steps(scope_of(momentum_world))

    assert table.rows == [["Not started", 1], ["Session 1", 2], ["Session 2", 1]]


def test_outcomes_rates(scheme):
    for status, n in (
        (RelationshipStatus.COMPLETED, 2),
        (RelationshipStatus.ENDED_EARLY, 1),
        (RelationshipStatus.ACTIVE, 3),
    ):
        for _ in range(n):
            dashboard_relationship(scheme, started_on=date(2026, 1, 5), status=status)

    table = outcomes(scope_of(scheme))

    assert table.rows == [
        ["Completed", 2, 33.3],
        ["Ended early", 1, 16.7],
        ["Active", 3, 50.0],
        ["Paused", 0, 0.0],
    ]
    assert table.note == (
        "Of 3 relationships that have ended, 66.7% completed and 33.3% ended early."
    )


def test_scheme_health_returns_every_figure_in_order(scheme):
    tables = scheme_health(schemes=Scheme.objects.filter(pk=scheme.pk), today=TODAY)

    assert [t.slug for t in tables] == list(SLUGS)
    assert [t.chart for t in tables] == [
        "grouped",
        "line",
        "histogram",
        "histogram",
        "grouped",
        "bar",
        "hbar",
        "hbar",
        "hbar",
        "grouped",
    ]


def _world(schemes, relationships_each):
    for s in schemes:
        dashboard_application(s, Role.MENTOR, submitted=at(date(2026, 1, 3)), capacity=2)
        dashboard_application(
            s, Role.MENTEE, submitted=at(date(2026, 1, 5)), matched=at(date(2026, 2, 5))
        )
        dimension = EvaluationDimension.objects.create(scheme=s, name="Confidence")
        question = number_question(s, "Useful?")
        recommend = free_text_question(s, "Would you recommend it?", type=QuestionType.YES_NO)
        for _ in range(relationships_each):
            r = dashboard_relationship(
                s,
                started_on=date(2026, 2, 1),
                held_on=[date(2026, 2, 8)],
                planned_for=[date(2026, 3, 8)],
            )
            dashboard_self_ratings(r, dimension, [(2, 4)])
            feedback(r, UserFactory(), {question: "4", recommend: "yes"}, share=False)


def test_scheme_health_queries_are_constant(db, django_assert_num_queries):
    one = [SchemeFactory()]
    _world(one, 1)
    with django_assert_num_queries(17):
        scheme_health(schemes=Scheme.objects.filter(pk__in=[s.pk for s in one]), today=TODAY)
    many = [SchemeFactory() for _ in range(4)]
    _world(many, 6)
    with django_assert_num_queries(17):
        tables = scheme_health(schemes=Scheme.objects.all(), today=TODAY)
    assert tables[6].rows[2] == ["Active", 25, 100.0]
