"""Choice and yes/no feedback summarised with the disclosure rule, and the report's
executive summary."""

from datetime import date

import pytest

from insights.metrics import executive_summary, feedback_choices
from insights.selectors import report_content
from insights.services import evaluation_report_create
from schemes.models import QuestionType
from sessions_log.models import FeedbackQuestion, RelationshipStatus, SessionStatus
from tests.factories import SchemeFactory, UserFactory
from tests.insights.factories import TODAY, dashboard_relationship, feedback, scope_of

pytestmark = pytest.mark.django_db


def _question(scheme, label, kind, choices=""):
    return FeedbackQuestion.objects.create(scheme=scheme, label=label, type=kind, choices=choices)


def _responses(scheme, answers_list, *, started_on=date(2026, 1, 5), status=None):
    for answers in answers_list:
        relationship = dashboard_relationship(scheme, started_on=started_on)
        if status:
            relationship.status = status
            relationship.save(update_fields=["status"])
        feedback(relationship, UserFactory(), answers, share=False)


def test_yes_no_and_choices_are_counted_with_percentages(scheme):
    recommend = _question(scheme, "Would you recommend it?", QuestionType.YES_NO)
    mode = _question(scheme, "How did you meet?", QuestionType.SINGLE_CHOICE, "Online\nIn person")
    topics = _question(
        scheme, "What helped?", QuestionType.MULTIPLE_CHOICE, "Goals\nListening\nContacts"
    )
    answers = [
        {recommend: "yes", mode: "Online", topics: ["Goals", "Listening"]},
        {recommend: "yes", mode: "Online", topics: ["Listening"]},
        {recommend: "yes", mode: "In person", topics: []},
        {recommend: "no", mode: "Online", topics: ["Goals"]},
        {recommend: "yes", mode: "", topics: ["Listening", "Contacts"]},
        {recommend: "no", mode: "In person", topics: ["Contacts"]},
    ]
    _responses(scheme, answers)

    rows = feedback_choices(scope_of(scheme)).rows

    assert rows == [
        ["Would you recommend it?: Yes", 66.7, 4, 6],
        ["Would you recommend it?: No", 33.3, 2, 6],
        ["How did you meet?: Online", 60.0, 3, 5],
        ["How did you meet?: In person", 40.0, 2, 5],
        ["What helped?: Goals", 40.0, 2, 5],
        ["What helped?: Listening", 60.0, 3, 5],
        ["What helped?: Contacts", 40.0, 2, 5],
    ]


def test_fewer_than_five_respondents_show_nothing(scheme):
    recommend = _question(scheme, "Would you recommend it?", QuestionType.YES_NO)
    _responses(scheme, [{recommend: "yes"}] * 4)

    assert feedback_choices(scope_of(scheme)).rows == []


def test_a_cohort_shows_only_whole_blocks(scheme):
    """Five in January, one in March: the March answer joins January's block, so a cohort
    of March alone cannot show it (no difference of two figures reveals it)."""
    recommend = _question(scheme, "Would you recommend it?", QuestionType.YES_NO)
    _responses(scheme, [{recommend: "yes"}] * 5)
    _responses(scheme, [{recommend: "no"}], started_on=date(2026, 3, 2))

    assert feedback_choices(scope_of(scheme, start=date(2026, 3, 1))).rows == []
    everyone = feedback_choices(scope_of(scheme)).rows
    assert everyone[1] == ["Would you recommend it?: No", 16.7, 1, 6]


def test_text_answers_and_unknown_values_are_not_counted(scheme):
    """A free-text answer left from before a type change, or an option since removed, is not
    a choice: it is neither counted nor shown."""
    recommend = _question(scheme, "Would you recommend it?", QuestionType.YES_NO)
    _responses(scheme, [{recommend: "yes"}] * 5)
    _responses(scheme, [{recommend: "SECRET maybe"}, {recommend: ["yes"]}])

    rows = feedback_choices(scope_of(scheme)).rows

    assert rows[0] == ["Would you recommend it?: Yes", 100.0, 6, 6]
    assert "SECRET" not in repr(rows)


def test_other_schemes_are_not_counted(scheme, other_scheme):
    recommend = _question(other_scheme, "Would you recommend it?", QuestionType.YES_NO)
    _responses(other_scheme, [{recommend: "yes"}] * 5)

    assert feedback_choices(scope_of(scheme)).rows == []


def test_executive_summary_counts_starters_completers_and_response_rate(scheme):
    question = _question(scheme, "Would you recommend it?", QuestionType.YES_NO)
    _responses(scheme, [{question: "yes"}] * 2, status=RelationshipStatus.COMPLETED)
    _responses(scheme, [{question: "no"}], status=RelationshipStatus.ENDED_EARLY)
    running = dashboard_relationship(
        scheme, started_on=date(2026, 2, 1), held_on=[date(2026, 2, 8)]
    )
    assert running.sessions.filter(status=SessionStatus.HELD).count() == 1

    rows = dict(executive_summary(scope_of(scheme)).rows)

    members_ended = sum(
        r.members.count()
        for r in scheme.relationships.filter(status__in=RelationshipStatus.ended_states)
    )
    assert rows["Relationships started"] == 4
    assert rows["Relationships completed"] == 2
    assert rows["Completion rate of ended relationships (%)"] == 66.7
    assert rows["Sessions held"] == 1
    assert rows["Feedback responses from ended relationships"] == 3
    assert rows["Feedback response rate (%)"] == round(100 * 3 / members_ended, 1)
    assert rows["Members who started (starters)"] >= 4


def test_executive_summary_of_an_empty_scheme_has_no_rates(scheme):
    rows = dict(executive_summary(scope_of(scheme)).rows)

    assert rows["Relationships started"] == 0
    assert rows["Completion rate of ended relationships (%)"] is None
    assert rows["Feedback response rate (%)"] is None


def test_the_report_starts_with_the_executive_summary(scheme, admin_user):
    report = evaluation_report_create(scheme=scheme, title="Pilot review", by=admin_user)

    content = report_content(report=report, today=TODAY)

    assert content.summary is not None
    assert content.summary.slug == "executive-summary"
    assert "feedback-choices" in [t.slug for t in content.tables]


def test_executive_summary_query_count_is_constant(scheme, django_assert_num_queries):
    _responses(scheme, [{}])
    with django_assert_num_queries(2):
        executive_summary(scope_of(scheme))
    for _ in range(5):
        _responses(SchemeFactory(), [{}])
    _responses(scheme, [{}] * 6)
    with django_assert_num_queries(2):
        executive_summary(scope_of(scheme))
