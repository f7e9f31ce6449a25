"""Who may open the reports pages, the exports and the PDF; the pages themselves."""

import pytest
from django.urls import reverse

from insights import services
from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db

ALLOWED = {"admin_user": 200, "coordinator": 200}
REFUSED = {
    "other_coordinator": 404,
    "mentor": 404,
    "mentee": 404,
    "outsider": 404,
}


@pytest.fixture
def report(scheme, admin_user):
    return services.evaluation_report_create(scheme=scheme, title="Pilot review", by=admin_user)


def urls(scheme, report) -> list[str]:
    return [
        reverse("insights:scheme_reports", kwargs={"slug": scheme.slug}),
        reverse("insights:report_pdf", kwargs={"pk": report.pk}),
        *[
            reverse("insights:export", kwargs={"slug": scheme.slug, "kind": kind})
            for kind in ("applications", "relationships", "sessions", "cpd-hours")
        ],
    ]


@pytest.mark.parametrize(("who", "status"), [*ALLOWED.items(), *REFUSED.items()])
def test_reports_urls_by_role(client, request, scheme, report, mentor, mentee, who, status):
    from tests.cpd.factories import pair

    pair(scheme, mentor, mentee)  # members of the scheme are still refused
    client.force_login(request.getfixturevalue(who))
    assert [client.get(url).status_code for url in urls(scheme, report)] == [status] * 6


def test_reports_urls_send_anonymous_visitors_to_sign_in(client, scheme, report):
    for url in urls(scheme, report):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(
    ("who", "status"), [("admin_user", 200), ("coordinator", 200), ("mentor", 404)]
)
def test_reports_index_by_role(client, request, scheme, other_scheme, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("insights:reports_index"))
    assert response.status_code == status
    if status == 200:
        expected = [scheme, other_scheme] if who == "admin_user" else [scheme]
        assert sorted(response.context["schemes"], key=lambda s: s.pk) == expected


def test_reports_index_queries_are_constant(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    url = reverse("insights:reports_index")
    SchemeFactory()
    client.get(url)
    with django_assert_num_queries(3) as one:
        assert client.get(url).status_code == 200
    SchemeFactory.create_batch(10)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url).context["schemes"]) == 11


def test_scheme_reports_page_lists_reports_and_exports(client, coordinator, scheme, report):
    client.force_login(coordinator)
    response = client.get(
        reverse("insights:scheme_reports", kwargs={"slug": scheme.slug}),
        {"start": "2026-01-01", "end": "2026-06-30"},
    )
    html = response.content.decode()
    assert list(response.context["reports"]) == [report]
    assert reverse("insights:report_pdf", kwargs={"pk": report.pk}) in html
    assert reverse("admin:insights_evaluationreport_change", args=[report.pk]) in html
    export = reverse("insights:export", kwargs={"slug": scheme.slug, "kind": "cpd-hours"})
    assert f'href="{export}?start=2026-01-01&amp;end=2026-06-30"' in html


def test_scheme_reports_page_shows_a_bad_period_and_no_links(client, coordinator, scheme):
    client.force_login(coordinator)
    response = client.get(
        reverse("insights:scheme_reports", kwargs={"slug": scheme.slug}),
        {"start": "2026-06-01", "end": "2026-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["The end of the period is before its start."]
    }
    assert "cpd-hours.csv" not in response.content.decode()


def test_scheme_reports_page_queries_are_constant(
    client, admin_user, scheme, report, django_assert_num_queries
):
    client.force_login(admin_user)
    url = reverse("insights:scheme_reports", kwargs={"slug": scheme.slug})
    client.get(url)
    with django_assert_num_queries(4) as one:
        assert client.get(url).status_code == 200
    for n in range(10):
        services.evaluation_report_create(scheme=scheme, title=f"R{n}", by=admin_user)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url).context["reports"]) == 11
