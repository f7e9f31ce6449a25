"""Bad input through the insights pages (issue 7): the dashboard's cohort filter and its CSV
downloads, the scheme reports' period filter and exports, the evaluation report's admin
form; and escaping of scheme names and report text on the dashboard and in the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from insights.models import EvaluationReport
from insights.views.reports import EXPORTS

from .admin_harness import bad_post, check_admin_post, field_strategies, page_data
from .harness import (
    BAD_INPUT,
    DATES,
    changed_tables,
    form_data,
    rolled_back,
    table_counts,
    text_or,
)
from .test_escaping import ATTR, SCRIPT, P, _pdf_text

PERIOD = form_data({"start": text_or("2026-01-01", *DATES), "end": text_or("2026-12-31", *DATES)})


def _check_filter_page(response, data: dict):
    """A valid period shows the page (200); a bad one says why and keeps what was typed."""
    assert response.status_code in (200, 400)
    form = response.context["form"]
    html = response.content.decode()
    if form.is_bound and not form.is_valid():
        messages = [m for ms in form.errors.values() for m in ms]
        assert messages
        for message in messages:
            assert escape(message) in html
        for value in data.values():
            if value.strip():
                assert escape(value) in html


@BAD_INPUT
@given(data=PERIOD)
def test_dashboard_cohort_filter_bad_input(client, coordinator, scheme, data):
    client.force_login(coordinator)
    before = table_counts()
    response = client.get(reverse("insights:dashboard_scheme", kwargs={"slug": scheme.slug}), data)
    _check_filter_page(response, data)
    assert changed_tables(before, table_counts()) == {}


@BAD_INPUT
@given(data=PERIOD, table=st.sampled_from(["applications", "nonsense", "<b>"]))
def test_dashboard_csv_bad_input(client, admin_user, scheme, data, table):
    client.force_login(admin_user)
    response = client.get(f"/dashboard/{table}.csv", data)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/csv")


@BAD_INPUT
@given(data=PERIOD)
def test_scheme_reports_period_filter_bad_input(client, coordinator, scheme, data):
    client.force_login(coordinator)
    response = client.get(reverse("insights:scheme_reports", kwargs={"slug": scheme.slug}), data)
    _check_filter_page(response, data)


@pytest.mark.parametrize("kind", sorted(EXPORTS))
@BAD_INPUT
@given(data=PERIOD)
def test_funder_export_bad_period(client, coordinator, scheme, kind, data):
    client.force_login(coordinator)
    url = reverse("insights:export", kwargs={"slug": scheme.slug, "kind": kind})
    response = client.get(url, data)
    if response.status_code == 400:
        assert response.content.decode().startswith("Bad period: ")
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("who", ["admin", "coordinator"])
@BAD_INPUT
@given(data=st.data())
def test_evaluation_report_admin_add_bad_input(client, admin_user, coordinator, scheme, who, data):
    client.force_login(admin_user if who == "admin" else coordinator)
    url = reverse("admin:insights_evaluationreport_add")
    page = client.get(url)
    assert page.status_code == 200
    strategies, kept = field_strategies(page)
    with rolled_back():
        post = bad_post(data, page_data(page), strategies)
        check_admin_post(client, url, post, creates="insights_evaluationreport", kept=kept)


@BAD_INPUT
@given(data=st.data())
def test_evaluation_report_admin_change_with_quotes_bad_input(client, admin_user, scheme, data):
    client.force_login(admin_user)
    report = EvaluationReport.objects.create(scheme=scheme, title="Year one")
    url = reverse("admin:insights_evaluationreport_change", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    strategies, kept = field_strategies(page)
    strategies = {
        **strategies,
        **{
            name: text_or("1:1", "1", "a:b", "999999999999999999999:1", "")
            for name in strategies
            if name.endswith("-answer")
        },
    }

    def state():
        return (
            list(EvaluationReport.objects.filter(pk=report.pk).values()),
            list(report.quotes.values()),
        )

    with rolled_back():
        post = bad_post(data, page_data(page), strategies)
        check_admin_post(client, url, post, creates=None, kept=kept, state=state)


def test_dashboard_and_report_escape_text(client, admin_user, scheme):
    scheme.name = P
    scheme.save()
    report = EvaluationReport.objects.create(scheme=scheme, title=SCRIPT, outcomes=ATTR)
    client.force_login(admin_user)
    for url in (
        reverse("insights:dashboard"),
        reverse("insights:scheme_reports", kwargs={"slug": scheme.slug}),
        reverse("insights:reports_index"),
        reverse("admin:insights_evaluationreport_change", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert ATTR not in html, url
        assert escape(SCRIPT) in html, url
    response = client.get(reverse("insights:report_pdf", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert SCRIPT in text
    assert "".join(ATTR.split()) in text
