import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schemes.question_base import QuestionType
from sessions_log import services
from sessions_log.models import EvaluationDimension, FeedbackQuestion, RatingPhase, SelfRating
from tests.sessions_log.factories import start_pair


@pytest.fixture
def ended(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    services.relationship_end_early(relationship=relationship, by=mentor)
    return relationship


def test_self_ratings_baseline_then_exit(scheme, mentor, mentee):
    dims = [
        EvaluationDimension.objects.create(scheme=scheme, name=n, order=i)
        for i, n in enumerate(["Confidence", "Leadership"])
    ]
    relationship = start_pair(scheme, mentor, mentee)
    scores = {dims[0].pk: 2, dims[1].pk: 3}
    services.self_ratings_record(
        relationship=relationship, by=mentee, phase=RatingPhase.BASELINE, scores=scores
    )
    with pytest.raises(ValidationError):
        services.self_ratings_record(
            relationship=relationship, by=mentee, phase=RatingPhase.EXIT, scores=scores
        )
    with pytest.raises(ValidationError):
        services.self_ratings_record(
            relationship=relationship,
            by=mentee,
            phase=RatingPhase.BASELINE,
            scores={dims[0].pk: 9, dims[1].pk: 1},
        )
    services.relationship_end_early(relationship=relationship, by=mentee)
    services.self_ratings_record(
        relationship=relationship,
        by=mentee,
        phase=RatingPhase.EXIT,
        scores={dims[0].pk: 4, dims[1].pk: 5},
    )
    assert sorted(SelfRating.objects.values_list("dimension__name", "phase", "score")) == [
        ("Confidence", "baseline", 2),
        ("Confidence", "exit", 4),
        ("Leadership", "baseline", 3),
        ("Leadership", "exit", 5),
    ]


def test_feedback_only_after_end(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    with pytest.raises(ValidationError):
        services.feedback_submit(
            relationship=relationship, by=mentee, answers={}, share_individually=True
        )


def test_feedback_view_and_admin_shows_only_consented(client, ended, mentor, mentee, admin_user):
    question = FeedbackQuestion.objects.create(
        scheme=ended.scheme, label="What helped most?", type=QuestionType.SHORT_TEXT
    )
    url = reverse("sessions_log:feedback", kwargs={"pk": ended.pk})
    client.force_login(mentee)
    assert client.post(url, {}).status_code == 400  # required answer missing
    client.post(url, {f"q_{question.pk}": "Shared-answer", "share_individually": "on"})
    client.force_login(mentor)
    client.post(url, {f"q_{question.pk}": "Private-answer"})
    client.force_login(admin_user)
    listing = client.get(reverse("admin:sessions_log_feedbackresponse_changelist"))
    assert listing.context["cl"].result_count == 1
    [shown] = listing.context["cl"].result_list
    assert shown.answers == {str(question.pk): "Shared-answer"}


def test_feedback_view_is_404_for_outsider(client, ended, outsider):
    client.force_login(outsider)
    url = reverse("sessions_log:feedback", kwargs={"pk": ended.pk})
    assert client.get(url).status_code == 404
