"""The admin's self-rating averages follow the dashboard's disclosure rule: the same fixed
blocks of at least five members who rated both phases, or nothing ("2.0, 1 member" was one
member's score)."""

from datetime import date

import pytest
from django.urls import reverse

from insights.metrics import scheme_health_table
from schemes.models import Scheme
from sessions_log.admin import NOT_SHOWN
from sessions_log.models import EvaluationDimension
from tests.insights.factories import dashboard_relationship, dashboard_self_ratings


def _rows(client, user) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("admin:sessions_log_evaluationdimension_changelist"))
    assert response.status_code == 200
    cl = response.context["cl"]
    display = cl.model_admin.get_list_display(response.wsgi_request)
    return [[str(c(obj)) for c in display if callable(c)] for obj in cl.result_list]


@pytest.fixture
def confidence(scheme):
    return EvaluationDimension.objects.create(scheme=scheme, name="Confidence")


def test_one_rater_is_not_shown(client, coordinator, scheme, confidence):
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    dashboard_self_ratings(relationship, confidence, [(2, 4)])

    rows = _rows(client, coordinator)

    assert rows == [[NOT_SHOWN, NOT_SHOWN, NOT_SHOWN]]
    page = client.get(reverse("admin:sessions_log_evaluationdimension_changelist"))
    assert "2.0" not in page.content.decode()


def test_the_admin_shows_what_the_dashboard_shows(client, coordinator, scheme, confidence):
    """Baseline-only raters were averaged in the admin but not on the dashboard: the two
    figures' difference was the extra member's baseline."""
    january = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    dashboard_self_ratings(january, confidence, [(1, 3), (2, 4), (2, 3), (3, 5), (2, 5)])
    dashboard_self_ratings(january, confidence, [(5, None)])  # rated once
    march = dashboard_relationship(scheme, started_on=date(2026, 3, 5))
    dashboard_self_ratings(march, confidence, [(1, 1)])  # a trailing remainder

    dashboard = scheme_health_table(
        slug="self-ratings", schemes=Scheme.objects.filter(pk=scheme.pk)
    ).rows

    assert dashboard == [["Confidence", 6, 1.83, 3.5]]
    assert _rows(client, coordinator) == [["1.83", "3.5", "6"]]


def test_another_schemes_coordinator_sees_no_figure(client, other_coordinator, scheme, confidence):
    relationship = dashboard_relationship(scheme, started_on=date(2026, 1, 5))
    dashboard_self_ratings(relationship, confidence, [(2, 4)] * 5)

    assert _rows(client, other_coordinator) == []
