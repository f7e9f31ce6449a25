"""Consents: every choice about feedback sharing is recorded with its words and time, the
member withdraws or gives it again from their consents page (linked from the profile),
and a withdrawn consent stops staff reading and reports quoting the feedback."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import ConsentRecord, ConsentTopic
from insights.models import EvaluationReport, ReportQuote
from insights.selectors import report_themes
from sessions_log.models import FeedbackQuestion, FeedbackResponse, RelationshipStatus
from sessions_log.models.feedback import CONSENT
from sessions_log.rules import feedback_readable_by
from sessions_log.services import feedback_submit
from tests.cpd.factories import pair
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _ended(scheme, mentor, mentee):
    return pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 6, 1)
    )


def _feedback(scheme, mentor, mentee, *, share=True):
    question = FeedbackQuestion.objects.get_or_create(
        scheme=scheme, label="What went well?", type="long_text", required=False
    )[0]
    return feedback_submit(
        relationship=_ended(scheme, mentor, mentee),
        by=mentee,
        answers={str(question.pk): "Listening, mostly."},
        share_individually=share,
    )


@pytest.mark.parametrize("share", [True, False])
def test_the_feedback_forms_choice_is_recorded_with_its_words(scheme, mentor, mentee, share):
    response = _feedback(scheme, mentor, mentee, share=share)
    [record] = ConsentRecord.objects.filter(user=mentee)
    assert (record.topic, record.subject, record.given) == (
        ConsentTopic.FEEDBACK_SHARING,
        f"feedback:{response.pk}",
        share,
    )
    assert record.wording == CONSENT
    assert record.source == "Feedback form"


def test_member_withdraws_and_gives_again_with_history(client, scheme, coordinator, mentor, mentee):
    response = _feedback(scheme, mentor, mentee)
    report = EvaluationReport.objects.create(scheme=scheme, title="Year one")
    question = FeedbackQuestion.objects.get(scheme=scheme)
    ReportQuote.objects.create(report=report, theme="Growth", response=response, question=question)
    assert feedback_readable_by(FeedbackResponse.objects.all(), user=coordinator).count() == 1
    assert report_themes(report=report) != []
    client.force_login(mentee)
    assert reverse("consents") in client.get(reverse("accounts:profile")).content.decode()

    answer = client.post(reverse("consents"), {"response": response.pk, "share": "0"})

    assert answer.status_code == 302
    response.refresh_from_db()
    assert response.share_individually is False
    assert feedback_readable_by(FeedbackResponse.objects.all(), user=coordinator).count() == 0
    assert report_themes(report=report) == []
    client.post(reverse("consents"), {"response": response.pk, "share": "1"})
    history = list(ConsentRecord.objects.filter(user=mentee).order_by("recorded_at", "pk"))
    assert [(r.given, r.source) for r in history] == [
        (True, "Feedback form"),
        (False, "Consents page"),
        (True, "Consents page"),
    ]
    page = client.get(reverse("consents")).content.decode()
    assert "Withdraw consent" in page
    assert page.count("Consents page") == 2


def test_the_same_choice_twice_records_nothing_new(client, scheme, mentor, mentee):
    response = _feedback(scheme, mentor, mentee, share=False)
    client.force_login(mentee)
    client.post(reverse("consents"), {"response": response.pk, "share": "0"})
    assert ConsentRecord.objects.filter(user=mentee).count() == 1


@pytest.mark.parametrize("who", ["mentor", "outsider", "coordinator", "admin_user"])
def test_nobody_else_changes_a_members_consent(client, scheme, mentor, mentee, who, request):
    response = _feedback(scheme, mentor, mentee)
    client.force_login(request.getfixturevalue(who))
    answer = client.post(reverse("consents"), {"response": response.pk, "share": "0"})
    assert answer.status_code == 404
    response.refresh_from_db()
    assert response.share_individually is True
    assert ConsentRecord.objects.count() == 1
    assert "Listening" not in client.get(reverse("consents")).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"response": "x", "share": "0"},
        {"share": "0"},
        {"response": "9" * 40, "share": "0"},
        {"response": "1", "share": "maybe"},
    ],
)
def test_bad_input_is_a_404_and_changes_nothing(client, scheme, mentor, mentee, data):
    response = _feedback(scheme, mentor, mentee)
    client.force_login(mentee)
    if data.get("response") == "1":
        data = {**data, "response": str(response.pk)}
    assert client.post(reverse("consents"), data).status_code == 404
    response.refresh_from_db()
    assert response.share_individually is True
    assert ConsentRecord.objects.count() == 1


def test_signed_out_is_asked_to_sign_in(client):
    assert client.get(reverse("consents")).status_code == 302


@pytest.mark.parametrize("count", [1, 12])
def test_consents_page_queries_do_not_grow(
    client, scheme, mentee, count, django_assert_num_queries
):
    for _ in range(count):
        _feedback(scheme, ProfileFactory().user, mentee)
    client.force_login(mentee)
    # the session, the user, the feedback with its schemes, the history, the profile parts
    # shown before a match
    with django_assert_num_queries(5):
        page = client.get(reverse("consents"))
    assert page.content.decode().count("Withdraw consent") == count
