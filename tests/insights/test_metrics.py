"""Every scheme-health figure computed from factory-built data with a known answer."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from insights.metrics import (
    SLUGS,
    SUPPRESSION_NOTE,
    Scope,
    feedback_scores,
    funnel,
    last_session,
    outcomes,
    programme_steps,
    scheme_health,
    self_ratings,
    sessions_per_month,
    supply_demand,
    time_to_match,
)
from matching.selectors import time_to_match as matching_time_to_match
from schemes.models import (
    ApplicationStatus,
    OverThresholdAction,
    QuestionType,
    Role,
    Scheme,
    SchemeKind,
    Subscription,
)
from sessions_log.models import (
    EvaluationDimension,
    FeedbackQuestion,
    RelationshipStatus,
    Session,
    SessionStatus,
)
from tests.factories import ApplicationFactory, SchemeFactory, UserFactory
from tests.insights.factories import (
    dashboard_application,
    dashboard_relationship,
    dashboard_self_ratings,
    feedback,
    free_text_question,
)

TODAY = date(2026, 6, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def scope_of(*schemes, start=None, end=None) -> Scope:
    return Scope.build(
        schemes=Scheme.objects.filter(pk__in=[s.pk for s in schemes]),
        start=start,
        end=end,
        today=TODAY,
    )


def test_funnel_counts_each_stage_by_role(scheme):
    for role, n in ((Role.MENTOR, 2), (Role.MENTEE, 3), ("", 1)):
        for i in range(n):
            Subscription.objects.create(
                scheme=scheme, email=f"{role or 'x'}{i}@example.org", interested_as=role
            )
    day = at(date(2026, 1, 10))
    for role, accepted, matched in (
        (Role.MENTOR, None, None),
        (Role.MENTOR, day, None),
        (Role.MENTOR, day, day),
        (Role.MENTEE, None, None),
        (Role.MENTEE, day, None),
        (Role.MENTEE, day, day),
        (Role.MENTEE, day, day),
    ):
        dashboard_application(scheme, role, submitted=day, accepted=accepted, matched=matched)
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, status="draft", submitted_at=None)
    dashboard_relationship(scheme, started_on=date(2026, 2, 1), held_on=[date(2026, 2, 8)])
    dashboard_relationship(
        scheme,
        started_on=date(2026, 2, 1),
        status=RelationshipStatus.COMPLETED,
        held_on=[date(2026, 2, 8), date(2026, 3, 8)],
    )
    dashboard_relationship(scheme, started_on=date(2026, 2, 1))

    table = funnel(scope_of(scheme))

    assert table.columns == ["Stage", "Mentors", "Mentees"]
    assert table.rows == [
        ["Registered interest", 2, 3],
        ["Applied", 3, 4],
        ["Accepted", 2, 3],
        ["Matched", 1, 2],
        ["Active", 2, 2],
        ["Completed", 1, 1],
    ]


def test_funnel_of_a_peer_scheme_has_one_role(db):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    dashboard_application(scheme, Role.PEER, submitted=at(date(2026, 1, 10)))
    dashboard_relationship(scheme, started_on=date(2026, 2, 1), roles=("peer", "peer"))

    table = funnel(scope_of(scheme))

    assert table.columns == ["Stage", "Peers"]
    assert [row[1] for row in table.rows] == [0, 1, 0, 0, 0, 0]


def test_funnel_cohort_selects_by_submission_and_start_dates(scheme):
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 31)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 2, 1)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 3, 1)))
    dashboard_relationship(scheme, started_on=date(2026, 2, 28), held_on=[date(2026, 3, 2)])
    dashboard_relationship(scheme, started_on=date(2026, 3, 1), held_on=[date(2026, 3, 2)])

    table = funnel(scope_of(scheme, start=date(2026, 2, 1), end=date(2026, 2, 28)))

    assert [row[2] for row in table.rows] == [0, 1, 0, 0, 1, 0]


def test_supply_demand_accumulates_by_month_with_the_rule_limit(scheme):
    scheme.demand_threshold = Decimal("1.50")
    scheme.over_threshold_action = OverThresholdAction.WAITLIST
    scheme.save()
    dashboard_application(scheme, Role.MENTOR, submitted=at(date(2026, 1, 10)), capacity=2)
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 15)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 16)))
    dashboard_application(
        scheme, Role.MENTEE, submitted=at(date(2026, 2, 3)), status=ApplicationStatus.WITHDRAWN
    )
    dashboard_application(
        scheme, Role.MENTOR, submitted=at(date(2026, 2, 3)), status=ApplicationStatus.DECLINED
    )
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 3, 3)))
    dashboard_application(scheme, Role.MENTOR, submitted=at(date(2026, 3, 5)))

    table = supply_demand(scope_of(scheme))

    assert table.columns == ["Month", "Mentor places offered", "Mentee demand", "Rule limit"]
    assert table.rows == [
        ["Jan 2026", 2, 2, 3.0],
        ["Feb 2026", 2, 2, 3.0],
        ["Mar 2026", 3, 3, 4.5],
    ]
    assert "Rule: above 1.50 mentees per mentor place, waitlist new mentee applications." in (
        table.note
    )


def test_supply_demand_without_a_rule_has_no_limit(scheme, other_scheme):
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 15)))

    table = supply_demand(scope_of(scheme, other_scheme))

    assert table.columns == ["Month", "Mentor places offered", "Mentee demand"]
    assert table.rows == [["Jan 2026", 0, 1]]
    assert "No supply-and-demand rule is set." in table.note


def test_time_to_match_buckets_against_the_target_window(scheme):
    scheme.target_window_days = 90
    scheme.save()
    start = date(2026, 1, 5)
    for days in (10, 30, 31, 90, 91, 200):
        dashboard_application(
            scheme,
            Role.MENTEE,
            submitted=at(start),
            accepted=at(start),
            matched=at(start + timedelta(days=days), hour=15),
        )
    dashboard_application(scheme, Role.MENTEE, submitted=at(start), accepted=at(start))

    table = time_to_match(scope_of(scheme))

    assert table.rows == [
        ["0–30 days", 2, "yes"],
        ["31–60 days", 1, "yes"],
        ["61–90 days", 1, "yes"],
        ["91–135 days", 1, "no"],
        ["136–180 days", 0, "no"],
        ["Over 180 days", 1, "no"],
    ]
    assert table.note == (
        "Target window: 90 days. 4 of 6 matched applicants (66.7%) were paired within the window."
    )
    [figure] = matching_time_to_match(schemes=Scheme.objects.filter(pk=scheme.pk))
    assert (figure.matched, figure.within_window) == (6, 4)


def test_time_to_match_with_different_windows_is_relative(scheme, other_scheme):
    Scheme.objects.filter(pk=other_scheme.pk).update(target_window_days=30)
    start = date(2026, 1, 5)
    for s, days in ((scheme, 10), (other_scheme, 40)):
        dashboard_application(
            s, Role.MENTEE, submitted=at(start), matched=at(start + timedelta(days=days))
        )

    table = time_to_match(scope_of(scheme, other_scheme))

    assert table.rows == [
        ["First third of the window", 1, "yes"],
        ["Second third", 0, "yes"],
        ["Last third", 0, "yes"],
        ["Up to half a window late", 1, "no"],
        ["Up to a window late", 0, "no"],
        ["More than a window late", 0, "no"],
    ]


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


def _number_question(scheme, label):
    return FeedbackQuestion.objects.create(scheme=scheme, label=label, type=QuestionType.NUMBER)


def test_feedback_scores_average_number_questions_and_hide_small_groups(scheme):
    useful = _number_question(scheme, "How useful was it (1–5)?")
    again = _number_question(scheme, "Would you mentor again (1–5)?")
    text = FeedbackQuestion.objects.create(
        scheme=scheme, label="Anything else?", type=QuestionType.LONG_TEXT
    )
    relationship = dashboard_relationship(
        scheme, started_on=date(2026, 1, 5), status=RelationshipStatus.COMPLETED
    )
    answers = [("4", "5"), ("5", "4"), ("3", "3"), ("4.00", "5"), ("4", None), (None, None)]
    for useful_answer, again_answer in answers:
        feedback(
            relationship,
            UserFactory(),
            {useful: useful_answer, again: again_answer, text: "SECRET-FREE-TEXT"},
            share=False,
        )

    table = feedback_scores(scope_of(scheme))

    assert table.rows == [["How useful was it (1–5)?", 5, 4.0]]
    assert table.note.endswith(str(SUPPRESSION_NOTE))


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_self_ratings_suppress_groups_under_five(scheme, respondents, shown):
    confidence = EvaluationDimension.objects.create(scheme=scheme, name="Confidence")
    relationship = dashboard_relationship(
        scheme, started_on=date(2026, 1, 5), status=RelationshipStatus.COMPLETED
    )
    scores = [(1, 3), (2, 4), (2, 3), (3, 5), (2, 5)][:respondents] + [(2, None), (None, 4)]
    dashboard_self_ratings(relationship, confidence, scores)

    table = self_ratings(scope_of(scheme))

    expected = {4: [], 5: [["Confidence", 5, 2.0, 4.0]]}[respondents]
    assert table.rows == expected
    assert bool(table.rows) is shown
    assert table.note.endswith(str(SUPPRESSION_NOTE))


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_feedback_scores_suppress_groups_under_five(scheme, respondents, shown):
    useful = _number_question(scheme, "How useful?")
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    for _ in range(respondents):
        feedback(relationship, UserFactory(), {useful: "3"}, share=False)

    rows = feedback_scores(scope_of(scheme)).rows

    assert rows == ([["How useful?", respondents, 3.0]] if shown else [])


def test_self_ratings_across_schemes_name_the_scheme(scheme, other_scheme):
    Scheme.objects.filter(pk=scheme.pk).update(name="Alpha")
    dimension = EvaluationDimension.objects.create(scheme=scheme, name="Leadership")
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    dashboard_self_ratings(relationship, dimension, [(2, 4)] * 5)

    assert self_ratings(scope_of(scheme, other_scheme)).rows == [["Alpha: Leadership", 5, 2.0, 4.0]]


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
        question = _number_question(s, "Useful?")
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


def test_feedback_scores_ignore_text_left_in_a_number_question(scheme):
    """A question changed from text to number keeps its old text answers: they are not
    numbers (not 0, and not a database error on PostgreSQL)."""
    useful = _number_question(scheme, "How useful?")
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    for answer in ["4", " 5 ", "-1", "Great", "4.5.1", "", "3"]:
        feedback(relationship, UserFactory(), {useful: answer}, share=False)
    feedback(relationship, UserFactory(), {useful: "2.5"}, share=False)

    rows = feedback_scores(scope_of(scheme)).rows

    assert rows == [["How useful?", 5, round((4 + 5 - 1 + 3 + 2.5) / 5, 2)]]


def test_funnel_counts_people_not_memberships(scheme):
    from sessions_log.models import RelationshipMember

    first = dashboard_relationship(scheme, started_on=date(2026, 1, 5), held_on=[date(2026, 2, 2)])
    second = dashboard_relationship(scheme, started_on=date(2026, 1, 5), held_on=[date(2026, 2, 9)])
    mentor = first.members.get(role="mentor").user
    RelationshipMember.objects.filter(relationship=second, role="mentor").update(user=mentor)

    rows = {row[0]: row for row in funnel(scope_of(scheme)).rows}

    assert rows["Active"][1:] == [1, 2]  # one mentor in two active pairs; two mentees


def test_a_cohort_that_leaves_out_fewer_than_five_is_suppressed(scheme):
    """Comparing a cohort of 5 with the whole scheme of 6 would reveal the sixth answer."""
    useful = _number_question(scheme, "How useful?")
    january = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    march = dashboard_relationship(scheme, started_on=date(2026, 3, 2))
    dimension = EvaluationDimension.objects.create(scheme=scheme, name="Confidence")
    for _ in range(5):
        feedback(january, UserFactory(), {useful: "4"}, share=False)
    dashboard_self_ratings(january, dimension, [(2, 4)] * 5)
    feedback(march, UserFactory(), {useful: "1"}, share=False)
    dashboard_self_ratings(march, dimension, [(5, 1)])
    cohort = scope_of(scheme, start=date(2026, 1, 1), end=date(2026, 1, 31))

    assert feedback_scores(cohort).rows == []
    assert self_ratings(cohort).rows == []
    # the whole scheme (nobody left out) is shown
    assert feedback_scores(scope_of(scheme)).rows == [["How useful?", 6, 3.5]]

    for _ in range(4):  # now the cohort leaves out five: both sides are safe
        feedback(march, UserFactory(), {useful: "2"}, share=False)
    dashboard_self_ratings(march, dimension, [(3, 3)] * 4)
    assert feedback_scores(cohort).rows == [["How useful?", 5, 4.0]]
    assert self_ratings(cohort).rows == [["Confidence", 5, 2.0, 4.0]]
