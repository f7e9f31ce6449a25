"""Evaluation reports in the admin: scoping to the coordinator's schemes, choosing quotes
(consented free text only), the PDF action and link, and the coordinators' permissions."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import coordinator_permission_codes
from insights import services
from insights.models import NOT_CONSENTED, EvaluationReport, ReportQuote
from insights.rules import COORDINATOR_PERMISSIONS
from tests.insights.factories import SHARED_QUOTE_PRINTED, report_world

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = ("outcomes", "mentor_development", "difference_made", "future_development")


@pytest.fixture
def world(scheme, mentor, mentee):
    return report_world(scheme, mentor, mentee)


@pytest.fixture
def report(scheme, admin_user):
    return services.evaluation_report_create(scheme=scheme, title="Pilot review", by=admin_user)


def change_data(report, quotes=(), initial=0, **overrides):
    data = {
        "title": report.title,
        "period_start": "",
        "period_end": "",
        **{name: "" for name in (*ANSWER_FIELDS, "handover")},
        "quotes-TOTAL_FORMS": str(len(quotes)),
        "quotes-INITIAL_FORMS": str(initial),
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    for i, quote in enumerate(quotes):
        data.update({f"quotes-{i}-{k}": v for k, v in quote.items()})
        data[f"quotes-{i}-report"] = str(report.pk)
    data.update(overrides)
    return data


def test_coordinator_permissions_reach_the_coordinators_group(coordinator_group):
    assert set(COORDINATOR_PERMISSIONS) <= set(coordinator_permission_codes())
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in coordinator_group.permissions.filter(content_type__app_label="insights")
    }
    assert granted == set(COORDINATOR_PERMISSIONS)


def test_coordinator_adds_a_report_for_their_scheme_only(client, coordinator, scheme, other_scheme):
    client.force_login(coordinator)
    page = client.get(reverse("admin:insights_evaluationreport_add"))
    assert page.status_code == 200
    assert list(page.context["adminform"].form.fields["scheme"].queryset) == [scheme]
    data = {
        "scheme": str(scheme.pk),
        "title": "Cohort one",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "outcomes": "Most pairs finished.",
        "mentor_development": "",
        "difference_made": "",
        "future_development": "",
        "handover": "",
    }
    response = client.post(reverse("admin:insights_evaluationreport_add"), data)
    assert response.status_code == 302
    report = EvaluationReport.objects.get()
    assert (report.scheme, report.created_by, report.period_start, report.outcomes) == (
        scheme,
        coordinator,
        date(2026, 1, 1),
        "Most pairs finished.",
    )
    refused = client.post(
        reverse("admin:insights_evaluationreport_add"),
        {**data, "scheme": str(other_scheme.pk), "title": "Not mine"},
    )
    assert refused.status_code == 200
    assert EvaluationReport.objects.filter(title="Not mine").exists() is False


def test_admin_add_refuses_a_period_ending_before_it_starts(client, admin_user, scheme):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:insights_evaluationreport_add"),
        {
            "scheme": str(scheme.pk),
            "title": "Backwards",
            "period_start": "2026-06-01",
            "period_end": "2026-01-01",
            **{name: "" for name in (*ANSWER_FIELDS, "handover")},
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "period_end": ["The end of the cohort period is before its start."]
    }


def test_other_coordinator_cannot_see_or_change_the_report(client, other_coordinator, report):
    client.force_login(other_coordinator)
    listing = client.get(reverse("admin:insights_evaluationreport_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == []
    change = client.get(reverse("admin:insights_evaluationreport_change", args=[report.pk]))
    assert change.status_code == 302  # the admin's "does not exist" redirect
    assert change.url == reverse("admin:index")


def test_quote_choices_are_consented_answers_as_they_will_print(client, coordinator, report, world):
    client.force_login(coordinator)
    page = client.get(reverse("admin:insights_evaluationreport_change", args=[report.pk]))
    assert page.status_code == 200
    form = page.context["inline_admin_formsets"][0].formset.forms[0]
    key = f"{world['shared'].pk}:{world['question'].pk}"
    assert list(form.fields["answer"].widget.choices) == [
        ("", "---------"),
        (key, f"What did you value most?: “{SHARED_QUOTE_PRINTED}”"),
    ]
    html = page.content.decode()
    assert "SECRET-UNSHARED-FEEDBACK" not in html
    assert "Olusegun" not in html
    assert reverse("insights:report_pdf", kwargs={"pk": report.pk}) in html


def test_coordinator_chooses_a_quote_under_a_theme(client, coordinator, report, world):
    client.force_login(coordinator)
    key = f"{world['shared'].pk}:{world['question'].pk}"
    response = client.post(
        reverse("admin:insights_evaluationreport_change", args=[report.pk]),
        change_data(report, [{"theme": "Confidence", "answer": key, "order": "1"}]),
    )
    assert response.status_code == 302
    assert list(ReportQuote.objects.values_list("report", "theme", "response", "question")) == [
        (report.pk, "Confidence", world["shared"].pk, world["question"].pk)
    ]


def test_unshared_feedback_cannot_be_chosen_in_the_admin(client, admin_user, report, world):
    client.force_login(admin_user)
    key = f"{world['unshared'].pk}:{world['question'].pk}"
    response = client.post(
        reverse("admin:insights_evaluationreport_change", args=[report.pk]),
        change_data(report, [{"theme": "Sneaky", "answer": key, "order": "0"}]),
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    # Not listed, so refused like a made-up answer: the form does not say who consented.
    assert errors == [{"answer": ["Choose one of the listed answers."]}]
    assert str(NOT_CONSENTED) not in response.content.decode()
    assert ReportQuote.objects.exists() is False


def test_quote_form_says_nothing_about_other_schemes_feedback(
    client, coordinator, report, world, other_scheme, mentor, mentee
):
    """Another scheme's consented and unconsented answers, and a made-up one, get the same
    answer: the quote form is no oracle on which responses exist or who consented."""
    from sessions_log.models import RelationshipStatus
    from tests.cpd.factories import pair
    from tests.insights.factories import feedback, free_text_question

    elsewhere = pair(other_scheme, mentor, mentee, status=RelationshipStatus.COMPLETED)
    question = free_text_question(other_scheme)
    shared = feedback(elsewhere, mentee, {question: "Fine."}, share=True)
    unshared = feedback(elsewhere, mentor, {question: "Private."}, share=False)
    client.force_login(coordinator)
    url = reverse("admin:insights_evaluationreport_change", args=[report.pk])
    answers = []
    for key in (f"{shared.pk}:{question.pk}", f"{unshared.pk}:{question.pk}", "999999:1"):
        response = client.post(
            url, change_data(report, [{"theme": "T", "answer": key, "order": "0"}])
        )
        answers.append(response.context["inline_admin_formsets"][0].formset.errors)
    assert answers == [[{"answer": ["Choose one of the listed answers."]}]] * 3
    assert ReportQuote.objects.exists() is False


def test_a_made_up_answer_is_refused(client, admin_user, report, world):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:insights_evaluationreport_change", args=[report.pk]),
        change_data(report, [{"theme": "T", "answer": "999999:1", "order": "0"}]),
    )
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {"answer": ["Choose one of the listed answers."]}
    ]


def test_admin_action_downloads_one_report_as_pdf(client, admin_user, report, scheme):
    client.force_login(admin_user)
    url = reverse("admin:insights_evaluationreport_changelist")
    response = client.post(url, {"action": "download_pdf", "_selected_action": [report.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_admin_action_asks_for_exactly_one_report(client, admin_user, report, scheme):
    second = services.evaluation_report_create(scheme=scheme, title="Second", by=admin_user)
    client.force_login(admin_user)
    url = reverse("admin:insights_evaluationreport_changelist")
    response = client.post(
        url, {"action": "download_pdf", "_selected_action": [report.pk, second.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Choose one report to download as a PDF."
    ]


def test_report_changelist_queries_are_constant(
    client, admin_user, scheme, django_assert_num_queries
):
    client.force_login(admin_user)
    url = reverse("admin:insights_evaluationreport_changelist")
    services.evaluation_report_create(scheme=scheme, title="One", by=admin_user)
    client.get(url)  # warm up (session, content types)
    with django_assert_num_queries(7) as one:
        assert client.get(url).status_code == 200
    for n in range(8):
        services.evaluation_report_create(scheme=scheme, title=f"R{n}", by=admin_user)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_same_answer_cannot_be_quoted_twice(client, admin_user, report, world):
    client.force_login(admin_user)
    key = f"{world['shared'].pk}:{world['question'].pk}"
    response = client.post(
        reverse("admin:insights_evaluationreport_change", args=[report.pk]),
        change_data(
            report,
            [
                {"theme": "One", "answer": key, "order": "0"},
                {"theme": "Two", "answer": key, "order": "1"},
            ],
        ),
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == ["The same answer is quoted more than once."]
    assert ReportQuote.objects.exists() is False
