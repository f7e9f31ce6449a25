"""Scheme-health figures of feedback and self-ratings, with groups under five suppressed,
computed from factory-built data with a known answer."""

from datetime import date

import pytest

from insights.metrics import (
    feedback_scores,
    self_ratings,
    suppression_note,
)
from schemes.models import (
    QuestionType,
    Scheme,
)
from sessions_log.models import (
    EvaluationDimension,
    FeedbackQuestion,
    RelationshipStatus,
)
from tests.factories import UserFactory
from tests.insights.factories import (
    dashboard_relationship,
    dashboard_self_ratings,
    feedback,
    number_question,
    scope_of,
)


def test_feedback_scores_average_number_questions_and_hide_small_groups(scheme):
    useful = number_question(scheme, "How useful was it (1–5)?")
    again = number_question(scheme, "Would you mentor again (1–5)?")
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
    assert table.note.endswith(suppression_note())


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
    assert table.note.endswith(suppression_note())


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_feedback_scores_suppress_groups_under_five(scheme, respondents, shown):
    useful = number_question(scheme, "How useful?")
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


def test_feedback_scores_ignore_text_left_in_a_number_question(scheme):
    """A question changed from text to number keeps its old text answers: they are not
    numbers (not 0, and not a database error on PostgreSQL)."""
    useful = number_question(scheme, "How useful?")
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    for answer in ["4", " 5 ", "-1", "Great", "4.5.1", "", "3"]:
        feedback(relationship, UserFactory(), {useful: answer}, share=False)
    feedback(relationship, UserFactory(), {useful: "2.5"}, share=False)

    rows = feedback_scores(scope_of(scheme)).rows

    assert rows == [["How useful?", 5, round((4 + 5 - 1 + 3 + 2.5) / 5, 2)]]


def test_a_cohort_that_leaves_out_fewer_than_five_is_suppressed(scheme):
    """Comparing a cohort of 5 with the whole scheme of 6 would reveal the sixth answer."""
    useful = number_question(scheme, "How useful?")
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
