import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schemes.models import QuestionType
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


def test_feedback_page_before_the_end_or_a_second_time_says_why_without_a_form(
    client, other_scheme, ended, mentor, mentee
):
    """No form that would only be refused: before the end, and once given, the member is
    taken back to the relationship with the reason."""
    running = start_pair(other_scheme, mentor, mentee)
    client.force_login(mentee)

    early = client.get(reverse("sessions_log:feedback", kwargs={"pk": running.pk}), follow=True)
    url = reverse("sessions_log:feedback", kwargs={"pk": ended.pk})
    assert client.get(url).status_code == 200  # ended: the form
    services.feedback_submit(relationship=ended, by=mentee, answers={}, share_individually=False)
    again = client.get(url, follow=True)

    assert early.redirect_chain[-1][0] == reverse("sessions_log:relationship", args=[running.pk])
    assert "Feedback is given when the relationship has ended" in early.content.decode()
    assert "You have already given feedback" in again.content.decode()
    assert 'name="share_individually"' not in again.content.decode()
