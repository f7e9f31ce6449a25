"""The scheme-health dashboard pages and CSV downloads: who sees what, bad input, CSV
content, accessible charts, nothing confidential, constant query counts."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from schemes.models import QuestionType, Role
from sessions_log.models import FeedbackQuestion, RelationshipStatus
from tests.cpd.factories import reflection
from tests.factories import SchemeFactory, UserFactory
from tests.insights.factories import (
    CONFIDENTIAL,
    dashboard_application,
    dashboard_relationship,
    feedback,
    report_world,
)

SLUGS = (
    "funnel",
    "supply-demand",
    "time-to-match",
    "momentum-last-session",
    "sessions-per-month",
    "programme-steps",
    "outcomes",
    "feedback-scores",
    "feedback-choices",
    "self-ratings",
)


def page(scheme=None) -> str:
    if scheme is None:
        return reverse("insights:dashboard")
    return reverse("insights:dashboard_scheme", kwargs={"slug": scheme.slug})


def csv_url(table: str, scheme=None) -> str:
    if scheme is None:
        return reverse("insights:dashboard_csv", kwargs={"table": table})
    return reverse("insights:dashboard_scheme_csv", kwargs={"slug": scheme.slug, "table": table})


def scheme_names(response) -> list[str]:
    return [s["name"] for s in response.context["scheme_list"]]


def test_dashboard_administrator_sees_every_scheme(client, admin_user, scheme, other_scheme):
    client.force_login(admin_user)

    response = client.get(page())

    assert response.status_code == 200
    assert scheme_names(response) == sorted([scheme.name, other_scheme.name])
    assert [f["table"].slug for f in response.context["figures"]] == list(SLUGS)


def test_dashboard_coordinator_sees_only_their_schemes(client, coordinator, scheme, other_scheme):
    dashboard_application(other_scheme, Role.MENTEE, submitted=datetime(2026, 1, 5, tzinfo=UTC))
    client.force_login(coordinator)

    response = client.get(page())

    assert response.status_code == 200
    assert scheme_names(response) == [scheme.name]
    funnel = response.context["figures"][0]["table"]
    assert funnel.rows[1] == ["Applied", 0, 0]
    assert client.get(page(scheme)).status_code == 200


def test_dashboard_other_coordinators_scheme_is_404(client, coordinator, other_scheme):
    client.force_login(coordinator)

    assert client.get(page(other_scheme)).status_code == 404
    assert client.get(csv_url("funnel", other_scheme)).status_code == 404


@pytest.mark.parametrize("who", ["mentor", "mentee", "outsider"])
def test_dashboard_members_get_404(client, request, scheme, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page()).status_code == 404
    assert client.get(page(scheme)).status_code == 404
    assert client.get(csv_url("funnel")).status_code == 404
    assert client.get(csv_url("funnel", scheme)).status_code == 404


def test_dashboard_anonymous_is_sent_to_sign_in(client, scheme):
    for url in (page(), page(scheme), csv_url("funnel", scheme)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?next={url}"


def test_dashboard_unknown_scheme_or_figure_is_404(client, admin_user, scheme):
    client.force_login(admin_user)

    assert client.get(reverse("insights:dashboard_scheme", args=["no-such"])).status_code == 404
    assert client.get(csv_url("no-such-figure", scheme)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-01"}, "Enter a valid date."),
        ({"start": "yesterday", "end": "2026-01-01"}, "Enter a valid date."),
        (
            {"start": "2026-03-01", "end": "2026-02-01"},
            "The end of the cohort is before its start.",
        ),
    ],
)
def test_dashboard_bad_cohort_dates_are_explained(client, admin_user, scheme, query, message):
    client.force_login(admin_user)

    response = client.get(page(scheme), query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["figures"] == []
    bad_csv = client.get(csv_url("funnel", scheme), query)
    assert bad_csv.status_code == 400
    assert bad_csv.content.decode() == message


def test_dashboard_cohort_filters_the_figures(client, admin_user, scheme):
    for day in (date(2026, 1, 31), date(2026, 2, 10)):
        dashboard_application(
            scheme, Role.MENTEE, submitted=datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        )
    client.force_login(admin_user)

    response = client.get(page(scheme), {"start": "2026-02-01", "end": "2026-02-28"})

    assert response.status_code == 200
    assert response.context["figures"][0]["table"].rows[1] == ["Applied", 0, 1]
    link = csv_url("funnel", scheme) + "?start=2026-02-01&amp;end=2026-02-28"
    assert link in response.content.decode()


def test_dashboard_csv_has_the_figures_data(client, coordinator, scheme):
    scheme.target_window_days = 90
    scheme.save()
    dashboard_application(
        scheme,
        Role.MENTEE,
        submitted=datetime(2026, 1, 5, 10, tzinfo=UTC),
        matched=datetime(2026, 1, 20, 10, tzinfo=UTC),
    )
    client.force_login(coordinator)

    response = client.get(csv_url("time-to-match", scheme))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{scheme.slug}-time-to-match.csv"'
    )
    assert response.content.decode().splitlines() == [
        "Days from application to match,Applicants,Within the target window",
        "0–30 days,1,yes",
        "31–60 days,0,yes",
        "61–90 days,0,yes",
        "91–135 days,0,no",
        "136–180 days,0,no",
        "Over 180 days,0,no",
    ]


def test_dashboard_csv_guards_against_formulas(client, admin_user, scheme):
    question = FeedbackQuestion.objects.create(
        scheme=scheme, label="=HYPERLINK(1)", type=QuestionType.NUMBER
    )
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    for _ in range(5):
        feedback(relationship, UserFactory(), {question: "-2"}, share=False)
    client.force_login(admin_user)

    response = client.get(csv_url("feedback-scores", scheme))

    assert response.content.decode().splitlines() == [
        "Question,Respondents,Average answer",
        "'=HYPERLINK(1),5,-2.0",
    ]


def test_dashboard_charts_are_accessible_svg(client, admin_user, scheme):
    client.force_login(admin_user)

    html = client.get(page(scheme)).content.decode()

    assert html.count('<svg role="img"') == len(SLUGS)
    assert '<title id="chart-funnel-title">Pipeline: from interest to completion</title>' in html
    assert '<desc id="chart-funnel-desc">Pipeline: from interest to completion. Columns:' in html
    assert "<summary>Table view</summary>" in html
    assert '<th scope="row">Registered interest</th>' in html


def test_dashboard_shows_no_confidential_content(client, admin_user, scheme, mentor, mentee):
    world = report_world(scheme, mentor, mentee)
    marker = "MARKER-CONFIDENTIAL-7"
    relationship = dashboard_relationship(
        scheme,
        started_on=date(2026, 1, 5),
        status=RelationshipStatus.COMPLETED,
        held_on=[date(2026, 1, 12)],
        notes=marker,
    )
    reflection(mentor, relationship=relationship, entries={"what": marker})
    text = FeedbackQuestion.objects.create(
        scheme=scheme, label="Anything else?", type=QuestionType.SHORT_TEXT
    )
    number = FeedbackQuestion.objects.create(scheme=scheme, label="Score", type=QuestionType.NUMBER)
    for share in (True, False, True, False, True):
        feedback(relationship, UserFactory(), {text: marker, number: "4"}, share=share)
    client.force_login(admin_user)

    outputs = [client.get(page(scheme)), client.get(page())]
    outputs += [client.get(csv_url(slug, scheme)) for slug in SLUGS]
    outputs += [client.get(csv_url(slug)) for slug in SLUGS]

    assert all(r.status_code == 200 for r in outputs)
    everything = "\n".join(r.content.decode() for r in outputs)
    assert "Score" in everything  # the number question's average is shown...
    for secret in (marker, world["shared"].answers[str(world["question"].pk)], *CONFIDENTIAL):
        assert secret not in everything  # ...but no free text, note or reflection


def _populate(schemes, relationships_each):
    for s in schemes:
        dashboard_application(s, Role.MENTOR, submitted=datetime(2026, 1, 3, 10, tzinfo=UTC))
        dashboard_application(
            s,
            Role.MENTEE,
            submitted=datetime(2026, 1, 5, 10, tzinfo=UTC),
            matched=datetime(2026, 2, 5, 10, tzinfo=UTC),
        )
        for _ in range(relationships_each):
            dashboard_relationship(
                s,
                started_on=date(2026, 2, 1),
                held_on=[date(2026, 2, 8)],
                planned_for=[date(2026, 3, 8)],
            )


# session, user, the list of schemes, 13 for the figures (no feedback questions here, so
# their averages are not asked for), +1 on a scheme's page: the scheme itself
ALL_SCHEMES_QUERIES = 18
ONE_SCHEME_QUERIES = 19


def test_dashboard_queries_are_constant(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    first = SchemeFactory()
    _populate([first], 1)
    with django_assert_num_queries(ALL_SCHEMES_QUERIES):
        assert client.get(page()).status_code == 200
    with django_assert_num_queries(ONE_SCHEME_QUERIES):
        assert client.get(page(first)).status_code == 200

    _populate([SchemeFactory() for _ in range(5)], 8)
    _populate([first], 8)
    with django_assert_num_queries(ALL_SCHEMES_QUERIES):
        response = client.get(page())
    assert response.context["figures"][6]["table"].rows[2] == ["Active", 49, 100.0]
    with django_assert_num_queries(ONE_SCHEME_QUERIES):
        assert client.get(page(first)).status_code == 200


def test_dashboard_csv_queries_are_constant(client, coordinator, scheme, django_assert_num_queries):
    client.force_login(coordinator)
    _populate([scheme], 1)
    with django_assert_num_queries(7):
        assert client.get(csv_url("funnel", scheme)).status_code == 200
    _populate([scheme], 10)
    with django_assert_num_queries(7):
        assert client.get(csv_url("funnel", scheme)).status_code == 200


def test_dashboard_is_linked_from_the_admin_and_the_staff_nav(client, coordinator, mentor):
    link = f'<a href="{page()}">Scheme health</a>'
    client.force_login(coordinator)
    assert link in client.get(reverse("admin:index")).content.decode()
    assert 'href="/dashboard/">Scheme health</a>' in client.get(page()).content.decode()
    client.force_login(mentor)
    assert "Scheme health" not in client.get(reverse("accounts:profile")).content.decode()


def test_dashboard_links_to_reports_and_exports(client, admin_user, scheme):
    client.force_login(admin_user)
    across = client.get(reverse("insights:dashboard")).content.decode()
    one = client.get(reverse("insights:dashboard_scheme", args=[scheme.slug])).content.decode()
    assert f'href="{reverse("insights:reports_index")}"' in across
    assert f'href="{reverse("insights:scheme_reports", args=[scheme.slug])}"' in one
