"""A score never turns into a "written answer": a feedback question's type (and scheme)
is fixed once it is answered, and an answer is written only if its question was free text
when the member answered (``FeedbackResponse.written_answer``).

The attack: a coordinator changes a number question to short text, then reads consenting
members' scores as "written answers" and, from the dashboard's average, deduces the score
of a member who did not consent."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from insights.models import EvaluationReport, ReportQuote
from insights.selectors import quotable_answers
from schemes.models import QuestionType
from sessions_log import services
from sessions_log.models import FeedbackQuestion
from sessions_log.models.feedback import ANSWERED_LOCKED
from tests.sessions_log.factories import start_pair

SCORE = "4711"


@pytest.fixture
def scored(scheme, mentor, mentee):
    """An ended pair; the mentee agreed to share, and gave a score and a written answer."""
    relationship = start_pair(scheme, mentor, mentee)
    services.relationship_end_early(relationship=relationship, by=mentor)
    written = FeedbackQuestion.objects.create(
        scheme=scheme, label="What helped most?", type=QuestionType.SHORT_TEXT
    )
    score = FeedbackQuestion.objects.create(
        scheme=scheme, label="How useful?", type=QuestionType.NUMBER, required=False
    )
    shared = services.feedback_submit(
        relationship=relationship,
        by=mentee,
        answers={str(written.pk): "Shared-answer", str(score.pk): SCORE},
        share_individually=True,
    )
    return score, shared


def question_post(question: FeedbackQuestion, **changes) -> dict:
    data = {
        "scheme": question.scheme_id,
        "role": question.role,
        "order": question.order,
        "label": question.label,
        "help_text": question.help_text,
        "type": question.type,
        "required": "on" if question.required else "",
        "choices": question.choices,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("reader", ["coordinator", "admin_user"])
def test_turning_an_answered_score_into_text_is_refused_and_reveals_nothing(
    client, request, scored, reader
):
    score, shared = scored
    client.force_login(request.getfixturevalue(reader))
    url = reverse("admin:sessions_log_feedbackquestion_change", args=[score.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, question_post(score, type=QuestionType.SHORT_TEXT))

    assert response.status_code == 200  # the form again, with the error
    assert ANSWERED_LOCKED.format(what="type") in response.context["adminform"].form.errors["type"]
    score.refresh_from_db()
    assert score.type == QuestionType.NUMBER
    page = client.get(reverse("admin:sessions_log_feedbackresponse_change", args=[shared.pk]))
    assert "Shared-answer" in page.content.decode()
    assert SCORE not in page.content.decode()


def test_an_answered_questions_type_and_scheme_are_refused_by_the_model(scored, other_scheme):
    score, _shared = scored
    score.type = QuestionType.LONG_TEXT
    score.scheme = other_scheme
    with pytest.raises(ValidationError) as caught:
        score.full_clean()
    assert set(caught.value.message_dict) == {"type", "scheme"}


def test_an_answered_questions_wording_may_still_change(client, coordinator, scored):
    score, _shared = scored
    client.force_login(coordinator)
    url = reverse("admin:sessions_log_feedbackquestion_change", args=[score.pk])
    response = client.post(url, question_post(score, label="How useful, overall?"))
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.label, score.type) == ("How useful, overall?", QuestionType.NUMBER)


def test_the_type_may_change_before_any_answer(client, coordinator, scheme):
    question = FeedbackQuestion.objects.create(
        scheme=scheme, label="How useful?", type=QuestionType.NUMBER
    )
    client.force_login(coordinator)
    url = reverse("admin:sessions_log_feedbackquestion_change", args=[question.pk])
    response = client.post(url, question_post(question, type=QuestionType.SHORT_TEXT))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.type == QuestionType.SHORT_TEXT


def test_a_score_stays_a_score_even_if_the_type_is_changed_behind_the_rules(
    client, coordinator, scored
):
    """Whatever changes the type without validation (a data fix, a shell), the answer was
    given as a score: the admin, the quotable answers and a quote all leave it out."""
    score, shared = scored
    FeedbackQuestion.objects.filter(pk=score.pk).update(type=QuestionType.SHORT_TEXT)
    score.refresh_from_db()
    client.force_login(coordinator)

    page = client.get(reverse("admin:sessions_log_feedbackresponse_change", args=[shared.pk]))
    assert SCORE not in page.content.decode()
    texts = [a.text for a in quotable_answers(scheme=score.scheme, user=coordinator)]
    assert texts == ["Shared-answer"]
    report = EvaluationReport.objects.create(scheme=score.scheme, title="Report")
    quote = ReportQuote(report=report, theme="Value", response=shared, question=score)
    with pytest.raises(ValidationError) as caught:
        quote.full_clean()
    assert "question" in caught.value.message_dict
