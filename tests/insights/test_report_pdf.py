"""The evaluation report PDF: what it prints (read back with pypdf), anonymised quotes, and
nothing confidential."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from insights import services
from insights.metrics import Table
from insights.models import NOT_CONSENTED
from insights.report_pdf import report_pdf
from insights.selectors import Quote, ReportContent, Theme, anonymise, report_content
from tests.core.test_pdf import NAMES, pdf_lines
from tests.insights.factories import (
    CONFIDENTIAL,
    SHARED_QUOTE_PRINTED,
    feedback,
    free_text_question,
    report_world,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "outcomes": "Nine in ten pairs completed the programme.",
    "mentor_development": "Mentors grew as coaches at the learning sets.",
    "difference_made": "Mentees took on leadership rôles within a year.",
    "future_development": "Open a second cohort for reciprocal pairs.",
    "handover": "The regional network takes it on from April.",
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def world(scheme, mentor, mentee):
    return report_world(scheme, mentor, mentee)


@pytest.fixture
def report(world, scheme, admin_user):
    report = services.evaluation_report_create(
        scheme=scheme,
        title="Pilot evaluation 2026",
        by=admin_user,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        answers=ANSWERS,
    )
    services.report_quote_add(
        report=report,
        response=world["shared"],
        question=world["question"],
        theme="Confidence at work",
    )
    return report


@time_machine.travel("2026-07-15 12:00Z")
def test_report_pdf_prints_title_figures_quotes_and_answers(client, admin_user, report, scheme):
    client.force_login(admin_user)
    response = client.get(reverse("insights:report_pdf", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{scheme.slug}-pilot-evaluation-2026.pdf"'
    )
    text = pdf_text(response.content)
    for expected in (
        "Pilot evaluation 2026",
        scheme.name,
        "Cohort period: 01 Jan 2026 to 30 Jun 2026",
        "Report date: 15 Jul 2026",
        "Executive summary",
        "Relationships started",
        "Feedback response rate (%)",
        "1.1 Pipeline",
        "Outcomes of relationships",
        "Feedback: choices and yes/no answers",
        "Figures rest on fixed groups of at least 5 respondents",
        "Confidence at work",
        f"“{SHARED_QUOTE_PRINTED}”",
        "— a mentee, answering “What did you value most?”",
        "What difference has the programme made?",
        *ANSWERS.values(),
    ):
        assert expected in text, expected
    assert text.index("Executive summary") < text.index("1.1 Pipeline")


def test_report_pdf_leaves_out_names_emails_and_confidential_content(client, admin_user, report):
    client.force_login(admin_user)
    text = pdf_text(client.get(reverse("insights:report_pdf", kwargs={"pk": report.pk})).content)
    for word in ("Olusegun", "Adeyemi", "Zoë", "Kowalska", "olu.adeyemi@example.org"):
        assert word not in text
    for marker in CONFIDENTIAL:
        assert marker not in text


def test_report_pdf_leaves_out_a_quote_whose_consent_was_withdrawn(admin_user, report, world):
    world["shared"].share_individually = False
    world["shared"].save()
    content = report_content(report=report, today=date(2026, 7, 15))
    assert content.themes == []
    assert "No feedback was chosen for this report." in pdf_text(report_pdf(content))


def test_report_pdf_says_when_nothing_is_answered_or_chosen(scheme, admin_user):
    report = services.evaluation_report_create(scheme=scheme, title="Early look", by=admin_user)
    text = pdf_text(report_pdf(report_content(report=report, today=date(2026, 3, 1))))
    assert "The whole scheme, up to 01 Mar 2026" in text
    assert "No feedback was chosen for this report." in text
    assert text.count("(Not answered.)") == 5


def test_report_pdf_draws_tables_with_suppressed_cells_and_unicode():
    content = ReportContent(
        title="Évaluation — cohort ‘A’",
        scheme_name="Łódź peer scheme",
        period_start=date(2026, 1, 1),
        period_end=None,
        generated_on=date(2026, 5, 1),
        tables=[
            Table(
                slug="self-ratings",
                title="Self-ratings: baseline against exit",
                columns=["Dimension", "Respondents", "Baseline", "Exit"],
                rows=[["Confidence", 6, 2.5, 4.25], ["Leadership", 5, None, 3.0]],
                note="Groups with fewer than 5 respondents are not shown.",
                chart="grouped",
            ),
            Table(slug="empty", title="Feedback scores", columns=["Question"], rows=[]),
        ],
        themes=[Theme("Growth", [Quote("Я стал увереннее.", "peer", "Что было ценно?")])],
        answers=[("What were the outcomes?", "Très bien.")],
    )
    text = pdf_text(report_pdf(content))
    for expected in (
        "Évaluation — cohort ‘A’",
        "Łódź peer scheme",
        "Cohort period: from 01 Jan 2026 to 01 May 2026",
        "1.1 Self-ratings: baseline against exit",
        "Confidence 6 2.5 4.25",
        "Leadership 5 – 3",
        "–: not shown (a group too small to stay anonymous) or no data.",
        "1.2 Feedback scores No data for this period.",
        "“Я стал увереннее.”",
        "Très bien.",
    ):
        assert expected in text, expected


def test_anonymise_removes_emails_and_whole_names_in_any_case():
    names = ["Ann Lee", "Ann", "Lee"]
    assert anonymise(
        "ANN said lee's email is a.lee+x@mail.example.co.uk; Annabel agreed", names
    ) == ("[name] said [name]'s email is [email]; Annabel agreed")


def test_quote_of_unshared_feedback_is_refused_with_a_clear_message(report, world):
    with pytest.raises(ValidationError) as error:
        services.report_quote_add(
            report=report, response=world["unshared"], question=world["question"], theme="T"
        )
    assert error.value.message_dict == {"response": [str(NOT_CONSENTED)]}


def test_quote_from_another_scheme_or_question_kind_is_refused(
    report, world, other_scheme, mentor, mentee
):
    from sessions_log.models import RelationshipStatus
    from tests.cpd.factories import pair

    elsewhere = pair(other_scheme, mentor, mentee, status=RelationshipStatus.COMPLETED)
    other_question = free_text_question(other_scheme)
    other = feedback(elsewhere, mentee, {other_question: "Fine."})
    with pytest.raises(ValidationError) as error:
        services.report_quote_add(report=report, response=other, question=other_question, theme="T")
    assert error.value.message_dict == {
        "response": ["This feedback is about another scheme."],
        "question": ["This question belongs to another scheme."],
    }
    number = free_text_question(report.scheme, label="Score", type="number")
    with pytest.raises(ValidationError) as error:
        services.report_quote_add(
            report=report, response=world["shared"], question=number, theme="T"
        )
    assert error.value.message_dict == {
        "question": ["Only answers to free-text questions can be quoted."]
    }


def test_report_period_end_before_start_is_refused(scheme, admin_user):
    with pytest.raises(ValidationError) as error:
        services.evaluation_report_create(
            scheme=scheme,
            title="Backwards",
            by=admin_user,
            period_start=date(2026, 6, 1),
            period_end=date(2026, 1, 1),
        )
    assert error.value.message_dict == {
        "period_end": ["The end of the cohort period is before its start."]
    }


def test_report_themes_group_quotes_in_order_of_first_appearance(report, world, mentor, mentee):
    from insights.selectors import report_themes

    second = free_text_question(report.scheme, label="What would you change?")
    world["shared"].answers[str(second.pk)] = "More time, Zoë says."
    world["shared"].question_types[str(second.pk)] = second.type  # answered as free text
    world["shared"].save()
    report.quotes.update(order=5)
    services.report_quote_add(
        report=report, response=world["shared"], question=second, theme="Time", order=0
    )
    assert report_themes(report=report) == [
        Theme("Time", [Quote("More time, [name] says.", "mentee", "What would you change?")]),
        Theme(
            "Confidence at work",
            [Quote(SHARED_QUOTE_PRINTED, "mentee", "What did you value most?")],
        ),
    ]


def test_report_pdf_queries_are_constant(
    client, admin_user, report, scheme, django_assert_num_queries
):
    from sessions_log.models import RelationshipStatus
    from tests.cpd.factories import held, pair
    from tests.factories import ProfileFactory

    client.force_login(admin_user)
    url = reverse("insights:report_pdf", kwargs={"pk": report.pk})
    client.get(url)
    with django_assert_num_queries(22) as one:
        assert client.get(url).status_code == 200
    question = free_text_question(scheme, label="Anything else?")
    for i in range(6):
        a, b = ProfileFactory().user, ProfileFactory().user
        rel = pair(
            scheme, a, b, started_on=date(2026, 2, 1 + i), status=RelationshipStatus.COMPLETED
        )
        held(rel, 1, on=date(2026, 3, 1 + i))
        response = feedback(rel, b, {question: f"Answer {i}"})
        services.report_quote_add(report=report, response=response, question=question, theme="More")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_report_pdf_gives_back_every_script_exactly():
    """Each script's sample, as a quote, a theme and an answer, comes back line for line."""
    content = ReportContent(
        title="Every script",
        scheme_name="International peers",
        period_start=None,
        period_end=None,
        generated_on=date(2026, 5, 1),
        themes=[Theme(name, [Quote(name, "peer", "Q")]) for name in NAMES.values()],
        answers=[(key, name) for key, name in NAMES.items()],
    )
    lines = pdf_lines(report_pdf(content))
    for name in NAMES.values():
        # the theme heading, the quote in quotation marks, the answer
        assert lines.count(name) == 2, name
        assert f"“{name}”" in lines, name
