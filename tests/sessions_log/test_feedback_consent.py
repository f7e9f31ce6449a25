"""Who reads consented feedback: exactly the readers the consent names (the scheme's
coordinators and the administrators), through one predicate, ``feedback_readable_by``."""

import pytest
from django.urls import reverse

from schemes.models import QuestionType
from sessions_log import services
from sessions_log.models import FeedbackQuestion, FeedbackResponse
from sessions_log.models.feedback import CONSENT, CONSENT_RECORDED
from sessions_log.rules import feedback_readable_by
from tests.factories import UserFactory
from tests.sessions_log.factories import start_pair


@pytest.fixture
def answered(scheme, mentor, mentee):
    """An ended pair: the mentee shared their answer individually, the mentor did not."""
    relationship = start_pair(scheme, mentor, mentee)
    services.relationship_end_early(relationship=relationship, by=mentor)
    question = FeedbackQuestion.objects.create(
        scheme=scheme, label="What helped most?", type=QuestionType.SHORT_TEXT
    )
    score = FeedbackQuestion.objects.create(
        scheme=scheme, label="How useful (1-5)?", type=QuestionType.NUMBER, required=False
    )
    shared = services.feedback_submit(
        relationship=relationship,
        by=mentee,
        answers={str(question.pk): "Shared-answer", str(score.pk): "4711"},
        share_individually=True,
    )
    services.feedback_submit(
        relationship=relationship,
        by=mentor,
        answers={str(question.pk): "Private-answer"},
        share_individually=False,
    )
    return relationship, shared


def test_the_consent_names_the_coordinators_and_administrators(client, scheme):
    """The member was told "administrators" while coordinators read the answers too."""
    for text in (CONSENT, CONSENT_RECORDED):
        assert "coordinators of this scheme" in text
        assert "administrators" in text
        assert "written answers" in text
    assert FeedbackResponse._meta.get_field("share_individually").help_text == CONSENT_RECORDED
    mentor, mentee = UserFactory(), UserFactory()
    relationship = start_pair(scheme, mentor, mentee)
    services.relationship_end_early(relationship=relationship, by=mentor)
    client.force_login(mentee)

    page = client.get(reverse("sessions_log:feedback", kwargs={"pk": relationship.pk}))

    assert page.status_code == 200
    assert "The coordinators of this scheme and the professional body" in page.content.decode()


@pytest.mark.parametrize(
    ("reader", "sees"),
    [
        ("admin_user", {"Shared-answer"}),
        ("coordinator", {"Shared-answer"}),
        ("other_coordinator", set()),
        ("mentee", set()),
        ("outsider", set()),
    ],
)
def test_only_the_named_readers_read_consented_feedback(request, answered, reader, sees):
    user = request.getfixturevalue(reader)

    readable = feedback_readable_by(FeedbackResponse.objects.all(), user=user)

    assert {r.answers[k] for r in readable for k in r.answers if r.answers[k] != "4711"} == sees


@pytest.mark.parametrize(("reader", "rows"), [("coordinator", 1), ("other_coordinator", 0)])
def test_the_admin_lists_what_the_predicate_allows(client, request, answered, reader, rows):
    client.force_login(request.getfixturevalue(reader))

    listing = client.get(reverse("admin:sessions_log_feedbackresponse_changelist"))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == rows
    assert "Private-answer" not in listing.content.decode()


def test_an_anonymous_visitor_reads_nothing(answered):
    from django.contrib.auth.models import AnonymousUser

    assert not feedback_readable_by(FeedbackResponse.objects.all(), user=AnonymousUser()).exists()


def test_the_admin_shows_a_consenting_members_written_answers_not_their_scores(
    client, coordinator, answered
):
    """A score read one by one would undo the averages' disclosure rule (a block's sum
    less the scores read individually); the consent covers written answers only."""
    _relationship, shared = answered
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:sessions_log_feedbackresponse_change", args=[shared.pk])
    ).content.decode()

    assert "Shared-answer" in page
    assert "4711" not in page
